package org.initscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActivationTest {
    @Test
    void derivativesMatchFiniteDifferences() {
        for (Activation a : Activation.values()) {
            ActivationSpec spec = ActivationSpec.of(a);
            for (double x : new double[] {-7.3, -2.1, -0.4, -1e-3, 0.37, 1.9, 6.5, 25}) {
                double h = 1e-6;
                double fd = (spec.apply(x + h) - spec.apply(x - h)) / (2 * h);
                assertEquals(fd, spec.derivative(x), 1e-6 * Math.max(1, Math.abs(fd)), a + " at " + x);
            }
        }
    }

    @Test
    void pytorchConstantsAndSaturation() {
        assertEquals(1.0507009873554805, Activation.SELU_LAMBDA, 1e-16);
        assertEquals(1.6732632423543772, Activation.SELU_ALPHA, 1e-16);
        assertEquals(0.0, Activation.RELU.derivative(0, 0));
        assertEquals(25.0, ActivationSpec.of(Activation.SOFTPLUS).apply(25), 0);
        assertEquals(true, Activation.TANH.isSaturated(-0.98));
        assertEquals(false, Activation.TANH.isSaturated(0.96));
        assertEquals(true, Activation.SIGMOID.isSaturated(0.02));
        assertEquals(false, Activation.RELU.isSaturated(1e9));
        assertEquals("leaky_relu(negative_slope=0.2)", new ActivationSpec(Activation.LEAKY_RELU, 0.2).label());
    }
}
