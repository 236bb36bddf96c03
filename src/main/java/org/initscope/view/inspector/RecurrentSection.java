package org.initscope.view.inspector;

import static org.initscope.view.Forms.label;

import java.util.Optional;
import java.util.function.UnaryOperator;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Explanations;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.view.Forms;
import org.initscope.view.NumberField;

/**
 * A recurrent layer (nn.RNN, nn.LSTM): hidden_size, an rnn's nonlinearity, PyTorch's and Keras' defaults, per-gate
 * draws and the forget-gate bias of an lstm, and which weight the initializer editor shows (weight_ih or weight_hh).
 */
final class RecurrentSection implements LayerSection {
    private final LayerGrid grid;
    private final ComboBox<String> param = new ComboBox<>();
    private final CheckBox perGate = new CheckBox("per gate (each of i, f, g, o on its own)");
    private final CheckBox forget = new CheckBox("forget-gate bias");
    private final NumberField forgetValue;
    private final HBox forgetRow;
    private final VBox options;

    /** weight_ih, weight_hh and bias_ih of a recurrent layer. */
    private static final LayerProperty<InitSpec> WEIGHT_IH = new LayerProperty<>("weight_ih",
            l -> ((RecurrentSpec) l).weightIh(), (l, i) -> ((RecurrentSpec) l).withWeightIh(i));
    private static final LayerProperty<InitSpec> WEIGHT_HH = new LayerProperty<>("weight_hh",
            l -> ((RecurrentSpec) l).weightHh(), (l, i) -> ((RecurrentSpec) l).withWeightHh(i));
    private static final LayerProperty<InitSpec> BIAS_IH = new LayerProperty<>("bias_ih",
            l -> ((RecurrentSpec) l).bias(), (l, i) -> ((RecurrentSpec) l).withBias(i));
    /** An rnn's nonlinearity: tanh or relu, as nn.RNN's. */
    private static final LayerProperty<ActivationSpec> NONLINEARITY = new LayerProperty<>("nonlinearity",
            l -> ((RecurrentSpec) l).nonlinearity(), (l, a) -> {
                var r = (RecurrentSpec) l;
                if (r.cell() != RecurrentSpec.Cell.RNN) {
                    throw new IllegalArgumentException(l.label() + " has no activation to choose");
                }
                if (a.kind() != Activation.TANH && a.kind() != Activation.RELU) {
                    throw new IllegalArgumentException("nn.RNN's nonlinearity is tanh or relu, not " + a.kind().id());
                }
                return r.withNonlinearity(a);
            });

