package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.initscope.data.DataSpec;
import org.initscope.engine.Quantity;
import org.initscope.engine.layers.Gemm;
import org.initscope.engine.layers.Module;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.Fans;
import org.initscope.model.Initializers;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The dense training path never hands native memory to a call that ND4J can free during it. ND4J 1.0.0-M2.1's
 * broadcast op (what {@code addiRowVector} ran for the bias) gives the native call the buffer of a dimension array
 * that only the op references, and the op is unreachable during the call: a garbage collection then lets ND4J's
 * deallocator free the buffer while the call reads it (SIGSEGV in {@code sd::DataBuffer::primary()}; the soak test
 * {@link DenseTrainingGcStressTest} crashed on it 3 times in 3 before the fix). Whether the collection lands in that
 * window is chance; whether the path runs an ND4J op at all is not, and that is what this test checks.
 */
class MlpNativeSafetyTest {

    /** ND4J ops this thread runs while {@code work} runs (the profiler's listener sees every legacy op). */
    private static List<String> opsOnThisThread(Runnable work) {
        Thread me = Thread.currentThread();
        var seen = new ArrayList<String>();
        OpProfiler.OpProfilerListener listener = (Op op) -> {
            if (Thread.currentThread() == me) {
                synchronized (seen) {
                    seen.add(op.opName());
                }
            }
        };
        ProfilerConfig before = OpProfiler.getInstance().getConfig();
        OpProfiler.getInstance().addListener(listener);
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        try {
            work.run();
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(before != null ? before : ProfilerConfig.builder().build());
            OpProfiler.getInstance().clearListener(listener);
        }
        return seen;
    }

    @Test
    void theListenerSeesTheOpThatCrashed() {
        // the check below can fail: a bias added by ND4J's broadcast op is seen
        try (INDArray z = Nd4j.create(DataType.FLOAT, 4, 3); INDArray b = Nd4j.ones(DataType.FLOAT, 1, 3)) {
            List<String> ops = opsOnThisThread(() -> z.addiRowVector(b));
            assertEquals(List.of("broadcastadd"), ops);
        }
    }

    @Test
    void trainingStepsAndRecordsRunNoNd4jOp() throws Exception {
        // record every step: both splits evaluated, the probe rows forward and backward, the 40 × 40 map; and the
        // live 44 × 44 map, at a batch whose last one is shorter: more row counts than the 8 buffer sets kept
        var spec = TrainSpec.of(TrainerTest.net(3, 16, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL)),
                DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(1).withBatchSize(100);
        try (Trainer t = Trainer.create(spec)) {
            List<String> ops = opsOnThisThread(() -> {
                for (int i = 0; i < 12; i++) {
                    t.step();
                    t.outputView(44);
                    t.predict(new float[2 * (i + 1)], i + 1);
                }
            });
            assertEquals(0, ops.size(), "ND4J ops run by the dense training path: " + new java.util.TreeSet<>(ops));
            assertEquals(12, t.steps());
        }
    }

    private static Mlp mlp(long seed) {
        var layers = new ArrayList<Mlp.Layer>();
        int[] widths = {5, 7, 6, 3};
        for (int l = 0; l + 1 < widths.length; l++) {
            boolean out = l + 2 == widths.length;
            var fans = Fans.dense(widths[l], widths[l + 1]);
            layers.add(new Mlp.Layer(widths[l], widths[l + 1], out ? null : ActivationSpec.of(Activation.TANH),
                    Initializers.weight(InitSpec.of(Scheme.XAVIER_NORMAL), fans, ActivationSpec.of(Activation.TANH)),
                    Initializers.bias(InitSpec.of(Scheme.NORMAL, "std", 0.3), widths[l], widths[l + 1])));
        }
        return new Mlp(layers, 3, DataType.FLOAT, seed);
    }

    private static float[] gaussian(int n, long seed) {
        var r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void theBiasAndItsGradientAreNd4jsOwnFloats() {
        // the heap loops against ND4J's broadcast add and sum over dimension 0 (what the pass ran before), to the bit
        int rows = 37;
        float[] x = gaussian(rows * 5, 3);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 3;
        }
        try (Mlp m = mlp(7)) {
            m.pass(x, rows, labels, null, true, Module.Mode.TRAIN);
            float[] prev = x;
            for (int l = 0; l < 3; l++) {
                Mlp.Layer layer = m.layers().get(l);
                try (INDArray in = Nd4j.createFromArray(prev).reshape(rows, layer.in());
                        INDArray z = Nd4j.create(DataType.FLOAT, rows, layer.out());
                        INDArray dz = Nd4j.createFromArray(m.preActivationGradients(l)).reshape(rows, layer.out());
                        INDArray db = Nd4j.create(DataType.FLOAT, 1, layer.out())) {
                    Gemm.multiply(in, false, m.weight(l), true, z, 1, 0);
                    z.addiRowVector(m.bias(l));
                    assertArrayEquals(z.data().asFloat(), m.preActivations(l), "z of layer " + l);
                    dz.sum(db, 0);
                    assertArrayEquals(db.data().asFloat(), m.biasGradient(l).data().asFloat(), "∂L/∂b of layer " + l);
                }
                prev = m.activations(l);
            }
        }
    }

    @Test
    void buffersAreClosedOnlyWhenNoLongerKept() {
        // 11 row counts in turn, twice: the buffer sets of the 8 most recent stay open and give the same outputs as a
        // network that never evicted anything; the evicted ones are closed (no native memory leaks) and never used again
        int[] counts = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144};
        try (Mlp m = mlp(11)) {
            var seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<INDArray, Boolean>());
            for (int round = 0; round < 2; round++) {
                for (int rows : counts) {
                    float[] x = gaussian(rows * 5, rows);
                    m.pass(x, rows, new int[rows], null, true, Module.Mode.TRAIN);
                    double[] out = m.outputs();
                    float[] grad = m.tensor(0, Quantity.WEIGHT_GRADIENTS);
                    try (Mlp fresh = mlp(11)) {
                        fresh.pass(x, rows, new int[rows], null, true, Module.Mode.TRAIN);
                        assertArrayEquals(fresh.outputs(), out, "outputs at " + rows + " rows");
                        assertArrayEquals(fresh.tensor(0, Quantity.WEIGHT_GRADIENTS), grad, "∂L/∂W at " + rows);
                    }
                    List<INDArray> kept = m.keptBuffers();
                    assertTrue(kept.stream().noneMatch(INDArray::wasClosed), "a kept buffer was closed");
                    assertTrue(kept.size() <= 8 * (4 * 3 + 1), "at most 8 sets are kept: " + kept.size());
                    seen.addAll(kept);
                }
            }
            var kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<INDArray, Boolean>());
            kept.addAll(m.keptBuffers());
            seen.removeAll(kept);
            // 11 row counts in turn through 8 places: every pass makes a set, 22 made, 8 kept
            assertEquals((22 - 8) * (4 * 3 + 1), seen.size(), "evicted arrays");
            assertTrue(seen.stream().allMatch(INDArray::wasClosed), "an evicted buffer stays open");
        }
    }
}
