package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.config.ConfigReader;
import org.initscope.config.Presets;
import org.initscope.data.DataSpec;
import org.initscope.engine.Quantity;
import org.initscope.engine.RecurrentTrace;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * What makes a record cheaper changes none of its numbers: the probe rows' pass taken as the first chunk of the
 * evaluation (one forward pass of those rows instead of two, statistics of a tensor that is another's array measured
 * once), and the modules' arrays kept from pass to pass. Each run is compared with the same run the plain way — every
 * loss, accuracy, statistic, histogram, norm, trace and weight to the bit.
 */
class CheaperRecordsTest {

    private static NetworkSpec lstm() throws Exception {
        return ConfigReader.parse("""
                {"seed": 1, "input": {"features": 8, "sequence_length": 8},
                 "layers": [{"type": "lstm", "hidden_size": 16, "defaults": "keras"}]}""", "t");
    }

    private static List<TrainSpec> specs() throws Exception {
        NetworkSpec conv = Presets.byFile("conv-digits.json").orElseThrow().load();
        return List.of(TrainSpec.of(conv, DataSpec.of(DataSpec.Kind.DIGITS)).withRecordEvery(10),
                TrainSpec.of(lstm(), DataSpec.of(DataSpec.Kind.DIGITS_ROWS)).withRecordEvery(10));
    }

    @Test
    void theProbeRowsInTheEvaluationGiveTheSameRecords() throws Exception {
        for (TrainSpec spec : specs()) {
            try (Trainer fused = Trainer.create(spec); Trainer plain = Trainer.create(spec)) {
                plain.probeInEvaluation = false;
                for (int i = 0; i < 30; i++) {
                    fused.step();
                    plain.step();
                }
                assertSameRecords(plain, fused, spec.network().name() + ", probe rows in the evaluation");
            }
        }
    }

    @Test
    void keptArraysGiveTheSameRunAsNewOnes() throws Exception {
        for (TrainSpec spec : specs()) {
            try (Trainer kept = Trainer.create(spec); Trainer fresh = Trainer.create(spec)) {
                ModuleNet net = (ModuleNet) fresh.net();
                for (int l = 0; l < net.layerCount(); l++) {
                    net.module(l).reuseBuffers(false);
                }
                // records (1,024, 359, 256 and 12 rows) between the steps' batches of 32: every row count comes back
                for (int i = 0; i < 30; i++) {
                    kept.step();
                    fresh.step();
                }
                assertSameRecords(fresh, kept, spec.network().name() + ", kept arrays");
                List<Net.Param> a = fresh.net().params();
                List<Net.Param> b = kept.net().params();
                for (int p = 0; p < a.size(); p++) {
                    assertArrayEquals(a.get(p).value(), b.get(p).value(), "parameter " + a.get(p).name());
                }
            }
        }
    }

    private static void assertSameRecords(Trainer want, Trainer got, String what) {
        List<TrainingRecord> w = want.history().records();
        List<TrainingRecord> g = got.history().records();
        assertEquals(4, w.size(), "steps 0, 10, 20, 30");
        assertEquals(w.size(), g.size());
        for (int r = 0; r < w.size(); r++) {
            TrainingRecord a = w.get(r);
            TrainingRecord b = g.get(r);
            String at = what + " at step " + a.step();
            assertEquals(a.step(), b.step());
            assertEquals(a.trainLoss(), b.trainLoss(), 0, at);
            assertEquals(a.testLoss(), b.testLoss(), 0, at);
            assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0, at);
            assertEquals(a.testAccuracy(), b.testAccuracy(), 0, at);
            assertArrayEquals(a.output().predictedLabels(), b.output().predictedLabels(), at);
            assertEquals(a.layers().size(), b.layers().size());
            for (int l = 0; l < a.layers().size(); l++) {
                LayerSnapshot x = a.layers().get(l);
                LayerSnapshot y = b.layers().get(l);
                String layer = at + ", " + x.name();
                for (Quantity q : Quantity.values()) {
                    // records compare their doubles as Double.compare does (NaN equals NaN), the histograms by edges
                    // and counts
                    assertEquals(x.get(q), y.get(q), layer + " " + q);
                }
                assertEquals(x.gradientNorm(), y.gradientNorm(), 0, layer);
                assertEquals(x.updateRatio(), y.updateRatio(), 0, layer);
                assertEquals(x.distinctUnits(), y.distinctUnits(), layer);
                assertEquals(x.deadUnitFraction(), y.deadUnitFraction(), 0, layer);
                assertEquals(x.trace() == null, y.trace() == null, layer);
                if (x.trace() != null) {
                    RecurrentTrace s = x.trace();
                    RecurrentTrace t = y.trace();
                    assertArrayEquals(s.gradientNorm(), t.gradientNorm(), layer + " ‖∂L/∂h_t‖");
                    assertArrayEquals(s.meanForget(), t.meanForget(), layer + " forget gates");
                    assertEquals(s.gates(), t.gates(), layer + " gates");
                }
            }
            // the statistics are of the probe rows, not of nothing
            assertTrue(a.layers().get(0).get(Quantity.ACTIVATIONS).count() > 0);
        }
    }
}
