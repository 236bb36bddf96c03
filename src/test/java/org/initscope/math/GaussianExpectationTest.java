package org.initscope.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianExpectationTest {

    @Test
    void momentsOfTheGaussianAreExact() {
        assertEquals(1.0, GaussianExpectation.of(z -> 1.0, 2.0), 1e-12);
        assertEquals(0.0, GaussianExpectation.of(z -> z, 3.0), 1e-12);
        assertEquals(3.0, GaussianExpectation.of(z -> z * z, 3.0), 1e-11);
        // E[z⁴] = 3σ⁴
        assertEquals(3 * 25.0, GaussianExpectation.of(z -> z * z * z * z, 5.0), 1e-9);
        // with a mean: E[z²] = μ² + σ²
        assertEquals(4.0 + 0.5, GaussianExpectation.of(z -> z * z, 2.0, 0.5), 1e-12);
    }

    @Test
    void saturatedTanhMatchesTheReferenceWhereGaussHermiteFails() {
        // initializers.md §5b: the true values are 0.9643 at q = 500 and 0.8430 at q = 25 (GH-101: 0.8756, 0.8355)
        assertEquals(0.9643, GaussianExpectation.of(z -> Math.tanh(z) * Math.tanh(z), 500.0), 5e-5);
        assertEquals(0.8430, GaussianExpectation.of(z -> Math.tanh(z) * Math.tanh(z), 25.0), 5e-5);
        // and against a brute-force trapezoid on a fine grid (the reference's recommendation)
        for (double q : new double[] {0.01, 1, 25, 500, 1e5}) {
            double s = Math.sqrt(q);
            double h = 24.0 / 240_000;
            double sum = 0;
            for (int i = 0; i <= 240_000; i++) {
                double t = -12 + i * h;
                double w = (i == 0 || i == 240_000) ? 0.5 : 1.0;
                double th = Math.tanh(s * t);
                sum += w * th * th * Normal.pdf(t);
            }
            assertEquals(sum * h, GaussianExpectation.of(z -> Math.tanh(z) * Math.tanh(z), q), 1e-9, "q=" + q);
        }
    }

    @Test
    void reluKinkAndTinyVariances() {
        // E[relu(z)²] = q/2 exactly, also for a tiny q where the whole mass sits near the kink
        for (double q : new double[] {1e-20, 1e-6, 1, 1e6}) {
            assertEquals(q / 2, GaussianExpectation.of(z -> z > 0 ? z * z : 0, q), 1e-10 * q, "q=" + q);
        }
        assertEquals(Math.PI, GaussianExpectation.of(z -> Math.PI, 0.0), 0);
        assertTrue(Double.isNaN(GaussianExpectation.of(z -> z, Double.POSITIVE_INFINITY)));
    }
}
