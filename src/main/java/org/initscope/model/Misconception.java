package org.initscope.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.initscope.i18n.I18n;

/**
 * The common misconceptions worth showing beside an initializer (initializers.md §2–4), each with the condition under
 * which it applies to the tensor the inspector shows — the note appears there and nowhere else. A note that states a
 * number computes it from the layer's own numbers.
 */
public enum Misconception {
    /** PyTorch's nn.Linear default is not Xavier with a zero bias. */
    TORCH_DEFAULT_IS_NOT_XAVIER(t -> t.init().scheme() == Scheme.TORCH_DEFAULT,
            t -> I18n.t("Not N(0, 2/(fan_in+fan_out)) with a zero bias, as often repeated: nn.Linear's default is "
                    + "uniform, depends on fan_in only (std 1/√(3·fan_in)), and its bias is U(±1/√fan_in), not 0. "
                    + "The claim describes xavier_normal_ plus zeros_.")),
    /** Keras' glorot_normal is truncated, unlike torch's xavier_normal_ and DL4J's XAVIER. */
    GLOROT_NORMAL_IS_TRUNCATED(t -> t.init().scheme() == Scheme.GLOROT_NORMAL,
            t -> I18n.t("Keras' glorot_normal is a normal truncated at ±2 stddev (with Keras' 0.8796 correction, so the "
                    + "variance is still 2/(fan_in+fan_out)); torch's xavier_normal_ and DL4J's WeightInit.XAVIER are "
                    + "not truncated.")),
    /** trunc_normal_'s bounds are absolute and its variance is not corrected. */
    TRUNC_NORMAL_BOUNDS(t -> t.init().scheme() == Scheme.TRUNC_NORMAL,
            t -> I18n.t("trunc_normal_'s a and b are absolute values, not multiples of std, and it does not correct the "
                    + "variance: std 1 cut to [−2, 2] has std 0.88; with std 0.02 and the default [−2, 2] nothing is "
                    + "cut at all.")),
    /** Keras' LSTM recurrent default is orthogonal on the whole matrix, not per gate. */
    KERAS_LSTM_ORTHOGONAL(t -> t.layer() instanceof RecurrentSpec r && r.cell() == RecurrentSpec.Cell.LSTM
            && !r.perGate() && "weight_hh".equals(t.param()) && t.init().scheme() == Scheme.ORTHOGONAL,
            t -> I18n.t("Keras' LSTM recurrent default applies orthogonal to the whole (units, 4·units) matrix: each "
                    + "gate's block is not orthogonal (mean squared singular value 1/4); initialize each gate "
                    + "separately.")),
    /** calculate_gain('selu') = 3/4 does not self-normalize. */
    SELU_GAIN(t -> t.activation().kind() == Activation.SELU && (t.init().scheme() == Scheme.KAIMING_NORMAL
            || t.init().scheme() == Scheme.KAIMING_UNIFORM) && ("selu".equals(t.init().value("nonlinearity"))
                    || t.init().isAuto("nonlinearity")),
            t -> I18n.f("calculate_gain('selu') = 3/4 does not self-normalize: σ_w² = fan_in·Var[W] = %s instead of 1, "
                    + "so the signal's variance shrinks at every layer; self-normalization needs Var[W] = 1/fan_in: "
                    + "nonlinearity 'linear' or lecun_normal.", Fmt.sig(t.sigmaW2(), 3))),
    /**
     * Xavier with ReLU: σ_w²/2 per layer. Shown where it shrinks the signal, with the factor this layer's fans give
     * (exactly a halving only when fan_in = fan_out).
     */
    XAVIER_ON_RELU(t -> t.activation().kind() == Activation.RELU && xavier(t.init().scheme())
            && t.sigmaW2() / 2 < 0.9,
            t -> I18n.f("Xavier with ReLU: σ_w² = fan_in·Var[W] = %s, so every such layer multiplies the signal's "
                    + "variance by σ_w²/2 = %s (std × %s); kaiming (He) or xavier with gain √2 keeps it.",
                    Fmt.sig(t.sigmaW2(), 3), Fmt.sig(t.sigmaW2() / 2, 3), Fmt.sig(Math.sqrt(t.sigmaW2() / 2), 3))),
    /** DL4J's LECUN_UNIFORM is three times Keras' variance. */
    DL4J_LECUN_UNIFORM(t -> t.init().scheme() == Scheme.LECUN_UNIFORM,
            t -> I18n.t("DL4J's LECUN_UNIFORM is U(±3/√fan_in), three times Keras' variance (U(±√(3/fan_in)))."));

    /**
     * The tensor the inspector shows: the layer, which of its weights ("weight", "weight_ih" or "weight_hh"), the
     * initializer, the layer's activation and the weight as resolved (its fans and exact moments).
     */
    public record Target(LayerSpec layer, String param, InitSpec init, ActivationSpec activation,
            ResolvedParam resolved) {
        /** σ_w² = fan_in·E[W²] of the weight (with the layer's scale). */
        public double sigmaW2() {
            return resolved.fans().fanIn() * resolved.init().secondMoment();
        }
    }

    private final Predicate<Target> applies;
    private final Function<Target, String> text;

    Misconception(Predicate<Target> applies, Function<Target, String> text) {
        this.applies = applies;
        this.text = text;
    }

    private static boolean xavier(Scheme s) {
        return s == Scheme.XAVIER_NORMAL || s == Scheme.XAVIER_UNIFORM || s == Scheme.GLOROT_NORMAL
                || s == Scheme.GLOROT_UNIFORM;
    }

    /** Whether the note applies to this tensor. */
    public boolean appliesTo(Target t) {
        return applies.test(t);
    }

    /** The note for this tensor, in the UI's language. */
    public String text(Target t) {
        return text.apply(t);
    }

    /** The notes that apply to a tensor, in order. */
    public static List<Misconception> of(Target t) {
        var out = new ArrayList<Misconception>();
        for (Misconception m : values()) {
            if (m.appliesTo(t)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The notes for the weight {@code param} of a resolved layer. */
    public static Target target(ResolvedLayer layer, String param, InitSpec init) {
        ActivationSpec act = layer.spec() instanceof WeightedSpec w ? w.activation()
                : layer.spec() instanceof RecurrentSpec r ? r.nonlinearity() : ActivationSpec.of(Activation.LINEAR);
        return new Target(layer.spec(), param, init, act, layer.param(param));
    }
}
