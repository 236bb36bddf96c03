package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.config.ConfigReader;
import org.initscope.config.Presets;
import org.junit.jupiter.api.Test;

/**
 * What the new layers are for, measured by the engine: gradients through time in an RNN and an LSTM, and the fixes
 * (BatchNorm, residual connections) next to a bad initializer. Fixed seeds; the margins below are orders of
 * magnitude, far wider than seed-to-seed variation (checked over seeds 1–10 when written).
 */
class BeyondDenseTest {
    private static final Propagator ENGINE = new Propagator();

    private static PropagationResult run(String json) throws Exception {
        return ENGINE.run(ConfigReader.parse(json, "test").resolve());
    }

    private static String rnn(String weightHh, long seed) {
        // small inputs (std 0.01 weights) so that the recurrence, not the input, decides what happens
        return """
                {"seed": %d, "input": {"features": 32, "sequence_length": 50, "batch": 64},
                 "layers": [{"type": "rnn", "hidden_size": 64, "nonlinearity": "tanh",
                   "weight_ih": {"scheme": "normal", "mean": 0, "std": 0.01}, "weight_hh": %s}]}"""
                .formatted(seed, weightHh);
    }

    /**
     * The loss reads h_T only (L = Σ G ⊙ h_T), so ‖∂L/∂h_1‖/‖∂L/∂h_T‖ is ‖(∂h_T/∂h_1)ᵀ G‖/‖G‖: how much of the
     * gradient survives 49 steps back. Orthogonal W_hh: every singular value 1, the decay is only tanh's slope,
     * ∏(1 − Var[h_t]) with the state's variance growing by ~0.003 a step: about e^−4, 1e-2 (seeds give 0.009–0.06).
     * PyTorch's default U(±1/√H): σ_w² = 1/3, about 0.58 per step, 1e-12 (reference table).
     */
    @Test
    void orthogonalRecurrentWeightsKeepTheGradientThroughFiftySteps() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            RecurrentTrace ortho = run(rnn("{\"scheme\": \"orthogonal\", \"gain\": 1}", seed)).layer(1).trace();
            RecurrentTrace torch = run(rnn("{\"scheme\": \"torch_default\"}", seed)).layer(1).trace();
            assertEquals(50, ortho.steps());
            double o = ortho.endToEndRatio();
            double t = torch.endToEndRatio();
            assertTrue(o > 1e-3, "orthogonal keeps a sizeable part (only tanh' < 1 takes some): " + o);
            assertTrue(t < 1e-8, "PyTorch's default loses it: " + t);
            assertTrue(o / t > 1e4, "orders of magnitude apart: " + o + " vs " + t);
            // and the decay is monotone step by step for the default: each step multiplies by about 0.58·tanh'
            double[] g = torch.gradientNorm();
            for (int s = 1; s < g.length; s++) {
                assertTrue(g[s - 1] < g[s], "‖∂L/∂h_t‖ grows towards t = T at t = " + s);
            }
        }
    }

    @Test
    void identityRecurrentWeightsCarryTheGradientLikeOrthogonal() throws Exception {
        RecurrentTrace eye = run(rnn("{\"scheme\": \"eye\"}", 4)).layer(1).trace();
        assertTrue(eye.endToEndRatio() > 1e-3, "W_hh = I: " + eye.endToEndRatio());
    }

    /**
     * E[f] = σ(b_f) when the forget pre-activation is small: 0.5 with a zero bias, 0.73 with Keras' unit forget
     * bias; the cell path ∏f over 50 steps is then ~1e-15 vs ~1e-7 (reference table).
     */
    @Test
    void unitForgetBiasOpensTheForgetGatesAndTheCellPath() throws Exception {
        var keras = Presets.byFile("lstm-keras-default.json").orElseThrow().load();
        var xavier = Presets.byFile("lstm-xavier-zero.json").orElseThrow().load();
        RecurrentTrace k = ENGINE.run(keras.resolve()).layer(1).trace();
        RecurrentTrace x = ENGINE.run(xavier.resolve()).layer(1).trace();
        assertNotNull(k.meanForget());
        double kf = mean(k.meanForget());
        double xf = mean(x.meanForget());
        assertEquals(0.73, kf, 0.03, "σ(1) ≈ 0.73, a little less with the pre-activation's spread");
        assertEquals(0.5, xf, 0.02, "σ(0) = 0.5");
        assertTrue(k.cellPath()[0] > 1e4 * x.cellPath()[0], k.cellPath()[0] + " vs " + x.cellPath()[0]);
        assertEquals(4, k.gates().size());
        assertEquals(kf, k.gates().get(1).mean(), 1e-6, "the f gate's histogram is the forget gates");
    }

    /**
     * N(0, 0.01²) weights on 256 inputs shrink the second moment to 256·1e-4·½ ≈ 0.013 per ReLU layer; a BatchNorm
     * after it returns every feature to mean 0 and variance σ²/(σ² + eps) = 0.9996 (σ² ≈ 0.025).
     */
    @Test
    void batchNormRestoresUnitVarianceAfterABadlyScaledLayer() throws Exception {
        var r = run("""
                {"seed": 7, "input": {"features": 256, "batch": 256},
                 "layers": [{"type": "dense", "units": 256, "activation": "relu",
                   "init": {"scheme": "normal", "mean": 0, "std": 0.01}},
                  {"type": "batchnorm"},
                  {"type": "dense", "units": 256, "activation": "relu",
                   "init": {"scheme": "normal", "mean": 0, "std": 0.01}},
                  {"type": "batchnorm"}]}""");
        double before = r.layer(1).stats().get(Quantity.ACTIVATIONS).var();
        assertTrue(before < 0.01, "the bad layer shrinks the signal: " + before);
        for (int l : new int[] {2, 4}) {
            var a = r.layer(l).stats().get(Quantity.ACTIVATIONS);
            assertEquals(0, a.mean(), 1e-6);
            assertEquals(1, a.var(), 2e-3, "BatchNorm at layer " + l);
            assertEquals(a.var(), r.layer(l).predicted().activationVar(), 2e-3, "the prediction σ²/(σ² + eps)");
        }
        // and on images, per channel, after a conv whose weights are 10× too large
        var conv = run("""
                {"seed": 7, "input": {"channels": 3, "height": 16, "width": 16, "batch": 32},
                 "layers": [{"type": "conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1,
                   "init": {"scheme": "kaiming_normal"}, "scale": 10}, {"type": "batchnorm"}]}""");
        assertTrue(conv.layer(1).stats().get(Quantity.ACTIVATIONS).var() > 50);
        assertEquals(1, conv.layer(2).stats().get(Quantity.ACTIVATIONS).var(), 1e-3);
    }

    /** 20 residual blocks with near-zero f: the identity carries signal and gradient; the plain stack loses both. */
    @Test
    void residualConnectionsCarryTheSignalThroughBadlyInitializedBlocks() throws Exception {
        String layer = """
                {"type": "dense", "units": 128, "activation": "relu", "repeat": 20, "residual": %s,
                 "init": {"scheme": "normal", "mean": 0, "std": 0.01}}""";
        String net = "{\"seed\": 3, \"input\": {\"features\": 128, \"batch\": 128}, \"layers\": [%s]}";
        var residual = run(net.formatted(layer.formatted("true")));
        var plain = run(net.formatted(layer.formatted("false")));
        double resOut = residual.layer(20).stats().get(Quantity.ACTIVATIONS).var();
        double plainOut = plain.layer(20).stats().get(Quantity.ACTIVATIONS).var();
        // each block adds E[φ(z)²] ≈ ½·128·1e-4·Var[x] ≈ 0.0064·Var[x]: ×1.14 after 20 blocks
        assertEquals(Math.pow(1.0064, 20), resOut, 0.1, "x + f(x) with f ≈ 0 keeps the input's variance");
        assertTrue(plainOut < 1e-30, "the plain stack vanishes: " + plainOut);
        double resGrad = residual.layer(1).stats().get(Quantity.ACTIVATION_GRADIENTS).var();
        assertEquals(Math.pow(1.0064, 20), resGrad, 0.1, "the gradient comes back through the identity");
        // the variance recursion models the residual sum: Var[a'] = Var[x] + α²·E[φ(z)²]
        assertEquals(resOut, residual.layer(20).predicted().activationVar(), 0.05 * resOut);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
