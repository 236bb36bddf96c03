package org.initscope.engine.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.InitSpec;
import org.initscope.model.NetworkEdits;
import org.initscope.model.NetworkSpec;
import org.initscope.model.SpecException;

/**
 * One axis of a sweep: a parameter of the network (or of its training) and the values it takes. Numeric parameters
 * hold {@link Double} values, the initializer {@link InitSpec}s, the activation {@link ActivationSpec}s.
 */
public record SweepAxis(Param param, List<Object> values) {
    /** The most values one axis may take (a 256 × 256 map is finer than any screen shows it). */
    public static final int MAX_VALUES = 256;

    /**
     * What an axis varies. The order of the constants is the order in which a cell's values are applied to the
     * network: depth and width first (they decide the layers), then activation and initializer, then σ_w², σ_b² and
     * the scale (which override the initializer's scale), then the training's learning rate.
     */
    public enum Param {
        DEPTH("depth", "depth", Kind.WHOLE),
        WIDTH("width", "width", Kind.WHOLE),
        ACTIVATION("activation", "activation", Kind.ACTIVATION),
        INIT("init", "initializer", Kind.INIT),
        SIGMA_W2("sigma_w2", "σ_w²", Kind.NUMBER),
        SIGMA_B2("sigma_b2", "σ_b²", Kind.NUMBER),
        SCALE("scale", "scale", Kind.NUMBER),
        LR("lr", "learning rate", Kind.NUMBER);

        /** What the values are. */
        public enum Kind { NUMBER, WHOLE, INIT, ACTIVATION }

        private final String key;
        private final String label;
        private final Kind kind;

        Param(String key, String label, Kind kind) {
            this.key = key;
            this.label = label;
            this.kind = kind;
        }

        /** The name in a sweep file. */
        public String key() {
            return key;
        }

        /** How the axis is titled: "σ_w²", "depth", "learning rate". */
        public String label() {
            return label;
        }

        public Kind kind() {
            return kind;
        }

        public boolean numeric() {
            return kind == Kind.NUMBER || kind == Kind.WHOLE;
        }

        /** Whether the parameter belongs to the training (a sweep over it needs "train"). */
        public boolean training() {
            return this == LR;
        }

        public static Optional<Param> byKey(String key) {
            return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
        }

        public static List<String> keys() {
            return Arrays.stream(values()).map(Param::key).toList();
        }
    }

    public SweepAxis {
        Objects.requireNonNull(param, "param");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new SpecException("values", "an axis needs at least one value");
        }
        if (values.size() > MAX_VALUES) {
            throw new SpecException("values", "an axis takes at most " + MAX_VALUES + " values, got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            check(param, values.get(i), i);
        }
        if (values.stream().distinct().count() != values.size()) {
            throw new SpecException("values", "the values of " + param.key() + " repeat: every value once (repeat "
                    + "runs with \"repeats\")");
        }
    }

    private static void check(Param p, Object v, int i) {
        String at = "values[" + i + "]";
        switch (p.kind()) {
            case NUMBER, WHOLE -> {
                if (!(v instanceof Double d) || !Double.isFinite(d)) {
                    throw new SpecException(at, p.key() + " takes finite numbers, got " + v);
                }
                double min = switch (p) {
                    case SCALE -> DenseSpec.MIN_SCALE;
                    case DEPTH, WIDTH -> 1;
                    default -> 0;
                };
                double max = switch (p) {
                    case SCALE -> DenseSpec.MAX_SCALE;
                    case DEPTH -> NetworkSpec.MAX_DEPTH;
                    case WIDTH -> 1 << 24;
                    case LR -> 10;
                    default -> 1e6;
                };
                if (p.kind() == Param.Kind.WHOLE && d != Math.rint(d)) {
                    throw new SpecException(at, p.key() + " takes whole numbers, got " + Fmt.num(d));
                }
                if (d < min || d > max || p == Param.LR && d == 0) {
                    throw new SpecException(at, p.key() + " must be " + (p == Param.LR ? "above 0" : "at least "
                            + Fmt.num(min)) + " and at most " + Fmt.num(max) + ", got " + Fmt.num(d));
                }
            }
            case INIT -> {
                if (!(v instanceof InitSpec)) {
                    throw new SpecException(at, "init takes initializers, got " + v);
                }
            }
            case ACTIVATION -> {
                if (!(v instanceof ActivationSpec)) {
                    throw new SpecException(at, "activation takes activations, got " + v);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * {@code count} numbers from {@code from} to {@code to}, evenly spaced (or evenly on a log axis), rounded for whole
     * parameters (duplicates after rounding dropped).
     */
    public static SweepAxis range(Param p, double from, double to, int count, boolean log) {
        if (count < 1 || count > MAX_VALUES) {
            throw new SpecException("steps", "steps must be between 1 and " + MAX_VALUES + ", got " + count);
        }
        if (log && !(from > 0 && to > 0)) {
            throw new SpecException("from", "a log range needs from > 0 and to > 0");
        }
        var out = new ArrayList<Object>();
        for (int i = 0; i < count; i++) {
            double t = count == 1 ? 0 : (double) i / (count - 1);
            double v = log ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from);
            if (i == count - 1) {
                v = to;
            }
            if (p.kind() == Param.Kind.WHOLE) {
                v = Math.rint(v);
            } else {
                // shortest decimals that name the value (0.30000000000000004 → 0.3)
                v = Double.parseDouble(String.format(Locale.ROOT, "%.10g", v));
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return new SweepAxis(p, out);
    }

    public int size() {
        return values.size();
    }

    public Object value(int i) {
        return values.get(i);
    }

    /** A numeric value; the value's index for the initializer and the activation. */
    public double number(int i) {
        return param.numeric() ? (Double) values.get(i) : i;
    }

    /** How a value reads: "1.76", "xavier_normal(gain=auto)", "tanh". */
    public String label(int i) {
        Object v = values.get(i);
        if (v instanceof Double d) {
            return Fmt.num(d);
        }
        if (v instanceof InitSpec s) {
            return s.label();
        }
        return ((ActivationSpec) v).label();
    }

    /** The network at value i (for every parameter but the learning rate, which changes the training). */
    public NetworkSpec apply(NetworkSpec net, int i) {
        Object v = values.get(i);
        return switch (param) {
            case DEPTH -> NetworkEdits.depth(net, (int) (double) (Double) v);
            case WIDTH -> NetworkEdits.width(net, (int) (double) (Double) v);
            case ACTIVATION -> NetworkEdits.activation(net, (ActivationSpec) v);
            case INIT -> NetworkEdits.init(net, (InitSpec) v);
            case SIGMA_W2 -> NetworkEdits.sigmaW2(net, (Double) v);
            case SIGMA_B2 -> NetworkEdits.sigmaB2(net, (Double) v);
            case SCALE -> NetworkEdits.scale(net, (Double) v);
            case LR -> net;
        };
    }

    /** The training settings at value i (the learning rate; the others leave them). */
    public TrainSettings apply(TrainSettings s, int i) {
        if (param != Param.LR) {
            return s;
        }
        return new TrainSettings(s.data(), s.optimizer().withLearningRate((Double) values.get(i)), s.output(),
                s.batch());
    }
}
