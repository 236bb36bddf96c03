package org.initscope.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.initscope.config.Json.Arr;
import org.initscope.config.Json.Bool;
import org.initscope.config.Json.Field;
import org.initscope.config.Json.Node;
import org.initscope.config.Json.Num;
import org.initscope.config.Json.Obj;
import org.initscope.config.Json.Str;
import org.initscope.data.DataSpec;
import org.initscope.engine.Health;
import org.initscope.engine.Quantity;
import org.initscope.engine.expect.Expectation;
import org.initscope.engine.expect.Expectation.Layers;
import org.initscope.engine.expect.Expectation.Measure;
import org.initscope.engine.expect.Expectation.Reference;
import org.initscope.engine.expect.Expectation.Side;
import org.initscope.engine.expect.Expectation.Test;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.TrainSettings;
import org.initscope.engine.train.TrainSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.Limits;
import org.initscope.model.Scheme;

/**
 * The parts of a lesson step that make it check itself: {@code expect} (statements about its numbers), {@code train}
 * (the training settings those statements and the Train tab use) and {@code range} (the histograms' x-range mode).
 * Every mistake is reported with the file, line, column and field, like the rest of a lesson file.
 */
final class LessonExpect {
    static final Set<String> STEP_KEYS = Set.of("expect", "train", "range");
    static final List<String> RANGES = List.of("shared", "per-layer");
    private static final Set<String> KEYS = Set.of("measure", "of", "layer", "from", "to", "side", "after", "between",
            "below", "above", "times", "equals", "tolerance", "is", "shown", "source", "badge", "stat", "t", "scale",
            "claim");
    private static final Set<String> TRAIN_KEYS = Set.of("data", "samples", "noise", "test_fraction", "data_seed",
            "seq_len", "optimizer", "lr", "l2", "batch", "output_init");
    static final List<String> JACOBIAN_STATS = List.of("min", "max", "condition", "mean s2", "var s2");
    static final List<String> PHASES = List.of("ordered", "critical", "chaotic");

    private LessonExpect() {
    }

    /** The step's x-range mode: "shared", "per-layer", or "" (the preset's choice). */
    static String range(Obj step, String path, String source) throws ConfigException {
        Field f = step.fields().get("range");
        if (f == null) {
            return "";
        }
        if (!(f.value() instanceof Str s) || !RANGES.contains(s.value())) {
            throw at(f.value(), path + ".range", source, "range is \"shared\" (one x-range for every layer) or "
                    + "\"per-layer\"");
        }
        return s.value();
    }

    /** The step's training settings, or null when it gives none (the Train tab's defaults apply). */
    static TrainSettings training(Obj step, String path, String source) throws ConfigException {
        Field f = step.fields().get("train");
        if (f == null) {
            return null;
        }
        return training(f.value(), path + ".train", source, Set.of());
    }

