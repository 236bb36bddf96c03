package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.junit.jupiter.api.Test;

/**
 * The edge of chaos (issue 14, item 6 and the tanh edge of item 9): for a bias variance σ_b², the σ_w² at which the
 * length map has a fixed point q* with χ₁(q*) = σ_w²·E[φ'(√q* z)²] = 1. Parametrized by q*, the edge is
 * σ_w² = 1/E[φ'²](q*) and σ_b² = q* − σ_w²·E[φ²](q*); the test solves that with {@link IndependentQuadrature}.
 */
class EdgeOfChaosTest {

    /**
     * E[φ²] and E[φ'²] at q, independently integrated; 1,201 points (h = 0.02) are plenty for these smooth φ at
     * q ≤ 100 (the 240,001-point rule agrees to 1e-12).
     */
    private static double[] moments(ActivationSpec phi, double q) {
        return new double[] {IndependentQuadrature.expect(x -> Math.pow(phi.apply(x), 2), q, 1_201),
            IndependentQuadrature.expect(x -> Math.pow(phi.derivative(x), 2), q, 1_201)};
    }

    /** The q* on the edge for σ_b² > 0: bisection in log q of q − E[φ²]/E[φ'²] = σ_b² (increasing for these φ). */
    private static double edgeQ(ActivationSpec phi, double sb2) {
        double lo = 1e-8;
        double hi = 100;
        for (int i = 0; i < 36; i++) {
            double mid = Math.sqrt(lo * hi);
            double[] m = moments(phi, mid);
            if (mid - m[0] / m[1] < sb2) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt(lo * hi);
    }

    /**
     * GELU and SiLU at small σ_b²: the search used to land on the jump between the ordered regime (q → a small
     * fixed point) and the diverging one, not on χ₁ = 1 — `phase --activation gelu` gave σ_w² = 2.3494 with
     * χ₁(q*) = 0.591 at σ_b² = 0.001, and q* = Inf at 0, 0.01 and 0.1.
     */
    @Test
    void geluAndSiluEdgesHaveChi1OneAtTheirFixedPoint() {
        for (Activation act : new Activation[] {Activation.GELU, Activation.SILU}) {
            ActivationSpec phi = ActivationSpec.of(act);
            // σ_b² = 0: q* → 0 on the edge, where χ₁ → σ_w²·φ'(0)² = σ_w²/4
            assertEquals(4.0, MeanField.criticalWeightVariance(phi, 0), 1e-9, act + " at σ_b² = 0");
            for (double sb2 : new double[] {0.001, 0.01, 0.1}) {
                double q = edgeQ(phi, sb2);
                double[] m = moments(phi, q);
                double sw2 = 1 / m[1];
                String at = act + " at σ_b² = " + sb2;
                assertEquals(sb2, q - sw2 * m[0], 1e-9, at + ": q* is a fixed point");
                assertEquals(sw2, MeanField.criticalWeightVariance(phi, sb2), 1e-6 * sw2, at);
            }
        }
        // for orientation: GELU's edge at σ_b² = 0.001 is σ_w² ≈ 3.62 with q* ≈ 0.045
        ActivationSpec gelu = ActivationSpec.of(Activation.GELU);
        assertEquals(0.045, edgeQ(gelu, 0.001), 0.002);
        assertTrue(Math.abs(MeanField.criticalWeightVariance(gelu, 0.001) - 3.62) < 0.02);
    }

    /** Item 9: tanh at σ_b² = 0 is critical at σ_w² = 1 exactly (q* → 0, χ₁ → σ_w²·tanh'(0)²); it printed 1.002. */
    @Test
    void tanhEdgeWithoutBiasIsExactlyOne() {
        assertEquals(1.0, MeanField.criticalWeightVariance(ActivationSpec.of(Activation.TANH), 0), 0.0);
        // and on the curve away from 0, the same construction as for GELU
        ActivationSpec tanh = ActivationSpec.of(Activation.TANH);
        for (double sb2 : new double[] {0.05, 0.3, 2.0}) {
            double q = edgeQ(tanh, sb2);
            double sw2 = 1 / moments(tanh, q)[1];
            assertEquals(sw2, MeanField.criticalWeightVariance(tanh, sb2), 1e-6 * sw2, "tanh at σ_b² = " + sb2);
        }
    }
}
