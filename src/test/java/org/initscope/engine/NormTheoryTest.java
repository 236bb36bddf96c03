package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The variance recursion through BatchNorm in training mode (issue 14, item 7), against measured variances averaged
 * over seeds: ∂L/∂x = (γ/σ_B)(g − mean(g) − x̂·mean(g·x̂)) per feature, so (a) the bias of the layer before a
 * BatchNorm gets only the part of φ'(z) that x̂ does not explain — exactly zero for a linear layer, as PyTorch gives
 * — and (b) the divisor is the variance of each feature over the batch, not the variance over all values (which also
 * holds the spread of the per-feature means).
 */
class NormTheoryTest {

    private static void within(double tolerance, double ratio, String what) {
        assertTrue(Math.abs(ratio - 1) <= tolerance, what + ": measured/predicted = " + ratio);
    }

    private static String dense(String activation, String init, String bias) {
        return """
                {"type": "dense", "units": 256, "activation": "%s", "init": %s, "bias": %s}"""
                .formatted(activation, init, bias);
    }

    private static final String HE = "{\"scheme\": \"kaiming_normal\", \"mode\": \"fan_in\", \"nonlinearity\": \"relu\"}";
    private static final String ZEROS = "{\"scheme\": \"zeros\"}";
    private static final String BN = "{\"type\": \"batchnorm\"}";

