package org.initscope.view;

import static org.initscope.view.Forms.label;
import static org.initscope.view.Forms.section;
import static org.initscope.view.Forms.spacer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;
import org.initscope.controller.NetworkSession;
import org.initscope.i18n.I18n;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.Limits;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.WeightedSpec;
import org.initscope.model.Fmt;
import org.initscope.model.InitSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.ResolvedInit;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Scheme;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Everything about the selected layer: width, activation, weight initializer with all its parameters and the
 * formula with the actual numbers, the scale slider, and the bias. One editor per parameter kind (number,
 * number-or-auto, choice), rebuilt when the scheme changes; invalid values are flagged and never applied.
 * Conv layers add their geometry (fans spelled out with the receptive field), recurrent layers choose which
 * weight the editor shows (weight_ih or weight_hh) and have the PyTorch/Keras defaults, per-gate init and the
 * forget-gate bias; pooling, flatten and normalization layers show what they do and their few settings.
 */
public final class InspectorPanel extends VBox {
    private final NetworkSession session;
    private final ValidationSupport validation = new ValidationSupport();
    private final Label title = new Label();
    private final Label fans = new Label();
    private final NumberField units;
    private final ComboBox<Activation> activation = new ComboBox<>();
    private final NumberField activationParam;
    private final Label activationParamLabel = new Label();
    private final ComboBox<Scheme> scheme = new ComboBox<>();
    private final GridPane weightParams = new GridPane();
    private final Label weightFormula = new Label();
    private final Label weightGain = new Label();
    private final Slider scale = new Slider(-3, 3, 0);
    private final Label scaleValue = new Label();
    private final ToggleButton scaleAll = new ToggleButton("all layers");
    private final ComboBox<Scheme> biasScheme = new ComboBox<>();
    private final GridPane biasParams = new GridPane();
    private final Label biasFormula = new Label();
    private final Label refused = new Label();
    private final Label kernelNote = new Label();
    private final Label origin = new Label();
    private final VBox warnings = new VBox(4);
    /** What this layer's initializer does here, computed from the run's numbers. */
    private final Label effect = new Label();
    /** In the Train tab: the selected layer as it is trained (its input width comes from the data). */
    private final Label trainedAs = new Label();
    private List<org.initscope.engine.train.Trainer.TrainedLayer> trained;
    /** Shown when the activation changed and an "auto" gain followed it. */
    private final Label gainFollows = new Label();
    private final Button glorot = button("Glorot & Bengio: gain 1 on all layers", "mdal-filter_1", "xavier as in "
            + "Glorot & Bengio 2010, without calculate_gain: every layer with a Xavier/Glorot scheme gets gain = 1 "
            + "(on ReLU this halves the variance per layer, the classic demonstration)");
    /** The layer, activation and gain shown last, to tell when an auto gain followed an activation change. */
    private int gainLayer = -1;
    private org.initscope.model.ActivationSpec gainActivation;
    private ResolvedInit gainInit;
    private final List<Runnable> refreshers = new ArrayList<>();
    private final Label unitsLabel = label("units");
    private final Label activationLabel = label("activation");
    private final HBox actRow;
    private final VBox weightsBox = new VBox(8);
    private final VBox scaleBox = new VBox(8);
    private final VBox biasBox = new VBox(8);
    private final Label weightsTitle = section("Weights");
    private final Label about = new Label();
    // conv2d geometry, dense residual, pooling, normalization
    private final GridPane geometry = new GridPane();
    private final NumberField kernel;
    private final NumberField stride;
    private final NumberField padding;
    private final NumberField groups;
    private final ResidualSection residual;
    private final NumberField poolKernel;
    private final NumberField poolStride;
    private final NumberField eps;
    // recurrent layers
    private final VBox recurrentBox = new VBox(6);
    private final ComboBox<String> recurrentParam = new ComboBox<>();
    private final CheckBox perGate = new CheckBox("per gate (each of i, f, g, o on its own)");
    private final CheckBox forget = new CheckBox("forget-gate bias");
    private final NumberField forgetValue;
    private String shownParam;
    private int shownLayer = -1;
    private Scheme shownScheme;
    private Scheme shownBias;
    private boolean updating;

