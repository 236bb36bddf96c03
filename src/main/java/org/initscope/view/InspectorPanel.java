package org.initscope.view;

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
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
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
    private final Label origin = new Label();
    private final VBox warnings = new VBox(4);
    private final List<Runnable> refreshers = new ArrayList<>();
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

        units = new NumberField(validation, "units in this layer (fan_out of its weight); 1 to 16384");
        units.setId("unitsField");
        units.setApply(v -> {
            if (v != Math.rint(v) || v < 1 || v > 16384) {
                return Optional.of("units must be a whole number from 1 to 16384");
            }
            return session.editLayer(session.selected(), l -> l.withUnits((int) v));
        });

        activation.setId("activationCombo");
        activation.getItems().setAll(Activation.values());
        activation.setCellFactory(c -> activationCell());
        activation.setButtonCell(activationCell());
        activation.setTooltip(new Tooltip("the layer's nonlinearity φ, as in torch.nn.functional"));
        activation.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                apply(activation, session.editLayer(session.selected(), l -> l.withActivation(ActivationSpec.of(b))));
            }
        });
        activationParam = new NumberField(validation, "negative_slope of leaky_relu / alpha of elu");
        activationParam.setId("activationParam");
        activationParam.setApply(v -> session.editLayer(session.selected(),
                l -> l.withActivation(new ActivationSpec(l.activation().kind(), v))));

        scheme.setId("schemeCombo");
        scheme.getItems().setAll(Scheme.values());
        scheme.setCellFactory(c -> schemeCell());
        scheme.setButtonCell(schemeCell());
        scheme.setTooltip(new Tooltip("weight initializer, named as in torch.nn.init / keras.initializers"));
        scheme.setMaxWidth(Double.MAX_VALUE);
        scheme.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                apply(scheme, session.editLayer(session.selected(), l -> l.withInit(l.init().withScheme(b))));
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
                apply(biasScheme, session.editLayer(session.selected(), l -> l.withBias(l.bias().withScheme(b))));
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
                apply(scale, scaleAll.isSelected() ? session.editAllLayers(l -> l.withScale(s))
                        : session.editLayer(session.selected(), l -> l.withScale(s)));
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
        layerGrid.addRow(0, label("units"), units);
        var actRow = new HBox(6, activation, actAll);
        actRow.setAlignment(Pos.CENTER_LEFT);
        layerGrid.addRow(1, label("activation"), actRow);
        layerGrid.addRow(2, activationParamLabel, activationParam);

        var scaleRow = new HBox(6, scale, scaleValue);
        HBox.setHgrow(scale, Priority.ALWAYS);
        scaleRow.setAlignment(Pos.CENTER_LEFT);
        var scaleHead = new HBox(8, section("Scale"), spacer(), scaleAll);
        scaleHead.setAlignment(Pos.CENTER_LEFT);

        origin.setId("initOrigin");
        origin.setWrapText(true);
        origin.getStyleClass().add("explanation");
        warnings.setId("misconceptions");
        getChildren().addAll(title, fans, refused, layerGrid, new Separator(),
                section("Weights"), scheme, weightParams, weightFormula, weightGain, origin, warnings, initAll,
                scaleHead, scaleRow,
                new Separator(), section("Bias"), biasScheme, biasParams, biasFormula, biasAll);

        // locked for a presentation: formulas and explanations stay readable, nothing edits
        for (Node n : List.of(layerGrid, scheme, weightParams, initAll, scaleAll, scaleRow, biasScheme, biasParams,
                biasAll)) {
            n.disableProperty().bind(session.lockedProperty());
        }
        session.specProperty().addListener((o, a, b) -> refresh());
        session.selectedProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    private static double clampScale(double s) {
        return Math.max(DenseSpec.MIN_SCALE, Math.min(DenseSpec.MAX_SCALE, s));
    }

    private static Node spacer() {
        var r = new javafx.scene.layout.Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static Label section(String text) {
        var l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Label label(String text) {
        var l = new Label(text);
        l.getStyleClass().add("field-label");
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
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
        refused.setText(outcome.map(m -> "Not applied: " + m).orElse(""));
        refused.setVisible(outcome.isPresent());
    }

    /** Show the selected layer (after a selection change or any edit). */
    public void refresh() {
        updating = true;
        try {
            int i = session.selected();
            DenseSpec layer = session.layer(i);
            ResolvedLayer resolved = session.spec().resolve().layers().get(i);
            if (i != shownLayer) {
                report(Optional.empty());
            }
            title.setText("Layer " + (i + 1) + " of " + session.depth());
            fans.setText(resolved.inputs() + " → " + layer.units() + " units · weight " + layer.units() + "×"
                    + resolved.inputs() + " · fan_in " + resolved.fans().fanIn() + ", fan_out "
                    + resolved.fans().fanOut());
            units.show(layer.units());
            activation.setValue(layer.activation().kind());
            var p = layer.activation().kind().paramName();
            activationParam.setVisible(p.isPresent());
            activationParam.setManaged(p.isPresent());
            activationParamLabel.setVisible(p.isPresent());
            activationParamLabel.setManaged(p.isPresent());
            activationParamLabel.setText(p.orElse(""));
            if (p.isPresent()) {
                activationParam.show(layer.activation().param());
            }
            scheme.setValue(layer.init().scheme());
            biasScheme.setValue(layer.bias().scheme());
            if (i != shownLayer || layer.init().scheme() != shownScheme) {
                buildParams(weightParams, layer.init().scheme(), true);
                shownScheme = layer.init().scheme();
            }
            if (i != shownLayer || layer.bias().scheme() != shownBias) {
                buildParams(biasParams, layer.bias().scheme(), false);
                shownBias = layer.bias().scheme();
            }
            shownLayer = i;
            refreshers.forEach(Runnable::run);
            ResolvedInit w = resolved.weight();
            weightFormula.setText(layer.init().scheme().id() + ": " + w.formula());
            weightGain.setText(w.gain() == null ? "" : "gain: " + w.gain().source());
            weightGain.setVisible(w.gain() != null);
            weightGain.setManaged(w.gain() != null);
            biasFormula.setText(layer.bias().scheme().id() + ": " + resolved.bias().formula());
            String why = org.initscope.model.Explanations.assumption(layer.init().scheme());
            origin.setText(org.initscope.model.Explanations.origin(layer.init().scheme()) + (why.isEmpty() ? ""
                    : ".\n" + why));
            warnings.getChildren().clear();
            for (String m : org.initscope.model.Explanations.misconceptions(layer.init(), layer.activation())) {
                var l = new Label("⚠ " + m);
                l.setWrapText(true);
                l.getStyleClass().add("misconception");
                warnings.getChildren().add(l);
            }
            scale.setValue(Math.log10(layer.scale()));
            scaleValue.setText("× " + Fmt.sig(layer.scale(), 3));
        } finally {
            updating = false;
        }
    }

    /** One editor per parameter of the scheme. */
    private void buildParams(GridPane grid, Scheme s, boolean weights) {
        grid.getChildren().clear();
        refreshers.removeIf(r -> r instanceof ParamRefresher pr && pr.weights == weights);
        Function<DenseSpec, InitSpec> get = weights ? DenseSpec::init : DenseSpec::bias;
        BiFunction<DenseSpec, InitSpec, DenseSpec> set = weights ? DenseSpec::withInit : DenseSpec::withBias;
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
                        apply(combo, session.editLayer(session.selected(), d -> set.apply(d, get.apply(d).with(
                                def.name(), b))));
                    }
                });
                grid.addRow(row++, l, combo);
                refreshers.add(new ParamRefresher(weights,
                        () -> combo.setValue(get.apply(session.layer(session.selected())).choice(def.name()))));
            } else {
                var field = new NumberField(validation, def.name() + ": " + def.help() + " (default "
                        + def.defaultText() + ")");
                field.setId(prefix + "param-" + def.name());
                field.setApply(v -> session.editLayer(session.selected(), d -> set.apply(d, get.apply(d).with(
                        def.name(), v))));
                Node editor = field;
                CheckBox auto = null;
                if (def.autoAllowed()) {
                    auto = new CheckBox("auto");
                    auto.setId(prefix + "auto-" + def.name());
                    auto.setTooltip(new Tooltip("calculate_gain of the layer's activation (numeric where PyTorch has "
                            + "none)"));
                    CheckBox a = auto;
                    auto.selectedProperty().addListener((o, was, now) -> {
                        if (!updating) {
                            DenseSpec d = session.layer(session.selected());
                            Object value = now ? ParamDef.AUTO : resolvedGain(d);
                            apply(a, session.editLayer(session.selected(), x -> set.apply(x, get.apply(x).with(
                                    def.name(), value))));
                        }
                    });
                    var box = new HBox(8, field, auto);
                    box.setAlignment(Pos.CENTER_LEFT);
                    editor = box;
                }
                grid.addRow(row++, l, editor);
                CheckBox a = auto;
                refreshers.add(new ParamRefresher(weights, () -> {
                    DenseSpec d = session.layer(session.selected());
                    InitSpec spec = get.apply(d);
                    boolean isAuto = spec.isAuto(def.name());
                    if (a != null) {
                        a.setSelected(isAuto);
                    }
                    field.setDisable(isAuto);
                    field.show(isAuto ? resolvedGain(d) : spec.number(def.name()));
                }));
            }
        }
    }

    private double resolvedGain(DenseSpec d) {
        ResolvedInit w = session.spec().resolve().layers().get(session.selected()).weight();
        return w.gain() == null ? 1.0 : w.gain().value();
    }

    private record ParamRefresher(boolean weights, Runnable body) implements Runnable {
        @Override
        public void run() {
            body.run();
        }
    }

    /** The editor of a weight parameter (tests). */
    public Optional<NumberField> weightField(String name) {
        return weightParams.getChildren().stream().flatMap(n -> n instanceof HBox h ? h.getChildren().stream()
                : java.util.stream.Stream.of(n)).filter(n -> n instanceof NumberField f && ("param-" + name)
                        .equals(f.getId())).map(n -> (NumberField) n).findFirst();
    }
}
