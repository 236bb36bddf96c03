package org.initscope.model;

import org.initscope.math.GaussianExpectation;

/**
 * A gain and where it came from: set by the user, PyTorch's calculate_gain, or computed numerically for an
 * activation calculate_gain does not know (the gain that keeps E[(gain·φ(z))²] = 1 for z ~ N(0, 1)).
 */
public record Gain(double value, String source) {

    /** torch.nn.init.calculate_gain(nonlinearity, param), exactly as in PyTorch. */
    public static Gain calculate(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                    "conv_transpose3d", "sigmoid" -> new Gain(1.0, "calculate_gain('" + nonlinearity + "') = 1");
            case "tanh" -> new Gain(5.0 / 3.0, "calculate_gain('tanh') = 5/3");
            case "relu" -> new Gain(Math.sqrt(2.0), "calculate_gain('relu') = √2");
            case "leaky_relu" -> new Gain(Math.sqrt(2.0 / (1 + param * param)),
                    "calculate_gain('leaky_relu', " + Fmt.num(param) + ") = √(2/(1+" + Fmt.num(param) + "²))");
            case "selu" -> new Gain(0.75, "calculate_gain('selu') = 3/4");
            default -> throw new IllegalArgumentException("Unsupported nonlinearity " + nonlinearity);
        };
    }

    /** The gain for {@code "auto"}: calculate_gain of the activation, or the numeric gain where PyTorch has none. */
    public static Gain auto(ActivationSpec activation) {
        var name = activation.kind().torchGainName();
        if (name.isPresent()) {
            double param = activation.kind() == Activation.LEAKY_RELU ? activation.param() : 0.01;
            return calculate(name.get(), param);
        }
        return numeric(activation);
    }

    /** 1/√E[φ(z)²], z ~ N(0, 1): PyTorch has no gain for this activation, so it is computed and labelled. */
    public static Gain numeric(ActivationSpec activation) {
        double m2 = GaussianExpectation.of(z -> {
            double a = activation.apply(z);
            return a * a;
        }, 1.0);
        double g = 1 / Math.sqrt(m2);
        return new Gain(g, "numeric (no calculate_gain for " + activation.kind().id() + "): 1/√E[" + activation.kind().id()
                + "(z)²] = 1/√" + Fmt.f4(m2) + ", z ~ N(0,1)");
    }

    public static Gain user(double value) {
        return new Gain(value, "gain = " + Fmt.num(value));
    }
}
