package org.initscope.engine.expect;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.initscope.engine.Quantity;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;

/**
 * One machine-checkable statement a lesson step makes about the numbers of its network, e.g. "the std ratio of the
 * activations from layer 1 to layer 10 lies in [0.3, 0.4]" or "after 300 steps, B's test loss is below A's". A
 * statement is about the network at initialization (what Explore and the Compare tab compute with the network's
 * seed) or, with {@code after}, about training (the Train tab or the lockstep training with the step's training
 * settings). The vocabulary (README "Lessons") names std and variance explicitly and never mixes them.
 *
 * @param measure what is measured
 * @param of      the tensor, for the measures that take one (null otherwise)
 * @param layers  which layer(s): one, every, any, or a range for the ratios and per-layer factors
 * @param side    network A (the one the step loads) or B (the comparison's other network)
 * @param after   training steps, or {@link #AT_INIT} for the network at initialization
 * @param scale   the network as the scale slider at ×scale on every layer would make it (1: as loaded); a
 *                lesson that says "drag the slider to ×5 and …" states what happens there
 * @param test    the condition the measured value must meet
 * @param detail  the measure's own parameter: χ₁'s source ("theory" or "measured"), the badge ("dead", …), the
 *                Jacobian statistic ("min", …), the time step t of a measure through time ("1", …, or "last"); ""
 *                when it has none (through time: the measure's default, see {@link #timeStep(int)})
 * @param claim   the sentence of the lesson this checks, shown with a failure ("" when not given)
 */
