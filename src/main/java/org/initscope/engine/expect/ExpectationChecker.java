package org.initscope.engine.expect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.initscope.data.CsvException;
import org.initscope.data.Dataset;
import org.initscope.engine.Health;
import org.initscope.engine.LayerResult;
import org.initscope.engine.MeanField;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.Propagator;
import org.initscope.engine.Quantity;
import org.initscope.engine.SingularValueMoments;
import org.initscope.engine.TensorStats;
import org.initscope.engine.expect.Expectation.Layers;
import org.initscope.engine.expect.Expectation.Measure;
import org.initscope.engine.expect.Expectation.Reference;
import org.initscope.engine.expect.Expectation.Side;
import org.initscope.engine.expect.Expectation.Test;
import org.initscope.engine.train.LayerSnapshot;
import org.initscope.engine.train.TrainSettings;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.Fmt;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.SpecException;
import org.initscope.model.WeightedSpec;

/**
 * Checks {@link Expectation}s against what the app computes: the network at initialization (the engine run the
 * Explore and Compare tabs show, with the network's seed) and training with the step's settings (what the Train
 * tab and the lockstep training do, step for step: same seeds, same batches). Everything a statement needs is
 * computed once: one engine run per side, the Jacobian only if asked for, one training run per side up to the
 * largest step asked for. No JavaFX; the CLI ({@code lesson check}), the app and the tests share it.
 */
public final class ExpectationChecker {

    /**
     * What a lesson step computes: network A, network B of a comparison (null when the step has none), and how
     * they are trained.
     */
    public record Setting(NetworkSpec a, NetworkSpec b, TrainSettings training) {
        public Setting {
            Objects.requireNonNull(a);
            training = training == null ? TrainSettings.DEFAULT : training;
        }

        NetworkSpec network(Side s) {
            return s == Side.A ? a : b;
        }
    }

    /** One checked statement: whether it holds and what was measured ("0.2278", "at layer 4: 0.131", …). */
    public record Outcome(Expectation expectation, boolean holds, String measured) {
        /** "expected the std of the activations at layer 10 is in [0.2, 0.3]; measured 0.4867". */
        public String message() {
            return "expected " + expectation.describe() + "; measured " + measured
                    + (expectation.claim().isEmpty() ? "" : " (claim: “" + expectation.claim() + "”)");
        }
    }

    /** What one lesson step asks: its setting and its statements. */
    public record Job(Setting setting, List<Expectation> expectations) {
        public Job {
            expectations = List.copyOf(expectations);
        }
    }

    /** A network at initialization: as loaded, or with every layer's weights scaled ("scale"). */
    private record Net(NetworkSpec spec) {
    }

    /** A training run: the network and its settings (the same pair in two steps is trained once). */
    private record Run(NetworkSpec spec, TrainSettings settings) {
    }

    private final Map<Net, PropagationResult> runs = new HashMap<>();
    private final Map<Net, double[]> jacobians = new HashMap<>();
    private final Map<Net, List<MeanField.LayerTheory>> theory = new HashMap<>();
    private final Map<Run, Training> trainings = new HashMap<>();
    /** The networks whose Jacobian some statement asks for (its SVD costs a few hundred ms on wide layers). */
    private final Set<Net> jacobianWanted = new HashSet<>();
    /** The step being evaluated. */
    private Setting setting;
    /** One engine for every run: networks of the same shape reuse its buffers. */
    private Propagator engine;

    private ExpectationChecker() {
    }

    /** Check every statement; the order of the outcomes is the order of the statements. */
    public static List<Outcome> check(Setting setting, List<Expectation> expectations) {
        return check(List.of(new Job(setting, expectations))).get(0);
    }