    /**
     * Training settings written as a lesson step's "train" object; {@code more} are keys the caller reads itself (a
     * sweep's steps and criterion).
     */
    static TrainSettings training(Node node, String p, String source, Set<String> more) throws ConfigException {
        if (!(node instanceof Obj o)) {
            throw at(node, p, source, "train is an object, e.g. {\"data\": \"spiral\", \"optimizer\": \"adam\", "
                    + "\"lr\": 0.01, \"batch\": 32}");
        }
        var keys = new HashSet<>(TRAIN_KEYS);
        keys.addAll(more);
        keys(o, p, keys, source);
        TrainSettings d = TrainSettings.DEFAULT;
        DataSpec data = d.data();
        Field kind = o.fields().get("data");
        if (kind != null) {
            var allowed = Arrays.stream(DataSpec.Kind.values()).filter(k -> k != DataSpec.Kind.CSV).toList();
            var k = kind.value() instanceof Str s ? DataSpec.Kind.byId(s.value()).filter(allowed::contains) : null;
            if (k == null || k.isEmpty()) {
                throw at(kind.value(), p + ".data", source, "unknown data " + kind.value().show() + "; allowed: "
                        + String.join(", ", allowed.stream().map(DataSpec.Kind::id).toList()));
            }
            data = DataSpec.of(k.get());
        }
        try {
            if (o.fields().containsKey("samples")) {
                data = data.withSamples((int) whole(o, "samples", p, source, Limits.MIN_SAMPLES,
                        Limits.MAX_SAMPLES));
            }
            if (o.fields().containsKey("noise")) {
                data = data.withNoise(number(o, "noise", p, source, 0, 5));
            }
            if (o.fields().containsKey("test_fraction")) {
                data = data.withTestFraction(number(o, "test_fraction", p, source, 0, 0.9));
            }
            if (o.fields().containsKey("data_seed")) {
                data = data.withSeed(whole(o, "data_seed", p, source, Long.MIN_VALUE, Long.MAX_VALUE));
            }
            if (o.fields().containsKey("seq_len")) {
                data = data.withSequenceLength((int) whole(o, "seq_len", p, source, DataSpec.MIN_STEPS,
                        DataSpec.MAX_STEPS));
            }
            OptimizerSpec opt = d.optimizer();
            Field of = o.fields().get("optimizer");
            if (of != null) {
                var k = of.value() instanceof Str s ? OptimizerSpec.Kind.byId(s.value()) : Optional
                        .<OptimizerSpec.Kind>empty();
                if (k.isEmpty()) {
                    throw at(of.value(), p + ".optimizer", source, "optimizer is one of " + String.join(", ",
                            OptimizerSpec.Kind.ids()));
                }
                opt = opt.withKind(k.get());
            }
            if (o.fields().containsKey("lr")) {
                double lr = number(o, "lr", p, source, 0, 10);
                if (lr == 0) {
                    throw at(o.fields().get("lr").value(), p + ".lr", source, "the learning rate must be above 0");
                }
                opt = opt.withLearningRate(lr);
            }
            if (o.fields().containsKey("l2")) {
                opt = opt.withL2(number(o, "l2", p, source, 0, 1));
            }
            int batch = o.fields().containsKey("batch") ? (int) whole(o, "batch", p, source, 1,
                    TrainSpec.MAX_BATCH) : d.batch();
            Scheme out = d.output();
            Field oi = o.fields().get("output_init");
            if (oi != null) {
                var s = oi.value() instanceof Str str ? Scheme.byId(str.value()).filter(x -> x != Scheme.EYE
                        && x != Scheme.SPARSE && x != Scheme.CONSTANT) : Optional.<Scheme>empty();
                if (s.isEmpty()) {
                    throw at(oi.value(), p + ".output_init", source, "output_init is a weight scheme that needs no "
                            + "parameter, e.g. \"xavier_uniform\"");
                }
                out = s.get();
            }
            return new TrainSettings(data, opt, out, batch);
        } catch (IllegalArgumentException e) {
            throw at(o, p, source, e.getMessage());
        }
    }

    /**
     * The step's statements. {@code mode} decides what they may be about: side B needs a comparison, training needs
     * the Train tab or the lockstep training.
     */
    static List<Expectation> expectations(Obj step, String path, String mode, boolean hasCompare, String source)
            throws ConfigException {
        Field f = step.fields().get("expect");
        if (f == null) {
            return List.of();
        }
        if (!(f.value() instanceof Arr arr)) {
            throw at(f.value(), path + ".expect", source, "expect is an array of statements, e.g. [{\"measure\": "
                    + "\"std ratio\", \"of\": \"activations\", \"between\": [0.3, 0.4]}]");
        }
        var out = new ArrayList<Expectation>();
        for (int i = 0; i < arr.items().size(); i++) {
            out.add(expectation(arr.items().get(i), path + ".expect[" + i + "]", mode, hasCompare, source));
        }
        return out;
    }

