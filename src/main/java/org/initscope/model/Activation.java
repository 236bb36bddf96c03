package org.initscope.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.special.Erf;

/**
 * The activation functions, named and defined as in PyTorch (torch.nn.functional), with their double-precision
 * values and derivatives for the theory. The engine evaluates them in float32 with its own kernels.
 */
public enum Activation {
    LINEAR("linear", null, Double.NaN, "φ(z) = z"),
    RELU("relu", null, Double.NaN, "φ(z) = max(0, z)"),
    LEAKY_RELU("leaky_relu", "negative_slope", 0.01, "φ(z) = z for z > 0, negative_slope·z otherwise"),
    TANH("tanh", null, Double.NaN, "φ(z) = tanh(z)"),
    SIGMOID("sigmoid", null, Double.NaN, "φ(z) = 1/(1 + e^(−z))"),
    SELU("selu", null, Double.NaN, "φ(z) = λ·z for z > 0, λ·α·(e^z − 1) otherwise; λ = 1.0507, α = 1.6733"),
    ELU("elu", "alpha", 1.0, "φ(z) = z for z > 0, alpha·(e^z − 1) otherwise"),
    GELU("gelu", null, Double.NaN, "φ(z) = z·Φ(z) (exact, erf form)"),
    SILU("silu", null, Double.NaN, "φ(z) = z·σ(z)"),
    SOFTPLUS("softplus", null, Double.NaN, "φ(z) = log(1 + e^z) (beta 1, threshold 20)");

    /** SELU constants from Klambauer et al. 2017, as in PyTorch. */
    public static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** PyTorch's softplus switches to the identity above this input (beta = 1). */
    public static final double SOFTPLUS_THRESHOLD = 20.0;
    /** A tanh unit counts as saturated when |tanh(z)| exceeds this, a sigmoid unit outside [1 - x, x]. */
    public static final double SATURATION = 0.97;

    private final String id;
    private final String paramName;
    private final double paramDefault;
    private final String formula;

    Activation(String id, String paramName, double paramDefault, String formula) {
        this.id = id;
        this.paramName = paramName;
        this.paramDefault = paramDefault;
        this.formula = formula;
    }

    /** The name used in configs and by PyTorch, e.g. {@code leaky_relu}. */
    public String id() {
        return id;
    }

    /** The name of this activation's parameter ({@code negative_slope}, {@code alpha}), if it has one. */
    public Optional<String> paramName() {
        return Optional.ofNullable(paramName);
    }

    public double paramDefault() {
        return paramDefault;
    }

    public String formula() {
        return formula;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Activation::id).toList();
    }

    public static Optional<Activation> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    /** Whether units of this activation can saturate (their gradient vanishes at both ends). */
    public boolean saturates() {
        return this == TANH || this == SIGMOID;
    }

    /** Whether an activation value counts as saturated (always false for non-saturating activations). */
    public boolean isSaturated(double a) {
        return switch (this) {
            case TANH -> Math.abs(a) > SATURATION;
            case SIGMOID -> a < 1 - SATURATION || a > SATURATION;
            default -> false;
        };
    }

    /** The nonlinearity name PyTorch's calculate_gain knows for this activation, if any. */
    public Optional<String> torchGainName() {
        return switch (this) {
            case LINEAR, RELU, LEAKY_RELU, TANH, SIGMOID, SELU -> Optional.of(id);
            default -> Optional.empty();
        };
    }

    /** φ(x) in double precision; {@code p} is the parameter (negative_slope or alpha), ignored by the others. */
    public double apply(double x, double p) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> x > 0 ? x : 0.0;
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case SELU -> x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x);
            case ELU -> x > 0 ? x : p * Math.expm1(x);
            case GELU -> 0.5 * x * Erf.erfc(-x / Math.sqrt(2));
            case SILU -> x * sigmoid(x);
            case SOFTPLUS -> x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(x));
        };
    }

    /** φ'(x) in double precision (the one-sided value PyTorch uses at kinks: 0 at x = 0 for relu). */
    public double derivative(double x, double p) {
        return switch (this) {
            case LINEAR -> 1.0;
            case RELU -> x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> x > 0 ? 1.0 : p;
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case SIGMOID -> {
                double s = sigmoid(x);
                yield s * (1 - s);
            }
            case SELU -> x > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(x);
            case ELU -> x > 0 ? 1.0 : p * Math.exp(x);
            case GELU -> 0.5 * Erf.erfc(-x / Math.sqrt(2)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case SILU -> {
                double s = sigmoid(x);
                yield s * (1 + x * (1 - s));
            }
            case SOFTPLUS -> x > SOFTPLUS_THRESHOLD ? 1.0 : sigmoid(x);
        };
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
