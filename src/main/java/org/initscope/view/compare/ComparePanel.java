package org.initscope.view.compare;

import java.util.Set;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import org.initscope.i18n.I18n;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.initscope.config.Presets;
import org.initscope.controller.ComparisonSession;
import org.initscope.controller.LockstepTraining;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.Counterpart;
import org.initscope.model.Fmt;
import org.initscope.model.Printable;
import org.initscope.model.ResolvedLayer;
import org.initscope.view.DepthChart;
import org.initscope.view.HistogramGrid;
import org.initscope.view.Palette;
import org.initscope.view.TabStrip;
import org.initscope.view.UiText;
import org.initscope.view.train.LineChartPane;
import org.initscope.view.train.OutputChart;
import org.initscope.view.train.ThroughTimeMapChart;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Compare mode: network A (the one being edited) and network B (A with another initializer, or a preset) side by
 * side, with the same seed and input, their depth charts on one shared y axis and their histograms in the same
 * grid; and both trained in lockstep on the same data, their losses in one chart.
 */
public final class ComparePanel extends BorderPane {
    /** B's colour in the shared charts (A keeps the forward blue). */
    public static final Color B_COLOUR = Color.web("#2f9e44");

    private final ComparisonSession comparison;
    private final ComboBox<Counterpart> choice = new ComboBox<>();
    private final Side sideA;
    private final Side sideB;
    private final TabPane tabs = TabStrip.tabPane();
    private final LineChartPane loss = new LineChartPane();
    private final OutputChart outputA = new OutputChart();
    private final OutputChart outputB = new OutputChart();
    private final DepthChart gradA = new DepthChart();
    private final DepthChart gradB = new DepthChart();
    private final ThroughTimePair throughTime = new ThroughTimePair();
    private final Button play = new Button("Play", new FontIcon("mdmz-play_arrow"));
    private final Label stepLabel = new Label();
    private final Label verdict = new Label();

    /** One column of the initialization view. */
    private static final class Side {
        final Label title = new Label();
        final Label detail = new Label();
        final Label diagnosis = new Label();
        final DepthChart depth = new DepthChart();
        final HistogramGrid grid = new HistogramGrid();
    }

    public ComparePanel(ComparisonSession comparison) {
        this.comparison = comparison;
        setId("comparePanel");
        getStyleClass().add("compare-panel");
        sideA = side(comparison.a(), "A");
        sideB = side(comparison.b(), "B");
        DepthChart.align(sideA.depth, sideB.depth);
        DepthChart.align(gradA, gradB);

        // what B is
        choice.setId("compareChoice");
        var items = new ArrayList<>(Counterpart.common());
        for (Presets.Preset p : Presets.all()) {
            items.add(new Counterpart.Fixed("Preset: " + p.title(), p.load()));
        }
        choice.getItems().setAll(items);
        choice.setCellFactory(l -> cell());
        choice.setButtonCell(cell());
        // a choice a lesson makes (not in the list) reads by its label too, never as a record's toString
        choice.setConverter(UiText.shownAs(Counterpart::label));
        choice.setVisibleRowCount(14);
        choice.setTooltip(new Tooltip("network B: network A with another initializer on every layer (same widths, "
                + "activations, biases, seed and input), or a preset drawn with A's seed"));
        choice.valueProperty().bindBidirectional(comparison.counterpartProperty());
        var bLabel = new Label("B =");
        bLabel.getStyleClass().add("compare-b-label");
        var aLabel = new Label("A = your network");
        aLabel.setMinWidth(Region.USE_PREF_SIZE);
        bLabel.setMinWidth(Region.USE_PREF_SIZE);
        aLabel.getStyleClass().add("compare-a-label");
        var note = new Label("same seed, same input; B follows every edit of A");
        note.getStyleClass().add("field-label");
        note.setMinWidth(Region.USE_PREF_SIZE);
        // the choice of B takes the room there is (it never widens the window); the note goes under it
        choice.setMinWidth(120);
        choice.setPrefWidth(420);
        choice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(choice, Priority.ALWAYS);
        var line = new HBox(10, aLabel, new Label("·"), bLabel, choice);
        line.setAlignment(Pos.CENTER_LEFT);
        note.setWrapText(true);
        note.setMinWidth(0);
        var bar = new VBox(4, line, note);
        bar.setPadding(new Insets(8, 12, 6, 12));

        var init = new Tab("At initialization", scrolling(initView()));
        init.setId("compareInitTab");
        var train = new Tab("Training in lockstep", scrolling(trainView()));
        train.setId("compareTrainTab");
        tabs.setId("compareTabs");
        tabs.getTabs().addAll(init, train);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        train.selectedProperty().addListener((o, a, b) -> comparison.setTrainingShown(b && isShown()));
        setTop(bar);
        setCenter(TabStrip.around(tabs));

        comparison.a().resultProperty().addListener((o, a, b) -> describe());
        comparison.b().resultProperty().addListener((o, a, b) -> describe());
        comparison.problemProperty().addListener((o, a, b) -> describe());
        comparison.training().stateProperty().addListener((o, a, b) -> showTraining());
        // two recurrent networks: their through-time maps take the place of the output charts (a sequence has none)
        comparison.a().specProperty().addListener((o, a, b) -> relayout());
        comparison.b().specProperty().addListener((o, a, b) -> relayout());
        describe();
        relayout();
    }

