package org.initscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        float[][] pixels = DigitsPixels.moments();
        float[] mean = pixels[0];
        float[] std = pixels[1];
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

    /** Every tensor of the modules measured by the one measuring code of both engine paths. */
    private List<LayerResult> measure(ResolvedNetwork net, List<Module> modules, RunOptions options,
            BooleanSupplier cancelled) {
        var tensors = new Measurement.Tensors() {
            @Override
            public float[] tensor(int layer, Quantity q) {
                return modules.get(layer).tensor(q);
            }

            @Override
            public Map<String, float[]> parameters(int layer) {
                return modules.get(layer).parameters();
            }

            @Override
            public Map<String, float[]> parameterGradients(int layer) {
                return modules.get(layer).parameterGradients();
            }

            @Override
            public RecurrentTrace trace(int layer) {
                return modules.get(layer).trace();
            }
        };
        return new Measurement(net, tensors, options).measureAll(threads != 1, cancelled);
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