    /**
     * Check the statements of several steps (a lesson): a network or a training run that several steps share is
     * computed once. One list of outcomes per job, in order.
     */
    public static List<List<Outcome>> check(List<Job> jobs) {
        var checker = new ExpectationChecker();
        var steps = new HashMap<Run, TreeSet<Integer>>();
        for (Job j : jobs) {
            for (Expectation e : j.expectations()) {
                if (e.measure() == Measure.JACOBIAN && j.setting().network(e.side()) != null) {
                    checker.jacobianWanted.add(net(j.setting().network(e.side()), e.scale()));
                }
                if (!e.training()) {
                    continue;
                }
                for (Side s : Expectation.reference(e.test()) instanceof Reference.OtherSide ? Side.values()
                        : new Side[] {e.side()}) {
                    NetworkSpec n = j.setting().network(s);
                    if (n != null) {
                        steps.computeIfAbsent(new Run(n, j.setting().training()), k -> new TreeSet<>()).add(e.after());
                    }
                }
            }
        }
        steps.forEach(checker::train);
        var out = new ArrayList<List<Outcome>>();
        try {
            for (Job j : jobs) {
                checker.setting = j.setting();
                var outcomes = new ArrayList<Outcome>();
                for (Expectation e : j.expectations()) {
                    outcomes.add(checker.evaluate(e));
                }
                out.add(outcomes);
            }
        } finally {
            if (checker.engine != null) {
                checker.engine.close();
            }
        }
        return out;
    }

    /** A statement that cannot be evaluated: it fails with this reason. */
    private static final class Unavailable extends RuntimeException {
        Unavailable(String why) {
            super(why, null, false, false);
        }
    }

    // ---- computing what the statements need ----

    private PropagationResult run(Net n) {
        return runs.computeIfAbsent(n, k -> {
            if (engine == null) {
                engine = new Propagator();
            }
            var resolved = k.spec().resolve();
            PropagationResult r = engine.run(resolved);
            if (jacobianWanted.contains(k) && resolved.denseStack()) {
                // the Jacobian tab's: the singular values at the batch's first example
                jacobians.put(k, engine.jacobianSingularValues(resolved, 0));
            }
            return r;
        });
    }

    /** A side of the step being evaluated, at scale s. */
    private Net net(Side side, double s) {
        return net(network(side), s);
    }

    private static Net net(NetworkSpec spec, double s) {
        return new Net(scaled(spec, s));
    }

    /** The network as the scale slider at ×s on every layer makes it. */
    private static NetworkSpec scaled(NetworkSpec net, double s) {
        if (s == 1) {
            return net;
        }
        return net.withLayers(net.layers().stream().map(l -> l instanceof WeightedSpec w
                ? (LayerSpec) w.withScale(s) : l).toList());
    }

    private NetworkSpec network(Side s) {
        NetworkSpec net = setting.network(s);
        if (net == null) {
            throw new Unavailable("this step has no network B (give the step \"compare\")");
        }
        return net;
    }

    private List<MeanField.LayerTheory> theory(Expectation e) {
        return theory(net(e.side(), e.scale()));
    }

    private List<MeanField.LayerTheory> theory(Net n) {
        return theory.computeIfAbsent(n, k -> {
            PropagationResult r = run(k);
            return MeanField.layers(r.network(), r.layers().stream().map(LayerResult::predicted).toList());
        });
    }

    /** One side's training up to the largest step asked for, with a record at every step asked for. */
    private static final class Training {
        final Map<Integer, TrainingRecord> records = new HashMap<>();
        double chanceLoss;
        double chanceAccuracy;
        String problem;
    }

