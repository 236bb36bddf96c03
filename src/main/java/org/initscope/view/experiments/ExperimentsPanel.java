package org.initscope.view.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import org.initscope.config.ConfigException;
import org.initscope.config.SweepReader;
import org.initscope.config.SweepWriter;
import org.initscope.controller.ExperimentSession;
import org.initscope.controller.NetworkSession;
import org.initscope.controller.TrainingSession;
import org.initscope.engine.sweep.Measure;
import org.initscope.engine.sweep.Reproductions;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.export.AtomicFiles;
import org.initscope.export.SweepCsv;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.NetworkEdits;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.initscope.view.Dialogs;
import org.initscope.view.UiText;

/**
 * The Experiments mode: a sweep over one or two parameters of the current network (σ_w², σ_b², scale, depth, width,
 * learning rate, or the initializer and the activation, ticked in a list), repeated over seeds, measured at initialization and optionally after training with the Train
 * tab's settings; drawn as a heat map or curves with the theory over it ({@link SweepChart}) as the cells arrive,
 * with a progress bar, Cancel, and the sweep saved as a file or every cell exported as CSV or JSON.
 */
public final class ExperimentsPanel extends BorderPane {
    /** The axis choice that means "one axis only". */
    static final String NONE = "none";

    private final ExperimentSession session;
    private final NetworkSession network;
    private final TrainingSession training;
    private final Dialogs dialogs;
    private final Supplier<Window> owner;
    private final AxisRow xRow;
    private final AxisRow yRow;
    private final Spinner<Integer> repeats = new Spinner<>(1, SweepSpec.MAX_REPEATS, 2);
    private final CheckBox jacobian = new CheckBox("Jacobian spectrum");
    private final CheckBox train = new CheckBox("train");
    private final TextField steps = new TextField("200");
    private final ComboBox<Measure> measure = new ComboBox<>();
    private final Button run = new Button("Run");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label();
    private final Label report = new Label();
    private final SweepChart chart = new SweepChart();
    /** A sweep read from a file: run as it is (its network, not the current one) until an axis is edited. */
    private SweepSpec opened;

    /**
     * One axis: what it varies and its values — from, to, steps (evenly, or evenly on a log axis) for a number, the
     * initializers or activations ticked in a list for the categorical ones.
     */
    final class AxisRow extends HBox {
        final ComboBox<String> param = new ComboBox<>();
        final TextField from = new TextField();
        final TextField to = new TextField();
        final TextField count = new TextField();
        final CheckBox log = new CheckBox("log");
        /** The initializers or activations of a categorical axis, by their label; the value each label stands for. */
        final CheckComboBox<String> choices = new CheckComboBox<>();
        private final Map<String, Object> choiceValues = new LinkedHashMap<>();
        private final HBox range;

        AxisRow(String id, String title, boolean optional, String p, String lo, String hi, String n) {
            super(6);
            setAlignment(Pos.CENTER_LEFT);
            if (optional) {
                param.getItems().add(NONE);
            }
            for (SweepAxis.Param q : SweepAxis.Param.values()) {
                param.getItems().add(q.key());
            }
            param.setConverter(UiText.shownAs(k -> k.equals(NONE) ? "none"
                    : SweepAxis.Param.byKey(k).orElseThrow().label()));
            param.setValue(p);
            from.setText(lo);
            to.setText(hi);
            count.setText(n);
            for (TextField f : List.of(from, to, count)) {
                f.setPrefColumnCount(4);
                f.textProperty().addListener((o, a, b) -> opened = null);
            }
            range = new HBox(6, new Label("from"), from, new Label("to"), to, new Label("steps"), count, log);
            range.setAlignment(Pos.CENTER_LEFT);
            range.managedProperty().bind(range.visibleProperty());
            choices.managedProperty().bind(choices.visibleProperty());
            choices.setTitle("values");
            choices.setShowCheckedCount(true);
            choices.getCheckModel().getCheckedItems().addListener(
                    (ListChangeListener<String>) c -> opened = null);
            param.valueProperty().addListener((o, a, b) -> {
                opened = null;
                show(b, null);
            });
            log.selectedProperty().addListener((o, a, b) -> opened = null);
            param.setId(id + "Param");
            from.setId(id + "From");
            to.setId(id + "To");
            count.setId(id + "Steps");
            log.setId(id + "Log");
            choices.setId(id + "Choices");
            var label = new Label(title);
            label.setMinWidth(Region.USE_PREF_SIZE);
            getChildren().addAll(label, param, range, choices);
            show(p, null);
        }

