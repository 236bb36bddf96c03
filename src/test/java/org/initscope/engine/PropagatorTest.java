package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PropagatorTest {
    private static Propagator engine;

    @BeforeAll
    static void start() {
        engine = new Propagator();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static DenseSpec dense(int units, Activation act, InitSpec init, InitSpec bias) {
        return new DenseSpec(units, ActivationSpec.of(act), init, bias, 1);
    }

    private static NetworkSpec net(int features, int batch, long seed, LayerSpec... layers) {
        return new NetworkSpec("t", seed, new InputSpec(features, batch, InputDistribution.NORMAL), List.of(layers));
    }

    /** Forward and backward in double precision from the engine's own X, W, b and G. */
    @Test
    void everyTensorMatchesAnIndependentDoublePrecisionPass() {
        NetworkSpec spec = net(7, 9, 3,
                dense(5, Activation.TANH, InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto"),
                        InitSpec.of(Scheme.NORMAL, "std", 0.3)),
                new DenseSpec(6, new ActivationSpec(Activation.LEAKY_RELU, 0.2), InitSpec.of(Scheme.KAIMING_UNIFORM),
                        InitSpec.of(Scheme.TORCH_DEFAULT), 1),
                dense(6, Activation.GELU, InitSpec.of(Scheme.ORTHOGONAL), InitSpec.of(Scheme.UNIFORM, "a", -0.5, "b", 0.5)),
                dense(4, Activation.SIGMOID, InitSpec.of(Scheme.HE_NORMAL), InitSpec.of(Scheme.ZEROS)));
        ResolvedNetwork rn = spec.resolve();
        PropagationResult r = engine.run(rn);
        int batch = 9;
        int depth = rn.depth();
        double[][] acts = new double[depth + 1][];
        double[][] pre = new double[depth][];
        float[] x = engine.input();
        acts[0] = toDouble(x);
        int in = 7;
        for (int l = 0; l < depth; l++) {
            var layer = rn.layers().get(l);
            int out = layer.units();
            float[] w = engine.tensor(l + 1, Quantity.WEIGHTS);
            float[] b = engine.tensor(l + 1, Quantity.BIASES);
            pre[l] = new double[batch * out];
            acts[l + 1] = new double[batch * out];
            for (int s = 0; s < batch; s++) {
                for (int o = 0; o < out; o++) {
                    double z = b[o];
                    for (int i = 0; i < in; i++) {
                        z += acts[l][s * in + i] * w[o * in + i];
                    }
                    pre[l][s * out + o] = z;
                    acts[l + 1][s * out + o] = layer.activation().apply(z);
                }
            }
            assertClose(pre[l], engine.tensor(l + 1, Quantity.PRE_ACTIVATIONS), "z" + (l + 1));
            assertClose(acts[l + 1], engine.tensor(l + 1, Quantity.ACTIVATIONS), "a" + (l + 1));
            in = out;
        }
        // backward from the engine's upstream gradient G = ∂L/∂a_L
        double[] da = toDouble(engine.tensor(depth, Quantity.ACTIVATION_GRADIENTS));
        for (int l = depth - 1; l >= 0; l--) {
            var layer = rn.layers().get(l);
            int out = layer.units();
            int inputs = layer.inputs();
            assertClose(da, engine.tensor(l + 1, Quantity.ACTIVATION_GRADIENTS), "da" + (l + 1));
            double[] dz = new double[batch * out];
            for (int k = 0; k < dz.length; k++) {
                dz[k] = da[k] * layer.activation().derivative(pre[l][k]);
            }
            assertClose(dz, engine.tensor(l + 1, Quantity.PRE_ACTIVATION_GRADIENTS), "dz" + (l + 1));
            double[] dw = new double[out * inputs];
            double[] db = new double[out];
            double[] daPrev = new double[batch * inputs];
            float[] w = engine.tensor(l + 1, Quantity.WEIGHTS);
            for (int s = 0; s < batch; s++) {
                for (int o = 0; o < out; o++) {
                    double g = dz[s * out + o];
                    db[o] += g;
                    for (int i = 0; i < inputs; i++) {
                        dw[o * inputs + i] += g * acts[l][s * inputs + i];
                        daPrev[s * inputs + i] += g * w[o * inputs + i];
                    }
                }
            }
            assertClose(dw, engine.tensor(l + 1, Quantity.WEIGHT_GRADIENTS), "dW" + (l + 1));
            assertClose(db, engine.tensor(l + 1, Quantity.BIAS_GRADIENTS), "db" + (l + 1));
            da = daPrev;
        }
        // and the statistics are those of the tensors
        TensorStats s = r.layer(2).get(Quantity.ACTIVATIONS);
        double[] a2 = acts[2];
        double mean = java.util.Arrays.stream(a2).average().orElseThrow();
        assertEquals(mean, s.mean(), 1e-5);
        assertEquals(batch * 6, s.count());
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void assertClose(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            // float32 GEMM and rounding: relative to the tensor's scale
            assertEquals(want[i], got[i], 2e-5 * scale + 1e-30, what + "[" + i + "]");
        }
    }

    @Test
    void sameSeedSameNumbersAndEachDrawDependsOnlyOnItsLayer() {
        NetworkSpec a = net(40, 30, 99,
                dense(30, Activation.TANH, InitSpec.of(Scheme.XAVIER_UNIFORM), InitSpec.of(Scheme.ZEROS)),
                dense(30, Activation.TANH, InitSpec.of(Scheme.NORMAL, "std", 0.1), InitSpec.of(Scheme.ZEROS)),
                dense(20, Activation.TANH, InitSpec.of(Scheme.SPARSE, "sparsity", 0.3), InitSpec.of(Scheme.ZEROS)));
        PropagationResult r1 = engine.run(a.resolve());
        float[] w3 = engine.tensor(3, Quantity.WEIGHTS);
        try (var fresh = new Propagator()) {
            PropagationResult r2 = fresh.run(a.resolve());
            assertEquals(r1.layers().stream().map(LayerResult::stats).toList(),
                    r2.layers().stream().map(LayerResult::stats).toList());
            assertArrayEquals(w3, fresh.tensor(3, Quantity.WEIGHTS));
        }
        // editing layer 2 leaves the draws of layers 1 and 3 exactly as they were
        float[] w1 = engine.tensor(1, Quantity.WEIGHTS);
        var layers = new ArrayList<>(a.layers());
        layers.set(1, dense(30, Activation.TANH, InitSpec.of(Scheme.NORMAL, "std", 0.2), InitSpec.of(Scheme.ZEROS)));
        engine.run(a.withLayers(layers).resolve());
        assertArrayEquals(w1, engine.tensor(1, Quantity.WEIGHTS));
        assertArrayEquals(w3, engine.tensor(3, Quantity.WEIGHTS));
        // another seed, other numbers
        engine.run(a.withSeed(100).resolve());
        assertNotEquals(w1[0], engine.tensor(1, Quantity.WEIGHTS)[0]);
    }

    @Test
    void theoryAgreesWithSimulationForTanh() {
        for (InitSpec init : List.of(InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto"),
                InitSpec.of(Scheme.NORMAL, "std", 0.01), InitSpec.of(Scheme.XAVIER_UNIFORM))) {
            NetworkSpec spec = net(500, 1000, 7,
                    new DenseSpec(500, ActivationSpec.of(Activation.TANH), init, DenseSpec.DEFAULT_BIAS, 10));
            PropagationResult r = engine.run(spec.resolve());
            for (LayerResult l : r.layers()) {
                // 500k samples per tensor: the measurement noise is ~0.3 %; the recursion's own error (independence,
                // Gaussian z) stays below ~2 % at this width; 5 % leaves room for seeds
                assertRelative(l.predicted().preActivationVar(), l.get(Quantity.PRE_ACTIVATIONS).var(), 0.05,
                        init.label() + " Var[z] layer " + l.index());
                assertRelative(l.predicted().preActivationGradientVar(),
                        l.get(Quantity.PRE_ACTIVATION_GRADIENTS).var(), 0.05, init.label() + " Var[dz] " + l.index());
                assertRelative(l.predicted().activationVar(), l.get(Quantity.ACTIVATIONS).var(), 0.05,
                        init.label() + " Var[a] " + l.index());
            }
        }
    }

    @Test
    void theoryAgreesWithSimulationForRelu() {
        // ReLU networks fluctuate from seed to seed far more than tanh ones (a product of random per-layer gains:
        // Var[z] at layer 10 ranges 1.4–2.4 over seeds at width 500, whatever the batch), so compare the
        // prediction with the average over 12 seeds
        int seeds = 12;
        double[][] z = new double[seeds][];
        double[][] dz = new double[seeds][];
        double[][] dw = new double[seeds][];
        PropagationResult r = null;
        for (int s = 0; s < seeds; s++) {
            NetworkSpec spec = net(500, 250, 5 + s, new DenseSpec(500, ActivationSpec.of(Activation.RELU),
                    InitSpec.of(Scheme.KAIMING_NORMAL), DenseSpec.DEFAULT_BIAS, 10));
            r = engine.run(spec.resolve());
            z[s] = r.layers().stream().mapToDouble(l -> l.get(Quantity.PRE_ACTIVATIONS).var()).toArray();
            dz[s] = r.layers().stream().mapToDouble(l -> l.get(Quantity.PRE_ACTIVATION_GRADIENTS).var()).toArray();
            dw[s] = r.layers().stream().mapToDouble(l -> l.get(Quantity.WEIGHT_GRADIENTS).var()).toArray();
        }
        for (LayerResult l : r.layers()) {
            int i = l.index() - 1;
            assertRelative(l.predicted().preActivationVar(), mean(z, i), 0.10, "Var[z] " + l.index());
            assertRelative(l.predicted().preActivationGradientVar(), mean(dz, i), 0.10, "Var[dz] " + l.index());
            // a weight gradient multiplies a forward and a backward factor, and their fluctuations: 15 %
            assertRelative(l.predicted().weightGradientVar(), mean(dw, i), 0.15, "Var[dW] " + l.index());
        }
        // He init keeps Var[z] = 2 at every layer in expectation; half the ReLUs are off
        assertRelative(2.0, r.layer(10).predicted().preActivationVar(), 1e-9, "He fixed point");
        assertRelative(0.5, r.layer(10).get(Quantity.ACTIVATIONS).zeroFraction(), 0.05, "half the ReLUs are off");
    }

    private static double mean(double[][] v, int i) {
        double s = 0;
        for (double[] row : v) {
            s += row[i];
        }
        return s / v.length;
    }

    private static void assertRelative(double want, double got, double tol, String what) {
        assertTrue(Math.abs(got - want) <= tol * Math.abs(want), what + ": predicted " + want + ", measured " + got);
    }

    @Test
    void explodingValuesAreCountedNotFatal() {
        NetworkSpec spec = net(100, 50, 1, new DenseSpec(100, ActivationSpec.of(Activation.LINEAR),
                InitSpec.of(Scheme.NORMAL, "std", 50.0), DenseSpec.DEFAULT_BIAS, 30));
        PropagationResult r = engine.run(spec.resolve());
        assertTrue(r.hasNonFinite());
        TensorStats last = r.layer(30).get(Quantity.PRE_ACTIVATIONS);
        assertTrue(last.nonFinite() > 0);
        assertEquals(last.count(), last.finiteCount() + last.nan() + last.posInf() + last.negInf());
        TensorStats first = r.layer(1).get(Quantity.PRE_ACTIVATIONS);
        assertEquals(0, first.nonFinite());
        assertTrue(Double.isInfinite(r.layer(30).predicted().preActivationVar())
                || r.layer(30).predicted().preActivationVar() > 1e100);
    }

    @Test
    void tooLargeIsRefusedUpFrontWithTheEstimate() {
        NetworkSpec huge = net(4096, 1 << 18, 1, new DenseSpec(4096, ActivationSpec.of(Activation.RELU),
                InitSpec.of(Scheme.KAIMING_NORMAL), DenseSpec.DEFAULT_BIAS, 100));
        var e = assertThrows(ResourceLimitException.class, () -> engine.run(huge.resolve()));
        assertTrue(e.getMessage().contains("needs about"), e.getMessage());
        // the engine is still usable afterwards
        assertEquals(1, engine.run(net(3, 2, 1, dense(2, Activation.RELU, InitSpec.of(Scheme.ONES),
                InitSpec.of(Scheme.ZEROS))).resolve()).layers().size());
    }

    @Test
    void aSupersededRunStops() {
        NetworkSpec spec = net(64, 64, 1, new DenseSpec(64, ActivationSpec.of(Activation.TANH),
                InitSpec.of(Scheme.XAVIER_NORMAL), DenseSpec.DEFAULT_BIAS, 5));
        assertThrows(CancellationException.class, () -> engine.run(spec.resolve(), RunOptions.defaults(), () -> true));
        assertEquals(5, engine.run(spec.resolve()).layers().size());
    }

    @Test
    void sharedHistogramRangeSpansAllLayers() {
        NetworkSpec spec = net(50, 40, 2, new DenseSpec(50, ActivationSpec.of(Activation.TANH),
                InitSpec.of(Scheme.NORMAL, "std", 0.05), DenseSpec.DEFAULT_BIAS, 4));
        PropagationResult r = engine.run(spec.resolve(), RunOptions.defaults().withBins(16)
                .withRange(RunOptions.HistogramRange.SHARED));
        Histogram h1 = r.layer(1).get(Quantity.ACTIVATIONS).histogram();
        double lo = r.layers().stream().mapToDouble(l -> l.get(Quantity.ACTIVATIONS).min()).min().orElseThrow();
        double hi = r.layers().stream().mapToDouble(l -> l.get(Quantity.ACTIVATIONS).max()).max().orElseThrow();
        for (LayerResult l : r.layers()) {
            Histogram h = l.get(Quantity.ACTIVATIONS).histogram();
            assertArrayEquals(h1.edges(), h.edges());
            assertEquals(l.get(Quantity.ACTIVATIONS).count(), h.total());
        }
        assertEquals(lo, h1.lo());
        assertEquals(hi, h1.hi());
        assertEquals(16, h1.bins());
    }

    @Test
    void statisticsBesideTheGemmsAreThoseComputedAfterTheRun() {
        // tanh, ReLU (dead units, zeros at the minimum), leaky ReLU and an exploding stretch with Inf/NaN
        NetworkSpec spec = net(40, 30, 5,
                dense(40, Activation.TANH, InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto"), InitSpec.of(Scheme.ZEROS)),
                dense(35, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL), InitSpec.of(Scheme.NORMAL, "std", 0.5)),
                new DenseSpec(30, new ActivationSpec(Activation.LEAKY_RELU, 0.1), InitSpec.of(Scheme.NORMAL, "std",
                        40.0), DenseSpec.DEFAULT_BIAS, 20));
        try (var beside = new Propagator(Propagator.Statistics.BESIDE_THE_GEMMS);
                var after = new Propagator(Propagator.Statistics.AFTER_THE_RUN)) {
            PropagationResult a = beside.run(spec.resolve());
            PropagationResult b = after.run(spec.resolve());
            assertTrue(b.hasNonFinite(), "the test covers non-finite values");
            for (int l = 1; l <= a.layers().size(); l++) {
                for (Quantity q : Quantity.values()) {
                    assertEquals(b.layer(l).get(q), a.layer(l).get(q), "layer " + l + " " + q);
                }
                assertEquals(b.layer(l).deadUnitFraction(), a.layer(l).deadUnitFraction());
            }
            // superseded in the middle of the run, with statistics queued: the run stops, and the next is whole
            int[] polls = {0};
            assertThrows(CancellationException.class, () -> beside.run(spec.resolve(), RunOptions.defaults(),
                    () -> ++polls[0] > 8));
            PropagationResult again = beside.run(spec.resolve());
            for (int l = 1; l <= again.layers().size(); l++) {
                assertEquals(b.layer(l).get(Quantity.WEIGHT_GRADIENTS), again.layer(l).get(Quantity.WEIGHT_GRADIENTS));
            }
        }
    }

    /**
     * One result shape for both engine paths: the dense fast path reports every parameter and its gradient by name
     * (weight, bias) as the modules' path does, with the statistics of those very tensors — over their own range
     * even when the quantities share one.
     */
    @Test
    void bothEnginePathsReportEveryParameterByName() {
        NetworkSpec spec = net(12, 20, 4,
                dense(10, Activation.TANH, InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto"),
                        InitSpec.of(Scheme.NORMAL, "std", 0.2)),
                dense(8, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL), InitSpec.of(Scheme.ZEROS)));
        ResolvedNetwork rn = spec.resolve();
        var stack = new StackPropagator(0);
        for (var options : List.of(RunOptions.defaults(), RunOptions.defaults().withRange(
                RunOptions.HistogramRange.SHARED))) {
            PropagationResult fast = engine.run(rn, options);
            PropagationResult modules = stack.run(rn, options, () -> false);
            for (int l = 1; l <= rn.depth(); l++) {
                LayerResult f = fast.layer(l);
                LayerResult m = modules.layer(l);
                assertEquals(List.of("weight", "bias"), List.copyOf(f.parameters().keySet()), "layer " + l);
                assertEquals(m.parameters().keySet(), f.parameters().keySet());
                assertEquals(m.parameterGradients().keySet(), f.parameterGradients().keySet());
                // the same draws on both paths
                assertEquals(m.parameters(), f.parameters(), "layer " + l);
                int bins = options.histogramBins();
                float[] w = engine.tensor(l, Quantity.WEIGHTS);
                assertEquals(TensorStats.of(w, w.length, bins), f.parameters().get("weight"), "layer " + l);
                float[] dw = engine.tensor(l, Quantity.WEIGHT_GRADIENTS);
                assertEquals(TensorStats.of(dw, dw.length, bins), f.parameterGradients().get("weight"));
                float[] db = engine.tensor(l, Quantity.BIAS_GRADIENTS);
                assertEquals(TensorStats.of(db, db.length, bins), f.parameterGradients().get("bias"));
                if (options.range() != RunOptions.HistogramRange.SHARED) {
                    assertEquals(f.get(Quantity.WEIGHTS), f.parameters().get("weight"));
                    assertEquals(f.get(Quantity.BIAS_GRADIENTS), f.parameterGradients().get("bias"));
                }
                // the gradients agree to float precision (the paths multiply in different orders)
                assertEquals(m.parameterGradients().get("weight").std(), f.parameterGradients().get("weight").std(),
                        1e-5 * f.parameterGradients().get("weight").std(), "layer " + l);
            }
        }
    }
}
