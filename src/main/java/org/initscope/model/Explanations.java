package org.initscope.model;

import org.initscope.i18n.I18n;

/**
 * Where each initializer comes from and the assumption it makes (initializers.md §2–4), and what each layer type
 * does, in the words the inspector shows a class; the misconceptions worth showing, each with its condition, are
 * {@link Misconception}.
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
            case FIXUP -> "Zhang, Dauphin & Ma 2019, “Fixup initialization: residual learning without normalization”";
            case LSUV -> "Mishkin & Matas 2016, “All you need is a good init” (layer-sequential unit-variance, LSUV)";
            default -> "";
        };
    }

    /**
     * What a dense layer's place in the residual branches means, with its numbers ("" outside the branches): the
     * skip connection of the layer that closes a branch (ReZero/SkipInit, a learned or a fixed α), or which branch
     * an inner layer belongs to.
     */
    public static String residual(ResolvedLayer layer) {
        Branch b = layer.branch();
        if (b == null) {
            return "";
        }
        int from = b.first() + 1;
        int to = b.first() + b.length();
        if (!b.last()) {
            return I18n.f("Layer %d is layer %d of %d of residual branch %d of %d: layer %d closes the branch and adds "
                    + "the input of layer %d to its output.", layer.index(), b.position(), b.length(), b.number(),
                    b.count(), to, from);
        }
        Residual r = layer.dense().residual();
        String span = b.length() == 1 ? I18n.f("Layer %d is residual block %d of %d: a' = x + α·φ(z), x its own "
                + "input.", layer.index(), b.number(), b.count())
                : I18n.f("Layer %d closes residual branch %d of %d (layers %d–%d): a' = x + α·φ(z), x the input of "
                        + "layer %d.", layer.index(), b.number(), b.count(), from, to, from);
        String alpha;
        if (r.rezero()) {
            alpha = I18n.t("α = 0, learned: ReZero (Bachlechner et al. 2020) and SkipInit (De & Smith 2020). At "
                    + "initialization the block passes its input through exactly (its Jacobian is I); training moves "
                    + "α away from 0 as far as the branch helps.");
        } else if (r.learned()) {
            alpha = I18n.f("α = %s, learned: the branch's scale is trained with its weights (Fixup's multiplier "
                    + "starts at 1).", Fmt.num(r.alpha()));
        } else if (r.alpha() == 0) {
            alpha = I18n.t("α = 0, fixed: the branch never contributes and never learns (make α learned for "
                    + "ReZero).");
        } else {
            double sqrt = 1 / Math.sqrt(b.count());
            alpha = I18n.f("α = %s, fixed: every block adds α² = %s times its branch's second moment E[φ(z)²] to the "
                    + "signal's; α = 1/√L = 1/√%d = %s keeps the sum of the %d blocks bounded.", Fmt.num(r.alpha()),
                    Fmt.sig(r.alpha() * r.alpha(), 4), b.count(), Fmt.f4(sqrt), b.count());
        }
        return span + " " + alpha;
    }

    /**
     * What the network's parameterization does to dense layer {@code index} (0-based) with its numbers: its role,
     * Table 3's initial variance against the layer's own, and the factors on its learning rate and weight decay; for
     * the last layer also the output layer the Train tab adds. "" in SP, which changes nothing.
     */
    public static String parameterization(ResolvedNetwork net, int index) {
        Parameterization p = net.spec().parameterization();
        if (p.standard()) {
            return "";
        }
        ResolvedLayer layer = net.layers().get(index);
        if (layer.dense() == null) {
            return "";
        }
        int in = layer.inputs();
        int out = layer.units();
        Parameterization.Role role = index == 0 ? Parameterization.Role.INPUT : Parameterization.Role.HIDDEN;
        double mIn = p.widthMultiplier(in, role != Parameterization.Role.INPUT);
        double mOut = p.widthMultiplier(out, true);
        var text = new StringBuilder(I18n.f("%s: layer %d is %s (%d → %d): m_in = %s, m_out = %s (fan/n₀; the data's "
                + "features do not grow).", p.label(), layer.index(), I18n.t(role == Parameterization.Role.INPUT
                        ? "the input layer" : "a hidden layer"), in, out, Fmt.sig(mIn, 4), Fmt.sig(mOut, 4)));
        double exponent = Parameterization.measuredExponent(layer, role);
        int wanted = p.varianceExponent(role);
        text.append(' ').append(I18n.f("Table 3 wants Var[W] ∝ width^%d; %s gives Var = %s, ∝ width^%s%s", wanted,
                layer.init().scheme().id(), Fmt.sig(layer.weight().variance(), 4), Double.isNaN(exponent) ? "?"
                        : Fmt.sig(exponent, 2), Double.isNaN(exponent) ? "." : Math.abs(exponent - wanted) < 0.05
                        ? " ✓." : I18n.t(" ⚠: the width scaling of the parameterization does not hold for this layer.")));
        text.append(' ').append(rates(p, role, in, out));
        if (index == net.depth() - 1) {
            Parameterization.Role o = Parameterization.Role.OUTPUT;
            text.append('\n').append(I18n.f("The output layer the Train tab adds (%d → the data's outputs): initial "
                    + "weights and bias × %s (std), W·x × %s in the forward pass (output multiplier %s / m).", out,
                    Fmt.sig(p.initStdScale(o, out), 4), Fmt.sig(p.forwardMultiplier(o, out), 4),
                    Fmt.num(p.outputMultiplier()))).append(' ').append(rates(p, o, out, 1));
        }
        return text.toString();
    }

    private static String rates(Parameterization p, Parameterization.Role role, int in, int out) {
        return I18n.f("Learning rate: weights × %s with Adam, × %s with SGD; bias × %s with Adam, × %s with SGD.",
                Fmt.sig(p.learningRateScale(role, true, in, out, true), 4),
                Fmt.sig(p.learningRateScale(role, true, in, out, false), 4),
                Fmt.sig(p.learningRateScale(role, false, in, out, true), 4),
                Fmt.sig(p.learningRateScale(role, false, in, out, false), 4));
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
            case LSUV -> "Data-dependent: instead of assuming a distribution of the inputs and an activation, it "
                    + "measures each layer's output on a batch and rescales the orthonormal weights until Var[z] = 1 "
                    + "within the tolerance, layer after layer, so every layer starts at unit variance whatever the "
                    + "activation.";
            case FIXUP -> "Without normalization the L residual branches add up. A zero last layer makes every block "
                    + "start as the identity, and scaling the branch's other layers by L^(−1/(2m−2)) keeps the first "
                    + "updates from changing the output by more than a constant, however deep the network.";
            default -> "";
        };
    }

    /** What a conv layer of kH×kW filters over {@code inPerGroup} input channels computes, and how its fans count. */
    public static String conv2d(int kernelH, int kernelW, int inPerGroup) {
        return I18n.f("nn.Conv2d: each output channel is a %s×%s filter over %s input channel(s). The fans count the "
                + "receptive field: fan_in = C_in/groups·kH·kW, fan_out = C_out·kH·kW.", kernelH, kernelW, inPerGroup);
    }

    /** What a max pool does, forward and backward, and what the variance recursion makes of it. */
    public static String maxPool2d() {
        return I18n.t("nn.MaxPool2d keeps the largest value of each window; backward, the whole gradient goes to that "
                + "one input. The variance recursion models the backward pass (after a ReLU the maximum has slope 1 "
                + "unless the whole window is ≤ 0) but not the forward one: the theory restarts from the measured "
                + "values after a pool, and the chart marks the pool.");
    }

    /** What a batch or layer normalization does to the signal's variance. */
    public static String norm(NormSpec.Kind kind) {
        return I18n.t(kind == NormSpec.Kind.BATCH
                ? "nn.BatchNorm (training mode): every feature (every channel of an image) is normalized over the "
                        + "batch: x̂ = (x − μ)/√(σ² + eps), y = γ·x̂ + β. Whatever the scale of the layer before, its "
                        + "output has variance σ²/(σ² + eps) ≈ 1 — a bad initializer is repaired."
                : "nn.LayerNorm: every example is normalized over its own features: x̂ = (x − μ)/√(σ² + eps), "
                        + "y = γ·x̂ + β, with one γ and β per feature.");
    }

    /** An lstm's gates and why its forget bias decides how far back the gradient reaches. */
    public static String lstm(boolean everyStep) {
        return I18n.f("nn.LSTM, gates in PyTorch's order i, f, g, o: c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t). The "
                + "cell path multiplies the gradient by f at every step, so the forget bias decides how far back it "
                + "reaches. Output: %s", I18n.t(everyStep ? "every h_t (the next layer is recurrent)."
                        : "h_T, the last step."));
    }

    /** An rnn's recurrence and why W_hh's singular values decide whether the gradient vanishes through time. */
    public static String rnn(String nonlinearity) {
        return I18n.f("nn.RNN: h_t = %s(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh). ∂h_T/∂h_t is a product of T − t "
                + "factors diag(φ')·W_hh: W_hh's singular values decide whether the gradient vanishes or explodes "
                + "through time.", nonlinearity);
    }

    /** What flatten does. */
    public static String flatten() {
        return I18n.t("nn.Flatten: the C×H×W values of each image become one vector for the dense layers after it; "
                + "nothing is computed.");
    }
}