    private static Expectation expectation(Node node, String p, String mode, boolean hasCompare, String source)
            throws ConfigException {
        if (!(node instanceof Obj o)) {
            throw at(node, p, source, "a statement is an object such as {\"measure\": \"std\", \"layer\": 10, "
                    + "\"between\": [0.2, 0.3]}");
        }
        keys(o, p, KEYS, source);
        Field mf = o.fields().get("measure");
        if (mf == null) {
            throw at(o, p + ".measure", source, "missing; one of " + Measure.keys());
        }
        Measure m = mf.value() instanceof Str s ? Measure.byKey(s.value()).orElse(null) : null;
        if (m == null) {
            throw at(mf.value(), p + ".measure", source, "unknown measure " + mf.value().show() + "; allowed: "
                    + Measure.keys());
        }
        Quantity of = null;
        Field qf = o.fields().get("of");
        if (qf != null) {
            of = qf.value() instanceof Str s ? Quantity.byKey(s.value()).orElse(null) : null;
            if (of == null) {
                throw at(qf.value(), p + ".of", source, "unknown tensor " + qf.value().show() + "; allowed: "
                        + String.join(", ", Arrays.stream(Quantity.values()).map(Quantity::key).toList()));
            }
        }
        Layers layers = layers(o, m, p, source);
        Side side = Side.A;
        Field sf = o.fields().get("side");
        if (sf != null) {
            if (!(sf.value() instanceof Str s) || !(s.value().equals("A") || s.value().equals("B"))) {
                throw at(sf.value(), p + ".side", source, "side is \"A\" or \"B\"");
            }
            side = Side.valueOf(s.value());
        }
        int after = o.fields().containsKey("after") ? (int) whole(o, "after", p, source, 0, Expectation.MAX_STEPS)
                : Expectation.AT_INIT;
        double scale = o.fields().containsKey("scale") ? number(o, "scale", p, source,
                DenseSpec.MIN_SCALE, DenseSpec.MAX_SCALE) : 1.0;
        String detail = detail(o, m, p, source);
        Test test = test(o, m, side, p, source);
        String claim = o.fields().get("claim") == null ? "" : string(o, "claim", p, source);
        boolean aboutB = side == Side.B || Expectation.reference(test) instanceof Reference.OtherSide;
        if (aboutB && !mode.startsWith("compare")) {
            throw at(o, p, source, "side B exists in a comparison only: give the step \"mode\": \"compare\" or "
                    + "\"compare-train\"");
        }
        if (aboutB && !hasCompare) {
            throw at(o, p, source, "a statement about side B needs the step to say what B is (\"compare\")");
        }
        if (after != Expectation.AT_INIT && !mode.equals("train") && !mode.equals("compare-train")) {
            throw at(o.fields().get("after").value(), p + ".after", source, "statements about training belong to "
                    + "a step with \"mode\": \"train\" or \"compare-train\"");
        }
        try {
            return new Expectation(m, of, layers, side, after, scale, test, detail, claim);
        } catch (IllegalArgumentException e) {
            throw at(o, p, source, e.getMessage());
        }
    }

    private static Layers layers(Obj o, Measure m, String p, String source) throws ConfigException {
        Field lf = o.fields().get("layer");
        boolean range = o.fields().containsKey("from") || o.fields().containsKey("to");
        int from = o.fields().containsKey("from") ? layerNumber(o.fields().get("from").value(), p + ".from", source)
                : 1;
        int to = o.fields().containsKey("to") ? layerNumber(o.fields().get("to").value(), p + ".to", source)
                : Layers.LAST;
        if (lf != null) {
            Node v = lf.value();
            if (v instanceof Str s && s.value().equals("every")) {
                return Layers.every(from, to);
            }
            if (v instanceof Str s && s.value().equals("any")) {
                return Layers.any(from, to);
            }
            if (range) {
                throw at(lf.value(), p + ".layer", source, "\"from\"/\"to\" bound \"every\" or \"any\"; with one "
                        + "layer give \"layer\" alone");
            }
            return Layers.one(layerNumber(v, p + ".layer", source));
        }
        if (range || m.layerKinds().contains(Layers.Kind.RANGE)) {
            return Layers.range(from, to);
        }
        if (m.layerKinds().contains(Layers.Kind.NONE)) {
            return Layers.none();
        }
        throw at(o, p + ".layer", source, "missing: which layer (a number, \"first\", \"last\", \"every\" or "
                + "\"any\")");
    }

