package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.config.ConfigReader;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 4: after a forward overflow the backward pass shows what PyTorch's float32 autograd shows. PyTorch's
 * ReLU backward is threshold_backward(grad, result, 0) = (result ≤ 0 ? 0 : grad): at a NaN activation the comparison
 * is false, so the gradient passes through (initializers.md §5b, checked in PyTorch 1.13: relu′ at [NaN, −1, 2, +Inf,
 * −Inf] = [1, 0, 1, 1, 0]), and Inf/NaN then spread through the GEMMs. Taking relu′(NaN) = 0 instead made every
 * earlier ∂L/∂z 100 % exact zeros: an explosion looked like vanishing.
 */
class NonFiniteBackwardTest {

    @Test
    void reluBackwardPassesTheGradientAtNanAsThresholdBackwardDoes() {
        float[] a = {Float.NaN, -1f, 2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.NaN};
        float[] z = a.clone();
        float[] g = {3f, 3f, 3f, 3f, Float.POSITIVE_INFINITY, Float.NaN, 5f, Float.NEGATIVE_INFINITY};
        float[] dz = new float[a.length];
        float[] relu = a.clone();
        ActivationKernels.forwardRange(ActivationSpec.of(Activation.RELU), z, relu, 0, z.length);
        ActivationKernels.backwardRange(ActivationSpec.of(Activation.RELU), z, relu, g, dz, 0, z.length);
        float[] expected = {3f, 0f, 3f, 3f, 0f, 0f, 0f, Float.NEGATIVE_INFINITY};
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], dz[i], "relu backward at z = " + a[i] + ", grad " + g[i]);
        }
        // the same through the vector loop (long arrays take it; the short one above is the scalar tail)
        int n = 1000;
        float[] zz = new float[n];
        float[] gg = new float[n];
        for (int i = 0; i < n; i++) {
            zz[i] = a[i % a.length];
            gg[i] = g[i % g.length];
        }
        float[] aa = new float[n];
        float[] dd = new float[n];
        ActivationKernels.forwardRange(ActivationSpec.of(Activation.RELU), zz, aa, 0, n);
        ActivationKernels.backwardRange(ActivationSpec.of(Activation.RELU), zz, aa, gg, dd, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i % a.length], dd[i], "vector loop at " + i);
        }
        // leaky_relu_backward is (z > 0 ? grad : grad·slope): NaN takes the slope branch, the product stays NaN
        float[] dl = new float[a.length];
        ActivationKernels.backwardRange(new ActivationSpec(Activation.LEAKY_RELU, 0.5), z, relu, g, dl, 0, z.length);
        assertEquals(1.5f, dl[0]);
        assertEquals(Float.NEGATIVE_INFINITY, dl[7]);
    }

    /**
     * The network: He ×1000, 15 dense ReLU layers of 100, batch 64. The forward pass overflows around layer
     * 13 and the backward pass around layer 2 (the gradient grows by the same ×1000 per layer); PyTorch then has
     * about half exact zeros at layer 1 (where z ≤ 0) plus Inf and NaN, and NaN in dW₁ (the audit: 52 %
     * zeros, 623 Inf, 3 NaN, 9,207 NaN in dW₁).
     */
    @Test
    void anOverflowShowsUpAsInfAndNanInTheEarlierGradientsNotAsVanishing() throws Exception {
        String json = """
                {"seed": 7, "input": {"features": 100, "batch": 64, "distribution": "normal"},
                 "layers": [{"type": "dense", "units": 100, "activation": "relu", "repeat": 15, "scale": 1000,
                   "init": {"scheme": "kaiming_normal", "mode": "fan_in", "nonlinearity": "relu"},
                   "bias": {"scheme": "zeros"}}]}""";
        try (var engine = new Propagator()) {
            var net = ConfigReader.parse(json, "test").resolve();
            PropagationResult r = engine.run(net);
            assertTrue(r.layer(15).get(Quantity.ACTIVATIONS).nonFinite() > 0, "the forward pass overflows");
            // every layer's ∂L/∂z is threshold_backward of its activation and ∂L/∂a, bit for bit
            for (int l = 1; l <= 15; l++) {
                float[] a = engine.tensor(l, Quantity.ACTIVATIONS);
                float[] da = engine.tensor(l, Quantity.ACTIVATION_GRADIENTS);
                float[] dz = engine.tensor(l, Quantity.PRE_ACTIVATION_GRADIENTS);
                for (int i = 0; i < a.length; i++) {
                    float expected = a[i] <= 0f ? 0f : da[i];
                    int layer = l;
                    int at = i;
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dz[i]),
                            () -> "layer " + layer + " ∂L/∂z[" + at + "] at a = " + a[at] + ", ∂L/∂a = " + da[at]);
                }
            }
            TensorStats dz1 = r.layer(1).get(Quantity.PRE_ACTIVATION_GRADIENTS);
            TensorStats z1 = r.layer(1).get(Quantity.PRE_ACTIVATIONS);
            // the zeros are exactly where z ≤ 0 (about half), not everywhere
            assertTrue(dz1.zeroFraction() < 0.6, "layer 1 ∂L/∂z is not all zeros: " + dz1.zeroFraction());
            assertTrue(dz1.zeroFraction() > 0.4, "about half: " + dz1.zeroFraction());
            // which of the non-finite values are Inf and which NaN depends on where the float32 sums of the GEMMs
            // overflow, i.e. on the BLAS's kernels (FMA chains keep an Inf where separate products give Inf − Inf =
            // NaN): the seed-7 run here has 3,183 NaN at layer 1, the PyTorch run 623 Inf and 3 NaN
            assertTrue(dz1.nonFinite() > 1000, "the overflow reaches layer 1: " + dz1);
            assertTrue(z1.nonFinite() == 0, "layer 1's forward is finite");
            TensorStats dw1 = r.layer(1).get(Quantity.WEIGHT_GRADIENTS);
            assertTrue(dw1.nan() > dw1.count() / 2, "most of dW₁ is NaN (Inf − Inf in the GEMM): " + dw1.nan());
            // and the diagnosis reads it as the overflow it is, not as vanishing (the finite ∂L/∂z are the zeros)
            var lines = Diagnosis.of(r);
            assertTrue(lines.get(0).startsWith("Values overflowed to Inf/NaN"), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("vanishing")), lines.toString());
        }
    }
}