        /**
         * Show the controls of parameter {@code key}: the range for a number, the list for a categorical one (its
         * usual choices ticked, or {@code values} — an opened sweep's — with any not in the list added).
         */
        void show(String key, List<Object> values) {
            boolean none = NONE.equals(key);
            SweepAxis.Param p = none ? null : SweepAxis.Param.byKey(key).orElseThrow();
            boolean categorical = p != null && !p.numeric();
            range.setVisible(!categorical);
            range.setDisable(none);
            choices.setVisible(categorical);
            if (!categorical) {
                return;
            }
            choiceValues.clear();
            List<Object> all = p == SweepAxis.Param.INIT ? Scheme.weightSchemes().stream()
                    .map(s -> (Object) NetworkEdits.choiceInit(s)).toList() : Arrays.stream(Activation.values())
                    .map(a -> (Object) ActivationSpec.of(a)).toList();
            for (Object v : all) {
                choiceValues.put(valueLabel(v), v);
            }
            if (values != null) {
                for (Object v : values) {
                    choiceValues.putIfAbsent(valueLabel(v), v);
                }
            }
            choices.getCheckModel().clearChecks();
            choices.getItems().setAll(choiceValues.keySet());
            List<Object> ticked = values != null ? values : p == SweepAxis.Param.INIT ? DEFAULT_INITS.stream()
                    .map(s -> (Object) NetworkEdits.choiceInit(s)).toList() : DEFAULT_ACTIVATIONS.stream()
                    .map(a -> (Object) ActivationSpec.of(a)).toList();
            for (Object v : ticked) {
                choices.getCheckModel().check(valueLabel(v));
            }
        }

        /** The axis, or null for none. */
        SweepAxis axis() {
            if (NONE.equals(param.getValue())) {
                return null;
            }
            SweepAxis.Param p = SweepAxis.Param.byKey(param.getValue()).orElseThrow();
            if (!p.numeric()) {
                var values = new ArrayList<Object>();
                // in the list's order, whatever the order of the ticks
                for (String label : choices.getItems()) {
                    if (choices.getCheckModel().isChecked(label)) {
                        values.add(choiceValues.get(label));
                    }
                }
                if (values.isEmpty()) {
                    throw new SpecException(p.key(), "tick at least one " + p.label() + " for the " + p.label()
                            + " axis");
                }
                return new SweepAxis(p, values);
            }
            return SweepAxis.range(p, number(from, p.label() + " from"), number(to, p.label() + " to"),
                    (int) number(count, p.label() + " steps"), log.isSelected());
        }
    }

    /** What a categorical axis starts with ticked: the classic initializers, and four activations. */
    static final List<Scheme> DEFAULT_INITS = List.of(Scheme.TORCH_DEFAULT, Scheme.XAVIER_NORMAL,
            Scheme.KAIMING_NORMAL, Scheme.ORTHOGONAL);
    static final List<Activation> DEFAULT_ACTIVATIONS = List.of(Activation.TANH, Activation.RELU, Activation.GELU,
            Activation.SELU);

    private static String valueLabel(Object v) {
        return v instanceof InitSpec s ? s.label() : ((ActivationSpec) v).label();
    }

