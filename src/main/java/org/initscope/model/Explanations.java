package org.initscope.model;

import org.initscope.i18n.I18n;

/**
 * Where each initializer comes from and the assumption it makes (initializers.md §2–4); the misconceptions worth
 * showing, each with its condition, are {@link Misconception}.
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
                    + "near 0) activation: Var = gain²·2/(fan_in+fan_out) compromises between keeping the forward "
                    + "(fan_in·Var = 1) and the backward (fan_out·Var = 1) variance. Glorot & Bengio use gain 1; "
                    + "calculate_gain adapts it to the activation (tanh 5/3, relu √2).";
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
}
