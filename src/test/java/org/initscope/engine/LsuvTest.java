package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.initscope.model.WeightedSpec;
import org.junit.jupiter.api.Test;

/** LSUV (Mishkin & Matas 2016) leaves every layer's output variance within its tolerance. */
class LsuvTest {

    static void assertUnitVariance(NetworkSpec start) {
        Lsuv.Result r = Lsuv.apply(start);
        assertTrue(r.converged());
        // an independent run of the network LSUV returns: every weighted layer's Var[z] within the tolerance
        try (var engine = new Propagator()) {
            PropagationResult run = engine.run(r.network().resolve());
            int weighted = 0;
            for (int l = 0; l < run.layers().size(); l++) {
                LayerSpec spec = run.layers().get(l).layer().spec();
                if (spec instanceof WeightedSpec w) {
                    weighted++;
                    assertEquals(Scheme.ORTHOGONAL, w.init().scheme());
                    double var = run.layers().get(l).get(Quantity.PRE_ACTIVATIONS).var();
                    assertTrue(Math.abs(var - 1) < Lsuv.DEFAULT_TOLERANCE, "layer " + (l + 1) + ": Var[z] " + var);
                    // the numbers LSUV reports are those of this network (same seed, same draws)
                    assertEquals(r.variances()[l], var, 1e-9 * var);
                }
            }
            assertEquals(start.depth(), weighted);
        }
    }

    @Test
    void everyLayerOfATanhAndAReluNetworkEndsWithinTheTolerance() {
        // a poor start on purpose: N(0, 1) weights would saturate tanh and blow up ReLU; LSUV replaces them
        var tanh = new DenseSpec(128, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.NORMAL, "std", 1.0),
                DenseSpec.DEFAULT_BIAS, 12);
        assertUnitVariance(new NetworkSpec("tanh", 3, new InputSpec(64, 256, InputDistribution.NORMAL),
                List.of(tanh)));
        var relu = new DenseSpec(96, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.XAVIER_UNIFORM),
                DenseSpec.DEFAULT_BIAS, 20);
        // xavier halves the variance at every ReLU layer: LSUV must bring each back to 1
        assertUnitVariance(new NetworkSpec("relu", 4, new InputSpec(32, 256, InputDistribution.UNIFORM),
                List.of(relu)));
    }

    @Test
    void aLinearNetworkIsRescaledExactlyInOnePass() {
        // no activation and no bias: Var[z] scales exactly with the square of the weights' scale. The first layer's
        // orthonormal columns (64 × 16) keep ‖x‖, so each of its 64 units has a quarter of the input's variance: one
        // rescale by about 2 makes it 1; the square orthogonal layers after it keep it there without a pass
        var linear = new DenseSpec(64, ActivationSpec.of(Activation.LINEAR), InitSpec.of(Scheme.XAVIER_NORMAL),
                DenseSpec.DEFAULT_BIAS, 4);
        Lsuv.Result r = Lsuv.apply(new NetworkSpec("linear", 9, new InputSpec(16, 512, InputDistribution.NORMAL),
                List.of(linear)));
        assertEquals(1, r.iterations()[0]);
        for (int l = 0; l < 4; l++) {
            assertEquals(1.0, r.variances()[l], 1e-4, "layer " + (l + 1));
        }
        for (int l = 1; l < 4; l++) {
            assertEquals(0, r.iterations()[l], "layer " + (l + 1));
        }
        double firstScale = ((WeightedSpec) r.network().expandedLayers().get(0)).scale();
        assertEquals(2.0, firstScale, 0.1);
    }
}
