package org.initscope.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the widths of a dense network scale its training: standard (SP: every layer as initialized, one learning
 * rate), NTK, or μP (the maximal update parametrization, Yang &amp; Hu 2021; Yang et al. 2022, "Tensor Programs V",
 * Table 3 for SGD and Adam). Each is written as what it changes against SP at a base width n₀, where all three
 * coincide (mup's {@code set_base_shapes}), with the width multiplier m = fan/n₀ of every dimension that grows with
 * the width (the data's features and the classes do not).
 *
 * <p>μP is written as microsoft/mup implements it (MuReadout, MuSGD, MuAdam): the output layer ("readout")
 * multiplies its input by {@code outputMultiplier}/m and its initial weights and bias by √m (a variance that does not
 * change with the width); the learning rates:
 *
 * <table>
 * <caption>learning-rate factor against SP</caption>
 * <tr><th></th><th>input weights, all biases</th><th>hidden weights</th><th>output weights</th></tr>
 * <tr><td>μP SGD</td><td>m of fan_out (output bias: 1)</td><td>m_out/m_in (1 when square)</td><td>m of fan_in</td></tr>
 * <tr><td>μP Adam</td><td>1</td><td>1/m of fan_in</td><td>1</td></tr>
 * <tr><td>NTK SGD</td><td>1 (biases), 1/m of fan_in</td><td>1/m</td><td>1/m</td></tr>
 * <tr><td>NTK Adam</td><td>1 (biases), 1/√m of fan_in</td><td>1/√m</td><td>1/√m</td></tr>
 * </table>
 *
 * With the readout's multiplier 1/m this is Table 3 exactly: the effective output weight (W/m) starts at variance
 * (1/fan_in)·m/m² = n₀/fan_in² (Table 3: 1/fan_in²) and moves at Adam's η/m and SGD's η·m/m² = η/m (Table 3: 1/fan_in
 * both). Weight decay scales as mup scales it (inversely to the learning rate for SGD's vector-like and Adam's
 * matrix-like parameters). NTK's weights are W = w/√fan_in with w ~ N(0, 1) trained at η: the same network at
 * initialization as W ~ N(0, 1/fan_in), moving at η/fan_in under SGD (η/√fan_in under Adam), written against n₀.
 * The input and hidden layers keep the network's own initializers: Table 3 wants Var[W] ∝ 1/fan_in for them
 * ({@link #varianceExponent}); the inspector checks each layer's.
 *
 * @param baseWidth        n₀: the width at which μP and NTK equal SP (mup's base shape)
 * @param outputMultiplier μP's output_mult (mup's MuReadout): the readout computes W·(output_mult·x/m) + b; 1 for SP
 *                         and NTK, which have no multiplier
 */
public record Parameterization(Kind kind, int baseWidth, double outputMultiplier) {
    public static final int MAX_BASE_WIDTH = Limits.MAX_WIDTH;
    public static final double MAX_OUTPUT_MULTIPLIER = 1e6;
    public static final Parameterization STANDARD = new Parameterization(Kind.SP, 128, 1);

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

    /** What a dense layer is to the width scaling. */
    public enum Role {
        /** The first layer: its fan_in is the data's features (fixed), its fan_out a width. */
        INPUT("input"),
        /** Both fans are widths. */
        HIDDEN("hidden"),
        /** The readout the trainer adds: its fan_in is a width, its fan_out the classes (fixed). */
        OUTPUT("output");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The role of layer {@code index} (0-based) of {@code layers}, the readout last. */
        public static Role of(int index, int layers) {
            return index == layers - 1 ? OUTPUT : index == 0 ? INPUT : HIDDEN;
        }
    }

    public Parameterization {
        Objects.requireNonNull(kind, "kind");
        if (baseWidth < 1 || baseWidth > MAX_BASE_WIDTH) {
            throw new SpecException("base_width", "the base width n₀ must be a whole number from 1 to "
                    + MAX_BASE_WIDTH + ", got " + baseWidth);
        }
        if (!(outputMultiplier > 0 && outputMultiplier <= MAX_OUTPUT_MULTIPLIER)) {
            throw new SpecException("output_multiplier", "the output multiplier must be above 0 and at most "
                    + Fmt.num(MAX_OUTPUT_MULTIPLIER) + ", got " + Fmt.num(outputMultiplier));
        }
        if (kind != Kind.MUP && outputMultiplier != 1) {
            throw new SpecException("output_multiplier", "only μP has an output multiplier (" + kind.label()
                    + "'s is 1)");
        }
    }

    public static Parameterization of(Kind kind, int baseWidth) {
        return new Parameterization(kind, baseWidth, 1);
    }

    public boolean standard() {
        return kind == Kind.SP;
    }

    /** m = n/n₀ for a dimension that grows with the width, 1 for a fixed one. */
    public double widthMultiplier(int n, boolean width) {
        return width ? (double) n / baseWidth : 1;
    }

    /** How many of the parameter's dimensions grow with the width: mup's {@code infshape.ninf()}. */
    private static int infinite(Role role, boolean weight) {
        boolean out = role != Role.OUTPUT;
        boolean in = weight && role != Role.INPUT;
        return (out ? 1 : 0) + (in ? 1 : 0);
    }

    /**
     * The factor on the learning rate of a weight (or, {@code weight} false, the bias) of a dense layer with
     * {@code fanIn} inputs and {@code fanOut} outputs; {@code adam}: an Adam-like optimizer (the others are SGD-like:
     * sgd, momentum).
     */
    public double learningRateScale(Role role, boolean weight, int fanIn, int fanOut, boolean adam) {
        double mIn = widthMultiplier(fanIn, role != Role.INPUT);
        double mOut = widthMultiplier(fanOut, role != Role.OUTPUT);
        return switch (kind) {
            case SP -> 1;
            case NTK -> !weight ? 1 : adam ? 1 / Math.sqrt(mIn) : 1 / mIn;
            case MUP -> {
                int inf = infinite(role, weight);
                if (adam) {
                    yield inf == 2 ? 1 / mIn : 1;
                }
                yield inf == 2 ? mOut / mIn : inf == 1 ? (role == Role.OUTPUT ? mIn : mOut) : 1;
            }
        };
    }

    /** The factor on a parameter's weight decay (mup: inverse to the learning rate's; 1 in SP and NTK). */
    public double weightDecayScale(Role role, boolean weight, int fanIn, int fanOut, boolean adam) {
        return kind == Kind.MUP ? 1 / learningRateScale(role, weight, fanIn, fanOut, adam) : 1;
    }

    /**
     * The factor on the std of a layer's initial weights and bias: μP's readout × √m (mup's
     * {@code _rescale_parameters}); 1 otherwise.
     */
    public double initStdScale(Role role, int fanIn) {
        return kind == Kind.MUP && role == Role.OUTPUT ? Math.sqrt(widthMultiplier(fanIn, true)) : 1;
    }

    /** What a layer multiplies W·x by: μP's readout output_mult/m (mup's MuReadout); 1 otherwise. */
    public double forwardMultiplier(Role role, int fanIn) {
        return kind == Kind.MUP && role == Role.OUTPUT ? outputMultiplier / widthMultiplier(fanIn, true) : 1;
    }

    /**
     * Table 3's initial variance of a layer's weights as a power of the width: the input layer's constant (its
     * fan_in is the data's), the hidden layers' ∝ 1/fan_in, the output layer's ∝ 1/fan_in² in μP (the effective
     * weight, multiplier included) and ∝ 1/fan_in in SP and NTK.
     */
    public int varianceExponent(Role role) {
        return switch (role) {
            case INPUT -> 0;
            case HIDDEN -> -1;
            case OUTPUT -> kind == Kind.MUP ? -2 : -1;
        };
    }

    /**
     * How the variance of a dense layer's initial weights grows with the width, as a power: log₂ of Var[W] at doubled
     * widths (both fans for a hidden layer, fan_out for the input layer) over Var[W] now, with the layer's own
     * initializer and scale; NaN where it cannot be said (a constant, an eye that would not be square).
     */
    public static double measuredExponent(ResolvedLayer layer, Role role) {
        DenseSpec d = layer.dense();
        if (d == null || !(layer.weight().variance() > 0)) {
            return Double.NaN;
        }
        Fans f = layer.fans();
        Fans doubled = role == Role.INPUT ? Fans.dense(f.fanIn(), 2 * f.fanOut())
                : Fans.dense(2 * f.fanIn(), 2 * f.fanOut());
        try {
            double v = Initializers.weight(d.init(), doubled, d.activation(), null).scaled(d.scale()).variance();
            return Math.log(v / layer.weight().variance()) / Math.log(2);
        } catch (SpecException e) {
            return Double.NaN;
        }
    }

    /** "μP (base width 128, output multiplier 2)". */
    public String label() {
        if (kind == Kind.SP) {
            return kind.label();
        }
        return kind.label() + " (base width " + baseWidth + (outputMultiplier != 1 ? ", output multiplier "
                + Fmt.num(outputMultiplier) : "") + ")";
    }
}