    public ExperimentsPanel(ExperimentSession session, NetworkSession network, TrainingSession training,
            Dialogs dialogs, Supplier<Window> owner) {
        this.session = session;
        this.network = network;
        this.training = training;
        this.dialogs = dialogs;
        this.owner = owner;
        setId("experimentsPanel");
        xRow = new AxisRow("xAxis", "x axis", false, SweepAxis.Param.SIGMA_W2.key(), "0.5", "4", "16");
        yRow = new AxisRow("yAxis", "y axis", true, SweepAxis.Param.SIGMA_B2.key(), "0", "1", "8");
        repeats.setId("sweepRepeats");
        repeats.setEditable(true);
        repeats.setPrefWidth(72);
        jacobian.setId("sweepJacobian");
        train.setId("sweepTrain");
        steps.setId("sweepSteps");
        steps.setPrefColumnCount(5);
        steps.disableProperty().bind(train.selectedProperty().not());
        measure.setId("sweepMeasure");
        measure.setConverter(new StringConverter<>() {
            @Override
            public String toString(Measure m) {
                return m == null ? "" : SweepChart.label(m);
            }

            @Override
            public Measure fromString(String text) {
                return null;
            }
        });
        measure.valueProperty().addListener((o, a, b) -> chart.show(session.result(), b));
        run.setId("sweepRun");
        run.setDefaultButton(false);
        cancel.setId("sweepCancel");
        progress.setId("sweepProgress");
        progress.setPrefWidth(180);
        status.setId("sweepStatus");
        status.setWrapText(true);
        run.setOnAction(e -> start());
        cancel.setOnAction(e -> session.cancel());
        run.disableProperty().bind(session.runningProperty());
        cancel.disableProperty().bind(session.runningProperty().not());
        progress.progressProperty().bind(session.progressProperty());
        status.textProperty().bind(session.statusProperty());
        session.specProperty().addListener((o, a, sp) -> {
            if (sp != null) {
                offerMeasures(sp);
            }
        });
        session.resultProperty().addListener((o, a, r) -> {
            if (r != null && (a == null || a.spec() != r.spec())) {
                offerMeasures(r.spec());
            }
            chart.show(r, measure.getValue());
        });
        var open = new Button("Open…");
        open.setId("sweepOpen");
        open.setOnAction(e -> open());
        var save = new Button("Save…");
        save.setId("sweepSave");
        save.setOnAction(e -> save());
        var csv = new Button("Export CSV…");
        csv.setId("sweepCsv");
        csv.setOnAction(e -> export("csv"));
        var json = new Button("Export JSON…");
        json.setId("sweepJson");
        json.setOnAction(e -> export("json"));
        csv.disableProperty().bind(session.resultProperty().isNull());
        json.disableProperty().bind(session.resultProperty().isNull());

        var options = new FlowPane(10, 6, group("repeats (seeds)", repeats), jacobian, new HBox(6, train, steps,
                new Label("steps with the Train tab's settings")));
        var actions = new FlowPane(8, 6, run, cancel, progress, group("show", measure), open, save, csv, json);
        report.setId("reproduceReport");
        report.setWrapText(true);
        report.getStyleClass().add("monospace");
        report.textProperty().bind(session.reportProperty());
        report.visibleProperty().bind(session.reportProperty().isNotEmpty());
        report.managedProperty().bind(report.visibleProperty());
        var bars = new VBox(6, new FlowPane(12, 6, xRow, yRow), options, actions, status, report);
        bars.setPadding(new Insets(8));
        setTop(bars);
        chart.setMinSize(200, 160);
        setCenter(chart);
        BorderPane.setMargin(chart, new Insets(0, 8, 8, 8));
    }

