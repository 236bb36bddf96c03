package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.config.ConfigReader;
import org.initscope.config.Presets;
import org.initscope.data.DataSpec;
import org.initscope.engine.Quantity;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;

/** Training networks that are not plain dense stacks: conv nets on the digits as images, normalization, residual. */
class TrainEveryLayerTest {

    private static TrainSpec digits(NetworkSpec net) {
        return TrainSpec.of(net, DataSpec.of(DataSpec.Kind.DIGITS));
    }

    /** conv 8 → pool → conv 16 → pool → flatten → dense 10, He, Adam 0.01, batch 32 (measured: 0.93 at step 150). */
    @Test
    void theConvPresetLearnsTheDigitsAsImages() throws Exception {
        NetworkSpec net = Presets.byFile("conv-digits.json").orElseThrow().load();
        try (Trainer t = Trainer.create(digits(net).withRecordEvery(50))) {
            TrainingRecord start = t.history().latest();
            assertEquals(7, start.layers().size(), "6 layers and the output layer");
            for (int i = 0; i < 150; i++) {
                t.step();
            }
            var m = t.evaluate();
            assertTrue(m.testAccuracy() > 0.85, "test accuracy " + m);
            assertTrue(m.trainLoss() < start.trainLoss() / 5, "loss " + start.trainLoss() + " → " + m.trainLoss());

            TrainingRecord r = t.history().latest();
            assertEquals(150, r.step());
            LayerSnapshot conv = r.layers().get(0);
            assertEquals(8, conv.units(), "a conv layer's units are its output channels");
            assertEquals(8 * 9, conv.get(Quantity.WEIGHTS).count());
            assertEquals((long) t.probeRows() * 8 * 8 * 8, conv.get(Quantity.ACTIVATIONS).count());
            assertTrue(conv.updateRatio() < -1 && conv.updateRatio() > -6, "update ratio " + conv.updateRatio());
            assertEquals(8, conv.distinctUnits());
            LayerSnapshot pool = r.layers().get(1);
            assertEquals(0, pool.get(Quantity.WEIGHTS).count(), "a pooling layer has no weights");
            assertTrue(Double.isNaN(pool.updateRatio()) && Double.isNaN(pool.gradientNorm()));
            assertEquals((long) t.probeRows() * 8 * 4 * 4, pool.get(Quantity.ACTIVATION_GRADIENTS).count());
            assertNull(pool.trace());
            assertTrue(r.layers().get(6).output());
            assertEquals(TrainingRecord.class, r.getClass());
        }
    }

    @Test
    void aConvNetEndingOnAnImageGetsAFlattenBeforeTheOutputLayer() throws Exception {
        NetworkSpec net = ConfigReader.parse("""
                {"seed": 2, "input": {"channels": 1, "height": 8, "width": 8},
                 "layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1,
                             "groups": 1, "activation": "relu", "init": {"scheme": "kaiming_normal"}}]}""", "t");
        try (Trainer t = Trainer.create(digits(net))) {
            var layers = t.history().latest().layers();
            assertEquals(3, layers.size(), "conv, flatten, output");
            assertEquals(4 * 4 * 4, layers.get(1).units());
            assertEquals(10, layers.get(2).units());
        }
    }

    /**
     * Eval mode normalizes with the running statistics, so an example's prediction does not depend on the other
     * examples it is evaluated with (with the batch's statistics a single example would be normalized to 0).
     */
    @Test
    void batchNormPredictsWithItsRunningStatistics() throws Exception {
        NetworkSpec net = ConfigReader.parse("""
                {"seed": 4, "input": {"features": 64},
                 "layers": [{"type": "dense", "units": 32, "activation": "relu", "init": {"scheme": "kaiming_normal"}},
                            {"type": "batchnorm"},
                            {"type": "dense", "units": 32, "activation": "relu", "init": {"scheme": "kaiming_normal"}},
                            {"type": "batchnorm"}]}""", "t");
        try (Trainer t = Trainer.create(digits(net))) {
            for (int i = 0; i < 100; i++) {
                t.step();
            }
            var test = t.data().test();
            double[] together = t.predict(test.x(), 5);
            double[] alone = t.predict(java.util.Arrays.copyOfRange(test.x(), 64, 128), 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(together, 10, 20), alone, 1e-6);
            assertTrue(t.evaluate().testAccuracy() > 0.85, "test accuracy " + t.evaluate());
        }
    }

    @Test
    void residualDenseLayersTrainThroughTheModules() throws Exception {
        NetworkSpec net = ConfigReader.parse("""
                {"seed": 1, "input": {"features": 2},
                 "layers": [{"type": "dense", "units": 32, "activation": "relu", "init": {"scheme": "kaiming_normal"}},
                            {"type": "dense", "units": 32, "activation": "relu", "residual": 0.5, "repeat": 6,
                             "init": {"scheme": "kaiming_normal"}}]}""", "t");
        try (Trainer t = Trainer.create(TrainSpec.of(net, DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(100))) {
            for (int i = 0; i < 1000; i++) {
                t.step();
            }
            assertTrue(t.evaluate().trainAccuracy() > 0.9, "spirals: " + t.evaluate());
        }
    }

    @Test
    void sameSpecSameRunWithParallelConvolutions() throws Exception {
        NetworkSpec net = Presets.byFile("conv-digits.json").orElseThrow().load();
        var spec = digits(net).withRecordEvery(10).withBatchSize(64);
        double[][] runs = new double[2][];
        for (int k = 0; k < 2; k++) {
            try (Trainer t = Trainer.create(spec)) {
                for (int i = 0; i < 30; i++) {
                    t.step();
                }
                runs[k] = t.history().records().stream().mapToDouble(TrainingRecord::trainLoss).toArray();
            }
        }
        assertArrayEquals(runs[0], runs[1]);
        assertEquals(4, runs[0].length);
        assertTrue(List.of(runs[0][0], runs[0][3]).stream().allMatch(Double::isFinite));
    }
}