    private static int layerNumber(Node v, String p, String source) throws ConfigException {
        if (v instanceof Str s && s.value().equals("first")) {
            return 1;
        }
        if (v instanceof Str s && s.value().equals("last")) {
            return Layers.LAST;
        }
        if (v instanceof Num n && n.integral() && n.value() >= 1 && n.value() <= 100_000) {
            return (int) n.value();
        }
        throw at(v, p, source, "a layer is a number from 1, \"first\" or \"last\"" + (p.endsWith(".layer")
                ? " (or \"every\", \"any\")" : "") + ", got " + v.show());
    }

    private static String detail(Obj o, Measure m, String p, String source) throws ConfigException {
        String key = switch (m) {
            case CHI1 -> "source";
            case BADGE -> "badge";
            case JACOBIAN -> "stat";
            case GRADIENT_REACH, HIDDEN_GRADIENT_NORM, FORGET_GATE_MEAN -> "t";
            default -> null;
        };
        for (String k : List.of("source", "badge", "stat", "t")) {
            if (!k.equals(key) && o.fields().containsKey(k)) {
                throw at(o.fields().get(k).value(), p + "." + k, source, "\"" + k + "\" does not go with "
                        + m.key());
            }
        }
        if (key == null) {
            return "";
        }
        if (m.throughTime()) {
            Field t = o.fields().get("t");
            if (t == null) {
                return "";
            }
            if (t.value() instanceof Str s && s.value().equals("last")) {
                return Expectation.LAST_T;
            }
            if (!(t.value() instanceof Num n) || !n.integral() || !(n.value() >= 1
                    && n.value() <= Expectation.MAX_TIME_STEP)) {
                throw at(t.value(), p + ".t", source, "t is a time step: a whole number from 1 to "
                        + Expectation.MAX_TIME_STEP + ", or \"last\"; got " + t.value().show());
            }
            return Long.toString((long) n.value());
        }
        List<String> allowed = switch (m) {
            case CHI1 -> List.of("theory", "measured");
            case BADGE -> Arrays.stream(Health.values()).map(Health::label).toList();
            default -> JACOBIAN_STATS;
        };
        Field f = o.fields().get(key);
        if (f == null) {
            if (m == Measure.CHI1) {
                return "theory";
            }
            throw at(o, p + "." + key, source, "missing; one of " + String.join(", ", allowed));
        }
        if (!(f.value() instanceof Str s) || !allowed.contains(s.value())) {
            throw at(f.value(), p + "." + key, source, key + " is one of " + String.join(", ", allowed));
        }
        return s.value();
    }

