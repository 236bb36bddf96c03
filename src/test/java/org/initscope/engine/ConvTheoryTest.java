package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The variance recursion through conv layers (issue 14, items 1 and 5), against measured variances averaged over
 * seeds: grouped and depthwise conv backward (each input feeds (C_out/groups)·kH·kW outputs, not PyTorch's fan_out
 * C_out·kH·kW), zero padding at the borders (forward and backward, per position), and conv → ReLU → max-pool, where
 * the gradient reaches only the window maxima (ReLU′ = 1 there when the maximum is positive).
 */
class ConvTheoryTest {

    private static void within(double tolerance, double ratio, String what) {
        assertTrue(Math.abs(ratio - 1) <= tolerance, what + ": measured/predicted = " + ratio);
    }

    private static final String DEPTHWISE = """
            {"type": "conv2d", "out_channels": C, "kernel_size": 3, "padding": 1, "groups": C,
             "activation": "relu", "init": {"scheme": "kaiming_normal", "mode": "fan_out", "nonlinearity": "relu"},
             "bias": {"scheme": "zeros"}}""";

    private static final String POINTWISE = """
            {"type": "conv2d", "out_channels": C, "kernel_size": 1, "activation": "linear",
             "init": {"scheme": "kaiming_normal", "mode": "fan_out", "nonlinearity": "relu"},
             "bias": {"scheme": "zeros"}}""";

    /**
     * Item 1, the issue's network: 4 depthwise 3×3 layers (32 channels, kaiming_normal fan_out relu, 16×16, batch
     * 16) and a 1×1 conv. The recursion divided by fan_out = 32·9 where each input feeds 9 outputs: it predicted
     * Var[∂L/∂a₁] = 1 where 2e-5 is measured. Each channel is a chain of its own 9-weight filters: the squared norm of
     * such a chain scatters with a heavy tail (relative std 1.5 for 4 filters, simulated), so 4 seeds × 32 channels
     * pin the mean down to a factor 2 only — enough to see the factor 32 per layer. The test below checks one
     * depthwise layer precisely.
     */
    @Test
    void theIssuesDepthwiseNetworkIsPredictedWithinItsScatter() throws Exception {
        String json = """
                {"seed": %d, "input": {"channels": 32, "height": 16, "width": 16, "batch": 16},
                 "layers": [DW, DW, DW, DW, PW]}""".replace("DW", DEPTHWISE).replace("PW", POINTWISE)
                .replace(": C", ": 32");
        TheoryRuns runs = TheoryRuns.of(json, 1, 2, 3, 4);
        double ratio = runs.ratio(1, Quantity.ACTIVATION_GRADIENTS);
        assertTrue(ratio > 0.5 && ratio < 2, runs.describe(1));
        // the issue's number: about 2e-5, nowhere near 1
        assertTrue(runs.predicted(1, Quantity.ACTIVATION_GRADIENTS) < 1e-4, runs.describe(1));
    }

    /**
     * Item 1, one depthwise layer backward: ∂L/∂a₁ comes back through the second depthwise layer only, where each
     * input value feeds (C_out/groups)·3·3 = 9 outputs (fewer at the borders). 96 channels: the filters' squared
     * norms (χ² with 9 degrees of freedom, ±47 %) average to ±5 % per seed; over 2 seeds 10 % is a 3σ band.
     */
    @Test
    void aDepthwiseConvSendsItsGradientToItsOwnChannel() throws Exception {
        String json = """
                {"seed": %d, "input": {"channels": 96, "height": 8, "width": 8, "batch": 4},
                 "layers": [DW, DW, PW]}""".replace("DW", DEPTHWISE).replace("PW", POINTWISE).replace(": C", ": 96");
        TheoryRuns runs = TheoryRuns.of(json, 1, 2);
        within(0.1, runs.ratio(1, Quantity.ACTIVATION_GRADIENTS), runs.describe(1));
        within(0.1, runs.ratio(1, Quantity.PRE_ACTIVATION_GRADIENTS), runs.describe(1));
        within(0.1, runs.ratio(2, Quantity.PRE_ACTIVATION_GRADIENTS), runs.describe(2));
    }

    /**
     * Item 5, zero padding: 64 channels on 8×8 maps, 3×3 kernels with padding 1 and linear activations. A corner
     * output sees 4 of 9 inputs, an edge output 6: on average (22/24)² = 84 % of the interior's variance, and less
     * after every layer as the low borders spread inwards. fan_in = 576 averages the weights well: seed-to-seed
     * scatter is about 1 %, so 4 % is tight enough to see the 16 % the old recursion missed.
     */
    @Test
    void zeroPaddingLowersTheVarianceAtTheBorders() throws Exception {
        String conv = """
                {"type": "conv2d", "out_channels": 64, "kernel_size": 3, "padding": 1, "activation": "linear",
                 "init": {"scheme": "kaiming_normal", "mode": "fan_in", "nonlinearity": "linear"},
                 "bias": {"scheme": "zeros"}}""";
        String strided = """
                {"type": "conv2d", "out_channels": 64, "kernel_size": 3, "stride": 2, "padding": 1,
                 "activation": "linear", "init": {"scheme": "kaiming_normal", "mode": "fan_in",
                 "nonlinearity": "linear"}, "bias": {"scheme": "zeros"}}""";
        String json = """
                {"seed": %d, "input": {"channels": 64, "height": 8, "width": 8, "batch": 64},
                 "layers": [C, C, C, S]}""".replace("C", conv).replace("S", strided);
        TheoryRuns runs = TheoryRuns.of(json, 1, 2);
        for (int l = 1; l <= 4; l++) {
            within(0.04, runs.ratio(l, Quantity.PRE_ACTIVATIONS), runs.describe(l));
            within(0.04, runs.ratio(l, Quantity.ACTIVATION_GRADIENTS), runs.describe(l));
            within(0.04, runs.ratio(l, Quantity.WEIGHT_GRADIENTS), runs.describe(l));
        }
        // the first layer's input is N(0, 1) everywhere: exactly (22/24)² of σ_w² = 1
        assertEquals(Math.pow(22.0 / 24, 2), runs.predicted(1, Quantity.PRE_ACTIVATIONS), 1e-12);
    }

    /**
     * Item 5, conv → ReLU → max-pool: backward, the pool sends each window's gradient to its maximum, where ReLU′ = 1
     * unless the whole window is ≤ 0 (then the pooled output is exactly 0). So Var[∂L/∂z] = (1 − zero fraction of
     * the pool's output)·Var[∂L/∂a], not ½·Var[∂L/∂a]: conv-digits layer 1 was predicted 0.0169 where 0.0301 is
     * measured. 8 and 16 filters scatter by about 10 % from seed to seed; over 4 seeds 12 % is a 2.5σ band.
     */
    @Test
    void theGradientThroughMaxPoolReachesTheMaximaWhereReluIsOn() throws Exception {
        String json = new String(ConvTheoryTest.class.getResourceAsStream("/org/initscope/presets/conv-digits.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\"seed\": 7", "\"seed\": %d");
        TheoryRuns runs = TheoryRuns.of(json, 1, 2, 3, 4);
        for (int l : new int[] {1, 3}) {
            within(0.12, runs.ratio(l, Quantity.PRE_ACTIVATION_GRADIENTS), runs.describe(l));
        }
        // not asserted: the conv's weight and bias gradients sum ∂L/∂z over positions, whose terms are correlated for
        // one draw of 8 or 16 filters (the expected cross terms vanish, their scatter does not): per seed they
        // scatter from 0.2 to 3 times the prediction (12 seeds measured), a test of 4 seeds cannot check them
    }
}
