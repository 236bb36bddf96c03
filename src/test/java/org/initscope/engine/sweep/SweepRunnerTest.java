package org.initscope.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.initscope.data.DataSpec;
import org.initscope.engine.Propagator;
import org.initscope.engine.Quantity;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;

class SweepRunnerTest {
    static NetworkSpec tanh(int width, int depth, int batch) {
        var layer = new DenseSpec(width, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                DenseSpec.DEFAULT_BIAS, depth);
        return new NetworkSpec("tanh", 5, new InputSpec(width, batch, InputDistribution.NORMAL), List.of(layer));
    }

    static SweepSpec grid(int nx, int ny, int repeats) {
        return new SweepSpec("grid", tanh(64, 6, 64), List.of(SweepAxis.range(SweepAxis.Param.SIGMA_W2, 0.5, 4, nx,
                false), SweepAxis.range(SweepAxis.Param.SIGMA_B2, 0, 1, ny, false)), repeats, false, null);
    }

    static SweepResult run(SweepSpec spec, int workers) throws Exception {
        return SweepRunner.run(spec, SweepPlan.of(spec, workers, 1).check(), (s, d, n) -> { }, () -> false);
    }

    @Test
    void everyNumberIsTheExplorersAndDoesNotDependOnTheWorkers() throws Exception {
        SweepSpec spec = grid(3, 2, 2);
        SweepResult one = run(spec, 1);
        SweepResult two = run(spec, 2);
        assertTrue(one.finished() && two.finished());
        assertEquals(6, one.done());
        for (int c = 0; c < spec.cells(); c++) {
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(one.cell(c).runs().get(k).values(), two.cell(c).runs().get(k).values(), 0.0,
                        "cell " + spec.describe(c));
            }
        }
        // the cell (σ_w² = 4, σ_b² = 1), seed 6: what Explore computes for that network
        int cell = spec.cell(2, 1);
        var net = spec.network(cell, 1);
        assertEquals(6, net.seed());
        try (var explorer = new Propagator()) {
            var r = explorer.run(net.resolve());
            double ratio = r.layer(6).get(Quantity.ACTIVATIONS).std() / r.layer(1).get(Quantity.ACTIVATIONS).std();
            int m = one.indexOf(Measure.Kind.ACTIVATION_STD_RATIO);
            assertEquals(ratio, one.cell(cell).runs().get(1).values()[m], 1e-12 * ratio);
            double g = r.layer(1).get(Quantity.PRE_ACTIVATION_GRADIENTS).std()
                    / r.layer(6).get(Quantity.PRE_ACTIVATION_GRADIENTS).std();
            assertEquals(g, one.cell(cell).runs().get(1).values()[one.indexOf(Measure.Kind.GRADIENT_STD_RATIO)],
                    1e-12 * g);
            double sat = 0;
            for (int l = 1; l <= 6; l++) {
                sat += r.layer(l).get(Quantity.ACTIVATIONS).saturatedFraction() / 6;
            }
            assertEquals(sat, one.cell(cell).runs().get(1).values()[one.indexOf(Measure.Kind.SATURATED_FRACTION)],
                    1e-12);
        }
        // σ_w² = 4 with σ_b² = 1 saturates more tanh units than σ_w² = 0.5 with no bias
        int sat = one.indexOf(Measure.Kind.SATURATED_FRACTION);
        assertTrue(one.cell(cell).summary(sat, false).mean() > one.cell(spec.cell(0, 0)).summary(sat, false).mean()
                + 0.1);
    }

    @Test
    void partialResultsArriveCellByCellAndACancelStopsTheSweep() throws Exception {
        SweepSpec spec = grid(4, 4, 1);
        var snapshots = new ArrayList<SweepResult>();
        var seen = new AtomicInteger();
        SweepResult r = SweepRunner.run(spec, SweepPlan.of(spec, 2, 1).check(), (s, done, runs) -> {
            synchronized (snapshots) {
                snapshots.add(s);
            }
            seen.set(done);
        }, () -> seen.get() >= 5);
        assertFalse(r.finished());
        assertTrue(r.done() >= 5 && r.done() < 16, "stopped after " + r.done() + " cells");
        for (int c = 0; c < 16; c++) {
            if (r.cell(c) == null) {
                continue;
            }
            assertEquals(1, r.cell(c).runs().size());
        }
        // every snapshot holds at least as many cells as the one before it was made from
        int prev = 0;
        for (SweepResult s : snapshots) {
            assertTrue(s.done() >= prev - 1);
            prev = Math.max(prev, s.done());
        }
        assertTrue(snapshots.stream().anyMatch(s -> s.done() > 0 && s.done() < r.done() + 1));
        assertNotNull(r.cell(0), "the first cell runs first");
    }

    @Test
    void trainingCellsReportLossAccuracyAndStepsToTheCriterion() throws Exception {
        var net = new NetworkSpec("relu", 3, new InputSpec(2, 64, InputDistribution.NORMAL), List.of(
                new DenseSpec(32, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                        DenseSpec.DEFAULT_BIAS, 2)));
        var settings = new TrainSettings(DataSpec.of(DataSpec.Kind.GAUSS), OptimizerSpec.adam(0.01),
                Scheme.XAVIER_UNIFORM, 32);
        var spec = new SweepSpec("lr", net, List.of(new SweepAxis(SweepAxis.Param.LR, List.of(1e-5, 0.03))), 1,
                false, new SweepSpec.Training(settings, 150, 0.2, 10, false));
        SweepResult r = run(spec, 2);
        int acc = r.indexOf(Measure.Kind.TEST_ACCURACY);
        int steps = r.indexOf(Measure.Kind.STEPS_TO_CRITERION);
        int epochs = r.indexOf(Measure.Kind.EPOCHS_TO_CRITERION);
        SweepResult.Run slow = r.cell(0).runs().get(0);
        SweepResult.Run fast = r.cell(1).runs().get(0);
        assertNull(fast.error());
        // lr 0.03 separates the two blobs within 150 steps; lr 1e-5 does not move
        assertTrue(fast.values()[acc] > 0.9, "accuracy " + fast.values()[acc]);
        assertTrue(Double.isNaN(slow.values()[steps]), "lr 1e-5 never reaches the loss 0.2");
        double s = fast.values()[steps];
        assertTrue(s >= 10 && s <= 150 && s % 10 == 0, "checked every 10 steps: " + s);
        // 600 blobs, 20 % held out: an epoch is 480 examples, 15 steps of 32
        assertEquals(s * 32 / 480, fast.values()[epochs], 1e-12);
        // the runs stopped at the criterion: their loss is at most it
        assertTrue(fast.values()[r.indexOf(Measure.Kind.TRAIN_LOSS)] <= 0.2);
    }

    @Test
    void aFailedRunIsReportedAndTheOthersGoOn() throws Exception {
        // the Jacobian is for networks of dense layers (plain or residual): one with a layer norm fails, the others
        // run
        var plain = new DenseSpec(16, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                DenseSpec.DEFAULT_BIAS, 3);
        var net = new NetworkSpec("n", 1, new InputSpec(16, 32, InputDistribution.NORMAL), List.of(plain));
        var spec = new SweepSpec("j", net, List.of(new SweepAxis(SweepAxis.Param.DEPTH, List.of(2.0, 3.0))), 1, true,
                null);
        SweepResult ok = run(spec, 1);
        assertNull(ok.cell(0).error());
        assertTrue(ok.cell(1).runs().get(0).values()[ok.indexOf(Measure.Kind.JACOBIAN_MEAN_S2)] > 0);
        var residual = net.withLayers(List.of(plain.withResidual(org.initscope.model.Residual.fixed(1.0))));
        SweepResult withSkips = run(spec.withNetwork(residual), 1);
        assertNull(withSkips.cell(1).error());
        assertTrue(withSkips.cell(1).runs().get(0).values()[ok.indexOf(Measure.Kind.JACOBIAN_MEAN_S2)] > 0);
        var normed = net.withLayers(List.of(new org.initscope.model.NormSpec(org.initscope.model.NormSpec.Kind.LAYER,
                1e-5, 1), plain));
        SweepResult failed = run(spec.withNetwork(normed), 1);
        assertTrue(failed.finished());
        assertTrue(failed.cell(0).error().contains("networks of dense layers"), failed.cell(0).error());
        assertTrue(Double.isNaN(failed.cell(0).runs().get(0).values()[0]));
    }

    @Test
    void aSweepTooLargeIsRefusedUpFrontWithTheEstimate() {
        var big = tanh(2048, 4, 1024);
        var spec = new SweepSpec("big", big, List.of(SweepAxis.range(SweepAxis.Param.SIGMA_W2, 0.5, 4, 32, false),
                SweepAxis.range(SweepAxis.Param.SIGMA_B2, 0, 1, 32, false)), 10, false, null);
        var e = assertThrows(ResourceLimitException.class, () -> SweepPlan.of(spec, 0, 0).check());
        assertTrue(e.getMessage().startsWith("this sweep would take about "), e.getMessage());
        assertTrue(e.getMessage().contains("10,240 runs × "), e.getMessage());
        assertTrue(e.getMessage().contains("the limit is about 60 min"), e.getMessage());
        // large GEMMs (1024 × 2048 × 2048): one cell at a time on every BLAS thread
        var plan = SweepPlan.of(spec, 0, 0);
        assertEquals(1, plan.workers());
        assertEquals(Runtime.getRuntime().availableProcessors(), plan.blasThreads());
        // small ones: a cell per core on one BLAS thread each
        var small = SweepPlan.of(grid(4, 4, 1), 0, 0);
        assertEquals(Math.min(16, Runtime.getRuntime().availableProcessors()), small.workers());
        assertEquals(1, small.blasThreads());
    }
}
