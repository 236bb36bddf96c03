package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.initscope.config.ConfigException;
import org.initscope.config.ConfigReader;
import org.initscope.data.DataSpec;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.model.ComputeCost;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Sampling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * The guards before anything is allocated or computed: memory (including a convolution's im2col scratch and a
 * training run's buffers and optimizer state), exact size arithmetic, and the compute-time budget; and a long QR
 * that a newer request abandons.
 */
public class ResourceGuardTest {
    /** The case: one 31×31 conv over a 3×512×512 image, batch 4 (19 s, then OutOfMemoryError, before). */
    public static final String CONV = "{\"input\": {\"channels\": 3, \"height\": 512, \"width\": 512, \"batch\": 4}, "
            + "\"layers\": [{\"type\": \"conv2d\", \"out_channels\": 16, \"kernel_size\": 31}]}";

    @Test
    void theEstimateCountsTheConvolutionsScratchSpace() throws Exception {
        var net = ConfigReader.parse(CONV, "conv.json").resolve();
        long kk = 3 * 31 * 31;
        long positions = 482L * 482;
        // one example per chunk, two workers, each with col and dcol buffers of kK·positions floats
        long workers = Math.min(Runtime.getRuntime().availableProcessors(), 4);
        long scratch = workers * 2 * kk * positions * Float.BYTES;
        MemoryEstimate e = MemoryEstimate.of(net);
        assertTrue(e.heapBytes() >= scratch, MemoryEstimate.bytes(e.heapBytes()) + " < " + MemoryEstimate.bytes(scratch));
        // and the native copies of the unfolded input the GEMM reads
        assertTrue(e.nativeBytes() >= workers * kk * positions * Float.BYTES, MemoryEstimate.bytes(e.nativeBytes()));
        assertThrows(ResourceLimitException.class, () -> MemoryEstimate.check(net));
    }

    @Test
    void trainingIsGuardedBeforeAllocating() throws Exception {
        // accepted by the config reader, each too large to train here (was std::bad_alloc or OutOfMemoryError)
        for (String[] c : new String[][] {{"16777216", "1"}, {"40000", "2"}, {"30000", "3"}, {"12000", "4"}}) {
            String units = c[0];
            NetworkSpec net = ConfigReader.parse("{\"input\": {\"features\": 2}, \"layers\": [{\"units\": " + units
                    + ", \"repeat\": " + c[1] + "}]}", "big.json");
            var spec = TrainSpec.of(net, DataSpec.of(DataSpec.Kind.SPIRAL));
            ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> Trainer.create(spec),
                    units + " units");
            assertTrue(e.getMessage().contains("entries") || e.getMessage().contains("needs about")
                    || e.getMessage().contains("would take"), e.getMessage());
        }
        // what fits is not refused: 3 × 2000 wide, Adam (8 M parameters)
        NetworkSpec wide = ConfigReader.parse("{\"input\": {\"features\": 2}, \"layers\": [{\"units\": 2000, "
                + "\"repeat\": 3}]}", "wide.json");
        try (Trainer t = Trainer.create(TrainSpec.of(wide, DataSpec.of(DataSpec.Kind.SPIRAL)))) {
            assertEquals(0, t.steps(), "8 M parameters fit in a 3 GB heap");
        }
    }

    @Test
    void sizesNeverWrapAround() {
        // out_channels 2,300,000 with a 31×31 kernel: fan_out = 2,210,300,000 > 2³¹ (was "fans and shape must be
        // positive: 961, -2084667296")
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"input\": {\"channels\": "
                + "3, \"height\": 64, \"width\": 64}, \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 2300000, "
                + "\"kernel_size\": 31}]}", "wide.json"));
        assertEquals("layers[0].out_channels", e.path());
        assertTrue(e.getMessage().contains("at most 2,147,483,639"), e.getMessage());
        assertFalse(e.getMessage().contains("-"), e.getMessage());
        // an image of 2²⁴ channels of 512×512 (the product wraps in int arithmetic)
        assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"input\": {\"channels\": 16777216, "
                + "\"height\": 512, \"width\": 512}, \"layers\": [{\"type\": \"flatten\"}]}", "image.json"));
        // a dense weight of 2²⁴ × 2²⁴
        assertThrows(ConfigException.class, () -> ConfigReader.parse("{\"input\": {\"features\": 16777216}, "
                + "\"layers\": [{\"units\": 16777216}]}", "dense.json"));
    }

    /** A 1 KB file that costs minutes: 30 orthogonal layers of 8192 (79 s in stats, over 5 min in the app). */
    @Test
    void aNetworkOverTheComputeBudgetIsRefusedWithTheEstimate() throws Exception {
        var net = ConfigReader.parse("{\"input\": {\"features\": 8192, \"batch\": 16}, \"layers\": [{\"units\": 8192, "
                + "\"repeat\": 30, \"init\": {\"scheme\": \"orthogonal\"}}]}", "orth.json").resolve();
        ComputeCost cost = ComputeCost.of(net);
        assertTrue(cost.overBudget(), cost.toString());
        assertTrue(cost.largest().contains("30 orthogonal draws of 8192×8192"), cost.largest());
        // (here it would not fit in memory either, which is said first); 8 of 4096 fit but take too long
        var eight = ConfigReader.parse("{\"input\": {\"features\": 4096, \"batch\": 16}, \"layers\": [{\"units\": "
                + "4096, \"repeat\": 8, \"init\": {\"scheme\": \"orthogonal\"}}]}", "orth.json").resolve();
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> MemoryEstimate.check(eight));
        assertTrue(e.getMessage().startsWith("this network would take about "), e.getMessage());
        assertTrue(e.getMessage().contains("8 orthogonal draws of 4096×4096"), e.getMessage());
        // the default network and the presets are well within it
        assertFalse(ComputeCost.of(NetworkSpec.defaultNetwork().resolve()).overBudget());
        for (var p : org.initscope.config.Presets.all()) {
            assertTrue(ComputeCost.of(p.load().resolve()).seconds() < 5, p.file());
        }
    }

    /** LAPACK cannot be interrupted: a cancelled run stops waiting for its QR at once (the QR's result is dropped). */
    @Test
    void aLongQrIsAbandonedWhenTheRunIsCancelled() throws Exception {
        Nd4jRuntime.start();
        // a Q drawn before with the same seed and shape would come from the cache without a QR
        OrthogonalCache.SHARED.clear();
        var sampler = new Sampler();
        var cancel = new AtomicBoolean();
        sampler.cancelWhen(cancel::get);
        int before = Sampler.ABANDONED.get();
        int n = 2560;
        try (INDArray target = Nd4j.create(DataType.FLOAT, n, n)) {
            float[] heap = new float[n * n];
            int started = Sampler.QR_STARTED.get();
            long[] cancelledAt = new long[1];
            var t = new Thread(() -> {
                // cancelled once the QR runs
                while (Sampler.QR_STARTED.get() == started) {
                    Thread.onSpinWait();
                }
                cancelledAt[0] = System.nanoTime();
                cancel.set(true);
            });
            t.start();
            assertThrows(CancellationException.class, () -> sampler.fill(new Sampling.Orthogonal(1.0), target, heap,
                    7));
            double after = (System.nanoTime() - cancelledAt[0]) / 1e9;
            t.join();
            assertEquals(before + 1, Sampler.ABANDONED.get(), "the QR was still running when the run was cancelled");
            assertTrue(after < 1.0, "stopped " + after + " s after the cancellation");
            // the abandoned QR finishes on its own thread (waited for here so the test JVM never exits during it)
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (Sampler.QR_FINISHED.get() < Sampler.QR_STARTED.get() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }
}
