package org.initscope.engine.train;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the widths of a dense network scale its training: standard (SP, every layer as initialized and one learning
 * rate), NTK and μP (maximal update parametrization). Each is written as what it changes against SP at a base width
 * n₀ — where all three coincide — as mup's {@code set_base_shapes} does: the output layer's initial weights and the
 * learning rate of every parameter, by the width multiplier m = fan/n₀ of the dimensions that grow with the width
 * (the data's features and the classes do not). μP follows Yang et al. 2022 (Tensor Programs V, Table 3; the μP of
 * Yang &amp; Hu 2021 written without multipliers), for SGD (and SGD with momentum) and Adam:
 *
 * <table>
 * <caption>learning rate × (and output initial variance ×) against SP</caption>
 * <tr><th></th><th>input weights, all biases</th><th>hidden weights</th><th>output weights</th></tr>
 * <tr><td>μP init variance</td><td>1</td><td>1</td><td>1/m (so Var = n₀/fan_in²)</td></tr>
 * <tr><td>μP SGD</td><td>m of fan_out</td><td>1</td><td>1/m</td></tr>
 * <tr><td>μP Adam</td><td>1</td><td>1/m</td><td>1/m</td></tr>
 * <tr><td>NTK SGD</td><td>1 (biases), 1/m of fan_in</td><td>1/m</td><td>1/m</td></tr>
 * <tr><td>NTK Adam</td><td>1 (biases), 1/√m of fan_in</td><td>1/√m</td><td>1/√m</td></tr>
 * </table>
 *
 * NTK's weights are W = w/√fan_in with w ~ N(0, 1) trained at the learning rate η: the same network at
 * initialization as W ~ N(0, 1/fan_in), but W moves at η/fan_in under SGD (η/√fan_in under Adam) — written here
 * against the base width. The initial weights of the hidden and input layers are the network's own (use a 1/fan_in
 * variance — lecun or kaiming — for the parametrizations' scaling to hold).
 *
 * @param baseWidth n₀: the width at which μP and NTK equal SP (mup's base shape)
 */
public record Parameterization(Kind kind, int baseWidth) {
    public static final Parameterization STANDARD = new Parameterization(Kind.SP, 128);

    /** The three parametrizations. */
    public enum Kind {
        SP("sp", "standard (SP)"), NTK("ntk", "NTK"), MUP("mup", "μP");

        private final String id;
        private final String label;

        Kind(String id, String label) {
            this.id = id;
            this.label = label;
        }

        public String id() {
            return id;
        }

        public String label() {
            return label;
        }

        public static Optional<Kind> byId(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
        }

        public static List<String> ids() {
            return Arrays.stream(values()).map(Kind::id).toList();
        }
    }

    public Parameterization {
        java.util.Objects.requireNonNull(kind);
        if (baseWidth < 1 || baseWidth > 1 << 20) {
            throw new IllegalArgumentException("the base width must be between 1 and " + (1 << 20) + ", got "
                    + baseWidth);
        }
    }

    public static Parameterization of(Kind kind, int baseWidth) {
        return new Parameterization(kind, baseWidth);
    }

    public boolean standard() {
        return kind == Kind.SP;
    }

    /** The width multiplier of a dimension: m = n/n₀ when it is a width, 1 when it is the data's (fixed). */
    private double m(int n, boolean width) {
        return width ? (double) n / baseWidth : 1;
    }

    /**
     * The factor on the learning rate of a parameter of layer {@code layer} (0-based; {@code layers} of them, the
     * output layer last), with {@code fanIn} inputs and {@code fanOut} outputs.
     */
    public double learningRateScale(int layer, int layers, boolean weight, int fanIn, int fanOut,
            OptimizerSpec.Kind optimizer) {
        boolean adam = optimizer == OptimizerSpec.Kind.ADAM;
        boolean input = layer == 0;
        boolean output = layer == layers - 1;
        double mIn = m(fanIn, !input);
        double mOut = m(fanOut, !output);
        return switch (kind) {
            case SP -> 1;
            case NTK -> !weight ? 1 : adam ? 1 / Math.sqrt(mIn) : 1 / mIn;
            case MUP -> {
                if (!weight || input) {
                    yield adam ? 1 : mOut;
                }
                yield output || adam ? 1 / mIn : 1;
            }
        };
    }

    /** The factor on the std of the output layer's initial weights (μP: 1/√m, so that Var = n₀/fan_in² at 1/fan_in). */
    public double outputInitStdScale(int fanIn) {
        return kind == Kind.MUP ? Math.sqrt(baseWidth / (double) fanIn) : 1;
    }

    /** "μP (base width 128)". */
    public String label() {
        return kind == Kind.SP ? kind.label() : kind.label() + " (base width " + baseWidth + ")";
    }
}
