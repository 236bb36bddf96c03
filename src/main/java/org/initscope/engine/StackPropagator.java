package org.initscope.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.initscope.data.Dataset;
import org.initscope.data.Datasets;
import org.initscope.engine.layers.Module;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The general engine: any stack of dense, conv2d, pooling, flatten, normalization, residual and recurrent layers,
 * one {@link Module} per layer on heap arrays (GEMMs on ND4J). Same protocol as the dense fast path
 * ({@link Propagator}): sample everything from the seed, draw the input, forward, backward from an upstream
 * gradient G ~ N(0, 1) at the output (L = Σ out ⊙ G), measure every tensor, predict with the variance recursion.
 */
final class StackPropagator {
    private final Sampler sampler = new Sampler();
    /** Threads each layer may use (0: every core; 1 in a sweep's cell, which runs a cell per core). */
    private final int threads;

    StackPropagator(int threads) {
        this.threads = threads;
    }

    PropagationResult run(ResolvedNetwork net, RunOptions options, BooleanSupplier cancelled) {
        MemoryEstimate.check(net);
        sampler.cancelWhen(cancelled);
        try {
            return runChecked(net, options, cancelled);
        } finally {
            sampler.cancelWhen(null);
        }
    }

    private PropagationResult runChecked(ResolvedNetwork net, RunOptions options, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        int batch = net.input().batch();
        long seed = net.seed();
        var modules = new ArrayList<Module>();
        for (ResolvedLayer l : net.layers()) {
            check(cancelled);
            Module m = Module.of(l);
            m.threads(threads);
            m.sample(sampler, seed);
            modules.add(m);
        }
        float[] x = input(net.input(), seed);
        Shape outShape = net.layers().get(net.depth() - 1).out();
        float[] upstream = standard(false, (int) (batch * outShape.size()), Seeds.derive(seed, 0,
                Seeds.UPSTREAM_GRADIENT));
        long t1 = System.nanoTime();

        Module.forward(modules, x, batch, cancelled);
        long t2 = System.nanoTime();
        Module.backward(modules, upstream, batch, cancelled);
        long t3 = System.nanoTime();

        List<LayerResult> measured = measure(net, modules, options, cancelled);
        long t4 = System.nanoTime();
        List<Prediction> predictions = VarianceRecursion.predict(net, measured);
        var results = new ArrayList<LayerResult>(measured.size());
        for (int l = 0; l < measured.size(); l++) {
            results.add(measured.get(l).withPrediction(predictions.get(l)));
        }
        long t5 = System.nanoTime();
        var timings = new PropagationResult.Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4),
                ms(t5 - t0));
        return new PropagationResult(net, options, results, timings);
    }

    /**
     * The input–output Jacobian ∂a_L/∂x (n_out × n_in, row-major) at example {@code row} of the probe batch of a
     * stack of dense layers, plain or residual ({@link ResolvedNetwork#denseStack}): the example forward n_out times
     * in one batch, and backward from the identity, so that row k of ∂L/∂x is row k of the Jacobian. Exact in the
     * sense of autograd (float32): a ReZero network's is I.
     */
    float[] jacobian(ResolvedNetwork net, int row, BooleanSupplier cancelled) {
        if (!net.denseStack()) {
            throw new IllegalArgumentException("the Jacobian is computed for stacks of dense layers");
        }
        sampler.cancelWhen(cancelled);
        try {
            long seed = net.seed();
            var modules = new ArrayList<Module>();
            for (ResolvedLayer l : net.layers()) {
                check(cancelled);
                Module m = Module.of(l);
                m.threads(threads);
                m.sample(sampler, seed);
                modules.add(m);
            }
            int in = net.input().features();
            int out = net.layers().get(net.depth() - 1).units();
            float[] x = input(net.input(), seed);
            float[] repeated = new float[out * in];
            for (int k = 0; k < out; k++) {
                System.arraycopy(x, row * in, repeated, k * in, in);
            }
            Module.forward(modules, repeated, out, cancelled);
            float[] identity = new float[out * out];
            for (int k = 0; k < out; k++) {
                identity[k * out + k] = 1f;
            }
            return Module.backward(modules, identity, out, cancelled);
        } finally {
            sampler.cancelWhen(null);
        }
    }

    /** The probe batch: N(0, 1), U(−√3, √3), or digits drawn (seeded, with replacement beyond 1797) and standardized. */
    float[] input(InputSpec in, long seed) {
        int n = (int) in.values();
        long s = Seeds.derive(seed, 0, Seeds.INPUT);
        if (in.distribution() != InputDistribution.DIGITS) {
            return standard(in.distribution() == InputDistribution.UNIFORM, n, s);
        }
        Dataset d = Datasets.digits();
        float[] mean = new float[64];
        float[] std = new float[64];
        for (int j = 0; j < 64; j++) {
            double m = 0;
            double q = 0;
            for (int i = 0; i < d.n(); i++) {
                double v = d.x()[i * 64 + j];
                m += v;
                q += v * v;
            }
            m /= d.n();
            double var = q / d.n() - m * m;
            mean[j] = (float) m;
            // constant pixels (the corners are always 0) stay 0
            std[j] = var > 1e-12 ? (float) Math.sqrt(var) : 0f;
        }
        var random = new SplittableRandom(s);
        float[] out = new float[n];
        for (int b = 0; b < in.batch(); b++) {
            int row = random.nextInt(d.n());
            for (int j = 0; j < 64; j++) {
                out[b * 64 + j] = std[j] == 0f ? 0f : (d.x()[row * 64 + j] - mean[j]) / std[j];
            }
        }
        return out;
    }

    private float[] standard(boolean uniform, int n, long seed) {
        float[] heap = new float[n];
        try (INDArray target = Nd4j.create(DataType.FLOAT, n)) {
            sampler.fillStandard(uniform, target, heap, seed);
        }
        return heap;
    }

    private static List<LayerResult> measure(ResolvedNetwork net, List<Module> modules, RunOptions options,
            BooleanSupplier cancelled) {
        int batch = net.input().batch();
        // the shared histogram range of each quantity over every layer
        var lo = new EnumMap<Quantity, Double>(Quantity.class);
        var hi = new EnumMap<Quantity, Double>(Quantity.class);
        if (options.range() == RunOptions.HistogramRange.SHARED) {
            for (Module m : modules) {
                for (Quantity q : Quantity.values()) {
                    float[] t = m.tensor(q);
                    if (t != null) {
                        var mo = StatsCalculator.moments(t, t.length);
                        if (mo.finite() > 0) {
                            lo.merge(q, mo.min(), Math::min);
                            hi.merge(q, mo.max(), Math::max);
                        }
                    }
                }
            }
        }
        var out = new ArrayList<LayerResult>();
        for (Module m : modules) {
            check(cancelled);
            ResolvedLayer l = m.layer();
            var stats = new EnumMap<Quantity, TensorStats>(Quantity.class);
            float[] act = m.tensor(Quantity.ACTIVATIONS);
            double saturation = StatsCalculator.saturatedFraction(act, act.length, l.activation().kind());
            for (Quantity q : Quantity.values()) {
                float[] t = m.tensor(q);
                if (t == null) {
                    stats.put(q, TensorStats.none());
                    continue;
                }
                boolean unit = q == Quantity.ACTIVATIONS || q == Quantity.PRE_ACTIVATIONS;
                stats.put(q, StatsCalculator.finish(t, t.length, StatsCalculator.moments(t, t.length),
                        options.histogramBins(), lo.getOrDefault(q, Double.NaN), hi.getOrDefault(q, Double.NaN), unit ? saturation : 0));
            }
            var params = new LinkedHashMap<String, TensorStats>();
            m.parameters().forEach((k, v) -> params.put(k, TensorStats.of(v, v.length, options.histogramBins())));
            var grads = new LinkedHashMap<String, TensorStats>();
            m.parameterGradients().forEach((k, v) -> grads.put(k, TensorStats.of(v, v.length, options.histogramBins())));
            out.add(new LayerResult(l, stats, Module.deadUnits(act, batch, l.out()), null, params, grads, m.trace()));
        }
        return out;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("superseded");
        }
    }
}