public record Expectation(Measure measure, Quantity of, Layers layers, Side side, int after, double scale, Test test,
        String detail, String claim) {
    public static final int AT_INIT = -1;
    /** The longest training an expectation may ask for. */
    public static final int MAX_STEPS = 100_000;
    /** The {@link #detail} of a measure through time at the last time step T. */
    public static final String LAST_T = "last";
    /** The largest time step t a statement may name. */
    public static final int MAX_TIME_STEP = 1_000_000;

    public Expectation {
        Objects.requireNonNull(measure);
        Objects.requireNonNull(layers);
        Objects.requireNonNull(side);
        Objects.requireNonNull(test);
        detail = detail == null ? "" : detail;
        claim = claim == null ? "" : claim;
        if (measure.quantity() == QuantityUse.NONE && of != null) {
            throw new IllegalArgumentException(measure.key() + " is not measured on a tensor: no \"of\"");
        }
        if (measure.quantity() != QuantityUse.NONE && of == null) {
            of = Quantity.ACTIVATIONS;
        }
        if (after < AT_INIT || after > MAX_STEPS) {
            throw new IllegalArgumentException("after must be between 0 and " + MAX_STEPS + " steps");
        }
        if (measure.when() == When.TRAINING && after == AT_INIT) {
            throw new IllegalArgumentException(measure.key() + " is measured during training: it needs \"after\" "
                    + "(a number of steps)");
        }
        if (!(scale >= DenseSpec.MIN_SCALE && scale <= DenseSpec.MAX_SCALE)) {
            throw new IllegalArgumentException("scale must be between " + DenseSpec.MIN_SCALE
                    + " and " + DenseSpec.MAX_SCALE);
        }
        if (scale != 1 && after != AT_INIT) {
            throw new IllegalArgumentException("\"scale\" is a statement about the network at initialization: no "
                    + "\"after\"");
        }
        if (measure.when() == When.INIT && after != AT_INIT) {
            throw new IllegalArgumentException(measure.key() + " is measured at initialization only: no \"after\"");
        }
        if (measure == Measure.UPDATE_RATIO && after == 0) {
            throw new IllegalArgumentException("the update ratio needs at least one step: \"after\" ≥ 1");
        }
        if (measure.throughTime() && !detail.isEmpty() && !detail.equals(LAST_T) && !(detail.matches("[1-9][0-9]{0,6}")
                && Integer.parseInt(detail) <= MAX_TIME_STEP)) {
            throw new IllegalArgumentException("the time step t is a whole number from 1 to " + MAX_TIME_STEP
                    + ", or \"last\"");
        }
        if (!measure.layerKinds().contains(layers.kind())) {
            throw new IllegalArgumentException(measure.key() + " takes " + measure.layerHelp());
        }
        if (measure.categorical() != (test instanceof Test.Is)) {
            throw new IllegalArgumentException(measure.categorical() ? measure.key() + " is checked with \"is\""
                    : measure.key() + " is a number: use between, below, above or equals");
        }
        Reference ref = reference(test);
        boolean metric = measure == Measure.TRAIN_LOSS || measure == Measure.TEST_LOSS
                || measure == Measure.TRAIN_ACCURACY || measure == Measure.TEST_ACCURACY;
        if (ref instanceof Reference.Chance && !metric) {
            throw new IllegalArgumentException("\"chance\" is a baseline for the loss and the accuracy only");
        }
        if ((ref instanceof Reference.Start || ref instanceof Reference.Chance) && after == AT_INIT) {
            throw new IllegalArgumentException("\"chance\" and \"start\" compare with training: they need \"after\"");
        }
    }

    /** The reference of a below/above test (null for the others). */
    public static Reference reference(Test t) {
        return t instanceof Test.Below b ? b.reference() : t instanceof Test.Above a ? a.reference() : null;
    }

    /** Which network of a comparison. */
    public enum Side {
        A, B
    }

    /** Whether a measure needs a tensor. */
    public enum QuantityUse {
        NONE, DEFAULT_ACTIVATIONS
    }

    /** When a measure can be taken: at initialization, during training ({@code after}), or both. */
    public enum When {
        INIT, TRAINING, BOTH
    }

    /** What is measured. {@link #key()} is its name in a lesson file. */
    public enum Measure {
        STD("std", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        VARIANCE("variance", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        MEAN("mean", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        MIN("min", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        MAX("max", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        STD_RATIO("std ratio", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.RANGE),
        VARIANCE_RATIO("variance ratio", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.RANGE),
        STD_PER_LAYER("std per layer", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.RANGE,
                Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        VARIANCE_PER_LAYER("variance per layer", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false,
                Layers.Kind.RANGE, Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        ZERO_FRACTION("zero fraction", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false, Layers.Kind.ONE,
                Layers.Kind.EVERY, Layers.Kind.ANY),
        SATURATED_FRACTION("saturated fraction", QuantityUse.DEFAULT_ACTIVATIONS, When.BOTH, false,
                Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        DEAD_FRACTION("dead fraction", QuantityUse.NONE, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        NON_FINITE("non-finite", QuantityUse.NONE, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        VARIANCE_VS_THEORY("variance vs theory", QuantityUse.DEFAULT_ACTIVATIONS, When.INIT, false,
                Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        THEORY_VARIANCE("theory variance", QuantityUse.DEFAULT_ACTIVATIONS, When.INIT, false, Layers.Kind.ONE,
                Layers.Kind.EVERY, Layers.Kind.ANY),
        CHI1("chi1", QuantityUse.NONE, When.INIT, false, Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        PHASE("phase", QuantityUse.NONE, When.INIT, true, Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        SIGMA_W2("sigma_w2", QuantityUse.NONE, When.INIT, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        INIT_STD("init std", QuantityUse.NONE, When.INIT, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        GAIN("gain", QuantityUse.NONE, When.INIT, false, Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        BADGE("badge", QuantityUse.NONE, When.INIT, true, Layers.Kind.ONE, Layers.Kind.EVERY, Layers.Kind.ANY),
        JACOBIAN("jacobian", QuantityUse.NONE, When.INIT, false, Layers.Kind.NONE),
        TRAIN_LOSS("train loss", QuantityUse.NONE, When.TRAINING, false, Layers.Kind.NONE),
        TEST_LOSS("test loss", QuantityUse.NONE, When.TRAINING, false, Layers.Kind.NONE),
        TRAIN_ACCURACY("train accuracy", QuantityUse.NONE, When.TRAINING, false, Layers.Kind.NONE),
        TEST_ACCURACY("test accuracy", QuantityUse.NONE, When.TRAINING, false, Layers.Kind.NONE),
        DISTINCT_UNITS("distinct units", QuantityUse.NONE, When.TRAINING, false, Layers.Kind.ONE,
                Layers.Kind.EVERY, Layers.Kind.ANY),
        UPDATE_RATIO("update ratio", QuantityUse.NONE, When.TRAINING, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        GRADIENT_NORM("gradient norm", QuantityUse.NONE, When.TRAINING, false, Layers.Kind.ONE,
                Layers.Kind.EVERY, Layers.Kind.ANY),
        /** A recurrent layer's ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ (t = 1 unless "t" says otherwise): the through-time map's colour. */
        GRADIENT_REACH("gradient reach", QuantityUse.NONE, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY),
        /** A recurrent layer's ‖∂L/∂h_t‖ (t = T unless "t" says otherwise). */
        HIDDEN_GRADIENT_NORM("hidden gradient norm", QuantityUse.NONE, When.BOTH, false, Layers.Kind.ONE,
                Layers.Kind.EVERY, Layers.Kind.ANY),
        /** An LSTM's forget gates' mean at time step t, or over every time step when "t" is not given. */
        FORGET_GATE_MEAN("forget gate mean", QuantityUse.NONE, When.BOTH, false, Layers.Kind.ONE, Layers.Kind.EVERY,
                Layers.Kind.ANY);

        private final String key;
        private final QuantityUse quantity;
        private final When when;
        private final boolean categorical;
        private final Set<Layers.Kind> layerKinds;

        Measure(String key, QuantityUse quantity, When when, boolean categorical, Layers.Kind first,
                Layers.Kind... more) {
            this.key = key;
            this.quantity = quantity;
            this.when = when;
            this.categorical = categorical;
            this.layerKinds = EnumSet.of(first, more);
        }

        public String key() {
            return key;
        }

        public QuantityUse quantity() {
            return quantity;
        }

        public When when() {
            return when;
        }

        /** Checked with "is" (a phase, a badge shown or not) instead of a number. */
        public boolean categorical() {
            return categorical;
        }

        public Set<Layers.Kind> layerKinds() {
            return layerKinds;
        }

        /** Whether the measure compares two layers ("from"/"to"). */
        public boolean ratio() {
            return layerKinds.contains(Layers.Kind.RANGE);
        }

        String layerHelp() {
            if (layerKinds.equals(EnumSet.of(Layers.Kind.NONE))) {
                return "no layer (it is measured on the whole network)";
            }
            if (layerKinds.equals(EnumSet.of(Layers.Kind.RANGE))) {
                return "\"from\" and \"to\" (layers; default first and last), not \"layer\"";
            }
            return layerKinds.contains(Layers.Kind.RANGE) ? "\"layer\" (a factor against the layer before) or "
                    + "\"from\"/\"to\" (the mean factor per layer over that range)" : "\"layer\": a number, \"first\", "
                    + "\"last\", \"every\" or \"any\"";
        }

        /** Measured through time in a recurrent layer, at a time step ("t"). */
        public boolean throughTime() {
            return this == GRADIENT_REACH || this == HIDDEN_GRADIENT_NORM || this == FORGET_GATE_MEAN;
        }

        public static Optional<Measure> byKey(String key) {
            return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
        }

        public static String keys() {
            return String.join(", ", Arrays.stream(values()).map(Measure::key).toList());
        }
    }

    /**
     * Which layers: one ({@code layer}; {@link #LAST} is the last), every or any layer from {@code from} to
     * {@code to} (the measure holds at all of them, or at one), a range ({@code from} → {@code to}, which may run
     * backwards, from the last layer to the first) for ratios, or none for whole-network measures.
     */
    public record Layers(Kind kind, int layer, int from, int to) {
        public static final int LAST = -1;

        public enum Kind {
            ONE, EVERY, ANY, RANGE, NONE
        }

        public Layers {
            boolean bounded = kind == Kind.RANGE || kind == Kind.EVERY || kind == Kind.ANY;
            if (kind == Kind.ONE && layer != LAST && layer < 1 || bounded
                    && (from != LAST && from < 1 || to != LAST && to < 1)) {
                throw new IllegalArgumentException("layers are numbered from 1");
            }
        }

        public static Layers one(int layer) {
            return new Layers(Kind.ONE, layer, 0, 0);
        }

        public static Layers every() {
            return every(1, LAST);
        }

        public static Layers every(int from, int to) {
            return new Layers(Kind.EVERY, 0, from, to);
        }

        public static Layers any() {
            return any(1, LAST);
        }

        public static Layers any(int from, int to) {
            return new Layers(Kind.ANY, 0, from, to);
        }

        /** Whether every/any covers all layers. */
        boolean all() {
            return from == 1 && to == LAST;
        }

        public static Layers range(int from, int to) {
            return new Layers(Kind.RANGE, 0, from, to);
        }

        public static Layers none() {
            return new Layers(Kind.NONE, 0, 0, 0);
        }

        /** A layer number of a network of {@code depth} layers ({@link #LAST} → depth). */
        static int resolve(int l, int depth) {
            return l == LAST ? depth : l;
        }

        static String name(int l) {
            return l == LAST ? "the last layer" : "layer " + l;
        }
    }

    /** What a measured value is compared with. */
    public sealed interface Reference {
        /** A number. */
        record Value(double value) implements Reference {
        }

        /** The same measure on the other network of the comparison, at the same step. */
        record OtherSide() implements Reference {
        }

        /** The same measure before training (step 0). */
        record Start() implements Reference {
        }

        /**
         * Chance: the loss and accuracy of always predicting the training labels' frequencies (cross-entropy
         * −Σ p·ln p, accuracy the largest frequency; for regression the loss of predicting the mean).
         */
        record Chance() implements Reference {
        }
    }

    /** The condition a measured value must meet. */
    public sealed interface Test {
        record Between(double lo, double hi) implements Test {
            public Between {
                if (!(lo <= hi)) {
                    throw new IllegalArgumentException("between needs [low, high] with low ≤ high");
                }
            }
        }

        /** Below {@code times} × the reference. */
        record Below(Reference reference, double times) implements Test {
        }

        /** Above {@code times} × the reference. */
        record Above(Reference reference, double times) implements Test {
        }

        /** Within {@code tolerance} (absolute) of a value. */
        record Equals(double value, double tolerance) implements Test {
        }

        /** A category: a phase ("ordered", "critical", "chaotic") or whether a badge is "shown". */
        record Is(String value) implements Test {
        }
    }

    /** Whether checking needs training (then: how many steps on which side). */
    public boolean training() {
        return after != AT_INIT;
    }

    /** Whether checking needs the other network of a comparison. */
    public boolean needsB() {
        return side == Side.B || reference(test) instanceof Reference.OtherSide;
    }

    /** The statement in words, e.g. "the std ratio of the activations from layer 1 to layer 10 is in [0.3, 0.4]". */
    public String describe() {
        return subject() + " " + condition();
    }

    /** What is measured, e.g. "B's test loss after 500 steps". */
    public String subject() {
        String who = side == Side.B ? "B's " : "";
        String what = switch (measure) {
            case STD, VARIANCE, MEAN -> "the " + measure.key + " of the " + quantityName();
            case MIN -> "the smallest of the " + quantityName();
            case MAX -> "the largest of the " + quantityName();
            case STD_RATIO, VARIANCE_RATIO -> "the " + measure.key + " of the " + quantityName();
            case STD_PER_LAYER -> "the factor per layer of the std of the " + quantityName();
            case VARIANCE_PER_LAYER -> "the factor per layer of the variance of the " + quantityName();
            case ZERO_FRACTION -> "the fraction of exact zeros in the " + quantityName();
            case SATURATED_FRACTION -> "the saturated fraction of the " + quantityName();
            case DEAD_FRACTION -> "the fraction of dead units";
            case NON_FINITE -> "the number of NaN/Inf values";
            case VARIANCE_VS_THEORY -> "the measured variance of the " + quantityName() + " / the variance recursion's";
            case THEORY_VARIANCE -> "the variance recursion's variance of the " + quantityName();
            case CHI1 -> "χ₁ (" + ("measured".equals(detail) ? "measured: Var[∂L/∂a] of the layer before / of the "
                    + "layer" : "the mean field's σ_w²·E[φ'(z)²]") + ")";
            case PHASE -> "the mean-field phase";
            case SIGMA_W2 -> "σ_w² = fan_in·E[W²]";
            case INIT_STD -> "the std of one weight (the initializer's exact std)";
            case GAIN -> "the initializer's gain";
            case BADGE -> "the \"" + detail + "\" badge";
            case JACOBIAN -> "the input–output Jacobian's " + jacobianStatName();
            case TRAIN_LOSS, TEST_LOSS, TRAIN_ACCURACY, TEST_ACCURACY -> measure.key;
            case DISTINCT_UNITS -> "the number of distinct units";
            case UPDATE_RATIO -> "the update ratio log₁₀ ‖ΔW‖/‖W‖";
            case GRADIENT_NORM -> "the norm of the weight gradient ‖∂L/∂W‖";
            case GRADIENT_REACH -> "‖∂L/∂h_" + timeName(1) + "‖ / ‖∂L/∂h_T‖";
            case HIDDEN_GRADIENT_NORM -> "‖∂L/∂h_" + timeName(0) + "‖";
            case FORGET_GATE_MEAN -> detail.isEmpty() ? "the forget gates' mean over every time step"
                    : "the forget gates' mean at t = " + timeName(0);
        };
        return who + what + where() + (scale == 1 ? "" : " with the weights scaled ×" + Fmt.sig(scale, 4))
                + (after == AT_INIT ? "" : " after " + String.format(Locale.ROOT, "%,d", after)
                + (after == 1 ? " step" : " steps"));
    }

    /** "1", "T" or the time step named by {@link #detail}; {@code fallback} 0 stands for T. */
    private String timeName(int fallback) {
        return detail.isEmpty() ? (fallback == 0 ? "T" : Integer.toString(fallback)) : detail.equals(LAST_T) ? "T"
                : detail;
    }

    /**
     * The time step (1-based) of a measure through time in a sequence of {@code steps} steps: the one "t" names, or
     * the measure's default — t = 1 for the gradient reach, T for the hidden gradient norm; 0 for the forget gates'
     * mean over every time step.
     */
    public int timeStep(int steps) {
        if (detail.equals(LAST_T)) {
            return steps;
        }
        if (!detail.isEmpty()) {
            return Integer.parseInt(detail);
        }
        return switch (measure) {
            case GRADIENT_REACH -> 1;
            case HIDDEN_GRADIENT_NORM -> steps;
            default -> 0;
        };
    }

    private String quantityName() {
        return of.label();
    }

    private String jacobianStatName() {
        return switch (detail) {
            case "min" -> "smallest singular value";
            case "max" -> "largest singular value";
            case "condition" -> "ratio of the largest to the smallest singular value";
            case "mean s2" -> "mean squared singular value";
            case "var s2" -> "variance of the squared singular values";
            default -> detail;
        };
    }

    private String where() {
        return switch (layers.kind()) {
            case ONE -> " at " + Layers.name(layers.layer());
            case EVERY -> " at every layer" + bounds();
            case ANY -> " at some layer" + bounds();
            case RANGE -> measure == Measure.STD_RATIO || measure == Measure.VARIANCE_RATIO
                    ? ", " + Layers.name(layers.to()) + " / " + Layers.name(layers.from())
                    : " from " + Layers.name(layers.from()) + " to " + Layers.name(layers.to()) + " (geometric mean)";
            case NONE -> "";
        };
    }

    private String bounds() {
        return layers.all() ? "" : " from " + Layers.name(layers.from()) + " to " + Layers.name(layers.to());
    }

    /** The condition in words: "is in [0.3, 0.4]", "is below 0.5 × A's", "is ordered". */
    public String condition() {
        if (test instanceof Test.Between b) {
            return "is in [" + Fmt.sig(b.lo(), 4) + ", " + Fmt.sig(b.hi(), 4) + "]";
        }
        if (test instanceof Test.Below b) {
            return "is below " + reference(b.reference(), b.times());
        }
        if (test instanceof Test.Above a) {
            return "is above " + reference(a.reference(), a.times());
        }
        if (test instanceof Test.Equals e) {
            return "equals " + Fmt.sig(e.value(), 6) + (e.tolerance() > 0 ? " ± " + Fmt.sig(e.tolerance(), 3) : "");
        }
        String v = ((Test.Is) test).value();
        return measure == Measure.BADGE ? ("shown".equals(v) ? "is shown" : "is not shown") : "is " + v;
    }

    private String reference(Reference r, double times) {
        String k = times == 1 ? "" : Fmt.sig(times, 4) + " × ";
        if (r instanceof Reference.Value v) {
            return Fmt.sig(v.value() * times, 4);
        }
        if (r instanceof Reference.OtherSide) {
            return k + (side == Side.B ? "A's" : "B's");
        }
        if (r instanceof Reference.Start) {
            return k + "its value before training";
        }
        return k + "chance (" + (measure == Measure.TRAIN_ACCURACY || measure == Measure.TEST_ACCURACY
                ? "the largest class's frequency" : "predicting the class frequencies") + ")";
    }
}