    /**
     * fix-batchnorm: N(0, 0.01²) ReLU layers, each followed by BatchNorm. The bias gradient of a ReLU layer before a
     * BatchNorm is batch·E[γ²]/(σ² + eps)·Var[∂L/∂y]·R with R = Var[φ'] − Cov(φ', φ)²/Var[φ] = (π − 2)/(4(π − 1))
     * for a zero-mean z (0.133, not E[φ'²] = ½); the prediction was 2.1e7 where 6.7e6 is measured.
     *
     * <p>The mean field leaves out finite-batch effects of order 1/n per BatchNorm (the projection of the gradient
     * off the mean and x̂ removes 2/n of it; the per-feature variances scatter, which raises E[1/σ²]): measured here
     * they make each ReLU + BatchNorm pair grow the gradient 1.2 % more than predicted (n = 256), 25 % over the 20
     * pairs (each pair 1.2 ± 1.5 %). So the test checks each pair's factor (to 5 %) and, for the bias, its ratio to
     * the same layer's Var[∂L/∂z] (to 10 %), and the end-to-end drift only to 35 %.
     */
    @Test
    void theBiasBeforeABatchNormGetsOnlyWhatTheNormalizationDoesNotRemove() throws Exception {
        String json = new String(NormTheoryTest.class.getResourceAsStream("/org/initscope/presets/fix-batchnorm.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\"seed\": 7", "\"seed\": %d");
        TheoryRuns runs = TheoryRuns.of(json, 1, 2);
        Quantity dz = Quantity.PRE_ACTIVATION_GRADIENTS;
        double biasRatios = 0;
        for (int l = 1; l <= 39; l += 2) {
            if (l + 2 < 40) {
                double measured = runs.measured(l, dz) / runs.measured(l + 2, dz);
                double predicted = runs.predicted(l, dz) / runs.predicted(l + 2, dz);
                within(0.05, measured / predicted, "the pair " + l + "–" + (l + 1) + " " + runs.describe(l));
            }
            for (Quantity q : new Quantity[] {Quantity.PRE_ACTIVATIONS, Quantity.ACTIVATIONS}) {
                within(0.03, runs.ratio(l, q), q + " " + runs.describe(l));
                within(0.03, runs.ratio(l + 1, q), q + " " + runs.describe(l + 1));
            }
            // ∂L/∂b and ∂L/∂W against the layer's own ∂L/∂z: what the BatchNorm above takes away. Var[∂L/∂b] is
            // measured over 256 values, ±9 % per seed (√(2/255)): each layer within 25 %, their mean within 5 %
            double bias = runs.ratio(l, Quantity.BIAS_GRADIENTS) / runs.ratio(l, dz);
            within(0.25, bias, "bias " + runs.describe(l));
            biasRatios += bias / 20;
            // Var[∂L/∂W] (65,536 values, precise) is 0–5 % below Var[∂L/∂z]·batch·E[x²] deeper in the stack, a
            // finite-batch correlation of the gradient with the layer's input (the BatchNorms couple the examples)
            within(0.08, runs.ratio(l, Quantity.WEIGHT_GRADIENTS) / runs.ratio(l, dz), "weight " + runs.describe(l));
        }
        within(0.05, biasRatios, "the bias gradients' mean ratio to ∂L/∂z over the 20 ReLU layers");
        within(0.35, runs.ratio(1, dz), runs.describe(1));
        // the relu layer's bias gradient against the closed form of R for a zero-mean z
        double r = (Math.PI - 2) / (4 * (Math.PI - 1));
        var p1 = runs.last().layer(1).predicted();
        var bn = runs.last().layer(2).predicted();
        double expected = 256 * bn.activationGradientVar() * r / (p1.activationVar() + 1e-5);
        assertEquals(expected, p1.biasGradientVar(), 1e-6 * expected);
    }

    /**
     * A linear layer before a BatchNorm: its bias gradient is exactly zero (PyTorch gives 0; the engine's float sums
     * leave about 1e-13), where the old prediction was 3.26. A layer whose pre-activations are all positive (a large
     * bias: ReLU acts as the identity) gets almost none either (the issue's 1263 predicted against 1.85 measured).
     */
    @Test
    void aLinearLayerBeforeABatchNormHasNoBiasGradient() throws Exception {
        String json = """
                {"seed": %d, "input": {"features": 256, "batch": 256},
                 "layers": [L1, BN, L2, BN, L3]}""".replace("L1", dense("linear", HE, ZEROS)).replace("BN", BN)
                .replace("L2", dense("relu", HE, "{\"scheme\": \"constant\", \"value\": 20}"))
                .replace("L3", dense("linear", HE, ZEROS));
        TheoryRuns runs = TheoryRuns.of(json, 1, 2);
        assertEquals(0.0, runs.predicted(1, Quantity.BIAS_GRADIENTS), 0.0);
        assertTrue(runs.measured(1, Quantity.BIAS_GRADIENTS) < 1e-9 * runs.measured(1, Quantity.WEIGHT_GRADIENTS),
                runs.describe(1));
        // ReLU with z = 20 + N(0, 2): z > 0 for all but 1e-45 of the values, the bias gradient vanishes too
        assertTrue(runs.predicted(3, Quantity.BIAS_GRADIENTS) < 1e-6 * runs.predicted(3, Quantity.WEIGHT_GRADIENTS),
                runs.describe(3));
        assertTrue(runs.measured(3, Quantity.BIAS_GRADIENTS) < 1e-6 * runs.measured(3, Quantity.WEIGHT_GRADIENTS),
                runs.describe(3));
        for (int l = 1; l <= 5; l++) {
            within(0.1, runs.ratio(l, Quantity.ACTIVATION_GRADIENTS), runs.describe(l));
            within(0.1, runs.ratio(l, Quantity.WEIGHT_GRADIENTS), runs.describe(l));
        }
    }

    /**
     * The divisor is each feature's variance: after a ReLU layer, a linear layer's features have means that differ
     * from feature to feature (each row of W sums the ReLU's positive mean differently): between-feature spread
     * fan_in·Var[W]·E[a]² = μ²/σ²·(within) = 1/(π − 1) = 47 % of the within-feature variance. Dividing by the
     * variance over all values made ∂L/∂x 1/1.47 too small.
     */
    @Test
    void batchNormDividesByEachFeaturesVariance() throws Exception {
        String json = """
                {"seed": %d, "input": {"features": 256, "batch": 256},
                 "layers": [R, L, BN, R, L, BN, R]}""".replace("R", dense("relu", HE, ZEROS)).replace("BN", BN)
                .replace("L", dense("linear", HE, ZEROS));
        TheoryRuns runs = TheoryRuns.of(json, 1, 2);
        for (int l = 1; l <= 7; l++) {
            within(0.1, runs.ratio(l, Quantity.ACTIVATION_GRADIENTS), runs.describe(l));
            within(0.1, runs.ratio(l, Quantity.PRE_ACTIVATION_GRADIENTS), runs.describe(l));
            within(0.1, runs.ratio(l, Quantity.ACTIVATIONS), runs.describe(l));
        }
    }
}