    public InspectorPanel(NetworkSession session) {
        this.session = session;
        setId("inspector");
        getStyleClass().add("inspector");
        setSpacing(8);
        setPadding(new Insets(12));
        validation.setErrorDecorationEnabled(true);

        title.getStyleClass().add("title-3");
        title.setId("inspectorTitle");
        fans.getStyleClass().add("text-muted");
        fans.setWrapText(true);

        units = new NumberField(validation, I18n.f("units in this layer (fan_out of its weight); 1 to %,d",
                Limits.MAX_WIDTH));
        units.setId("unitsField");
        units.setApply(v -> {
            if (v != Math.rint(v) || v < 1 || v > Limits.MAX_WIDTH) {
                return Optional.of(I18n.f("units must be a whole number from 1 to %,d", Limits.MAX_WIDTH));
            }
            return session.editSpec(session.selected(), l -> l instanceof DenseSpec d ? d.withUnits((int) v)
                    : l instanceof Conv2dSpec c ? c.withOutChannels((int) v)
                    : l instanceof RecurrentSpec r ? r.withHiddenSize((int) v) : l);
        });

        activation.setId("activationCombo");
        activation.getItems().setAll(Activation.values());
        activation.setCellFactory(c -> activationCell());
        activation.setButtonCell(activationCell());
        activation.setTooltip(new Tooltip("the layer's nonlinearity φ, as in torch.nn.functional"));
        activation.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                apply(activation, session.editSpec(session.selected(), l -> withActivation(l, ActivationSpec.of(b))));
            }
        });
        activationParam = new NumberField(validation, "negative_slope of leaky_relu / alpha of elu");
        activationParam.setId("activationParam");
        activationParam.setApply(v -> session.editSpec(session.selected(),
                l -> withActivation(l, new ActivationSpec(activationOf(l).kind(), v))));

        scheme.setId("schemeCombo");
        scheme.getItems().setAll(Scheme.values());
        scheme.setCellFactory(c -> schemeCell());
        scheme.setButtonCell(schemeCell());
        scheme.setTooltip(new Tooltip("weight initializer, named as in torch.nn.init / keras.initializers"));
        scheme.setMaxWidth(Double.MAX_VALUE);
        scheme.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                apply(scheme, session.editSpec(session.selected(), l -> weightTarget().set(l,
                        weightTarget().get(l).withScheme(b))));
            }
        });

        biasScheme.setId("biasCombo");
        biasScheme.getItems().setAll(java.util.Arrays.stream(Scheme.values()).filter(Scheme::biasScheme).toList());
        biasScheme.setCellFactory(c -> schemeCell());
        biasScheme.setButtonCell(schemeCell());
        biasScheme.setMaxWidth(Double.MAX_VALUE);
        biasScheme.setTooltip(new Tooltip("bias initializer"));
        biasScheme.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                apply(biasScheme, session.editSpec(session.selected(), l -> biasTarget().set(l,
                        biasTarget().get(l).withScheme(b))));
            }
        });

        for (Label f : List.of(weightFormula, biasFormula)) {
            f.getStyleClass().add("formula");
            f.setWrapText(true);
            f.setMaxWidth(Double.MAX_VALUE);
        }
        weightFormula.setId("weightFormula");
        biasFormula.setId("biasFormula");
        weightGain.getStyleClass().add("text-muted");
        weightGain.setWrapText(true);
        for (GridPane g : List.of(weightParams, biasParams)) {
            g.setHgap(8);
            g.setVgap(6);
        }
        weightParams.setId("weightParams");
        biasParams.setId("biasParams");

        scale.setId("scaleSlider");
        scale.setShowTickMarks(true);
        scale.setShowTickLabels(true);
        scale.setMajorTickUnit(1);
        scale.setMinorTickCount(0);
        scale.setLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Double v) {
                int e = (int) Math.round(v);
                return e < 0 ? "1/" + (int) Math.pow(10, -e) : Integer.toString((int) Math.pow(10, e));
            }

            @Override
            public Double fromString(String s) {
                return 0.0;
            }
        });
        scale.setTooltip(new Tooltip("multiplies every weight of the initializer (log scale, ×0.001 to ×1000): drag "
                + "from vanishing through stable to exploding; double-click resets to ×1"));
        scale.valueProperty().addListener((o, a, b) -> {
            scaleValue.setText(String.format(Locale.ROOT, "× %s", Fmt.sig(Math.pow(10, b.doubleValue()), 3)));
            if (!updating) {
                double s = clampScale(Math.pow(10, b.doubleValue()));
                apply(scale, scaleAll.isSelected() ? session.editAllWeighted(l -> l.withScale(s))
                        : session.editWeighted(session.selected(), l -> l.withScale(s)));
            }
        });
        // a drag is one undo step
        scale.valueChangingProperty().addListener((o, a, dragging) -> {
            if (dragging) {
                session.history().beginGesture();
            } else {
                session.history().endGesture();
            }
        });
        scale.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                scale.setValue(0);
            }
        });
        scaleValue.setId("scaleValue");
        scaleValue.getStyleClass().add("scale-value");
        scaleValue.setMinWidth(64);
        scaleAll.setId("scaleAll");
        scaleAll.setTooltip(new Tooltip("the slider sets the scale of every layer instead of the selected one"));

        refused.setId("inspectorError");
        refused.getStyleClass().add("refused");
        refused.setWrapText(true);
        refused.managedProperty().bind(refused.visibleProperty());
        refused.setVisible(false);

        Button initAll = button("Use on all layers", "mdal-content_copy", "give every layer this weight initializer "
                + "and scale");
        initAll.setId("applyInitAll");
        initAll.setOnAction(e -> report(session.applyInitToAll()));
        Button actAll = button("all layers", "mdal-content_copy", "give every layer this activation");
        actAll.setId("applyActivationAll");
        actAll.setOnAction(e -> report(session.applyActivationToAll()));
        Button biasAll = button("Use on all layers", "mdal-content_copy", "give every layer this bias initializer");
        biasAll.setId("applyBiasAll");
        biasAll.setOnAction(e -> report(session.applyBiasToAll()));

        var layerGrid = new GridPane();
        layerGrid.setHgap(8);
        layerGrid.setVgap(6);
        layerGrid.addRow(0, unitsLabel, units.withReason());
        actRow = new HBox(6, activation, actAll);
        actRow.setAlignment(Pos.CENTER_LEFT);
        layerGrid.addRow(1, activationLabel, actRow);
        layerGrid.addRow(2, activationParamLabel, activationParam.withReason());
        for (Node n : List.of(unitsLabel, activationLabel, actRow)) {
            n.managedProperty().bind(n.visibleProperty());
        }

        kernel = geometryField("kernelField", "kernel_size k (square k×k); 1 to " + Conv2dSpec.MAX_KERNEL,
                (c, v) -> c.withGeometry(v, c.strideH(), c.padH(), c.groups()));
        stride = geometryField("strideField", "stride (both directions)", (c, v) -> c.withGeometry(c.kernelH(), v,
                c.padH(), c.groups()));
        padding = geometryField("paddingField", "zero padding on every side", (c, v) -> c.withGeometry(c.kernelH(),
                c.strideH(), v, c.groups()));
        groups = geometryField("groupsField", "groups: C_in and C_out split into this many independent convolutions "
                + "(fan_in = C_in/groups·k·k; fan_out is not divided)", (c, v) -> c.withGeometry(c.kernelH(),
                        c.strideH(), c.padH(), v));
        residual = new ResidualSection(session, validation, this::report);
        poolKernel = new NumberField(validation, "kernel_size of the max pool");
        poolKernel.setId("poolKernelField");
        poolKernel.setApply(v -> whole(v, 1, Conv2dSpec.MAX_KERNEL, "kernel_size").or(() -> session.editSpec(
                session.selected(), l -> new MaxPool2dSpec((int) v, (int) v, 1))));
        poolStride = new NumberField(validation, "stride of the max pool (PyTorch's default: the kernel size)");
        poolStride.setId("poolStrideField");
        poolStride.setApply(v -> whole(v, 1, Conv2dSpec.MAX_KERNEL, "stride").or(() -> session.editSpec(
                session.selected(), l -> new MaxPool2dSpec(((MaxPool2dSpec) l).kernel(), (int) v, 1))));
        eps = new NumberField(validation, "eps added to the variance (PyTorch's default 1e-5)");
        eps.setId("epsField");
        eps.setApply(v -> !(v > 0 && v <= 1) ? Optional.of("eps must be in (0, 1]") : session.editSpec(
                session.selected(), l -> new NormSpec(((NormSpec) l).kind(), v, 1)));
        geometry.setHgap(8);
        geometry.setVgap(6);
        geometry.setId("geometry");
        geometry.managedProperty().bind(geometry.visibleProperty());
        kernelNote.getStyleClass().add("text-muted");
        kernelNote.setWrapText(true);
        kernelNote.managedProperty().bind(kernelNote.visibleProperty());

        recurrentParam.setId("recurrentParam");
        recurrentParam.getItems().setAll("weight_hh", "weight_ih");
        recurrentParam.setValue("weight_hh");
        recurrentParam.setTooltip(new Tooltip("which weight the initializer editor below shows: weight_hh (hidden → "
                + "hidden, the recurrence) or weight_ih (input → hidden)"));
        recurrentParam.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                refresh();
            }
        });
        perGate.setId("perGate");
        perGate.setTooltip(new Tooltip("draw each gate's block of weight_ih and weight_hh on its own (fans of one "
                + "H×F block); off: one draw over the whole (4H × F) matrix as torch.nn.init does"));
        perGate.selectedProperty().addListener((o, a, b) -> {
            if (!updating) {
                apply(perGate, session.editSpec(session.selected(), l -> ((RecurrentSpec) l).withPerGate(b)));
            }
        });
        forgetValue = new NumberField(validation, "the forget gate's bias b_f (Keras' unit_forget_bias: 1)");
        forgetValue.setId("forgetBias");
        forgetValue.setApply(v -> Math.abs(v) > 100 ? Optional.of("the forget bias must be within ±100")
                : session.editSpec(session.selected(), l -> ((RecurrentSpec) l).withForgetBias(v)));
        forget.setId("forgetCheck");
        forget.setTooltip(new Tooltip("set the forget gate's block of bias_ih to a constant (and bias_hh's to 0), "
                + "as Keras' unit_forget_bias; off: drawn like the rest of the bias"));
        forget.selectedProperty().addListener((o, a, b) -> {
            if (!updating) {
                apply(forget, session.editSpec(session.selected(), l -> ((RecurrentSpec) l).withForgetBias(
                        b ? 1.0 : null)));
            }
        });
        Button torchDefaults = button("PyTorch default", "mdmz-restore", "every parameter U(±1/√hidden_size), as "
                + "nn.RNN/nn.LSTM initialize them");
        torchDefaults.setId("torchDefaults");
        torchDefaults.setOnAction(e -> apply(torchDefaults, session.editSpec(session.selected(), l -> {
            RecurrentSpec r = (RecurrentSpec) l;
            return RecurrentSpec.torchDefault(r.cell(), r.hiddenSize()).withNonlinearity(r.nonlinearity());
        })));
        Button kerasDefaults = button("Keras default", "mdmz-restore", "glorot_uniform kernel, orthogonal recurrent "
                + "kernel, zero bias and (lstm) unit forget bias");
        kerasDefaults.setId("kerasDefaults");
        kerasDefaults.setOnAction(e -> apply(kerasDefaults, session.editSpec(session.selected(), l -> {
            RecurrentSpec r = (RecurrentSpec) l;
            return RecurrentSpec.kerasDefault(r.cell(), r.hiddenSize()).withNonlinearity(r.nonlinearity());
        })));
        var defaultsRow = new HBox(6, torchDefaults, kerasDefaults);
        var forgetRow = new HBox(8, forget, forgetValue.withReason());
        forgetRow.setAlignment(Pos.CENTER_LEFT);
        forgetRow.setId("forgetRow");
        forgetRow.managedProperty().bind(forgetRow.visibleProperty());
        var paramRow = new HBox(8, label("edit"), recurrentParam);
        paramRow.setAlignment(Pos.CENTER_LEFT);
        recurrentBox.getChildren().addAll(defaultsRow, perGate, forgetRow, paramRow);
        recurrentBox.managedProperty().bind(recurrentBox.visibleProperty());
        about.setId("layerAbout");
        about.setWrapText(true);
        about.getStyleClass().add("explanation");
        about.managedProperty().bind(about.visibleProperty());

        var scaleRow = new HBox(6, scale, scaleValue);
        HBox.setHgrow(scale, Priority.ALWAYS);
        scaleRow.setAlignment(Pos.CENTER_LEFT);
        var scaleHead = new HBox(8, section("Scale"), spacer(), scaleAll);
        scaleHead.setAlignment(Pos.CENTER_LEFT);

        trainedAs.setId("trainedAs");
        trainedAs.setWrapText(true);
        trainedAs.getStyleClass().add("gain-follows");
        trainedAs.managedProperty().bind(trainedAs.visibleProperty());
        trainedAs.setVisible(false);
        effect.setId("initEffect");
        effect.setWrapText(true);
        effect.getStyleClass().add("explanation");
        effect.managedProperty().bind(effect.visibleProperty());
        gainFollows.setId("gainFollows");
        gainFollows.setWrapText(true);
        gainFollows.getStyleClass().add("gain-follows");
        gainFollows.managedProperty().bind(gainFollows.visibleProperty());
        gainFollows.setVisible(false);
        glorot.setId("glorotGain");
        glorot.managedProperty().bind(glorot.visibleProperty());
        glorot.setOnAction(e -> report(session.editAllWeighted(w -> xavier(w.init().scheme())
                ? w.withInit(w.init().with("gain", 1.0)) : w)));
        session.resultProperty().addListener((o, a, b) -> showEffect());
        origin.setId("initOrigin");
        origin.setWrapText(true);
        origin.getStyleClass().add("explanation");
        warnings.setId("misconceptions");
        weightsBox.getChildren().addAll(new Separator(), weightsTitle, recurrentBox, scheme, weightParams,
                weightFormula, weightGain, gainFollows, glorot, effect, origin, warnings, initAll);
        scaleBox.getChildren().addAll(scaleHead, scaleRow);
        biasBox.getChildren().addAll(new Separator(), section("Bias"), biasScheme, biasParams, biasFormula, biasAll);
        for (VBox b : List.of(weightsBox, scaleBox, biasBox)) {
            b.managedProperty().bind(b.visibleProperty());
        }
        getChildren().addAll(title, fans, trainedAs, refused, layerGrid, geometry, residual, kernelNote, about,
                weightsBox, scaleBox, biasBox);

        // locked for a presentation: formulas and explanations stay readable, nothing edits
        for (Node n : List.of(layerGrid, geometry, recurrentBox, scheme, weightParams, initAll, scaleAll, scaleRow,
                biasScheme, biasParams, biasAll, glorot)) {
            n.disableProperty().bind(session.lockedProperty());
        }
        session.specProperty().addListener((o, a, b) -> refresh());
        session.selectedProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    /** Which initializer an editor edits on a layer: the weight (or weight_ih/weight_hh) or the bias. */
    private record Target(Function<LayerSpec, InitSpec> getter, BiFunction<LayerSpec, InitSpec, LayerSpec> setter,
            String param) {
        InitSpec get(LayerSpec l) {
            return getter.apply(l);
        }

        LayerSpec set(LayerSpec l, InitSpec i) {
            return setter.apply(l, i);
        }
    }

    private Target weightTarget() {
        if (session.layerSpec(session.selected()) instanceof RecurrentSpec) {
            return "weight_ih".equals(recurrentParam.getValue())
                    ? new Target(l -> ((RecurrentSpec) l).weightIh(), (l, i) -> ((RecurrentSpec) l).withWeightIh(i),
                            "weight_ih")
                    : new Target(l -> ((RecurrentSpec) l).weightHh(), (l, i) -> ((RecurrentSpec) l).withWeightHh(i),
                            "weight_hh");
        }
        return new Target(l -> ((WeightedSpec) l).init(), (l, i) -> ((WeightedSpec) l).withInit(i), "weight");
    }

    private Target biasTarget() {
        if (session.layerSpec(session.selected()) instanceof RecurrentSpec) {
            return new Target(l -> ((RecurrentSpec) l).bias(), (l, i) -> ((RecurrentSpec) l).withBias(i), "bias_ih");
        }
        return new Target(l -> ((WeightedSpec) l).bias(), (l, i) -> ((WeightedSpec) l).withBias(i), "bias");
    }

    private static ActivationSpec activationOf(LayerSpec l) {
        if (l instanceof WeightedSpec w) {
            return w.activation();
        }
        if (l instanceof RecurrentSpec r) {
            return r.nonlinearity();
        }
        return ActivationSpec.of(Activation.LINEAR);
    }

    private static LayerSpec withActivation(LayerSpec l, ActivationSpec a) {
        if (l instanceof WeightedSpec w) {
            return w.withActivation(a);
        }
        if (l instanceof RecurrentSpec r && r.cell() == RecurrentSpec.Cell.RNN) {
            if (a.kind() != Activation.TANH && a.kind() != Activation.RELU) {
                throw new IllegalArgumentException("nn.RNN's nonlinearity is tanh or relu, not " + a.kind().id());
            }
            return r.withNonlinearity(a);
        }
        throw new IllegalArgumentException(l.label() + " has no activation to choose");
    }

    private NumberField geometryField(String id, String help, BiFunction<Conv2dSpec, Integer, Conv2dSpec> change) {
        var f = new NumberField(validation, help);
        f.setId(id);
        f.setPrefColumnCount(4);
        f.setApply(v -> whole(v, 0, 4096, "the value").or(() -> session.editSpec(session.selected(),
                l -> change.apply((Conv2dSpec) l, (int) v))));
        return f;
    }

    private static Optional<String> whole(double v, int min, int max, String what) {
        if (v != Math.rint(v) || v < min || v > max) {
            return Optional.of(what + " must be a whole number from " + min + " to " + max);
        }
        return Optional.empty();
    }

    private static double clampScale(double s) {
        return Math.max(DenseSpec.MIN_SCALE, Math.min(DenseSpec.MAX_SCALE, s));
    }

    static Button button(String text, String icon, String tip) {
        var b = new Button(text, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static ListCell<Activation> activationCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Activation a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : a.id());
                setTooltip(empty || a == null ? null : new Tooltip(a.formula()));
            }
        };
    }

    private static ListCell<Scheme> schemeCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Scheme s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : s.id());
                setTooltip(empty || s == null ? null : new Tooltip(s.source() + ": " + s.summary()));
            }
        };
    }

    /** The result of an edit from a combo or slider: refused edits are shown and the control goes back. */
    private void apply(Node control, Optional<String> outcome) {
        report(outcome);
        if (outcome.isPresent()) {
            refresh();
        }
    }

    private void report(Optional<String> outcome) {
        refused.setText(outcome.map(m -> I18n.f("Not applied: %s", m)).orElse(""));
        refused.setVisible(outcome.isPresent());
    }

    /** Show the selected layer (after a selection change or any edit). */
    public void refresh() {
        updating = true;
        try {
            int i = session.selected();
            LayerSpec layer = session.layerSpec(i);
            ResolvedLayer resolved = session.resolved().layers().get(i);
            if (i != shownLayer) {
                report(Optional.empty());
            }
            title.setText(org.initscope.i18n.I18n.f("Layer %d of %d · %s", i + 1, session.depth(), layer.type()));
            showLayerFields(layer, resolved);
            boolean weighted = layer instanceof WeightedSpec;
            boolean recurrent = layer instanceof RecurrentSpec;
            weightsBox.setVisible(weighted || recurrent);
            biasBox.setVisible(weighted || recurrent);
            scaleBox.setVisible(weighted);
            if (!weighted && !recurrent) {
                shownLayer = i;
                return;
            }
            Target wt = weightTarget();
            Target bt = biasTarget();
            InitSpec init = wt.get(layer);
            InitSpec bias = bt.get(layer);
            ResolvedInit w = resolved.param(wt.param()).init();
            ResolvedInit b = resolved.param(bt.param()).init();
            if (recurrent) {
                fans.setText(resolved.in().label() + " → " + resolved.out().label() + " · " + wt.param() + " "
                        + resolved.param(wt.param()).shapeLabel() + " · " + fansText(resolved.param(wt.param()).fans()));
            }
            weightsTitle.setText(recurrent ? I18n.f("Weights (%s)", wt.param()) : I18n.t("Weights"));
            scheme.setValue(init.scheme());
            biasScheme.setValue(bias.scheme());
            boolean rebuild = i != shownLayer || !wt.param().equals(shownParam);
            if (rebuild || init.scheme() != shownScheme) {
                buildParams(weightParams, init.scheme(), true);
                shownScheme = init.scheme();
            }
            if (rebuild || bias.scheme() != shownBias) {
                buildParams(biasParams, bias.scheme(), false);
                shownBias = bias.scheme();
            }
            shownLayer = i;
            shownParam = wt.param();
            refreshers.forEach(Runnable::run);
            weightFormula.setText(init.scheme().id() + ": " + w.formula() + String.join("", w.warnings().stream()
                    .map(x -> "\n⚠ " + x).toList()));
            weightGain.setText(w.gain() == null ? "" : I18n.f("gain: %s", w.gain().source()));
            weightGain.setVisible(w.gain() != null);
            weightGain.setManaged(w.gain() != null);
            showGainFollows(i, activationOf(layer), init, w);
            showTrained();
            glorot.setVisible(xavier(init.scheme()) && !(init.params().get("gain") instanceof Number g
                    && g.doubleValue() == 1.0));
            showEffect();
            biasFormula.setText(bias.scheme().id() + ": " + b.formula());
            String why = org.initscope.model.Explanations.assumption(init.scheme());
            origin.setText(org.initscope.model.Explanations.origin(init.scheme()) + (why.isEmpty() ? ""
                    : I18n.t(".\n") + why));
            warnings.getChildren().clear();
            var target = org.initscope.model.Misconception.target(resolved, wt.param(), init);
            for (var mis : org.initscope.model.Misconception.of(target)) {
                var l = new Label("⚠ " + mis.text(target));
                l.setUserData(mis);
                l.setWrapText(true);
                l.getStyleClass().add("misconception");
                warnings.getChildren().add(l);
            }
            if (layer instanceof WeightedSpec ws) {
                scale.setValue(Math.log10(ws.scale()));
                scaleValue.setText("× " + Fmt.sig(ws.scale(), 3));
            }
        } finally {
            updating = false;
        }
    }

    private static boolean xavier(Scheme s) {
        return s == Scheme.XAVIER_NORMAL || s == Scheme.XAVIER_UNIFORM || s == Scheme.GLOROT_NORMAL
                || s == Scheme.GLOROT_UNIFORM;
    }

    /**
     * An "auto" gain follows the activation: when the activation of the layer shown changes, say what the gain
     * became and what that did to the std (the formula above shows the new numbers).
     */
    private void showGainFollows(int layer, org.initscope.model.ActivationSpec act, InitSpec init, ResolvedInit w) {
        boolean auto = init.scheme().param("gain").isPresent() && init.isAuto("gain")
                || init.scheme().param("nonlinearity").isPresent() && init.isAuto("nonlinearity");
        if (layer == gainLayer && gainActivation != null && !gainActivation.equals(act) && auto && gainInit != null
                && gainInit.gain() != null && w.gain() != null) {
            gainFollows.setText(I18n.f("The gain follows the activation (auto): %s → %s, so one weight's std %s → %s.",
                    gainInit.gain().source(), w.gain().source(), Fmt.sig(gainInit.std(), 4), Fmt.sig(w.std(), 4)));
            gainFollows.setVisible(true);
        } else if (layer != gainLayer || !auto) {
            gainFollows.setVisible(false);
        }
        gainLayer = layer;
        gainActivation = act;
        gainInit = w;
    }

    /**
     * The Train tab is shown (the layers it trains) or hidden (null): the inspector then also says how the selected
     * layer is trained — the first layer's fan_in is the data's feature count, not the Explore input's.
     */
    public void setTrained(List<org.initscope.engine.train.Trainer.TrainedLayer> layers) {
        trained = layers;
        showTrained();
    }

    private void showTrained() {
        int i = session.selected();
        var layers = trained;
        if (layers == null || layers.size() <= session.depth() || layers.get(session.depth()).added() == false) {
            trainedAs.setVisible(false);
            return;
        }
        var t = layers.get(i).layer();
        String text = I18n.f("In the Train tab this layer is trained as %s → %s", t.in().label(), t.out().label());
        if (t.weight() != null && t.fans() != null) {
            text += " (" + t.fans().fanInText() + ", " + t.fans().fanOutText() + "): " + t.init().scheme().id() + ": "
                    + t.weight().formula();
        }
        if (i == session.depth() - 1) {
            var out = layers.get(layers.size() - 1).layer();
            text += "\n" + I18n.f("After it, the output layer %s → %s: %s", out.in().label(), out.out().label(),
                    out.init().scheme().id() + ": " + out.weight().formula());
        }
        trainedAs.setText(text);
        trainedAs.setVisible(true);
    }

    /** The initializer's effect here, from the newest run of this very network. */
    private void showEffect() {
        String text = session.initEffect(session.selected());
        effect.setText(text);
        effect.setVisible(!text.isEmpty());
    }

    private static String fansText(org.initscope.model.Fans f) {
        return f.fanInText() + ", " + f.fanOutText();
    }

    /** The type-specific part: width, activation, geometry, residual, pooling, eps, recurrent options. */
    private void showLayerFields(LayerSpec layer, ResolvedLayer resolved) {
        geometry.getChildren().clear();
        residual.show(resolved);
        kernelNote.setVisible(false);
        recurrentBox.setVisible(layer instanceof RecurrentSpec);
        boolean hasUnits = layer instanceof WeightedSpec || layer instanceof RecurrentSpec;
        unitsLabel.setVisible(hasUnits);
        units.setVisible(hasUnits);
        boolean hasActivation = layer instanceof WeightedSpec
                || layer instanceof RecurrentSpec r && r.cell() == RecurrentSpec.Cell.RNN;
        activationLabel.setVisible(hasActivation);
        actRow.setVisible(hasActivation);
        about.setVisible(true);
        ActivationSpec act = activationOf(layer);
        activation.setValue(act.kind());
        var p = hasActivation ? act.kind().paramName() : Optional.<String>empty();
        activationParam.setVisible(p.isPresent());
        activationParam.setManaged(p.isPresent());
        activationParamLabel.setVisible(p.isPresent());
        activationParamLabel.setManaged(p.isPresent());
        activationParamLabel.setText(p.orElse(""));
        if (p.isPresent()) {
            activationParam.show(act.param());
        }
        String shapes = resolved.in().label() + " → " + resolved.out().label();
        if (layer instanceof DenseSpec d) {
            unitsLabel.setText("units");
            units.show(d.units());
            fans.setText(shapes + I18n.f(" units · weight %s×%s · fan_in %s, fan_out %s", d.units(),
                    resolved.inputs(), resolved.fans().fanIn(), resolved.fans().fanOut()));
            // a residual layer's skip connection is explained, with its numbers, by the residual section
            about.setVisible(false);
        } else if (layer instanceof Conv2dSpec c) {
            unitsLabel.setText("out_channels");
            units.show(c.outChannels());
            fans.setText(shapes + I18n.f(" · weight %s×%s×%s×%s", c.outChannels(),
                    resolved.in().channels() / c.groups(), c.kernelH(), c.kernelW()) + "\n" + fansText(resolved.fans()));
            kernel.show(c.kernelH());
            stride.show(c.strideH());
            padding.show(c.padH());
            groups.show(c.groups());
            geometry.addRow(0, label("kernel"), kernel.withReason(), label("stride"), stride.withReason());
            geometry.addRow(1, label("padding"), padding.withReason(), label("groups"), groups.withReason());
            boolean square = c.kernelH() == c.kernelW() && c.strideH() == c.strideW() && c.padH() == c.padW();
            kernelNote.setText(square ? "" : I18n.f("Non-square kernel, stride or padding (%s×%s): editing a field "
                    + "here makes it square; the config keeps pairs.", c.kernelH(), c.kernelW()));
            kernelNote.setVisible(!square);
            about.setText(I18n.f("nn.Conv2d: each output channel is a %s×%s filter over %s input channel(s). The fans "
                    + "count the receptive field: fan_in = C_in/groups·kH·kW, fan_out = C_out·kH·kW.", c.kernelH(),
                    c.kernelW(), resolved.in().channels() / c.groups()));
        } else if (layer instanceof MaxPool2dSpec m) {
            fans.setText(shapes + I18n.t(" · no parameters"));
            poolKernel.show(m.kernel());
            poolStride.show(m.stride());
            geometry.addRow(0, label("kernel"), poolKernel.withReason(), label("stride"), poolStride.withReason());
            about.setText(I18n.t("nn.MaxPool2d keeps the largest value of each window; backward, the whole gradient "
                    + "goes to that one input. The variance recursion models the backward pass (after a ReLU the "
                    + "maximum has slope 1 unless the whole window is ≤ 0) but not the forward one: the theory "
                    + "restarts from the measured values after a pool, and the chart marks the pool."));
        } else if (layer instanceof NormSpec n) {
            fans.setText(shapes + I18n.f(" · γ = 1, β = 0 (%s each)", resolved.param("weight").rows()));
            eps.show(n.eps());
            geometry.addRow(0, label("eps"), eps.withReason());
            about.setText(I18n.t(n.kind() == NormSpec.Kind.BATCH
                    ? "nn.BatchNorm (training mode): every feature (every channel of an image) is normalized over "
                            + "the batch: x̂ = (x − μ)/√(σ² + eps), y = γ·x̂ + β. Whatever the scale of the layer "
                            + "before, its output has variance σ²/(σ² + eps) ≈ 1 — a bad initializer is repaired."
                    : "nn.LayerNorm: every example is normalized over its own features: x̂ = (x − μ)/√(σ² + eps), "
                            + "y = γ·x̂ + β, with one γ and β per feature."));
        } else if (layer instanceof RecurrentSpec r) {
            unitsLabel.setText("hidden_size");
            units.show(r.hiddenSize());
            boolean lstm = r.cell() == RecurrentSpec.Cell.LSTM;
            perGate.setSelected(r.perGate());
            forget.setSelected(r.forgetBias() != null);
            forgetValue.show(r.forgetBias() == null ? 1.0 : r.forgetBias());
            forgetValue.setDisable(r.forgetBias() == null);
            forget.getParent().setVisible(lstm);
            perGate.setVisible(lstm);
            perGate.setManaged(lstm);
            about.setText(lstm
                    ? I18n.f("nn.LSTM, gates in PyTorch's order i, f, g, o: c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t). "
                            + "The cell path multiplies the gradient by f at every step, so the forget bias "
                            + "decides how far back it reaches. Output: %s", I18n.t(resolved.out().sequence()
                                    ? "every h_t (the next layer is recurrent)." : "h_T, the last step."))
                    : I18n.f("nn.RNN: h_t = %s(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh). "
                            + "∂h_T/∂h_t is a product of T − t factors diag(φ')·W_hh: W_hh's singular values "
                            + "decide whether the gradient vanishes or explodes through time.",
                            r.nonlinearity().kind().id()));
        } else if (layer instanceof org.initscope.model.FlattenSpec f) {
            fans.setText(shapes + I18n.t(" · no parameters"));
            about.setText(I18n.t("nn.Flatten: the C×H×W values of each image become one vector for the dense layers "
                    + "after it; nothing is computed."));
        }
        geometry.setVisible(!geometry.getChildren().isEmpty());
    }

    /** One editor per parameter of the scheme. */
    private void buildParams(GridPane grid, Scheme s, boolean weights) {
        grid.getChildren().clear();
        refreshers.removeIf(r -> r instanceof ParamRefresher pr && pr.weights == weights);
        Target target = weights ? weightTarget() : biasTarget();
        Function<LayerSpec, InitSpec> get = target::get;
        BiFunction<LayerSpec, InitSpec, LayerSpec> set = target::set;
        String prefix = weights ? "" : "bias-";
        int row = 0;
        for (ParamDef def : s.params()) {
            Label l = label(def.name());
            l.setTooltip(new Tooltip(def.help()));
            if (def.kind() == ParamDef.Kind.CHOICE) {
                var combo = new ComboBox<String>();
                combo.setId(prefix + "choice-" + def.name());
                combo.getItems().setAll(def.choices());
                combo.setTooltip(new Tooltip(def.help()));
                combo.valueProperty().addListener((o, a, b) -> {
                    if (!updating && b != null) {
                        apply(combo, session.editSpec(session.selected(), d -> set.apply(d, get.apply(d).with(
                                def.name(), b))));
                    }
                });
                grid.addRow(row++, l, combo);
                refreshers.add(new ParamRefresher(weights,
                        () -> combo.setValue(get.apply(session.layerSpec(session.selected())).choice(def.name()))));
            } else {
                var field = new NumberField(validation, def.name() + ": " + def.help() + " (default "
                        + def.defaultText() + ")");
                field.setId(prefix + "param-" + def.name());
                field.setApply(v -> session.editSpec(session.selected(), d -> set.apply(d, get.apply(d).with(
                        def.name(), v))));
                Node editor = field.withReason();
                CheckBox auto = null;
                if (def.autoAllowed()) {
                    auto = new CheckBox("auto");
                    auto.setId(prefix + "auto-" + def.name());
                    auto.setTooltip(new Tooltip("calculate_gain of the layer's activation (numeric where PyTorch has "
                            + "none)"));
                    CheckBox a = auto;
                    auto.selectedProperty().addListener((o, was, now) -> {
                        if (!updating) {
                            Object value = now ? ParamDef.AUTO : resolvedGain(target);
                            apply(a, session.editSpec(session.selected(), x -> set.apply(x, get.apply(x).with(
                                    def.name(), value))));
                        }
                    });
                    var box = new HBox(8, field.withReason(), auto);
                    box.setAlignment(Pos.CENTER_LEFT);
                    editor = box;
                }
                grid.addRow(row++, l, editor);
                CheckBox a = auto;
                refreshers.add(new ParamRefresher(weights, () -> {
                    InitSpec spec = get.apply(session.layerSpec(session.selected()));
                    boolean isAuto = spec.isAuto(def.name());
                    if (a != null) {
                        a.setSelected(isAuto);
                    }
                    field.setDisable(isAuto);
                    field.show(isAuto ? resolvedGain(target) : spec.number(def.name()));
                }));
            }
        }
    }

    private double resolvedGain(Target target) {
        ResolvedInit w = session.resolved().layers().get(session.selected()).param(target.param()).init();
        return w.gain() == null ? 1.0 : w.gain().value();
    }

    private record ParamRefresher(boolean weights, Runnable body) implements Runnable {
        @Override
        public void run() {
            body.run();
        }
    }
}
