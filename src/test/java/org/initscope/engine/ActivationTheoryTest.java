package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.junit.jupiter.api.Test;

/**
 * The independent theory suite for every activation and for the layers not covered by {@link ConvTheoryTest} and
 * {@link NormTheoryTest} (issue 14): (a) the engine's Gaussian moments against {@link IndependentQuadrature}, a
 * trapezoid rule written for the tests, and (b) the variance recursion against measured statistics over seeds.
 */
class ActivationTheoryTest {

    private static ActivationSpec spec(Activation a) {
        return a == Activation.LEAKY_RELU ? new ActivationSpec(a, 0.2) : a == Activation.ELU
                ? new ActivationSpec(a, 0.7) : ActivationSpec.of(a);
    }

    /**
     * E[φ], E[φ²], E[φ'²] for z ~ N(m, q), from tiny to saturating variances and with a mean (a bias), and the length
     * map's slope σ_w²·E[xφφ']/q against a central difference of the independently integrated length map. The rule
     * (h = 1e-4) is second order: its error is about h²/12 times the integrand's curvature, largest for selu's
     * e^{2x} at q = 100 (a scale 1/(2√q) = 0.05 in z): 3e-8 relative. Hence 1e-7.
     */
    @Test
    void momentsAgreeWithAnIndependentQuadratureForEveryActivation() {
        for (Activation a : Activation.values()) {
            ActivationSpec phi = spec(a);
            for (double mean : new double[] {0, 0.5}) {
                for (double q : new double[] {1e-4, 0.3, 1, 5, 100}) {
                    ActivationMoments m = ActivationMoments.of(phi, mean, q);
                    double e1 = IndependentQuadrature.expect(phi::apply, mean, q);
                    double e2 = IndependentQuadrature.expect(x -> Math.pow(phi.apply(x), 2), mean, q);
                    double d2 = IndependentQuadrature.expect(x -> Math.pow(phi.derivative(x), 2), mean, q);
                    String at = a + " at mean " + mean + ", q " + q;
                    // E[φ] can be 0 (selu at q = 1, by its constants): against the scale √E[φ²]
                    assertEquals(e1, m.mean(), 1e-7 * Math.sqrt(e2), at + ": E[φ]");
                    assertEquals(e2, m.meanSquare(), 1e-7 * e2, at + ": E[φ²]");
                    assertEquals(d2, m.derivativeMeanSquare(), 1e-7 * d2, at + ": E[φ'²]");
                }
            }
            for (double q : new double[] {0.3, 1, 5}) {
                double h = 1e-4 * q;
                double slope = 1.7 * (IndependentQuadrature.expect(x -> Math.pow(phi.apply(x), 2), q + h)
                        - IndependentQuadrature.expect(x -> Math.pow(phi.apply(x), 2), q - h)) / (2 * h);
                assertEquals(slope, MeanField.lengthSlope(phi, 1.7, q), 1e-6 * slope, a + " slope at q " + q);
                assertEquals(1.7 * IndependentQuadrature.expect(x -> Math.pow(phi.derivative(x), 2), q),
                        MeanField.chi1(phi, 1.7, q), 1e-7, a + " χ₁ at q " + q);
            }
        }
    }

    /**
     * Every activation in a dense network (4 layers of 1024, batch 128, σ_w² = 1.5, σ_b² = 0.05): Var[z], Var[a],
     * Var[∂L/∂a], Var[∂L/∂z] and Var[∂L/∂W] per layer against the recursion, averaged over 3 seeds. Measured: the
     * worst of these 200 ratios is 7.3 % off over seeds 1–3 and 11–13 (silu's weight gradients; ReLU-like
     * networks carry a product of random per-layer gains), tanh and selu within 1 %: 12 % is the band.
     */
    @Test
    void measuredStatisticsFollowTheRecursionForEveryActivation() throws Exception {
        for (Activation a : Activation.values()) {
            String act = a == Activation.LEAKY_RELU ? "{\"name\": \"leaky_relu\", \"negative_slope\": 0.2}"
                    : a == Activation.ELU ? "{\"name\": \"elu\", \"alpha\": 0.7}" : "\"" + a.id() + "\"";
            String json = """
                    {"seed": %d, "input": {"features": 1024, "batch": 128},
                     "layers": [{"units": 1024, "activation": ACT, "repeat": 4,
                       "init": {"scheme": "normal", "mean": 0, "std": STD},
                       "bias": {"scheme": "normal", "mean": 0, "std": BIAS}}]}"""
                    .replace("ACT", act).replace("STD", Double.toString(Math.sqrt(1.5 / 1024)))
                    .replace("BIAS", Double.toString(Math.sqrt(0.05)));
            TheoryRuns runs = TheoryRuns.of(json, 1, 2, 3);
            for (int l = 1; l <= 4; l++) {
                for (Quantity q : new Quantity[] {Quantity.PRE_ACTIVATIONS, Quantity.ACTIVATIONS,
                    Quantity.ACTIVATION_GRADIENTS, Quantity.PRE_ACTIVATION_GRADIENTS, Quantity.WEIGHT_GRADIENTS}) {
                    double r = runs.ratio(l, q);
                    assertTrue(Math.abs(r - 1) < 0.12, a + " " + q + " " + runs.describe(l));
                }
            }
        }
    }

    /**
     * Layer norm (each example over its own features: the global variance) and residual blocks (a' = a + α·φ(z)):
     * 256 wide, 2 seeds; tanh and residual ReLU layers scatter less than the deep ReLU-like stacks above: 8 %.
     */
    @Test
    void layerNormAndResidualLayersFollowTheRecursion() throws Exception {
        String dense = """
                {"units": 256, "activation": "tanh", "init": {"scheme": "normal", "mean": 0, "std": 0.1},
                 "bias": {"scheme": "normal", "mean": 0, "std": 0.3}}""";
        String residual = """
                {"units": 256, "activation": "relu", "residual": 0.5,
                 "init": {"scheme": "kaiming_normal"}, "bias": {"scheme": "zeros"}}""";
        String json = """
                {"seed": %d, "input": {"features": 256, "batch": 256},
                 "layers": [D, {"type": "layernorm"}, R, R, {"type": "layernorm"}, D]}"""
                .replace("D", dense).replace("R", residual);
        TheoryRuns runs = TheoryRuns.of(json, 1, 2);
        for (int l = 1; l <= 6; l++) {
            for (Quantity q : new Quantity[] {Quantity.ACTIVATIONS, Quantity.ACTIVATION_GRADIENTS,
                Quantity.PRE_ACTIVATION_GRADIENTS}) {
                double r = runs.ratio(l, q);
                assertTrue(Math.abs(r - 1) < 0.08, q + " " + runs.describe(l));
            }
        }
    }
}
