package org.initscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.initscope.engine.layers.Module;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.Gain;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ResolvedInit;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.ResolvedParam;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.initscope.model.WeightedSpec;

/**
 * Layer-sequential unit-variance initialization (Mishkin &amp; Matas 2016, "All you need is a good init", Algorithm 1):
 * a weighted layer starts orthonormal (orthogonal, gain 1), then, layer after layer from the input, its weights are
 * divided by √Var[z_l] — z_l the layer's output before the activation, on a batch — until |Var[z_l] − 1| &lt; tol or
 * max_iter passes. Two uses, one procedure ({@link #outcomes}):
 * <ul>
 * <li>the initializer {@code lsuv} (with its {@code tol} and {@code max_iter}): every run of a network with such
 * layers first rescales them on its own batch — the explorer's probe batch, training's first rows of the data — and
 * the run's layer carries the factor found as the gain of its weights ({@link #resolve});</li>
 * <li>Layer ▸ LSUV on all layers ({@link #apply}): every weighted layer, and the result written back as an ordinary
 * network (orthogonal with its slider scale at the factor found), so that the same seed redraws it.</li>
 * </ul>
 */
public final class Lsuv {
    public static final double DEFAULT_TOLERANCE = 0.1;
    public static final int DEFAULT_ITERATIONS = 10;

    private Lsuv() {
    }

    /**
     * What LSUV did to one layer.
     *
     * @param factor    the product of the rescalings (the weights are Q × factor)
     * @param passes    the rescalings it took
     * @param variance  Var[z] after the last one
     * @param converged whether |Var[z] − 1| &lt; tol
     */
    public record Outcome(double factor, int passes, double variance, boolean converged, double tolerance) {
    }

    /**
     * What the menu action did.
     *
     * @param network    the network with LSUV's weights (orthogonal × scale per layer)
     * @param variances  Var[z_l] of each layer in a run of that network (NaN for layers without weights)
     * @param iterations the passes each layer took (0 for layers without weights)
     * @param converged  whether every weighted layer reached |Var − 1| &lt; tol
     */
    public record Result(NetworkSpec network, double[] variances, int[] iterations, boolean converged,
            double tolerance) {
    }

    /** Whether the network has layers initialized with {@code lsuv}: its runs rescale them first. */
    public static boolean applies(ResolvedNetwork net) {
        return net.layers().stream().anyMatch(Lsuv::lsuv);
    }

    private static boolean lsuv(ResolvedLayer l) {
        return l.weighted() != null && l.init().scheme() == Scheme.LSUV;
    }

