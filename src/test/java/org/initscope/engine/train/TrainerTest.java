package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.data.DataSpec;
import org.initscope.engine.Quantity;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;

class TrainerTest {

    static NetworkSpec net(int depth, int width, Activation act, InitSpec init) {
        return new NetworkSpec("t", 1, new InputSpec(2, 1, InputDistribution.NORMAL),
                List.of(new DenseSpec(width, ActivationSpec.of(act), init, DenseSpec.DEFAULT_BIAS, depth)));
    }

    private static Trainer.Metrics train(NetworkSpec net, int steps) throws Exception {
        var spec = TrainSpec.of(net, DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(100);
        try (Trainer t = Trainer.create(spec)) {
            for (int i = 0; i < steps; i++) {
                t.step();
            }
            return t.evaluate();
        }
    }

    @Test
    void goodInitializationsLearnTheSpirals() throws Exception {
        // 600 points, 480 for training; Adam lr 0.01, batch 32: 2000 steps ≈ 133 epochs
        var he = train(net(6, 64, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL)), 2000);
        assertTrue(he.trainAccuracy() > 0.95, "He/ReLU: " + he);
        assertTrue(he.testAccuracy() > 0.9, "He/ReLU test: " + he);
        var xavier = train(net(4, 64, Activation.TANH, InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto")), 1000);
        assertTrue(xavier.trainAccuracy() > 0.95, "Xavier/tanh: " + xavier);
    }

    @Test
    void badInitializationsOfADeepTanhNetStayNearChance() throws Exception {
        var zeros = train(net(6, 64, Activation.TANH, InitSpec.of(Scheme.ZEROS)), 1000);
        assertTrue(Math.abs(zeros.trainAccuracy() - 0.5) < 0.06, "zero init: " + zeros);
        var tiny = train(net(6, 64, Activation.TANH, InitSpec.of(Scheme.NORMAL, "std", 1e-3)), 1000);
        assertTrue(Math.abs(tiny.trainAccuracy() - 0.5) < 0.1, "std 1e-3: " + tiny);
        assertEquals(Math.log(2), tiny.trainLoss(), 0.02, "the loss stays at log 2: nothing is learnt");
    }

    @Test
    void zeroInitializationNeverBreaksTheSymmetry() throws Exception {
        // every layer constant, the output too: each unit of a hidden layer gets the same gradient for ever
        var spec = TrainSpec.of(net(3, 16, Activation.TANH, InitSpec.of(Scheme.CONSTANT, "value", 0.1)),
                DataSpec.of(DataSpec.Kind.CIRCLE)).withRecordEvery(50)
                .withOutputInit(InitSpec.of(Scheme.CONSTANT, "value", 0.1));
        try (Trainer t = Trainer.create(spec)) {
            for (int i = 0; i < 300; i++) {
                t.step();
            }
            for (LayerSnapshot l : t.history().latest().layers()) {
                if (!l.output()) {
                    assertEquals(1, l.distinctUnits(), l.name());
                    assertTrue(l.symmetric());
                }
            }
        }
        var he = TrainSpec.of(net(3, 16, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL)),
                DataSpec.of(DataSpec.Kind.CIRCLE));
        try (Trainer t = Trainer.create(he)) {
            assertEquals(16, t.history().latest().layers().get(0).distinctUnits());
        }
    }

    @Test
    void sameSpecSameRun() throws Exception {
        var spec = TrainSpec.of(net(3, 32, Activation.RELU, InitSpec.of(Scheme.KAIMING_UNIFORM)),
                DataSpec.of(DataSpec.Kind.MOONS)).withRecordEvery(25);
        double[] a;
        double[] b;
        try (Trainer t = Trainer.create(spec)) {
            for (int i = 0; i < 200; i++) {
                t.step();
            }
            a = t.history().records().stream().mapToDouble(TrainingRecord::trainLoss).toArray();
        }
        try (Trainer t = Trainer.create(spec)) {
            for (int i = 0; i < 200; i++) {
                t.step();
            }
            b = t.history().records().stream().mapToDouble(TrainingRecord::trainLoss).toArray();
        }
        assertArrayEquals(a, b);
        assertEquals(9, a.length, "step 0 and every 25 steps");
    }

    @Test
    void historyIsBoundedAndKeepsTheWholeRun() throws Exception {
        var spec = TrainSpec.of(net(2, 8, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL)),
                DataSpec.of(DataSpec.Kind.XOR)).withRecordEvery(1).withMaxRecords(16);
        try (Trainer t = Trainer.create(spec)) {
            for (int i = 0; i < 500; i++) {
                t.step();
                assertTrue(t.history().size() <= 16);
            }
            var records = t.history().records();
            assertEquals(0, records.get(0).step(), "the start is kept");
            assertTrue(records.get(records.size() - 1).step() > 400, "the newest is near the end");
            assertTrue(t.history().interval() >= 32, "the interval doubled as the history filled");
        }
    }

    @Test
    void changingTheOptimizerDoesNotReset() throws Exception {
        var spec = TrainSpec.of(net(2, 16, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL)),
                DataSpec.of(DataSpec.Kind.GAUSS));
        try (Trainer t = Trainer.create(spec)) {
            for (int i = 0; i < 50; i++) {
                t.step();
            }
            double[] w = t.model().params().get(0).value().clone();
            t.setOptimizer(OptimizerSpec.sgd(0.05));
            assertEquals(50, t.steps());
            assertArrayEquals(w, t.model().params().get(0).value());
            t.step();
            assertEquals(51, t.steps());
        }
    }

    @Test
    void recordsHaveEveryLayerAndTheUpdateRatio() throws Exception {
        var spec = TrainSpec.of(net(4, 32, Activation.TANH, InitSpec.of(Scheme.XAVIER_NORMAL)),
                DataSpec.of(DataSpec.Kind.DIGITS)).withRecordEvery(10);
        try (Trainer t = Trainer.create(spec)) {
            assertEquals(64, t.data().train().d());
            for (int i = 0; i < 10; i++) {
                t.step();
            }
            TrainingRecord r = t.history().latest();
            assertEquals(10, r.step());
            assertEquals(5, r.layers().size(), "4 hidden layers and the output");
            LayerSnapshot out = r.layers().get(4);
            assertTrue(out.output());
            assertEquals(10, out.units());
            for (LayerSnapshot l : r.layers()) {
                assertTrue(l.updateRatio() < -1 && l.updateRatio() > -6, l.name() + " " + l.updateRatio());
                assertTrue(l.gradientNorm() > 0);
                assertEquals(Math.min(256, t.data().train().n()) * l.units(),
                        l.get(Quantity.ACTIVATIONS).count());
            }
        }
    }
}