    private static HBox group(String label, Node control) {
        var l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        var box = new HBox(6, l, control);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static double number(TextField f, String what) {
        try {
            return Double.parseDouble(f.getText().trim());
        } catch (NumberFormatException e) {
            throw new SpecException(what, what + " must be a number, got \"" + f.getText().trim() + "\"");
        }
    }

    /** The sweep the controls describe, from the current network (or the sweep opened, unchanged). */
    SweepSpec build() {
        if (opened != null) {
            return opened;
        }
        var axes = new ArrayList<SweepAxis>();
        axes.add(xRow.axis());
        SweepAxis y = yRow.axis();
        if (y != null) {
            axes.add(y);
        }
        SweepSpec.Training t = null;
        if (train.isSelected()) {
            int n = (int) number(steps, "steps");
            t = new SweepSpec.Training(training.settings(), n);
        }
        return new SweepSpec("", network.spec(), axes, repeats.getValue(), jacobian.isSelected(), t);
    }

    /** Run the sweep the controls describe; a problem with them is shown in the status line. */
    public Optional<String> start() {
        SweepSpec s;
        try {
            s = build();
        } catch (SpecException e) {
            String why = e.getMessage();
            session.refuse(why);
            return Optional.of(why);
        }
        session.specProperty().set(s);
        offerMeasures(s);
        return session.start();
    }

    private void offerMeasures(SweepSpec s) {
        Measure keep = measure.getValue();
        List<Measure> all = s.measures().stream().filter(m -> m.kind() != Measure.Kind.COORDINATE).toList();
        if (!all.equals(measure.getItems())) {
            measure.getItems().setAll(all);
        }
        if (keep != null && all.contains(keep)) {
            measure.setValue(keep);
        } else {
            measure.setValue(Measure.of(s.training() != null ? Measure.Kind.TEST_ACCURACY : Measure.Kind.CHI1));
        }
    }

    private void open() {
        dialogs.chooseOpen(owner.get()).ifPresent(file -> {
            try {
                SweepSpec s = SweepReader.read(file);
                showAxes(s);
                opened = s;
                offerMeasures(s);
                session.specProperty().set(s);
            } catch (ConfigException e) {
                network.report(e.getMessage());
            }
        });
    }

    /** The controls show an opened sweep's numeric axes. */
    private void showAxes(SweepSpec s) {
        fill(xRow, s.axis(0));
        if (s.axes().size() > 1) {
            fill(yRow, s.axis(1));
        } else {
            yRow.param.setValue(NONE);
        }
        repeats.getValueFactory().setValue(s.repeats());
        jacobian.setSelected(s.jacobian());
        train.setSelected(s.training() != null);
        if (s.training() != null) {
            steps.setText(Integer.toString(s.training().steps()));
        }
    }

    private static void fill(AxisRow row, SweepAxis a) {
        row.param.setValue(a.param().key());
        if (!a.param().numeric()) {
            row.show(a.param().key(), a.values());
            return;
        }
        row.from.setText(a.label(0));
        row.to.setText(a.label(a.size() - 1));
        row.count.setText(Integer.toString(a.size()));
        row.log.setSelected(SweepChart.logSpaced(a));
    }

    private void save() {
        SweepSpec s;
        try {
            s = build();
        } catch (SpecException e) {
            network.report(e.getMessage());
            return;
        }
        dialogs.chooseExport(owner.get(), "sweep.json", "json").ifPresent(file -> {
            try {
                SweepWriter.write(s, file);
            } catch (IOException e) {
                network.report("The sweep was not saved: " + e.getMessage());
            }
        });
    }

    private void export(String kind) {
        var r = session.result();
        if (r == null) {
            return;
        }
        dialogs.chooseExport(owner.get(), "sweep-cells." + kind, kind).ifPresent(file -> {
            try {
                write(file, kind.equals("csv") ? SweepCsv.write(r) : SweepWriter.resultJson(r));
            } catch (IOException e) {
                network.report("The cells were not exported: " + e.getMessage());
            }
        });
    }

    private static void write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Run a sweep read from a file (app --sweep): the controls show its axes, its own network runs. */
    public Optional<String> run(SweepSpec s) {
        showAxes(s);
        opened = s;
        return start();
    }

    /** Help ▸ Reproduce: run a paper's experiment here, its sweeps drawn as they arrive, then its checks. */
    public void reproduce(Reproductions.Reproduction r) {
        opened = null;
        session.reproduce(r);
    }

    public ExperimentSession session() {
        return session;
    }

    public SweepChart chart() {
        return chart;
    }
}