    RecurrentSection(InspectorContext ctx) {
        grid = new LayerGrid(ctx, new LayerProperty<>("hidden_size", l -> ((RecurrentSpec) l).hiddenSize(),
                (l, v) -> ((RecurrentSpec) l).withHiddenSize(v)), NONLINEARITY);
        param.setId("recurrentParam");
        param.getItems().setAll("weight_hh", "weight_ih");
        param.setValue("weight_hh");
        param.setTooltip(new Tooltip("which weight the initializer editor below shows: weight_hh (hidden → "
                + "hidden, the recurrence) or weight_ih (input → hidden)"));
        param.valueProperty().addListener((o, a, b) -> {
            if (!ctx.updating && b != null) {
                ctx.refresh();
            }
        });
        perGate.setId("perGate");
        perGate.setWrapText(true);
        perGate.setTooltip(new Tooltip("draw each gate's block of weight_ih and weight_hh on its own (fans of one "
                + "H×F block); off: one draw over the whole (4H × F) matrix as torch.nn.init does"));
        perGate.managedProperty().bind(perGate.visibleProperty());
        perGate.selectedProperty().addListener((o, a, b) -> {
            if (!ctx.updating) {
                ctx.apply(ctx.edit(l -> ((RecurrentSpec) l).withPerGate(b)));
            }
        });
        forgetValue = new NumberField(ctx.validation, "the forget gate's bias b_f (Keras' unit_forget_bias: 1)");
        forgetValue.setId("forgetBias");
        forgetValue.setApply(v -> Math.abs(v) > 100 ? Optional.of("the forget bias must be within ±100")
                : ctx.edit(l -> ((RecurrentSpec) l).withForgetBias(v)));
        forget.setId("forgetCheck");
        forget.setTooltip(new Tooltip("set the forget gate's block of bias_ih to a constant (and bias_hh's to 0), "
                + "as Keras' unit_forget_bias; off: drawn like the rest of the bias"));
        forget.selectedProperty().addListener((o, a, b) -> {
            if (!ctx.updating) {
                ctx.apply(ctx.edit(l -> ((RecurrentSpec) l).withForgetBias(b ? 1.0 : null)));
            }
        });
        Button torch = defaults(ctx, "PyTorch default", "every parameter U(±1/√hidden_size), as nn.RNN/nn.LSTM "
                + "initialize them", "torchDefaults", r -> RecurrentSpec.torchDefault(r.cell(), r.hiddenSize()));
        Button keras = defaults(ctx, "Keras default", "glorot_uniform kernel, orthogonal recurrent kernel, zero bias "
                + "and (lstm) unit forget bias", "kerasDefaults", r -> RecurrentSpec.kerasDefault(r.cell(),
                        r.hiddenSize()));
        forgetRow = new HBox(8, forget, forgetValue.withReason());
        forgetRow.setAlignment(Pos.CENTER_LEFT);
        forgetRow.setId("forgetRow");
        forgetRow.managedProperty().bind(forgetRow.visibleProperty());
        var paramRow = new HBox(8, label("edit"), param);
        paramRow.setAlignment(Pos.CENTER_LEFT);
        options = new VBox(6, new HBox(6, torch, keras), perGate, forgetRow, paramRow);
        options.disableProperty().bind(ctx.locked());
    }

    /** A button that gives the layer a framework's defaults (keeping its cell, width and nonlinearity). */
    private static Button defaults(InspectorContext ctx, String text, String tip, String id,
            UnaryOperator<RecurrentSpec> of) {
        Button b = Forms.button(text, "mdmz-restore", tip);
        b.setId(id);
        b.setOnAction(e -> ctx.apply(ctx.edit(l -> {
            var r = (RecurrentSpec) l;
            return of.apply(r).withNonlinearity(r.nonlinearity());
        })));
        return b;
    }

    @Override
    public Class<RecurrentSpec> type() {
        return RecurrentSpec.class;
    }

    @Override
    public Node fields() {
        return grid;
    }

    @Override
    public Node weightOptions() {
        return options;
    }

    @Override
    public String show(LayerSpec layer, ResolvedLayer resolved) {
        var r = (RecurrentSpec) layer;
        boolean lstm = r.cell() == RecurrentSpec.Cell.LSTM;
        grid.show(r.hiddenSize(), r.nonlinearity(), !lstm);
        perGate.setSelected(r.perGate());
        forget.setSelected(r.forgetBias() != null);
        forgetValue.show(r.forgetBias() == null ? 1.0 : r.forgetBias());
        forgetValue.setDisable(r.forgetBias() == null);
        forgetRow.setVisible(lstm);
        perGate.setVisible(lstm);
        var w = resolved.param(weight().name());
        return Sections.shapes(resolved) + " · " + w.name() + " " + w.shapeLabel() + " · " + Sections.fans(w.fans());
    }

    @Override
    public String about(LayerSpec layer, ResolvedLayer resolved) {
        var r = (RecurrentSpec) layer;
        return r.cell() == RecurrentSpec.Cell.LSTM ? Explanations.lstm(resolved.out().sequence())
                : Explanations.rnn(r.nonlinearity().kind().id());
    }

    private LayerProperty<InitSpec> weight() {
        return "weight_ih".equals(param.getValue()) ? WEIGHT_IH : WEIGHT_HH;
    }

    @Override
    public Optional<LayerProperty<InitSpec>> weights(LayerSpec layer) {
        return Optional.of(weight());
    }

    @Override
    public Optional<LayerProperty<InitSpec>> bias(LayerSpec layer) {
        return Optional.of(BIAS_IH);
    }
}