    private void train(Run run, TreeSet<Integer> wanted) {
        var t = new Training();
        trainings.put(run, t);
        wanted.add(0);
        int every = 0;
        for (int n : wanted) {
            every = gcd(every, n);
        }
        every = Math.max(1, every);
        int last = wanted.last();
        try (Trainer trainer = Trainer.create(run.settings().spec(run.spec(), every, last / every + 4))) {
            while (trainer.steps() < last) {
                trainer.step();
            }
            for (TrainingRecord r : trainer.history().records()) {
                if (wanted.contains((int) r.step())) {
                    t.records.put((int) r.step(), r);
                }
            }
            chance(t, trainer.data().train());
        } catch (CsvException | IllegalArgumentException | SpecException e) {
            t.problem = "cannot train this network: " + e.getMessage();
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * The loss and accuracy of predicting the training labels' frequencies (the mean for regression). With several
     * answers per example (the copy task's five symbols) the frequencies are over every answer.
     */
    private static void chance(Training t, Dataset train) {
        if (train.isClassification()) {
            long[] counts = new long[train.classes()];
            for (int l : train.labels()) {
                counts[l]++;
            }
            int answers = train.labels().length;
            double h = 0;
            long best = 0;
            for (long c : counts) {
                if (c > 0) {
                    double p = (double) c / answers;
                    h -= p * Math.log(p);
                }
                best = Math.max(best, c);
            }
            t.chanceLoss = h;
            t.chanceAccuracy = (double) best / answers;
        } else {
            double[] mean = new double[train.targets()];
            float[] y = train.y();
            for (int i = 0; i < y.length; i++) {
                mean[i % train.targets()] += y[i];
            }
            double sq = 0;
            for (int i = 0; i < y.length; i++) {
                double d = y[i] - mean[i % train.targets()] / train.n();
                sq += d * d;
            }
            t.chanceLoss = sq / y.length;
            t.chanceAccuracy = Double.NaN;
        }
    }

    private TrainingRecord record(Side s, int step) {
        Training t = trainings.get(new Run(network(s), setting.training()));
        if (t == null || t.problem != null) {
            throw new Unavailable(t == null ? "no training" : t.problem);
        }
        TrainingRecord r = t.records.get(step);
        if (r == null) {
            throw new Unavailable("no record at step " + step);
        }
        return r;
    }

    // ---- evaluating one statement ----

    private Outcome evaluate(Expectation e) {
        try {
            Source src = source(e.side(), e.after(), e.scale());
            if (e.layers().kind() == Layers.Kind.NONE || e.layers().kind() == Layers.Kind.RANGE) {
                double v = e.layers().kind() == Layers.Kind.NONE ? network(e, src) : range(e, src);
                double ref = referenceValue(e, e.side(), 0);
                boolean ok = holds(e.test(), v, ref);
                return new Outcome(e, ok, Fmt.sig(v, 4) + referenceText(e, ref));
            }
            int depth = src.depth();
            List<Integer> layers;
            if (e.layers().kind() == Layers.Kind.ONE) {
                layers = List.of(Layers.resolve(e.layers().layer(), depth));
            } else {
                int from = Layers.resolve(e.layers().from(), depth);
                int to = Layers.resolve(e.layers().to(), depth);
                layers = IntStream.rangeClosed(Math.max(from, perLayer(e) ? 2 : 1), to).boxed() .toList();
                if (from > to || layers.isEmpty()) {
                    throw new Unavailable("no layer from " + from + " to " + to);
                }
            }
            if (layers.get(layers.size() - 1) > depth) {
                throw new Unavailable("the network has " + depth + " layers");
            }
            var values = new ArrayList<String>();
            Integer firstFail = null;
            Integer firstPass = null;
            String failText = null;
            String passText = null;
            int applicable = 0;
            for (int l : layers) {
                if (!applies(e, src, l)) {
                    if (e.layers().kind() == Layers.Kind.ONE) {
                        throw new Unavailable("not measured at layer " + l + " (" + src.layerName(l) + ")");
                    }
                    continue;
                }
                applicable++;
                boolean ok;
                String text;
                if (e.measure().categorical()) {
                    String c = category(e, src, l);
                    ok = c.equals(((Test.Is) e.test()).value());
                    text = c;
                } else {
                    double v = layerValue(e, src, l);
                    double ref = referenceValue(e, e.side(), l);
                    ok = holds(e.test(), v, ref);
                    text = Fmt.sig(v, 4) + referenceText(e, ref);
                }
                values.add(text);
                if (ok && firstPass == null) {
                    firstPass = l;
                    passText = text;
                }
                if (!ok && firstFail == null) {
                    firstFail = l;
                    failText = text;
                }
            }
            if (applicable == 0) {
                throw new Unavailable("no layer of this network has it");
            }
            return switch (e.layers().kind()) {
                case ONE -> new Outcome(e, firstFail == null, values.get(0));
                case EVERY -> firstFail == null ? new Outcome(e, true, summary(values))
                        : new Outcome(e, false, "at layer " + firstFail + ": " + failText);
                default -> firstPass != null ? new Outcome(e, true, "at layer " + firstPass + ": " + passText)
                        : new Outcome(e, false, "at no layer: " + summary(values));
            };
        } catch (Unavailable u) {
            return new Outcome(e, false, "nothing (" + u.getMessage() + ")");
        }
    }

    private static String summary(List<String> values) {
        if (values.size() <= 4) {
            return String.join(", ", values);
        }
        return String.join(", ", values.subList(0, 2)) + ", …, " + String.join(", ",
                values.subList(values.size() - 2, values.size()));
    }

    private static boolean perLayer(Expectation e) {
        return e.measure() == Measure.STD_PER_LAYER || e.measure() == Measure.VARIANCE_PER_LAYER;
    }

    private static boolean holds(Test t, double v, double ref) {
        if (t instanceof Test.Between b) {
            return v >= b.lo() && v <= b.hi();
        }
        if (t instanceof Test.Below b) {
            return v < b.times() * ref;
        }
        if (t instanceof Test.Above a) {
            return v > a.times() * ref;
        }
        if (t instanceof Test.Equals q) {
            return Math.abs(v - q.value()) <= q.tolerance();
        }
        return false;
    }

    /** The number a below/above test compares with at a layer (NaN for the others). */
    private double referenceValue(Expectation e, Side side, int layer) {
        Reference r = Expectation.reference(e.test());
        if (r == null) {
            return Double.NaN;
        }
        if (r instanceof Reference.Value v) {
            return v.value();
        }
        if (r instanceof Reference.Chance) {
            record(side, e.after());
            Training t = trainings.get(new Run(network(side), setting.training()));
            return e.measure() == Measure.TRAIN_ACCURACY || e.measure() == Measure.TEST_ACCURACY ? t.chanceAccuracy
                    : t.chanceLoss;
        }
        Side other = r instanceof Reference.OtherSide ? (side == Side.A ? Side.B : Side.A) : side;
        int after = r instanceof Reference.Start ? 0 : e.after();
        Source src = source(other, after, e.scale());
        if (e.layers().kind() == Layers.Kind.NONE) {
            return network(e, src);
        }
        if (e.layers().kind() == Layers.Kind.RANGE) {
            return range(e, src);
        }
        return layerValue(e, src, layer);
    }

    private static String referenceText(Expectation e, double ref) {
        Reference r = Expectation.reference(e.test());
        if (r == null || r instanceof Reference.Value) {
            return "";
        }
        String what = r instanceof Reference.OtherSide ? (e.side() == Side.A ? "B's" : "A's")
                : r instanceof Reference.Start ? "before training" : "chance";
        return " (" + what + ": " + Fmt.sig(ref, 4) + ")";
    }

    // ---- the measures ----

    /** Where the numbers come from: the engine's run at initialization, or a training record. */
    private interface Source {
        int depth();

        /** The statistics of a tensor of layer l (1-based), or null when the layer has none. */
        TensorStats stats(int l, Quantity q);

        double dead(int l);

        String layerName(int l);

        PropagationResult init();

        LayerSnapshot snapshot(int l);

        TrainingRecord record();

        /** What happened through time in layer l, or null when it is not recurrent. */
        RecurrentTrace trace(int l);
    }

    private Source source(Side side, int after, double scale) {
        if (after == Expectation.AT_INIT) {
            PropagationResult r = run(net(side, scale));
            return new Source() {
                public int depth() {
                    return r.layers().size();
                }

                public TensorStats stats(int l, Quantity q) {
                    TensorStats s = r.layer(l).get(q);
                    return s == null || s.count() == 0 ? null : s;
                }

                public double dead(int l) {
                    return r.layer(l).deadUnitFraction();
                }

                public String layerName(int l) {
                    return r.layer(l).layer().spec().label();
                }

                public PropagationResult init() {
                    return r;
                }

                public LayerSnapshot snapshot(int l) {
                    throw new Unavailable("measured during training only");
                }

                public TrainingRecord record() {
                    throw new Unavailable("measured during training only");
                }

                public RecurrentTrace trace(int l) {
                    return r.layer(l).trace();
                }
            };
        }
        TrainingRecord rec = record(side, after);
        return new Source() {
            public int depth() {
                return rec.layers().size();
            }

            public TensorStats stats(int l, Quantity q) {
                return rec.layers().get(l - 1).get(q);
            }

            public double dead(int l) {
                return rec.layers().get(l - 1).deadUnitFraction();
            }

            public String layerName(int l) {
                return rec.layers().get(l - 1).name();
            }

            public PropagationResult init() {
                throw new Unavailable("measured at initialization only");
            }

            public LayerSnapshot snapshot(int l) {
                return rec.layers().get(l - 1);
            }

            public TrainingRecord record() {
                return rec;
            }

            public RecurrentTrace trace(int l) {
                return rec.layers().get(l - 1).trace();
            }
        };
    }

    /** Whether the measure exists at layer l (a pooling layer has no weights, a linear one no saturation, …). */
    private boolean applies(Expectation e, Source src, int l) {
        return switch (e.measure()) {
            case STD, VARIANCE, MEAN, ZERO_FRACTION, SATURATED_FRACTION, VARIANCE_VS_THEORY, THEORY_VARIANCE ->
                    src.stats(l, e.of()) != null;
            case STD_PER_LAYER, VARIANCE_PER_LAYER -> l >= 2 && src.stats(l, e.of()) != null
                    && src.stats(l - 1, e.of()) != null;
            case CHI1 -> "measured".equals(e.detail()) ? l >= 2 && src.stats(l, Quantity.ACTIVATION_GRADIENTS) != null
                    && src.stats(l - 1, Quantity.ACTIVATION_GRADIENTS) != null
                    : src.init().layer(l).layer().weighted() != null;
            case PHASE, SIGMA_W2 -> src.init().layer(l).layer().weighted() != null;
            case INIT_STD, GAIN -> src.init().layer(l).layer().hasParameters();
            case GRADIENT_REACH, HIDDEN_GRADIENT_NORM -> src.trace(l) != null;
            case FORGET_GATE_MEAN -> src.trace(l) != null && src.trace(l).meanForget() != null;
            default -> true;
        };
    }

    private double layerValue(Expectation e, Source src, int l) {
        return switch (e.measure()) {
            case STD -> src.stats(l, e.of()).std();
            case VARIANCE -> src.stats(l, e.of()).var();
            case MEAN -> src.stats(l, e.of()).mean();
            case MIN -> src.stats(l, e.of()).min();
            case MAX -> src.stats(l, e.of()).max();
            case ZERO_FRACTION -> src.stats(l, e.of()).zeroFraction();
            case SATURATED_FRACTION -> src.stats(l, e.of()).saturatedFraction();
            case DEAD_FRACTION -> src.dead(l);
            case NON_FINITE -> nonFinite(src, l);
            case STD_PER_LAYER -> src.stats(l, e.of()).std() / src.stats(l - 1, e.of()).std();
            case VARIANCE_PER_LAYER -> src.stats(l, e.of()).var() / src.stats(l - 1, e.of()).var();
            case VARIANCE_VS_THEORY -> src.stats(l, e.of()).var() / src.init().layer(l).predictedVar(e.of());
            case THEORY_VARIANCE -> src.init().layer(l).predictedVar(e.of());
            case CHI1 -> "measured".equals(e.detail()) ? src.stats(l - 1, Quantity.ACTIVATION_GRADIENTS).var()
                    / src.stats(l, Quantity.ACTIVATION_GRADIENTS).var() : theory(e).get(l - 1).chi1();
            case SIGMA_W2 -> theory(e).get(l - 1).sigmaW2();
            case INIT_STD -> layer(src, l).weight().std();
            case GAIN -> layer(src, l).weight().gain() == null ? 1.0 : layer(src, l).weight().gain().value();
            case DISTINCT_UNITS -> src.snapshot(l).distinctUnits();
            case UPDATE_RATIO -> src.snapshot(l).updateRatio();
            case GRADIENT_NORM -> src.snapshot(l).gradientNorm();
            case GRADIENT_REACH, HIDDEN_GRADIENT_NORM, FORGET_GATE_MEAN -> throughTime(e, src.trace(l));
            default -> throw new Unavailable(e.measure().key() + " is not measured per layer");
        };
    }

    /** A measure through time at the statement's time step t (the Train tab's map shows the same numbers). */
    private static double throughTime(Expectation e, RecurrentTrace trace) {
        int steps = trace.steps();
        int t = e.timeStep(steps);
        if (t > steps) {
            throw new Unavailable("the sequence has " + steps + " time steps");
        }
        double[] g = trace.gradientNorm();
        return switch (e.measure()) {
            case GRADIENT_REACH -> g[t - 1] / g[steps - 1];
            case HIDDEN_GRADIENT_NORM -> g[t - 1];
            default -> t == 0 ? trace.forgetGateMean() : trace.meanForget()[t - 1];
        };
    }

    private static ResolvedLayer layer(Source src, int l) {
        return src.init().layer(l).layer();
    }

    private static double nonFinite(Source src, int l) {
        long n = 0;
        for (Quantity q : Quantity.values()) {
            TensorStats s = src.stats(l, q);
            n += s == null ? 0 : s.nonFinite();
        }
        return n;
    }

    private String category(Expectation e, Source src, int l) {
        if (e.measure() == Measure.PHASE) {
            return theory(e).get(l - 1).phase().name().toLowerCase(Locale.ROOT);
        }
        Health h = Arrays.stream(Health.values()).filter(x -> x.label().equalsIgnoreCase(e.detail()))
                .findFirst().orElseThrow(() -> new Unavailable("no badge \"" + e.detail() + "\""));
        return Health.of(src.init().layer(l)).contains(h) ? "shown" : "not shown";
    }

    /** A ratio from one layer to another, or the geometric mean factor per layer over that range. */
    private double range(Expectation e, Source src) {
        int depth = src.depth();
        int from = Layers.resolve(e.layers().from(), depth);
        int to = Layers.resolve(e.layers().to(), depth);
        if (from > depth || to > depth) {
            throw new Unavailable("the network has " + depth + " layers");
        }
        if (src.stats(from, e.of()) == null || src.stats(to, e.of()) == null) {
            throw new Unavailable("no " + e.of().label() + " at layer " + (src.stats(from, e.of()) == null ? from : to));
        }
        IntToDoubleFunction f = e.measure() == Measure.STD_RATIO || e.measure() == Measure.STD_PER_LAYER
                ? l -> src.stats(l, e.of()).std() : l -> src.stats(l, e.of()).var();
        double ratio = f.applyAsDouble(to) / f.applyAsDouble(from);
        if (e.measure() == Measure.STD_RATIO || e.measure() == Measure.VARIANCE_RATIO) {
            return ratio;
        }
        if (to == from) {
            throw new Unavailable("a factor per layer needs two different layers");
        }
        return Math.pow(ratio, 1.0 / Math.abs(to - from));
    }

    /** A whole-network measure: the Jacobian's singular values, or a loss or accuracy after training. */
    private double network(Expectation e, Source src) {
        return switch (e.measure()) {
            case TRAIN_LOSS -> src.record().trainLoss();
            case TEST_LOSS -> src.record().testLoss();
            case TRAIN_ACCURACY -> src.record().trainAccuracy();
            case TEST_ACCURACY -> src.record().testAccuracy();
            case JACOBIAN -> jacobian(e);
            default -> throw new Unavailable(e.measure().key() + " needs a layer");
        };
    }

    private double jacobian(Expectation e) {
        Net n = net(e.side(), e.scale());
        run(n);
        double[] s = jacobians.get(n);
        if (s == null || s.length == 0) {
            throw new Unavailable("the Jacobian is computed for networks of plain dense layers only");
        }
        var moments = SingularValueMoments.of(s);
        return switch (e.detail()) {
            case "min" -> s[s.length - 1];
            case "max" -> s[0];
            case "condition" -> s[0] / s[s.length - 1];
            case "mean s2" -> moments.meanSquare();
            case "var s2" -> moments.varianceOfSquares();
            default -> throw new Unavailable("unknown Jacobian statistic " + e.detail());
        };
    }
}
