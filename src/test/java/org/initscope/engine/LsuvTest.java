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

    /**
     * The initializer {@code lsuv}: every run rescales its lsuv layers on its own probe batch first, so the run's
     * Var[z] of every layer — dense and conv — is within that layer's tolerance, and the run's layer carries the
     * factor (its weights' gain). The same procedure as the menu action: the factors agree.
     */
    @Test
    void theInitializerLeavesEveryLayersOutputVarianceWithinItsTolerance() throws Exception {
        InitSpec lsuv = InitSpec.of(Scheme.LSUV, "tol", 0.05, "max_iter", 10.0);
        var tanh = new DenseSpec(128, ActivationSpec.of(Activation.TANH), lsuv, InitSpec.of(Scheme.NORMAL, "std",
                0.3), 12);
        var spec = new NetworkSpec("tanh", 3, new InputSpec(64, 256, InputDistribution.NORMAL), List.of(tanh));
        try (var engine = new Propagator()) {
            PropagationResult run = engine.run(spec.resolve());
            for (LayerResult l : run.layers()) {
                double var = l.get(Quantity.PRE_ACTIVATIONS).var();
                assertTrue(Math.abs(var - 1) < 0.05, "layer " + l.layer().index() + ": Var[z] " + var);
                var w = l.layer().weight();
                assertTrue(w.gain() != null && w.gain().source().startsWith("LSUV: × "), w.formula());
                assertEquals(w.gain().value() / Math.sqrt(128), w.std(), 1e-12);
            }
            // the menu action's factors (its layers' scales) are the initializer's, and so are the variances
            Lsuv.Result menu = Lsuv.apply(spec, 0.05, 10, () -> false);
            var layers = menu.network().expandedLayers();
            for (int l = 0; l < 12; l++) {
                assertEquals(run.layers().get(l).layer().weight().gain().value(),
                        ((WeightedSpec) layers.get(l)).scale(), 1e-5, "layer " + (l + 1));
                assertEquals(run.layers().get(l).get(Quantity.PRE_ACTIVATIONS).var(), menu.variances()[l], 1e-4);
            }
        }
        // a conv layer too, on the digits as images
        NetworkSpec conv = org.initscope.config.ConfigReader.parse("""
                {"seed": 2, "input": {"channels": 1, "height": 8, "width": 8, "batch": 64, "distribution": "digits"},
                 "layers": [{"type": "conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1, "activation": "relu",
                             "init": {"scheme": "lsuv"}},
                            {"type": "conv2d", "out_channels": 8, "kernel_size": 3, "activation": "relu",
                             "init": {"scheme": "lsuv"}}]}""", "c.json");
        try (var engine = new Propagator()) {
            for (LayerResult l : engine.run(conv.resolve()).layers()) {
                double var = l.get(Quantity.PRE_ACTIVATIONS).var();
                assertTrue(Math.abs(var - 1) < Lsuv.DEFAULT_TOLERANCE, "conv layer " + l.layer().index() + ": " + var);
            }
        }
    }

    @Test
    void itsParametersAreCheckedAndNoPassLeavesTheOrthonormalStart() {
        var bad = new NetworkSpec("n", 1, new InputSpec(8, 4, InputDistribution.NORMAL), List.of(new DenseSpec(8,
                ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.LSUV, "tol", 1.5), DenseSpec.DEFAULT_BIAS, 1)));
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.initscope.model.SpecException.class, bad::resolve);
        assertEquals("layers[0].init.tol", e.field());
        // a bias of std 2 puts Var[z] near 5; with no pass allowed the weights stay orthonormal, and it is said
        var none = new DenseSpec(32, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.LSUV, "max_iter", 0.0),
                InitSpec.of(Scheme.NORMAL, "std", 2.0), 1);
        try (var engine = new Propagator()) {
            var l = engine.run(new NetworkSpec("n", 1, new InputSpec(128, 64, InputDistribution.NORMAL),
                    List.of(none)).resolve()).layers().get(0).layer();
            assertEquals(1.0, l.weight().gain().value());
            assertEquals(1 / Math.sqrt(128), l.weight().std(), 1e-15);
            assertTrue(l.weight().warnings().stream().anyMatch(w -> w.startsWith("LSUV stopped")), l.weight().formula());
        }
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
