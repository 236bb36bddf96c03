package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.initscope.config.ConfigReader;
import org.initscope.config.Presets;
import org.initscope.data.DataSpec;
import org.initscope.model.NetworkEdits;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * ReZero and Fixup networks train: α is a parameter the optimizer moves (it starts at 0 for ReZero, at 1 for Fixup's
 * multiplier), Fixup's scalar biases too, and the classification layer of a Fixup network starts at 0.
 */
class ResidualTrainingTest {

    private static List<Double> values(Trainer t, String name) {
        var out = new ArrayList<Double>();
        for (Net.Param p : t.net().params()) {
            if (p.name().equals(name)) {
                out.add(p.value()[0]);
            }
        }
        return out;
    }

    /**
     * The preset's 50 ReZero blocks on the spirals (Adam 0.01, batch 32, seed 7): measured 97.5 % test accuracy after
     * 300 steps (the preset says so); 90 % is the threshold, far above α = 1/√50's 67.5 % and chance.
     */
    @Test
    void aReZeroNetworkLearnsAndItsAlphasLeaveZero() throws Exception {
        NetworkSpec net = Presets.byFile("residual50-rezero.json").orElseThrow().load();
        var spec = TrainSpec.of(net, DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(100);
        try (Trainer t = Trainer.create(spec)) {
            assertEquals(50, values(t, "alpha").size(), "one α per block");
            assertTrue(values(t, "alpha").stream().allMatch(a -> a == 0.0));
            double start = t.history().latest().trainLoss();
            for (int i = 0; i < 300; i++) {
                t.step();
            }
            var m = t.evaluate();
            assertTrue(m.testAccuracy() > 0.9 && m.trainLoss() < 0.1 * start, "loss " + start + " → " + m);
            assertTrue(values(t, "alpha").stream().allMatch(a -> Math.abs(a) > 1e-3), "α after 300 steps: "
                    + values(t, "alpha"));
        }
    }

    /** The preset's 16 Fixup blocks: measured 97.5 % test accuracy after 300 steps; 90 % is the threshold. */
    @Test
    void theFixupPresetLearnsTheSpirals() throws Exception {
        NetworkSpec net = Presets.byFile("fixup16.json").orElseThrow().load();
        var spec = TrainSpec.of(net, DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(100);
        try (Trainer t = Trainer.create(spec)) {
            assertEquals(0.6931, t.history().latest().trainLoss(), 1e-4, "a zero output layer: log 2");
            for (int i = 0; i < 300; i++) {
                t.step();
            }
            assertTrue(t.evaluate().testAccuracy() > 0.9, "spirals: " + t.evaluate());
        }
    }

    @Test
    void aFixupNetworkLearnsWithItsScalarBiasesAndMultipliers() throws Exception {
        // Fixup's blocks: a ReLU layer, then a linear one that closes the branch
        NetworkSpec net = NetworkEdits.fixup(ConfigReader.parse("""
                {"seed": 2, "input": {"features": 2},
                 "layers": [{"type": "dense", "units": 32, "activation": "relu"},
                            {"type": "dense", "units": 32, "activation": "relu"},
                            {"type": "dense", "units": 32, "residual": {"branch": 2}},
                            {"type": "dense", "units": 32, "activation": "relu"},
                            {"type": "dense", "units": 32, "residual": {"branch": 2}},
                            {"type": "dense", "units": 32, "activation": "relu"},
                            {"type": "dense", "units": 32, "residual": {"branch": 2}}]}""", "t"));
        var spec = TrainSpec.of(net, DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(50);
        try (Trainer t = Trainer.create(spec)) {
            var output = t.net().params().stream().filter(p -> p.layer() == 7).toList();
            assertTrue(output.stream().allMatch(p -> java.util.Arrays.stream(p.value()).allMatch(v -> v == 0)),
                    "the classification layer starts at 0");
            assertEquals(List.of(1.0, 1.0, 1.0), values(t, "alpha"));
            assertEquals(14, values(t, "bias_a").size() + values(t, "bias_b").size(), "two per Fixup layer");
            double start = t.history().latest().trainLoss();
            for (int i = 0; i < 300; i++) {
                t.step();
            }
            var m = t.evaluate();
            assertTrue(m.trainLoss() < 0.7 * start, "loss " + start + " → " + m.trainLoss());
            assertTrue(values(t, "bias_a").stream().anyMatch(b -> b != 0) && values(t, "alpha").stream()
                    .anyMatch(a -> a != 1), "the scalars learn");
        }
    }
}