    private static Test test(Obj o, Measure m, Side side, String p, String source) throws ConfigException {
        var given = new ArrayList<String>();
        for (String k : List.of("between", "below", "above", "equals", "is", "shown")) {
            if (o.fields().containsKey(k)) {
                given.add(k);
            }
        }
        if (given.size() != 1) {
            throw at(o, p, source, (given.isEmpty() ? "missing the condition: " : "one condition only: ")
                    + (m.categorical() ? m == Measure.BADGE ? "\"shown\": true or false" : "\"is\": one of "
                            + String.join(", ", PHASES) : "\"between\", \"below\", \"above\" or \"equals\""));
        }
        String k = given.get(0);
        Node v = o.fields().get(k).value();
        if (!k.equals("below") && !k.equals("above") && o.fields().containsKey("times")) {
            throw at(o.fields().get("times").value(), p + ".times", source, "\"times\" goes with below or above");
        }
        if (!k.equals("equals") && o.fields().containsKey("tolerance")) {
            throw at(o.fields().get("tolerance").value(), p + ".tolerance", source, "\"tolerance\" goes with equals");
        }
        switch (k) {
            case "between" -> {
                if (!(v instanceof Arr a) || a.items().size() != 2 || !(a.items().get(0) instanceof Num lo)
                        || !(a.items().get(1) instanceof Num hi) || !(lo.value() <= hi.value())) {
                    throw at(v, p + ".between", source, "between is [low, high], two numbers with low ≤ high");
                }
                return new Test.Between(lo.value(), hi.value());
            }
            case "below", "above" -> {
                double times = o.fields().containsKey("times") ? number(o, "times", p, source, 0, 1e12) : 1.0;
                Reference r;
                if (v instanceof Num n) {
                    r = new Reference.Value(n.value());
                } else if (v instanceof Str s && (s.value().equals("A") || s.value().equals("B"))) {
                    if (s.value().equals(side.name())) {
                        throw at(v, p + "." + k, source, "compare side " + side + " with the other side");
                    }
                    r = new Reference.OtherSide();
                } else if (v instanceof Str s && s.value().equals("chance")) {
                    r = new Reference.Chance();
                } else if (v instanceof Str s && s.value().equals("start")) {
                    r = new Reference.Start();
                } else {
                    throw at(v, p + "." + k, source, k + " is a number, the other side (\"A\" or \"B\"), \"chance\" "
                            + "or \"start\"");
                }
                return k.equals("below") ? new Test.Below(r, times) : new Test.Above(r, times);
            }
            case "equals" -> {
                if (!(v instanceof Num n)) {
                    throw at(v, p + ".equals", source, "equals is a number");
                }
                double tol = o.fields().containsKey("tolerance") ? number(o, "tolerance", p, source, 0, 1e300) : 0;
                return new Test.Equals(n.value(), tol);
            }
            case "is" -> {
                if (m != Measure.PHASE || !(v instanceof Str s) || !PHASES.contains(s.value())) {
                    throw at(v, p + ".is", source, m == Measure.PHASE ? "is is one of " + String.join(", ", PHASES)
                            : "\"is\" goes with phase");
                }
                return new Test.Is(s.value());
            }
            default -> {
                if (m != Measure.BADGE || !(v instanceof Bool b)) {
                    throw at(v, p + ".shown", source, m == Measure.BADGE ? "shown is true or false"
                            : "\"shown\" goes with badge");
                }
                return new Test.Is(b.value() ? "shown" : "not shown");
            }
        }
    }

    // ---- small readers ----

    static void keys(Obj o, String path, Set<String> allowed, String source) throws ConfigException {
        for (Field f : o.fields().values()) {
            if (!allowed.contains(f.name())) {
                throw new ConfigException(source, f.line(), f.column(), path + "." + f.name(), "unknown key \""
                        + f.name() + "\"; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    static double number(Obj o, String key, String p, String source, double lo, double hi)
            throws ConfigException {
        Node v = o.fields().get(key).value();
        if (!(v instanceof Num n) || !(n.value() >= lo && n.value() <= hi)) {
            throw at(v, field(p, key), source, key + " must be a number from " + show(lo) + " to " + show(hi) + ", got "
                    + v.show());
        }
        return n.value();
    }

    static long whole(Obj o, String key, String p, String source, long lo, long hi) throws ConfigException {
        Node v = o.fields().get(key).value();
        if (!(v instanceof Num n) || !n.integral() || !(n.value() >= lo && n.value() <= hi)) {
            throw at(v, field(p, key), source, key + " must be a whole number" + (lo == Long.MIN_VALUE ? ""
                    : " from " + lo + " to " + hi) + ", got " + v.show());
        }
        return (long) n.value();
    }

    /** The path of a key in the object at path p ("" at the top of a file). */
    private static String field(String p, String key) {
        return p.isEmpty() ? key : p + "." + key;
    }

    private static String show(double v) {
        return Fmt.num(v);
    }

    private static String string(Obj o, String key, String p, String source) throws ConfigException {
        Node v = o.fields().get(key).value();
        if (!(v instanceof Str s)) {
            throw at(v, p + "." + key, source, key + " must be a string, got " + v.show());
        }
        return s.value();
    }

    static ConfigException at(Node n, String path, String source, String problem) {
        return new ConfigException(source, n.line(), n.column(), path, problem);
    }
}
