package org.initscope.view.train;

import static org.initscope.view.Forms.label;

import org.initscope.i18n.I18n;
import org.initscope.model.Limits;
import org.initscope.view.UiText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.controlsfx.validation.ValidationSupport;
import org.initscope.controller.TrainingSession;
import org.initscope.data.CsvLoader;
import org.initscope.data.DataSpec;
import org.initscope.engine.Quantity;
import org.initscope.engine.train.LayerSnapshot;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.ThroughTimeMap;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.Fmt;
import org.initscope.model.Printable;
import org.initscope.model.Scheme;
import org.initscope.view.Card;
import org.initscope.view.DepthChart;
import org.initscope.view.Forms;
import org.initscope.view.NumberField;
import org.initscope.view.Palette;
import org.initscope.view.TabStrip;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Training mode: the controls (data, optimizer, play/pause/step/epoch/reset/re-initialize, speed), the loss and
 * accuracy, the network's output, per-layer curves over time, the depth chart and the histograms over time at the
 * step the timeline scrubber shows.
 */
public final class TrainingPanel extends BorderPane {
    /** Per-layer curves over training time. */
    public enum Curve {
        ACTIVATION_STD("activation std", false), GRADIENT_STD("activation-gradient std", true),
        GRADIENT_NORM("‖∂L/∂W‖ (mini-batch)", true), UPDATE_RATIO("log₁₀ ‖ΔW‖/‖W‖", false);

        private final String label;
        private final boolean log;

