package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.initscope.data.DataSpec;
import org.initscope.model.Activation;
import org.initscope.model.InitSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 9: the update ratio is ‖ΔW‖/‖W‖ with the weights before the step (CS231n's "ratio of the update
 * magnitudes to the value magnitudes", DL4J's update:parameter ratio), not after it. With a large learning rate the
 * two differ visibly: after the step the norm has grown, which made the ratio read up to 0.04 decade too small.
 */
class UpdateRatioTest {

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void theUpdateIsMeasuredAgainstTheWeightsBeforeIt() throws Exception {
        var spec = TrainSpec.of(TrainerTest.net(2, 16, Activation.TANH, InitSpec.of(Scheme.NORMAL, "std", 0.05)),
                DataSpec.of(DataSpec.Kind.CIRCLE)).withOptimizer(OptimizerSpec.sgd(2.0)).withRecordEvery(1);
        try (Trainer t = Trainer.create(spec)) {
            for (int step = 0; step < 3; step++) {
                var before = new java.util.HashMap<Integer, double[]>();
                for (Net.Param p : t.net().params()) {
                    if (p.main()) {
                        before.put(p.layer(), p.value().clone());
                    }
                }
                t.step();
                TrainingRecord r = t.history().latest();
                for (Net.Param p : t.net().params()) {
                    if (!p.main()) {
                        continue;
                    }
                    double[] after = p.value();
                    double[] w0 = before.get(p.layer());
                    double[] delta = new double[after.length];
                    for (int i = 0; i < after.length; i++) {
                        delta[i] = after[i] - w0[i];
                    }
                    double expected = Math.log10(norm(delta) / norm(w0));
                    assertEquals(expected, r.layers().get(p.layer()).updateRatio(), 1e-12, "layer "
                            + (p.layer() + 1) + ", step " + r.step());
                }
            }
        }
    }
}