    /** The panel is on screen (its mode tab is selected). */
    private boolean shown;

    public void setShown(boolean on) {
        shown = on;
        comparison.setActive(on);
        comparison.setTrainingShown(on && tabs.getSelectionModel().getSelectedIndex() == 1);
    }

    private boolean isShown() {
        return shown;
    }

    private static ListCell<Counterpart> cell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Counterpart c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.label());
            }
        };
    }

    private Side side(NetworkSession s, String name) {
        var side = new Side();
        side.title.getStyleClass().add("compare-side-title");
        side.title.setId("compareTitle" + name);
        side.detail.setId("compareDetail" + name);
        side.detail.getStyleClass().add("field-label");
        // the layer's initializer and std wrap in a half-width column instead of ending in "…"
        for (Label l : List.of(side.title, side.detail)) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        side.diagnosis.setId("compareDiagnosis" + name);
        side.diagnosis.setWrapText(true);
        side.diagnosis.setMinHeight(Region.USE_PREF_SIZE);
        side.depth.setId("compareDepth" + name);
        side.depth.resultProperty().bind(s.resultProperty());
        side.grid.setId("compareGrid" + name);
        side.grid.resultProperty().bind(s.resultProperty());
        side.grid.quantityProperty().bind(s.quantityProperty());
        return side;
    }

    private Node initView() {
        var grid = new GridPane();
        grid.setId("compareInit");
        grid.setHgap(10);
        grid.setVgap(4);
        grid.setPadding(new Insets(6, 8, 8, 8));
        for (int c = 0; c < 2; c++) {
            var cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            cc.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(cc);
        }
        int col = 0;
        for (Side s : List.of(sideA, sideB)) {
            var head = new VBox(2, s.title, s.detail, s.diagnosis);
            grid.add(head, col, 0);
            grid.add(s.depth, col, 1);
            grid.add(s.grid, col, 2);
            col++;
        }
        var r0 = new RowConstraints();
        r0.setMinHeight(Region.USE_PREF_SIZE);
        // the charts' own minimum sizes hold: a short window scrolls
        var r1 = new RowConstraints();
        r1.setPrefHeight(300);
        r1.setVgrow(Priority.ALWAYS);
        var r2 = new RowConstraints();
        r2.setPrefHeight(300);
        r2.setVgrow(Priority.ALWAYS);
        grid.getRowConstraints().addAll(r0, r1, r2);
        return grid;
    }

    private Node trainView() {
        play.setId("comparePlay");
        play.setOnAction(e -> {
            var s = comparison.training().state();
            if (s != null && s.running()) {
                comparison.training().pause();
            } else {
                comparison.training().play();
            }
        });
        var step = new Button("Step", new FontIcon("mdmz-skip_next"));
        step.setId("compareStep");
        step.setOnAction(e -> comparison.training().step());
        var epoch = new Button("Epoch", new FontIcon("mdal-fast_forward"));
        epoch.setId("compareEpoch");
        epoch.setOnAction(e -> comparison.training().epoch());
        var reset = new Button("Reset", new FontIcon("mdmz-replay"));
        reset.setId("compareReset");
        reset.setOnAction(e -> comparison.resetTraining());
        stepLabel.setId("compareStepLabel");
        var note = new Label("data, optimizer, learning rate and batch as set in Train mode");
        note.getStyleClass().add("field-label");
        var problem = new Label();
        problem.getStyleClass().add("refused");
        problem.textProperty().bind(comparison.training().problemProperty());
        problem.visibleProperty().bind(comparison.training().problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        for (Region r : List.of(play, step, epoch, reset, stepLabel)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        note.setMinWidth(Region.USE_PREF_SIZE);
        var buttons = new HBox(8, play, step, epoch, reset);
        buttons.setAlignment(Pos.CENTER_LEFT);
        var controls = new FlowPane(12, 4, buttons, stepLabel, note);
        controls.setAlignment(Pos.CENTER_LEFT);
        verdict.setId("compareVerdict");
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        verdict.getStyleClass().add("diagnosis-line");

        loss.setId("compareLoss");
        loss.setTitle("Loss: A (blue) and B (green) · solid train, dashed test");
        loss.setYLabel("loss (log)");
        loss.setLogY(true);
        outputA.setId("compareOutputA");
        outputB.setId("compareOutputB");
        gradA.setId("compareGradA");
        gradB.setId("compareGradB");
        for (DepthChart d : List.of(gradA, gradB)) {
            d.forwardProperty().set(Quantity.ACTIVATIONS);
            d.backwardProperty().set(Quantity.ACTIVATION_GRADIENTS);
        }
        var grid = new GridPane();
        grid.setId("compareTraining");
        grid.setHgap(10);
        grid.setVgap(6);
        for (int c = 0; c < 2; c++) {
            var cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            grid.getColumnConstraints().add(cc);
        }
        trainGrid = grid;
        layoutTraining();
        var box = new VBox(6, controls, problem, verdict, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private GridPane trainGrid;

    /** What the training view shows: everything (at a desk), or what a presented lesson step points at. */
    private enum Focus {
        ALL, LOSS, TIME, LOSS_AND_TIME
    }

    private Focus focus = Focus.ALL;
    /** Both networks have a recurrent layer: the through-time maps replace the output charts. */
    private boolean recurrent;
    /** What the grid was laid out for. */
    private Object laidOut;

    /**
     * The loss across the top; below it the two outputs (or, for two recurrent networks, their through-time maps)
     * and the two gradient charts. Presenting, what the lesson step points at.
     */
    private void layoutTraining() {
        var now = List.of(focus, recurrent);
        if (now.equals(laidOut)) {
            return;
        }
        laidOut = now;
        var grid = trainGrid;
        grid.getChildren().clear();
        grid.getRowConstraints().clear();
        Focus f = focus == Focus.TIME && !recurrent ? Focus.ALL : focus;
        var rows = new ArrayList<Double>();
        if (f != Focus.TIME) {
            grid.add(loss, 0, 0, 2, 1);
            rows.add(f == Focus.LOSS ? 400.0 : 240.0);
        }
        if (f != Focus.LOSS) {
            if (recurrent) {
                grid.add(throughTime, 0, rows.size(), 2, 1);
                rows.add(f == Focus.ALL ? 300.0 : 420.0);
            } else {
                grid.add(outputA, 0, 1);
                grid.add(outputB, 1, 1);
                rows.add(280.0);
            }
            if (f == Focus.ALL || !recurrent) {
                grid.add(gradA, 0, 2);
                grid.add(gradB, 1, 2);
                rows.add(270.0);
            }
        }
        for (double pref : rows) {
            // no percentages: a row keeps its charts' minimum height (the view then scrolls)
            var rc = new RowConstraints();
            rc.setPrefHeight(pref);
            rc.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(rc);
        }
    }

    private void relayout() {
        recurrent = comparison.a().spec().hasRecurrent() && comparison.b().spec().hasRecurrent();
        layoutTraining();
        if (recurrent) {
            throughTime.show(comparison.training().state());
        }
    }

    /**
     * Presentation mode: what a lesson step points at — the loss curves, the through-time maps, or both — gets the
     * whole training view; otherwise everything is shown as at a desk.
     */
    public void present(boolean on, Set<String> looks) {
        boolean all = !on || looks.contains("compareTraining");
        boolean time = looks.contains("compareThroughTime");
        boolean lossToo = looks.contains("compareLoss");
        focus = all ? Focus.ALL : time ? (lossToo ? Focus.LOSS_AND_TIME : Focus.TIME) : lossToo ? Focus.LOSS
                : Focus.ALL;
        layoutTraining();
    }

    /** A view in a scroll pane that scrolls only when the window is too small for the charts' minimum sizes. */
    private static ScrollPane scrolling(Node content) {
        var sp = new ScrollPane(content);
        sp.setFitToWidth(true);
        sp.setFitToHeight(true);
        sp.getStyleClass().add("chart-scroll");
        return sp;
    }

    /** The headers: what each side is, with the numbers of its first layer and the engine's diagnosis. */
    private void describe() {
        describe(sideA, "A", comparison.a());
        describe(sideB, "B", comparison.b());
        String problem = comparison.problemProperty().get();
        if (!problem.isEmpty()) {
            // B could not follow A: say why where B's numbers would be (what B shows is the last B that could)
            sideB.diagnosis.setText(problem);
        }
    }

    private static void describe(Side side, String name, NetworkSession s) {
        PropagationResult r = s.result();
        side.title.setText(name + " · " + (s.spec().name().isBlank() ? I18n.t("untitled")
                : Printable.of(I18n.t(s.spec().name()))));
        if (r == null) {
            side.detail.setText(I18n.t("computing…"));
            side.diagnosis.setText("");
            return;
        }
        ResolvedLayer first = r.network().layers().stream().filter(ResolvedLayer::hasParameters).findFirst()
                .orElse(null);
        if (first == null) {
            side.detail.setText(I18n.t("no weights"));
            return;
        }
        double sw2 = first.fans().fanIn() * first.weight().secondMoment();
        side.detail.setText(I18n.f("layer %d: %s · std %s · σ_w² = %s", first.index(),
                first.init().label(), Fmt.sig(Math.sqrt(first.weight().variance()), 3), Fmt.sig(sw2, 3)));
        side.detail.setTooltip(new Tooltip(I18n.f("%s on %s; σ_w² = fan_in·E[W²], the weight variance the mean-field "
                + "theory uses", first.init().label(), first.activation().label())));
        var lines = s.diagnosis();
        side.diagnosis.setText(lines.isEmpty() ? "" : lines.get(0));
    }

    private void showTraining() {
        LockstepTraining.State s = comparison.training().state();
        boolean running = s != null && s.running();
        play.setText(running ? "Pause" : "Play");
        ((FontIcon) play.getGraphic()).setIconLiteral(running ? "mdmz-pause" : "mdmz-play_arrow");
        if (s == null) {
            return;
        }
        stepLabel.setText(I18n.f("step %,d · epoch %d%s", s.step(), s.epoch(),
                running ? I18n.f(" · %.0f steps/s per network", s.stepsPerSecond()) : ""));
        var lines = new ArrayList<LineChartPane.Line>();
        lines.addAll(lossLines(s.a(), "A", Palette.FORWARD));
        lines.addAll(lossLines(s.b(), "B", B_COLOUR));
        loss.setData(lines, List.of(), s.step());
        outputA.show(s.a().live(), s.a().data(), I18n.f("%s · step %,d", "A", s.a().live().step()));
        outputB.show(s.b().live(), s.b().data(), I18n.f("%s · step %,d", "B", s.b().live().step()));
        gradA.recordProperty().set(s.a().newest());
        gradB.recordProperty().set(s.b().newest());
        if (recurrent) {
            throughTime.show(s);
        }
        verdict.setText(verdict(s));
    }

    private static List<LineChartPane.Line> lossLines(LockstepTraining.Run run, String name, Color c) {
        double[] x = run.records().stream().mapToDouble(TrainingRecord::step).toArray();
        return List.of(
                new LineChartPane.Line(I18n.f("%s train", name), c, x,
                        run.records().stream().mapToDouble(TrainingRecord::trainLoss).toArray(), false),
                new LineChartPane.Line(I18n.f("%s test", name), c, x,
                        run.records().stream().mapToDouble(TrainingRecord::testLoss).toArray(), true));
    }

    /** Which side is ahead, in numbers. */
    static String verdict(LockstepTraining.State s) {
        TrainingRecord a = s.a().newest();
        TrainingRecord b = s.b().newest();
        if (a == null || b == null) {
            return "";
        }
        boolean classification = !Double.isNaN(a.testAccuracy());
        String metrics = classification
                ? I18n.f("A: test loss %s, test accuracy %.1f %% · B: test loss %s, test accuracy %.1f %%",
                        Fmt.f4(a.testLoss()), 100 * a.testAccuracy(), Fmt.f4(b.testLoss()), 100 * b.testAccuracy())
                : I18n.f("A: test loss %s · B: test loss %s", Fmt.f4(a.testLoss()), Fmt.f4(b.testLoss()));
        if (a.step() == 0) {
            return I18n.f("At step 0 — %s", metrics);
        }
        String lead;
        if (!Double.isFinite(a.testLoss()) || !Double.isFinite(b.testLoss())) {
            lead = I18n.t(!Double.isFinite(a.testLoss()) && !Double.isFinite(b.testLoss()) ? "Both diverged"
                    : !Double.isFinite(a.testLoss()) ? "A diverged" : "B diverged");
        } else {
            double ratio = a.testLoss() / b.testLoss();
            lead = Math.abs(Math.log(ratio)) < Math.log(1.05) ? I18n.t("A and B are level")
                    : ratio > 1 ? I18n.f("B is ahead: its test loss is %s× lower", Fmt.sig(ratio, 3))
                    : I18n.f("A is ahead: its test loss is %s× lower", Fmt.sig(1 / ratio, 3));
        }
        if (classification && Double.isFinite(a.testLoss()) && Double.isFinite(b.testLoss())
                && Math.abs(a.testAccuracy() - b.testAccuracy()) >= 0.005
                && (a.testLoss() < b.testLoss()) != (a.testAccuracy() > b.testAccuracy())) {
            // a lower loss with a lower accuracy: say so rather than crown one side
            lead += I18n.f(", but %s's test accuracy is higher", a.testAccuracy() > b.testAccuracy() ? "A" : "B");
        }
        return I18n.f("After %,d steps each: %s. %s", a.step(), lead, metrics);
    }

    public ComboBox<Counterpart> choice() {
        return choice;
    }

    public TabPane tabs() {
        return tabs;
    }

    public DepthChart depthChartA() {
        return sideA.depth;
    }

    public DepthChart depthChartB() {
        return sideB.depth;
    }

    public HistogramGrid gridB() {
        return sideB.grid;
    }

    /** A's and B's through-time maps (in the training view while both networks have a recurrent layer). */
    public ThroughTimeMapChart throughTimeA() {
        return throughTime.mapA();
    }

    public ThroughTimeMapChart throughTimeB() {
        return throughTime.mapB();
    }

    /** Whether the training view shows the through-time maps. */
    public boolean showsThroughTime() {
        return trainGrid.getChildren().contains(throughTime);
    }

    public ComboBox<ThroughTimeMapChart.Mode> throughTimeMode() {
        return throughTime.mode();
    }

    public LineChartPane lossChart() {
        return loss;
    }

    public String verdictText() {
        return verdict.getText();
    }

    public String titleB() {
        return sideB.title.getText();
    }
}
