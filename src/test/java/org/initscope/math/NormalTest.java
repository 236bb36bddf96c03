package org.initscope.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalTest {

    @Test
    void kerasTruncationConstant() {
        // keras/src/initializers/random_initializers.py: std of N(0,1) truncated to [-2, 2]
        assertEquals(0.87962566103423978, Normal.truncatedStdFactor(2.0), 1e-15);
    }

    @Test
    void truncatedMomentsAgainstIntegration() {
        double[][] cases = {{0, 1, -2, 2}, {0.5, 2, -1, 3}, {0, 1, 1, 3}, {0, 1, 5, 6}, {3, 0.5, -10, 2.5}};
        for (double[] c : cases) {
            double mean = c[0], std = c[1], a = c[2], b = c[3];
            // brute force: moments of the density restricted to [a, b]
            int n = 400_000;
            double h = (b - a) / n;
            double m0 = 0, m1 = 0, m2 = 0;
            for (int i = 0; i <= n; i++) {
                double x = a + i * h;
                double w = (i == 0 || i == n ? 0.5 : 1) * Normal.pdf((x - mean) / std);
                m0 += w;
                m1 += w * x;
                m2 += w * x * x;
            }
            double mu = m1 / m0;
            double sd = Math.sqrt(m2 / m0 - mu * mu);
            double[] got = Normal.truncatedMoments(mean, std, a, b);
            assertEquals(mu, got[0], 1e-7 * Math.max(1, Math.abs(mu)));
            assertEquals(sd, got[1], 1e-7 * sd);
        }
        // PyTorch trunc_normal_ with std 1 and the default [-2, 2]: std 0.8796
        assertEquals(0.8796, Normal.truncatedMoments(0, 1, -2, 2)[1], 1e-4);
    }

    @Test
    void quantileInvertsTheCdfIntoTheTails() {
        // above ~3 the probability 1 − p itself carries the rounding of p, so the lower tail is where precision
        // can be checked (the sampler reflects upper-tail intervals there)
        for (double x : new double[] {-30, -20, -8, -3, -1, -1e-9, 0, 0.3, 2, 3}) {
            double p = Normal.cdf(x);
            if (p > 0 && p < 1) {
                assertEquals(x, Normal.quantile(p), 1e-9 * Math.max(1, Math.abs(x)), "x=" + x);
            }
        }
        assertEquals(1.959963984540054, Normal.quantile(0.975), 1e-13);
    }
}
