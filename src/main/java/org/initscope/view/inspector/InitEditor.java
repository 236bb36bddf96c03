package org.initscope.view.inspector;

import static org.initscope.view.Forms.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.ResolvedInit;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Scheme;
import org.initscope.view.NumberField;

/**
 * One initializer with all its parameters: the scheme, one editor per parameter (a number, a number or "auto", a
 * choice), rebuilt when the scheme changes, and the formula with the actual numbers. The same editor serves a
 * layer's weights, its bias and a recurrent layer's weight_ih and weight_hh; invalid values are flagged and never
 * applied.
 */
final class InitEditor extends VBox {
    private final InspectorContext ctx;
    /** The ids of this editor's parameter controls start with this ("" for the weights, "bias-" for the bias). */
    private final String prefix;
    private final boolean bias;
    private final ComboBox<Scheme> scheme = new ComboBox<>();
    private final GridPane params = new GridPane();
    private final Label formula = new Label();
    private final List<Runnable> refreshers = new ArrayList<>();
    private LayerProperty<InitSpec> target;
    private int shownLayer = -1;
    private String shownParam;
    private Scheme shownScheme;

    /** The editor of a layer's weights (every scheme). */
    static InitEditor weights(InspectorContext ctx) {
        return new InitEditor(ctx, false);
    }

    /** The editor of a layer's bias (the schemes that make sense for a bias). */
    static InitEditor bias(InspectorContext ctx) {
        return new InitEditor(ctx, true);
    }

    private InitEditor(InspectorContext ctx, boolean bias) {
        super(8);
        this.ctx = ctx;
        this.bias = bias;
        prefix = bias ? "bias-" : "";
        scheme.setId(bias ? "biasCombo" : "schemeCombo");
        scheme.getItems().setAll(bias ? Arrays.stream(Scheme.values()).filter(Scheme::biasScheme).toList()
                : List.of(Scheme.values()));
        scheme.setCellFactory(c -> schemeCell());
        scheme.setButtonCell(schemeCell());
        scheme.setTooltip(new Tooltip(bias ? "bias initializer"
                : "weight initializer, named as in torch.nn.init / keras.initializers"));
        scheme.setMaxWidth(Double.MAX_VALUE);
        scheme.valueProperty().addListener((o, a, b) -> {
            if (!ctx.updating && b != null && target != null) {
                var t = target;
                ctx.apply(ctx.edit(l -> t.set(l, t.get(l).withScheme(b))));
            }
        });
        params.setId(bias ? "biasParams" : "weightParams");
        params.setHgap(8);
        params.setVgap(6);
        formula.setId(bias ? "biasFormula" : "weightFormula");
        formula.getStyleClass().add("formula");
        formula.setWrapText(true);
        formula.setMaxWidth(Double.MAX_VALUE);
        // locked for a presentation: the formula stays readable, nothing edits
        scheme.disableProperty().bind(ctx.locked());
        params.disableProperty().bind(ctx.locked());
        getChildren().addAll(scheme, params, formula);
    }

    /**
     * Show the initializer {@code target} of layer {@code index} (called while the inspector fills its controls):
     * the parameter editors are made anew for another layer, parameter or scheme.
     */
    void show(LayerProperty<InitSpec> target, int index, LayerSpec layer, ResolvedLayer resolved) {
        this.target = target;
        setVisible(true);
        InitSpec init = target.get(layer);
        scheme.setValue(init.scheme());
        if (index != shownLayer || !target.name().equals(shownParam) || init.scheme() != shownScheme) {
            build(init.scheme());
            shownLayer = index;
            shownParam = target.name();
            shownScheme = init.scheme();
        }
        refreshers.forEach(Runnable::run);
        ResolvedInit r = resolved.param(target.name()).init();
        // a weight's formula carries its warnings (a zero ReLU layer never learns)
        formula.setText(init.scheme().id() + ": " + r.formula() + (bias ? "" : String.join("", r.warnings().stream()
                .map(x -> "\n⚠ " + x).toList())));
    }

    /** The layer shown has no such initializer: the editor hides, and the next one shown gets its editors anew. */
    void clear() {
        setVisible(false);
        shownLayer = -1;
    }

    /** One editor per parameter of the scheme. */
    private void build(Scheme s) {
        params.getChildren().clear();
        refreshers.clear();
        var t = target;
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
                    if (!ctx.updating && b != null) {
                        ctx.apply(ctx.edit(d -> t.set(d, t.get(d).with(def.name(), b))));
                    }
                });
                params.addRow(row++, l, combo);
                refreshers.add(() -> combo.setValue(t.get(ctx.layer()).choice(def.name())));
                continue;
            }
            var field = new NumberField(ctx.validation, def.name() + ": " + def.help() + " (default "
                    + def.defaultText() + ")");
            field.setId(prefix + "param-" + def.name());
            field.setApply(v -> ctx.edit(d -> t.set(d, t.get(d).with(def.name(), v))));
            Node editor;
            CheckBox auto = null;
            if (!def.autoAllowed()) {
                editor = field.withReason();
            } else {
                auto = new CheckBox("auto");
                auto.setId(prefix + "auto-" + def.name());
                auto.setTooltip(new Tooltip("calculate_gain of the layer's activation (numeric where PyTorch has "
                        + "none)"));
                auto.selectedProperty().addListener((o, was, now) -> {
                    if (!ctx.updating) {
                        Object value = now ? ParamDef.AUTO : resolvedGain(t);
                        ctx.apply(ctx.edit(x -> t.set(x, t.get(x).with(def.name(), value))));
                    }
                });
                var box = new HBox(8, field.withReason(), auto);
                box.setAlignment(Pos.CENTER_LEFT);
                editor = box;
            }
            params.addRow(row++, l, editor);
            CheckBox a = auto;
            refreshers.add(() -> {
                InitSpec spec = t.get(ctx.layer());
                boolean isAuto = spec.isAuto(def.name());
                if (a != null) {
                    a.setSelected(isAuto);
                }
                field.setDisable(isAuto);
                field.show(isAuto ? resolvedGain(t) : spec.number(def.name()));
            });
        }
    }

    /** The gain the initializer has now (what "auto" resolved to). */
    private double resolvedGain(LayerProperty<InitSpec> t) {
        ResolvedInit w = ctx.resolved().param(t.name()).init();
        return w.gain() == null ? 1.0 : w.gain().value();
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
}
