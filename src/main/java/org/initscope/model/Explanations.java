package org.initscope.model;

import java.util.ArrayList;
import java.util.List;
import org.initscope.i18n.I18n;

/**
 * Where each initializer comes from, the assumption it makes, and the common misconceptions worth showing where
 * they matter (initializers.md §2–4).
 */
public final class Explanations {
    private Explanations() {
    }

    /** The paper or source the scheme comes from, in the UI's language. */
    public static String origin(Scheme s) {
        String english = englishOrigin(s);
        return english.isEmpty() ? I18n.f("torch.nn.init.%s_", s.id()) : I18n.t(english);
    }

    private static String englishOrigin(Scheme s) {
        return switch (s) {
            case XAVIER_UNIFORM, XAVIER_NORMAL, GLOROT_UNIFORM, GLOROT_NORMAL ->
                    "Glorot & Bengio 2010, “Understanding the difficulty of training deep feedforward neural networks”";
            case KAIMING_UNIFORM, KAIMING_NORMAL, HE_UNIFORM, HE_NORMAL ->
                    "He, Zhang, Ren & Sun 2015, “Delving deep into rectifiers” (PReLU paper)";
            case LECUN_NORMAL, LECUN_UNIFORM -> "LeCun, Bottou, Orr & Müller 1998, “Efficient BackProp”; with SELU: "
                    + "Klambauer et al. 2017, “Self-normalizing neural networks”";
            case ORTHOGONAL -> "Saxe, McClelland & Ganguli 2014, “Exact solutions to the nonlinear dynamics of learning "
                    + "in deep linear neural networks”";
            case SPARSE -> "Martens 2010, “Deep learning via Hessian-free optimization”";
            case TORCH_DEFAULT -> "torch.nn.Linear.reset_parameters: kaiming_uniform_(a=√5), i.e. the “standard” "
                    + "U[−1/√n, 1/√n] heuristic that Glorot & Bengio 2010 analysed";
            case VARIANCE_SCALING -> "keras.initializers.VarianceScaling: the family behind Glorot, He and LeCun";
            case TRUNC_NORMAL -> "torch.nn.init.trunc_normal_ (used by ViT and other transformers)";
            case EYE -> "torch.nn.init.eye_; identity recurrent weights: Le, Jaitly & Hinton 2015 (IRNN)";
            default -> "";
        };
    }

    /** The assumption behind the scale the scheme picks, in the UI's language ("" if none is worth naming). */
    public static String assumption(Scheme s) {
        return I18n.t(englishAssumption(s));
    }

    private static String englishAssumption(Scheme s) {
        return switch (s) {
            case XAVIER_UNIFORM, XAVIER_NORMAL, GLOROT_UNIFORM, GLOROT_NORMAL -> "Assumes a linear (or tanh-like, "
                    + "near 0) activation: Var = 2/(fan_in+fan_out) compromises between keeping the forward "
                    + "(fan_in·Var = 1) and the backward (fan_out·Var = 1) variance. With ReLU it halves the signal at "
                    + "every layer; for tanh use gain 5/3.";
            case KAIMING_UNIFORM, KAIMING_NORMAL, HE_UNIFORM, HE_NORMAL -> "Assumes ReLU: it zeroes half of its "
                    + "inputs, so Var = 2/fan_in (gain √2) keeps the second moment; mode fan_in keeps the forward "
                    + "signal, fan_out the backward one.";
            case LECUN_NORMAL, LECUN_UNIFORM -> "Var = 1/fan_in keeps a linear layer's output variance; with SELU "
                    + "(mean 0, var 1) it is the self-normalizing fixed point.";
            case ORTHOGONAL -> "An orthogonal matrix preserves every norm: a linear network stays an exact isometry "
                    + "(all singular values of the Jacobian 1), however deep.";
            case TORCH_DEFAULT -> "Var = 1/(3·fan_in): σ_w² = 1/3, which shrinks the signal of a deep tanh or ReLU "
                    + "stack at every layer (the ordered phase). Fine for shallow nets; PyTorch users usually "
                    + "re-initialize deep ones.";
            case ZEROS, ONES, CONSTANT -> "Every unit of a layer starts identical and gets the same gradient: "
                    + "training cannot break the symmetry.";
            case NORMAL, UNIFORM -> "A fixed scale, whatever the layer's width: too small vanishes, too large "
                    + "saturates or explodes — the CS231n experiments.";
            default -> "";
        };
    }

    /** Misconceptions (in the UI's language) that apply to this initializer on this activation. */
    public static List<String> misconceptions(InitSpec init, ActivationSpec act) {
        var out = new ArrayList<String>();
        Scheme s = init.scheme();
        if (s == Scheme.TORCH_DEFAULT) {
            out.add(I18n.t("Not N(0, 2/(fan_in+fan_out)) with a zero bias, as often repeated: nn.Linear's default is "
                    + "uniform, depends on fan_in only (std 1/√(3·fan_in)), and its bias is U(±1/√fan_in), not 0. "
                    + "The claim describes xavier_normal_ plus zeros_."));
        }
        if (s == Scheme.XAVIER_NORMAL || s == Scheme.GLOROT_NORMAL) {
            out.add(I18n.t("DL4J's WeightInit.XAVIER is this normal variant (untruncated); Keras' glorot_normal has the same "
                    + "variance but is truncated at ±2 stddev (with Keras' 0.8796 correction)."));
        }
        if (s == Scheme.TRUNC_NORMAL) {
            out.add(I18n.t("trunc_normal_'s a and b are absolute values, not multiples of std, and it does not correct the "
                    + "variance: std 1 cut to [−2, 2] has std 0.88; with std 0.02 and the default [−2, 2] nothing is "
                    + "cut at all."));
        }
        if (s == Scheme.ORTHOGONAL) {
            out.add(I18n.t("Keras' LSTM recurrent default applies orthogonal to the whole (units, 4·units) matrix: each gate's "
                    + "block is not orthogonal (mean squared singular value 1/4); initialize each gate separately."));
        }
        if (act.kind() == Activation.SELU && (s == Scheme.KAIMING_NORMAL || s == Scheme.KAIMING_UNIFORM)
                && ("selu".equals(init.value("nonlinearity")) || init.isAuto("nonlinearity"))) {
            out.add(I18n.t("calculate_gain('selu') = 3/4 does not self-normalize (variance 0.044 after 32 layers); "
                    + "self-normalization needs Var = 1/fan_in: nonlinearity 'linear' or lecun_normal."));
        }
        if (act.kind() == Activation.RELU && (s == Scheme.XAVIER_NORMAL || s == Scheme.XAVIER_UNIFORM
                || s == Scheme.GLOROT_NORMAL || s == Scheme.GLOROT_UNIFORM) && !init.isAuto("gain")
                && (init.params().get("gain") == null || init.number("gain") == 1.0)) {
            out.add(I18n.t("Xavier with ReLU halves the variance at every layer: use kaiming (He) or gain √2."));
        }
        if (s == Scheme.LECUN_UNIFORM) {
            out.add(I18n.t("DL4J's LECUN_UNIFORM is U(±3/√fan_in), three times Keras' variance (U(±√(3/fan_in)))."));
        }
        return out;
    }
}