        Curve(String label, boolean log) {
            this.label = label;
            this.log = log;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final TrainingSession session;
    private final ValidationSupport validation = new ValidationSupport();
    private final LineChartPane loss = new LineChartPane();
    private final OutputChart output = new OutputChart();
    private final LineChartPane curves = new LineChartPane();
    private final DepthChart depth = new DepthChart();
    private final TimeHistogramChart histograms = new TimeHistogramChart();
    private final ThroughTimeMapChart throughTime = new ThroughTimeMapChart();
    private final ComboBox<String> timeLayer = new ComboBox<>();
    private final ComboBox<ThroughTimeMapChart.Mode> timeMode = new ComboBox<>();
    private Tab histTab;
    private Tab depthTab;
    private Tab timeTab;
    private final ComboBox<Curve> curve = new ComboBox<>();
    private final ComboBox<String> lossOrAccuracy = new ComboBox<>();
    private final ComboBox<String> histLayer = new ComboBox<>();
    private final ComboBox<Quantity> histQuantity = new ComboBox<>();
    private final ToggleButton overlay = new ToggleButton("overlay");
    private final ToggleButton logCount = new ToggleButton("log count");
    private final TabPane lowerTabs = TabStrip.tabPane();
    /** The layers as trained: widths from the data, fans and std of every layer, the output layer last. */
    private final VBox trainedNetwork = new VBox(4);
    private List<Trainer.TrainedLayer> shownLayers = List.of();
    private final Slider scrubber = new Slider(0, 0, 0);
    private final ToggleButton live = new ToggleButton("live");
    private final Label stepLabel = new Label();
    private final Label rates = new Label();
    private final Label symmetry = new Label();
    private final Button play = new Button("Play", new FontIcon("mdmz-play_arrow"));
    private boolean updating;

    public TrainingPanel(TrainingSession session) {
        this.session = session;
        setId("trainingPanel");
        getStyleClass().add("training-panel");
        setTop(controls());
        // the charts keep a readable size: in a short window they scroll rather than shrink
        var scroll = new ScrollPane(charts());
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("chart-scroll");
        setCenter(scroll);
        setBottom(timeline());
        session.stateProperty().addListener((o, a, b) -> refresh());
        session.selectedProperty().addListener((o, a, b) -> refresh());
        session.framesPerSecondProperty().addListener((o, a, b) -> rates());
        refresh();
    }

    private static Button button(String text, String icon, String tip, String id) {
        var b = Forms.button(text, icon, tip);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    /** An icon button; its name is in the tooltip (and read by screen readers through the accessible text). */
    private static Button iconButton(String name, String icon, String tip, String id) {
        var b = button(null, icon, name + ": " + tip, id);
        b.setAccessibleText(name);
        b.getStyleClass().add("icon-button");
        return b;
    }

    private VBox controls() {
        play.setId("playButton");
        play.setTooltip(new Tooltip("train continuously (pause stops after the current step)"));
        play.setOnAction(e -> {
            var s = session.state();
            if (s != null && s.running()) {
                session.pause();
            } else {
                live.setSelected(true);
                session.play();
            }
        });
        play.setMinWidth(88);
        Button step = iconButton("Step", "mdmz-skip_next", "one optimizer step on one mini-batch", "stepButton");
        step.setOnAction(e -> session.step());
        Button epoch = iconButton("Epoch", "mdmz-redo", "steps until the end of the current epoch", "epochButton");
        epoch.setOnAction(e -> session.epoch());
        Button reset = iconButton("Reset", "mdmz-replay", "back to step 0 with the same seed: the same run again",
                "resetButton");
        reset.setOnAction(e -> session.reset());
        Button reinit = iconButton("Re-initialize", "mdal-casino", "new weights (a new seed), back to step 0",
                "reinitButton");
        reinit.setOnAction(e -> session.reinitialize());

        var speed = new Slider(0, 4, 4);
        speed.setId("speedSlider");
        speed.setPrefWidth(120);
        speed.setTooltip(new Tooltip("steps per second: 1, 10, 100, 1000, or as fast as possible at the right end"));
        var speedLabel = new Label("max");
        speedLabel.setMinWidth(72);
        speed.valueProperty().addListener((o, a, b) -> {
            double v = b.doubleValue();
            double sps = v >= 3.95 ? 0 : Math.pow(10, v);
            session.speedProperty().set(sps);
            speedLabel.setText(sps == 0 ? I18n.t("max") : I18n.f("%s steps/s", Fmt.sig(sps, 2)));
        });
        var record = new Spinner<Integer>(1, 1000, session.recordEveryProperty().get());
        record.setId("recordEvery");
        record.setEditable(true);
        record.setPrefWidth(96);
        record.setMinWidth(96);
        record.setTooltip(new Tooltip("record every layer's statistics every N steps (at most 400 records are "
                + "kept: older ones are thinned out and the interval doubles)"));
        record.valueProperty().addListener((o, a, b) -> session.recordEveryProperty().set(b));
        rates.setId("trainRates");
        rates.getStyleClass().add("text-muted");
        rates.setMinWidth(Region.USE_PREF_SIZE);
        // the controls wrap onto more lines in a narrow window; a label stays with its control
        var buttons = new HBox(6, play, step, epoch, reset, reinit);
        buttons.setAlignment(Pos.CENTER_LEFT);
        var row1 = new FlowPane(12, 6, buttons, group(label("speed"), speed, speedLabel),
                group(label("record every"), record), rates);
        row1.setAlignment(Pos.CENTER_LEFT);

        var kind = new ComboBox<DataSpec.Kind>();
        kind.setId("dataCombo");
        kind.getItems().setAll(Arrays.stream(DataSpec.Kind.values()).filter(k -> k != DataSpec.Kind.CSV)
                .toList());
        kind.setValue(session.dataProperty().get().kind());
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(DataSpec.Kind k) {
                DataSpec d = session.dataProperty().get();
                if ((k == null || k == DataSpec.Kind.CSV) && d.csv() != null) {
                    // the file trained on, and its task when it is not the classes the file looks like
                    return Printable.of(d.csv().getFileName().toString())
                            + (d.task() == CsvLoader.Task.REGRESSION ? " (regression)" : "");
                }
                return k == null ? "csv" : k.id();
            }

            @Override
            public DataSpec.Kind fromString(String s) {
                return DataSpec.Kind.byId(s).orElse(null);
            }
        });
        kind.setTooltip(new Tooltip("the data to learn"));
        kind.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null && b != session.dataProperty().get().kind()) {
                session.dataProperty().set(session.dataProperty().get().withKind(b));
            }
        });
        // the data box always names the data trained on (a CSV file included)
        session.dataProperty().addListener((o, a, d) -> {
            boolean was = updating;
            updating = true;
            try {
                kind.setValue(null);
                kind.setValue(d.kind());
            } finally {
                updating = was;
            }
        });
        var samples = new NumberField(validation, I18n.f("points of a generated set (%,d to %,d)", Limits.MIN_SAMPLES,
                Limits.MAX_SAMPLES));
        samples.setId("samplesField");
        samples.setPrefColumnCount(5);
        samples.show(session.dataProperty().get().samples());
        samples.setApply(v -> v != Math.rint(v) || v < Limits.MIN_SAMPLES || v > Limits.MAX_SAMPLES
                ? Optional.of(I18n.f("%,d to %,d points", Limits.MIN_SAMPLES, Limits.MAX_SAMPLES))
                : set(() -> session.dataProperty().set(session.dataProperty().get().withSamples((int) v))));
        var noise = new NumberField(validation, "noise of a generated set (0 to 5)");
        noise.setId("noiseField");
        noise.setPrefColumnCount(4);
        noise.show(session.dataProperty().get().noise());
        noise.setApply(v -> v < 0 || v > 5 ? Optional.of("noise is between 0 and 5")
                : set(() -> session.dataProperty().set(session.dataProperty().get().withNoise(v))));
        var test = new NumberField(validation, "fraction of the data held out for testing (0 to 0.9)");
        test.setId("testField");
        test.setPrefColumnCount(4);
        test.show(session.dataProperty().get().testFraction());
        test.setApply(v -> v < 0 || v > 0.9 ? Optional.of("the test fraction is between 0 and 0.9")
                : set(() -> session.dataProperty().set(session.dataProperty().get().withTestFraction(v))));
        var seqLen = new NumberField(validation, "sequence length T of the adding problem and the copy task (10 to "
                + "1,000); the digits read by rows or pixels are 8 or 64 steps");
        seqLen.setId("seqLenField");
        seqLen.setPrefColumnCount(4);
        seqLen.show(session.dataProperty().get().sequenceLength());
        seqLen.setApply(v -> v != Math.rint(v) || v < DataSpec.MIN_STEPS || v > DataSpec.MAX_STEPS
                ? Optional.of(I18n.f("T is a whole number from %d to %,d", DataSpec.MIN_STEPS, DataSpec.MAX_STEPS))
                : setData(d -> d.withSequenceLength((int) v)));
        var seqLenGroup = group(label("T"), seqLen.withReason());
        seqLenGroup.setId("seqLenGroup");
        seqLenGroup.managedProperty().bind(seqLenGroup.visibleProperty());
        seqLenGroup.setVisible(session.dataProperty().get().kind().variableLength());
        Button csv = button("CSV…", "mdal-folder_open", "train on a CSV file: numeric features, the last column the "
                + "label or target", "csvButton");
        csv.setOnAction(e -> {
            var c = new FileChooser();
            c.setTitle("Training data (CSV)");
            c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV", "*.csv", "*.txt"),
                    new FileChooser.ExtensionFilter("All files", "*.*"));
            var f = c.showOpenDialog(getScene().getWindow());
            if (f != null) {
                session.loadCsv(f.toPath());
            }
        });

        var opt = new ComboBox<OptimizerSpec.Kind>();
        opt.setId("optimizerCombo");
        opt.getItems().setAll(OptimizerSpec.Kind.values());
        opt.setValue(session.optimizerProperty().get().kind());
        opt.setTooltip(new Tooltip("sgd, momentum (μ 0.9) or adam, with torch.optim's formulas; changing it does "
                + "not reset the run"));
        opt.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                session.optimizerProperty().set(session.optimizerProperty().get().withKind(b));
            }
        });
        var lr = new NumberField(validation, "learning rate; changing it does not reset the run");
        lr.setId("lrField");
        lr.setPrefColumnCount(5);
        lr.show(session.optimizerProperty().get().learningRate());
        lr.setApply(v -> v <= 0 || v > 10 ? Optional.of("the learning rate is in (0, 10]")
                : set(() -> session.optimizerProperty().set(session.optimizerProperty().get().withLearningRate(v))));
        var l2 = new NumberField(validation, "L2 weight decay (PyTorch's weight_decay), 0 to 1");
        l2.setId("l2Field");
        l2.setPrefColumnCount(4);
        l2.show(0);
        l2.setApply(v -> v < 0 || v > 1 ? Optional.of("L2 is between 0 and 1")
                : set(() -> session.optimizerProperty().set(session.optimizerProperty().get().withL2(v))));
        var batch = new Spinner<Integer>(1, 4096, session.batchSizeProperty().get());
        batch.setId("batchSpinner");
        batch.setEditable(true);
        batch.setPrefWidth(84);
        batch.setTooltip(new Tooltip("examples per optimizer step (the mini-batch); the network panel's probe batch "
                + "is the one the Explore statistics are measured on"));
        batch.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                session.batchSizeProperty().set(b);
            }
        });
        var out = new ComboBox<Scheme>();
        out.setId("outputInitCombo");
        out.getItems().setAll(Scheme.values());
        out.getItems().removeIf(s -> s == Scheme.EYE || s == Scheme.SPARSE);
        out.setValue(session.outputSchemeProperty().get());
        out.setConverter(new StringConverter<>() {
            @Override
            public String toString(Scheme s) {
                return s == null ? "" : s.id();
            }

            @Override
            public Scheme fromString(String s) {
                return Scheme.byId(s).orElse(null);
            }
        });
        out.setTooltip(new Tooltip("initializer of the output layer (softmax for classes, linear for regression)"));
        out.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                session.outputSchemeProperty().set(b);
            }
        });

        // a lesson step sets the training settings: the controls show what the session trains with
        session.dataProperty().addListener((o, a, d) -> follow(() -> {
            if (d.kind() != DataSpec.Kind.CSV) {
                kind.setValue(d.kind());
            }
            samples.show(d.samples());
            noise.show(d.noise());
            test.show(d.testFraction());
            seqLen.show(d.sequenceLength());
            seqLenGroup.setVisible(d.kind().variableLength());
        }));
        session.optimizerProperty().addListener((o, a, v) -> follow(() -> {
            opt.setValue(v.kind());
            lr.show(v.learningRate());
            l2.show(v.l2());
        }));
        session.batchSizeProperty().addListener((o, a, v) -> follow(() -> batch.getValueFactory().setValue(
                v.intValue())));
        session.outputSchemeProperty().addListener((o, a, v) -> follow(() -> out.setValue(v)));

        var row2 = new FlowPane(12, 6, group(label("data"), kind), seqLenGroup,
                group(label("points"), samples.withReason()),
                group(label("noise"), noise.withReason()), group(label("test"), test.withReason()), csv);
        row2.setAlignment(Pos.CENTER_LEFT);
        var row3 = new FlowPane(12, 6, group(label("optimizer"), opt), group(label("lr"), lr.withReason()), group(label("L2"), l2.withReason()),
                group(label("mini-batch"), batch), group(label("output init"), out));
        row3.setAlignment(Pos.CENTER_LEFT);
        // presenting a lesson: the settings make room for the charts (the buttons stay)
        settings = List.of(row2, row3);
        for (var r : settings) {
            r.managedProperty().bind(r.visibleProperty());
        }
        var problem = new Label();
        problem.setId("trainProblem");
        problem.getStyleClass().add("refused");
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.visibleProperty());
        problem.textProperty().bind(session.problemProperty());
        problem.visibleProperty().bind(session.problemProperty().isNotEmpty());
        var box = new VBox(6, row1, row2, row3, problem);
        box.setPadding(new Insets(8, 10, 6, 10));
        return box;
    }

    /** Show a change made elsewhere (a lesson step) without sending it back as an edit. */
    private void follow(Runnable r) {
        boolean was = updating;
        updating = true;
        try {
            r.run();
        } finally {
            updating = was;
        }
    }

    private List<FlowPane> settings = List.of();
    private static final String LOOK = "initscope.look";

    /** Controls kept together on one line of a wrapping bar. */
    private static HBox group(Node... nodes) {
        var box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Optional<String> set(Runnable r) {
        r.run();
        return Optional.empty();
    }

    /** A change of the data; a refused one (too many values for memory) says why under the field. */
    private Optional<String> setData(UnaryOperator<DataSpec> edit) {
        try {
            session.dataProperty().set(edit.apply(session.dataProperty().get()));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private GridPane charts() {
        loss.setId("lossChart");
        loss.setTitle("Loss and accuracy");
        lossOrAccuracy.setId("lossCombo");
        lossOrAccuracy.getItems().setAll("loss", "accuracy");
        // the items stay the English keys the code compares; only their display is translated
        lossOrAccuracy.setConverter(UiText.shownAs(s -> s));
        lossOrAccuracy.setValue("loss");
        lossOrAccuracy.setTooltip(new Tooltip("train and test loss (log scale) or accuracy over the steps"));
        lossOrAccuracy.valueProperty().addListener((o, a, b) -> refresh());
        curves.setId("layerCurves");
        curve.setId("curveCombo");
        curve.getItems().setAll(Curve.values());
        curve.setConverter(UiText.shownAs(Curve::toString));
        curve.setValue(Curve.GRADIENT_STD);
        curve.valueProperty().addListener((o, a, b) -> refresh());
        histLayer.setId("histLayerCombo");
        histLayer.setPrefWidth(90);
        histLayer.setMinWidth(90);
        histLayer.valueProperty().addListener((o, a, b) -> {
            if (!updating) {
                refresh();
            }
        });
        histQuantity.setId("histQuantityCombo");
        histQuantity.getItems().setAll(Quantity.WEIGHTS, Quantity.ACTIVATIONS, Quantity.ACTIVATION_GRADIENTS,
                Quantity.PRE_ACTIVATIONS, Quantity.WEIGHT_GRADIENTS);
        histQuantity.setValue(Quantity.WEIGHTS);
        histQuantity.setPrefWidth(210);
        histQuantity.setMinWidth(Region.USE_PREF_SIZE);
        histQuantity.setConverter(UiText.shownAs(Quantity::label));
        histQuantity.valueProperty().addListener((o, a, b) -> refresh());
        overlay.setId("overlayToggle");
        overlay.setTooltip(new Tooltip("overlay the first, the shown and the newest step instead of stacking them"));
        overlay.selectedProperty().addListener((o, a, b) -> refresh());
        logCount.setId("trainLogCount");
        logCount.setTooltip(new Tooltip("counts on a log axis: tall spikes (ReLU's zeros, saturated ±1) and the rest "
                + "of the distribution on one scale"));
        logCount.setMinWidth(Region.USE_PREF_SIZE);
        logCount.selectedProperty().addListener((o, a, b) -> refresh());
        symmetry.setId("symmetryLabel");
        symmetry.setWrapText(true);

        // the symmetry warning wraps under the combo (a long one must not widen the card)
        symmetry.setMinWidth(0);
        var curveBar = new VBox(2, group(label("curve"), curve), symmetry);
        curveBar.setPadding(new Insets(2, 6, 2, 6));
        var curvesBox = new Card(curveBar, curves);


        overlay.setMinWidth(Region.USE_PREF_SIZE);
        var histBar = new FlowPane(8, 4, group(label("layer"), histLayer), group(label("quantity"), histQuantity),
                overlay, logCount);
        histBar.setAlignment(Pos.CENTER_LEFT);
        histBar.setPadding(new Insets(2, 6, 2, 6));
        var histBox = new Card(histBar, histograms);
        timeLayer.setId("timeLayerCombo");
        timeLayer.setMinWidth(Region.USE_PREF_SIZE);
        timeLayer.valueProperty().addListener((o, a, b) -> {
            if (!updating) {
                refresh();
            }
        });
        timeMode.setId("timeModeCombo");
        timeMode.getItems().setAll(ThroughTimeMapChart.Mode.values());
        timeMode.setValue(ThroughTimeMapChart.Mode.RELATIVE);
        timeMode.setConverter(UiText.shownAs(ThroughTimeMapChart.Mode::toString));
        timeMode.setMinWidth(Region.USE_PREF_SIZE);
        timeMode.setTooltip(new Tooltip("how much of the gradient at the last time step reaches step t, the gradient "
                + "itself (log colour scales), or an LSTM's forget gates (0 to 1)"));
        timeMode.valueProperty().addListener((o, a, b) -> {
            if (!updating) {
                refresh();
            }
        });
        var timeBar = new FlowPane(8, 4, group(label("layer"), timeLayer), group(label("colour"), timeMode));
        timeBar.setAlignment(Pos.CENTER_LEFT);
        timeBar.setPadding(new Insets(2, 6, 2, 6));
        var lower = lowerTabs;
        histTab = new Tab("Histograms over time", histBox);
        histTab.setId("trainHistogramsTab");
        depthTab = new Tab("Depth chart at this step", depth);
        depthTab.setId("trainDepthTab");
        // for recurrent layers only: added when a run has one
        timeTab = new Tab("Through time while learning", new Card(timeBar, throughTime));
        timeTab.setId("trainThroughTimeTab");
        trainedNetwork.setId("trainedNetwork");
        trainedNetwork.setPadding(new Insets(8, 10, 8, 10));
        var networkScroll = new ScrollPane(trainedNetwork);
        networkScroll.setFitToWidth(true);
        var networkTab = new Tab("Network being trained", networkScroll);
        networkTab.setId("trainedNetworkTab");
        lower.getTabs().addAll(histTab, depthTab, networkTab);
        lower.setId("trainTabs");
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        // the item, not the index: the index changes (and tells) before the selected item follows
        lower.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!updating) {
                refresh();
            }
        });

        var grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(4, 8, 4, 8));
        var lossBar = new HBox(8, label("show"), lossOrAccuracy);
        lossBar.setAlignment(Pos.CENTER_LEFT);
        lossBar.setPadding(new Insets(2, 6, 2, 6));
        var lossBox = new Card(lossBar, loss);
        cards = List.of(card(lossBox, "lossChart"), card(output, "outputChart"), card(curvesBox, "layerCurves"),
                card(TabStrip.around(lower), "timeHistograms"));
        this.grid = grid;
        layoutCards(cards);
        return grid;
    }

    private GridPane grid;
    private List<BorderPane> cards = List.of();

    /** Two by two (loss and output above, curves and histograms below), or the cards given, filling the grid. */
    private void layoutCards(List<BorderPane> shown) {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        int n = shown.size();
        int cols = n == 1 ? 1 : 2;
        int rowsN = (n + cols - 1) / cols;
        for (int c = 0; c < cols; c++) {
            var cc = new ColumnConstraints();
            cc.setPercentWidth(cols == 1 ? 100 : c == 0 ? 55 : 45);
            grid.getColumnConstraints().add(cc);
        }
        for (int r = 0; r < rowsN; r++) {
            // no percentages: a row keeps its charts' minimum height (the grid then scrolls), extra room is shared
            var rc = new RowConstraints();
            rc.setVgrow(Priority.ALWAYS);
            rc.setPrefHeight(r == 0 ? 300 : 360);
            grid.getRowConstraints().add(rc);
        }
        for (int i = 0; i < n; i++) {
            grid.add(shown.get(i), i % cols, i / cols);
        }
    }

    /**
     * Presentation mode: the settings rows make room, and when a lesson step points at some of the charts
     * ({@code looks}: their ids) only those are shown, larger; otherwise the four as at a desk.
     */
    public void present(boolean on, Set<String> looks) {
        settings.forEach(r -> r.setVisible(!on));
        var shown = cards.stream().filter(c -> looks.contains((String) c.getProperties().get(LOOK))).toList();
        layoutCards(on && !shown.isEmpty() ? shown : cards);
    }

    private static BorderPane card(Node n, String look) {
        var p = new BorderPane(n);
        p.getStyleClass().add("chart-card");
        // the id of the chart a lesson step points at, to find the card that holds it
        p.getProperties().put(LOOK, look);
        GridPane.setHgrow(p, Priority.ALWAYS);
        GridPane.setVgrow(p, Priority.ALWAYS);
        return p;
    }

    private HBox timeline() {
        scrubber.setId("scrubber");
        scrubber.setTooltip(new Tooltip("revisit any recorded step: every chart shows it"));
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(true);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrubber.valueProperty().addListener((o, a, b) -> {
            if (!updating) {
                live.setSelected(false);
                session.selectedProperty().set((int) Math.round(b.doubleValue()));
            }
        });
        live.setId("liveToggle");
        live.setSelected(true);
        live.setTooltip(new Tooltip("follow the newest step"));
        live.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                session.selectedProperty().set(-1);
            }
        });
        stepLabel.setId("stepLabel");
        stepLabel.setMinWidth(230);
        var timelineLabel = new Label("timeline");
        timelineLabel.setMinWidth(Region.USE_PREF_SIZE);
        live.setMinWidth(Region.USE_PREF_SIZE);
        var box = new HBox(10, timelineLabel, scrubber, live, stepLabel);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 12, 8, 12));
        box.getStyleClass().add("timeline");
        return box;
    }

    private void rates() {
        var s = session.state();
        rates.setText(s == null || !s.running() ? "" : I18n.f("%.0f steps/s · %.0f frames/s",
                s.stepsPerSecond(), session.framesPerSecondProperty().get()));
    }

    /** One line per trained layer: in → out, its kind, and for a weighted layer its fans and the formula's numbers. */
    private void showNetwork(List<Trainer.TrainedLayer> layers, String data) {
        if (layers == shownLayers) {
            return;
        }
        shownLayers = layers;
        var rows = new ArrayList<Node>();
        var head = new Label(I18n.f("As trained on %s: layer 1 takes the data's shape (%s); the output layer is added "
                + "for the task.", data, layers.isEmpty() ? "" : layers.get(0).layer().in().label()));
        head.setWrapText(true);
        head.getStyleClass().add("text-muted");
        rows.add(head);
        for (var t : layers) {
            var line = new Label(describe(t));
            line.setWrapText(true);
            line.getStyleClass().add("formula");
            rows.add(line);
        }
        trainedNetwork.getChildren().setAll(rows);
    }

    /** "L1 · 64 → 64 · dense relu · fan_in 64, fan_out 64" and the weight's formula with its numbers. */
    public static String describe(Trainer.TrainedLayer t) {
        var l = t.layer();
        String kind = t.name().equals("out") ? I18n.t("output layer (softmax for classes, linear for regression)")
                : l.spec().label() + (l.weighted() != null ? " · " + l.activation().label() : "");
        String line = I18n.f("%s · %s → %s · %s", t.name(), l.in().label(), l.out().label(), kind);
        if (l.weight() != null && l.fans() != null) {
            line += " · " + l.fans().fanInText() + ", " + l.fans().fanOutText() + "\n" + l.init().scheme().id() + ": "
                    + l.weight().formula();
        }
        return line;
    }

    /** The layers the Train tab trains now (empty before the first run). */
    public List<Trainer.TrainedLayer> trainedLayers() {
        return shownLayers;
    }

    /**
     * What the charts of the records show: how many records, the newest and the shown one (the same objects from
     * state to state), whether the view follows the run, and every choice the charts read. The worker publishes up
     * to 25 states a second and a record every few steps; a state that brings only a newer live view (the output
     * map or digits and their step) redraws that view alone — the loss and per-layer curves and the histograms over
     * time are redrawn when they would change.
     */
    private record Drawn(int records, TrainingRecord newest, TrainingRecord shown, boolean live, List<Object> choices) {
        boolean same(Drawn d) {
            return d != null && records == d.records && newest == d.newest && shown == d.shown && live == d.live
                    && choices.equals(d.choices);
        }
    }

    private Drawn drawn;

    private void refresh() {
        TrainingSession.State s = session.state();
        play.setText(s != null && s.running() ? "Pause" : "Play");
        ((FontIcon) play.getGraphic()).setIconLiteral(s != null && s.running() ? "mdmz-pause" : "mdmz-play_arrow");
        rates();
        if (s == null || s.records().isEmpty()) {
            return;
        }
        showNetwork(s.layers(), s.data().train().name());
        updating = true;
        try {
            List<TrainingRecord> records = s.records();
            int n = records.size();
            scrubber.setMax(Math.max(0, n - 1));
            int sel = session.selectedProperty().get();
            int shown = sel < 0 || sel >= n ? n - 1 : sel;
            scrubber.setValue(shown);
            TrainingRecord r = records.get(shown);
            boolean liveView = shown == n - 1 && sel < 0;
            output.show(liveView ? s.live() : r.output(), s.data(), I18n.f("step %,d", liveView ? s.live().step() : r.step()));
            Drawn now = new Drawn(n, records.get(n - 1), r, liveView, Arrays.asList(lossOrAccuracy.getValue(),
                    curve.getValue(), histLayer.getValue(), histQuantity.getValue(), overlay.isSelected(),
                    logCount.isSelected(), lowerTabs.getSelectionModel().getSelectedItem(), timeLayer.getValue(),
                    timeMode.getValue()));
            if (now.same(drawn)) {
                // a newer live view, the same records: the charts of the records stay as they are
                return;
            }
            drawn = now;
            stepLabel.setText(I18n.f("step %,d · epoch %d%s", r.step(), r.epoch(),
                    shown == n - 1 && sel < 0 ? I18n.t(" (newest)") : ""));
            double[] steps = records.stream().mapToDouble(TrainingRecord::step).toArray();
            boolean classification = !Double.isNaN(r.trainAccuracy());
            var lossLines = new ArrayList<LineChartPane.Line>();
            boolean accuracy = classification && "accuracy".equals(lossOrAccuracy.getValue());
            if (accuracy) {
                lossLines.add(new LineChartPane.Line(I18n.t("train accuracy"), Palette.FORWARD, steps,
                        records.stream().mapToDouble(TrainingRecord::trainAccuracy).toArray(), false));
                lossLines.add(new LineChartPane.Line(I18n.t("test accuracy"), Palette.BACKWARD, steps,
                        records.stream().mapToDouble(TrainingRecord::testAccuracy).toArray(), false));
                loss.setYRange(0, 1);
            } else {
                lossLines.add(new LineChartPane.Line(I18n.t("train loss"), Palette.FORWARD, steps,
                        records.stream().mapToDouble(TrainingRecord::trainLoss).toArray(), false));
                lossLines.add(new LineChartPane.Line(I18n.t("test loss"), Palette.BACKWARD, steps,
                        records.stream().mapToDouble(TrainingRecord::testLoss).toArray(), false));
                loss.setYRange(Double.NaN, Double.NaN);
            }
            loss.setLogY(!accuracy);
            // the title states what the chart plots: losses over the loss curves, accuracies over the accuracy curves
            loss.setTitle(I18n.t(accuracy ? "Accuracy" : "Loss") + (accuracy ? I18n.f(
                    " · train %.1f%%, test %.1f%% at step %,d", 100 * r.trainAccuracy(), 100 * r.testAccuracy(),
                    r.step()) : I18n.f(" · train %s, test %s at step %,d", Fmt.f4(r.trainLoss()),
                            Fmt.f4(r.testLoss()), r.step())));
            loss.setYLabel(I18n.t(accuracy ? "accuracy" : "loss (log)"));
            loss.setData(lossLines, List.of(), r.step());

            Curve c = curve.getValue();
            int layers = r.layers().size();
            var lines = new ArrayList<LineChartPane.Line>();
            for (int l = 0; l < layers; l++) {
                final int li = l;
                ToDoubleFunction<TrainingRecord> f = switch (c) {
                    case ACTIVATION_STD -> x -> x.layers().get(li).get(Quantity.ACTIVATIONS).std();
                    case GRADIENT_STD -> x -> x.layers().get(li).get(Quantity.ACTIVATION_GRADIENTS).std();
                    case GRADIENT_NORM -> x -> x.layers().get(li).gradientNorm();
                    case UPDATE_RATIO -> x -> x.layers().get(li).updateRatio();
                };
                Color col = Palette.FORWARD.interpolate(Palette.BACKWARD, layers == 1 ? 0 : (double) l / (layers - 1));
                lines.add(new LineChartPane.Line(r.layers().get(l).name(), col, steps,
                        records.stream().mapToDouble(f).toArray(), r.layers().get(l).output()));
            }
            curves.setTitle(I18n.f("%s per layer (blue: first layer … orange: output)", I18n.t(c.toString())));
            curves.setLogY(c.log);
            curves.setYLabel(c.log ? I18n.t("log scale") : "");
            curves.setData(lines, c == Curve.UPDATE_RATIO ? List.of(-3.0) : List.of(), r.step());

            var sym = r.layers().stream().filter(LayerSnapshot::symmetric)
                    .map(l -> I18n.f("%s: %d of %d units distinct", l.name(), l.distinctUnits(), l.units())).toList();
            symmetry.setText(sym.isEmpty() ? "" : I18n.f("symmetry not broken — %s", String.join(", ", sym)));
            symmetry.getStyleClass().setAll(sym.isEmpty() ? List.of("label") : List.of("label", "refused"));

            var names = r.layers().stream().map(LayerSnapshot::name).toList();
            if (!names.equals(histLayer.getItems())) {
                String keep = histLayer.getValue();
                histLayer.getItems().setAll(names);
                histLayer.setValue(keep != null && names.contains(keep) ? keep : names.get(0));
            }
            if (histLayer.getValue() == null) {
                histLayer.setValue(names.get(0));
            }
            int hl = Math.max(0, names.indexOf(histLayer.getValue()));
            boolean recurrent = showThroughTimeTab(r);
            // only the visible tab is redrawn: every frame counts while training runs
            Tab visible = lowerTabs.getSelectionModel().getSelectedItem();
            if (visible == histTab) {
                histograms.show(records, hl, histQuantity.getValue(), shown, overlay.isSelected()
                        ? TimeHistogramChart.Mode.OVERLAY : TimeHistogramChart.Mode.OFFSET, logCount.isSelected());
            } else if (visible == depthTab) {
                depth.recordProperty().set(r);
            } else if (visible == timeTab && recurrent) {
                int tl = r.layers().stream().filter(l -> ThroughTimeMapChart.layerName(l).equals(timeLayer.getValue())).findFirst()
                        .map(LayerSnapshot::index).orElse(1);
                var map = ThroughTimeMap.of(records, tl);
                // an rnn has no forget gates to colour by
                var modes = ThroughTimeMapChart.modes(map.meanForget() != null);
                if (!modes.equals(timeMode.getItems())) {
                    var keep = timeMode.getValue();
                    timeMode.getItems().setAll(modes);
                    timeMode.setValue(modes.contains(keep) ? keep : ThroughTimeMapChart.Mode.RELATIVE);
                }
                throughTime.show(map, timeLayer.getValue(), r.step(), timeMode.getValue());
            }
        } finally {
            updating = false;
        }
    }

    /**
     * The through-time tab is there while the run has a recurrent layer (and comes to the front when a run first
     * has one); its layer choice lists them. Returns whether there is one.
     */
    private boolean showThroughTimeTab(TrainingRecord r) {
        var names = r.layers().stream().filter(l -> l.trace() != null).map(ThroughTimeMapChart::layerName).toList();
        boolean has = !names.isEmpty();
        if (has && !lowerTabs.getTabs().contains(timeTab)) {
            lowerTabs.getTabs().add(timeTab);
            lowerTabs.getSelectionModel().select(timeTab);
        } else if (!has && lowerTabs.getTabs().contains(timeTab)) {
            lowerTabs.getTabs().remove(timeTab);
        }
        if (has && !names.equals(timeLayer.getItems())) {
            String keep = timeLayer.getValue();
            timeLayer.getItems().setAll(names);
            timeLayer.setValue(keep != null && names.contains(keep) ? keep : names.get(0));
        }
        return has;
    }

    public ThroughTimeMapChart throughTimeChart() {
        return throughTime;
    }

    public DepthChart depthChart() {
        return depth;
    }

    public LineChartPane lossChart() {
        return loss;
    }

    public LineChartPane layerCurves() {
        return curves;
    }

    public OutputChart outputChart() {
        return output;
    }
}