    /**
     * The procedure on {@code rows} examples {@code x} (the layout the first layer reads): for every {@code lsuv}
     * layer, in order, what it found with that layer's own tol and max_iter (null for the other layers).
     *
     * @param threads threads each layer may use (0: every core; 1 in a sweep's cell)
     */
    public static Outcome[] outcomes(ResolvedNetwork net, float[] x, int rows, int threads, BooleanSupplier cancelled) {
        Nd4jRuntime.start();
        MemoryEstimate.check(net);
        var sampler = new Sampler();
        sampler.cancelWhen(cancelled);
        try {
            int depth = net.depth();
            var out = new Outcome[depth];
            var inputs = new float[depth][];
            float[] h = x;
            for (int l = 0; l < depth; l++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("superseded");
                }
                ResolvedLayer layer = net.layers().get(l);
                Module m = Module.of(layer);
                m.threads(threads);
                m.sample(sampler, net.seed());
                inputs[l] = h;
                if (m.skipFrom() >= 0) {
                    m.skip(inputs[m.skipFrom()]);
                }
                float[] a = m.forward(h, rows);
                if (lsuv(layer)) {
                    InitSpec init = layer.init();
                    double tol = init.number("tol");
                    int maxIter = (int) init.number("max_iter");
                    float[] w = m.parameters().get("weight");
                    double factor = 1;
                    int passes = 0;
                    double var = variance(m.tensor(Quantity.PRE_ACTIVATIONS));
                    while (!(Math.abs(var - 1) < tol) && passes < maxIter && var > 0 && Double.isFinite(var)) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException("superseded");
                        }
                        float f = (float) (1 / Math.sqrt(var));
                        for (int i = 0; i < w.length; i++) {
                            w[i] *= f;
                        }
                        factor *= f;
                        passes++;
                        a = m.forward(h, rows);
                        var = variance(m.tensor(Quantity.PRE_ACTIVATIONS));
                    }
                    out[l] = new Outcome(factor, passes, var, Math.abs(var - 1) < tol, tol);
                }
                h = a;
            }
            return out;
        } finally {
            sampler.cancelWhen(null);
        }
    }

    private static double variance(float[] z) {
        double sum = 0;
        double sq = 0;
        for (float v : z) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / z.length;
        return sq / z.length - mean * mean;
    }

    /**
     * The network as it runs: every {@code lsuv} layer's weights × the factor LSUV found on {@code x}, the factor and
     * how it was found as their gain. Networks without {@code lsuv} layers come back as they are.
     */
    public static ResolvedNetwork resolve(ResolvedNetwork net, float[] x, int rows, int threads,
            BooleanSupplier cancelled) {
        if (!applies(net)) {
            return net;
        }
        Outcome[] o = outcomes(net, x, rows, threads, cancelled);
        var layers = new ArrayList<ResolvedLayer>();
        for (int l = 0; l < net.depth(); l++) {
            ResolvedLayer layer = net.layers().get(l);
            layers.add(o[l] == null ? layer : rescaled(layer, o[l]));
        }
        return new ResolvedNetwork(net.spec(), layers);
    }

    private static ResolvedLayer rescaled(ResolvedLayer layer, Outcome o) {
        ResolvedInit w = layer.weight();
        double f = o.factor();
        String found = o.converged()
                ? "LSUV: × " + Fmt.sig(f, 4) + " after " + o.passes() + " pass(es) on the batch: Var[z] = "
                        + Fmt.sig(o.variance(), 4) + ", |Var − 1| < " + Fmt.num(o.tolerance())
                : "LSUV: × " + Fmt.sig(f, 4) + " after " + o.passes() + " pass(es) on the batch: Var[z] = "
                        + Fmt.sig(o.variance(), 4) + ", not within " + Fmt.num(o.tolerance());
        var warnings = new ArrayList<>(w.warnings());
        if (!o.converged()) {
            warnings.add("LSUV stopped with Var[z] = " + Fmt.sig(o.variance(), 4) + ": raise max_iter, or the layer "
                    + "cannot reach unit variance (a zero or non-finite output)");
        }
        var scaled = new ResolvedInit(w.spec(), w.sampling().scaled(f), w.mean() * f, w.std() * f,
                w.bound() == null ? null : w.bound() * f, new Gain(f, found), w.formula() + "; " + found + " → std "
                        + Fmt.f4(w.std() * f), w.zeroMeanIid(), warnings);
        var params = new ArrayList<ResolvedParam>();
        for (ResolvedParam p : layer.params()) {
            params.add(p.name().equals("weight") ? new ResolvedParam(p.name(), p.rows(), p.cols(), p.blocks(), p.fans(),
                    scaled) : p);
        }
        return new ResolvedLayer(layer.index(), layer.specIndex(), layer.spec(), layer.in(), layer.out(),
                layer.fans(), scaled, layer.bias(), params, layer.branch());
    }

    /** Layer ▸ LSUV on all layers with tol = 0.1 and at most 10 passes per layer (the paper's values). */
    public static Result apply(NetworkSpec spec) {
        return apply(spec, DEFAULT_TOLERANCE, DEFAULT_ITERATIONS, () -> false);
    }

    /**
     * LSUV on every weighted layer of {@code spec}, on its probe batch, written back as an ordinary network: each
     * weighted layer orthogonal (gain 1) with its scale at the factor found (a factor beyond the slider's range is
     * clamped, and the result does not count as converged); the variances are those of a run of that network.
     */
    public static Result apply(NetworkSpec spec, double tol, int maxIterations, BooleanSupplier cancelled) {
        if (!(tol > 0 && tol < 1)) {
            throw new SpecException("tol", "the tolerance must be between 0 and 1");
        }
        InitSpec lsuv = InitSpec.of(Scheme.LSUV, "tol", tol, "max_iter", (double) maxIterations);
        var layers = new ArrayList<LayerSpec>();
        for (LayerSpec l : spec.expandedLayers()) {
            layers.add(l instanceof WeightedSpec w ? (LayerSpec) w.withInit(lsuv).withScale(1.0) : l);
        }
        ResolvedNetwork start = spec.withLayers(layers).resolve();
        float[] x = new StackPropagator(0).input(start.input(), start.seed());
        Outcome[] o = outcomes(start, x, start.input().batch(), 0, cancelled);
        int n = layers.size();
        int[] iterations = new int[n];
        boolean clamped = false;
        InitSpec orthogonal = InitSpec.of(Scheme.ORTHOGONAL, "gain", 1.0);
        for (int l = 0; l < n; l++) {
            if (o[l] == null) {
                continue;
            }
            iterations[l] = o[l].passes();
            double scale = Math.max(DenseSpec.MIN_SCALE, Math.min(DenseSpec.MAX_SCALE, o[l].factor()));
            clamped |= scale != o[l].factor();
            layers.set(l, ((WeightedSpec) layers.get(l)).withInit(orthogonal).withScale(scale));
        }
        NetworkSpec net = spec.withLayers(layers);
        double[] variances = new double[n];
        boolean converged = !clamped;
        try (Propagator engine = new Propagator()) {
            PropagationResult r = engine.run(net.resolve(), RunOptions.momentsOnly(), cancelled);
            for (int l = 0; l < n; l++) {
                variances[l] = Double.NaN;
                if (o[l] != null) {
                    variances[l] = r.layers().get(l).get(Quantity.PRE_ACTIVATIONS).var();
                    converged &= Math.abs(variances[l] - 1) < tol;
                }
            }
        }
        return new Result(net.compressed(), variances, iterations, converged, tol);
    }

    /** The layers whose output variance LSUV measured: Var[z_l] of each weighted layer, in order. */
    public static List<Double> weightedVariances(Result r) {
        var out = new ArrayList<Double>();
        for (double v : r.variances()) {
            if (!Double.isNaN(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
