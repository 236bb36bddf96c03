package org.initscope.engine.train;

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

/** A network initialized with {@code lsuv} trains from weights rescaled on the first rows of its training data. */
class TrainLsuvTest {

    @Test
    void theTrainerRescalesOnTheDataAndTheNetworkLearns() throws Exception {
        var layer = new DenseSpec(64, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.LSUV),
                DenseSpec.DEFAULT_BIAS, 4);
        var net = new NetworkSpec("lsuv", 5, new InputSpec(2, 1, InputDistribution.NORMAL), List.of(layer));
        try (Trainer t = Trainer.create(TrainSpec.of(net, DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(50))) {
            TrainingRecord start = t.history().latest();
            // the probe rows the record measures are the rows LSUV rescaled on (the first 256 of the training set)
            for (int l = 0; l < 4; l++) {
                double var = start.layers().get(l).get(Quantity.PRE_ACTIVATIONS).var();
                assertTrue(Math.abs(var - 1) < 0.1, "layer " + (l + 1) + ": Var[z] " + var);
                var w = t.layers().get(l).layer().weight();
                assertTrue(w.gain() != null && w.gain().source().startsWith("LSUV: × "), w.formula());
            }
            for (int i = 0; i < 300; i++) {
                t.step();
            }
            double end = t.evaluate().trainLoss();
            assertTrue(end < 0.8 * start.trainLoss(), "loss " + start.trainLoss() + " → " + end);
        }
    }
}
