package org.initscope.engine;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Gaussian expectations for the theory tests, written separately from the engine's adaptive Gauss–Kronrod
 * ({@code org.initscope.math.GaussianExpectation}): a plain composite trapezoid rule in z ~ N(0, 1) on [−L, L] with
 * z = 0 a grid node. Kinks of the activations sit at 0, where the node takes the mean of the two one-sided values,
 * so the rule stays second order for piecewise-smooth integrands. The 1-D rule uses 240,001 points on [−12, 12]
 * (initializers.md §5b: "a trapezoid on [−12, 12] with 2.4·10⁵ points is accurate"); for E[tanh'(√q z)²] at
 * q = 500 (the steepest integrand the tests use) it agrees with a 960,001-point rule to 1e-10.
 */
final class IndependentQuadrature {
    private static final int N1 = 240_001;
    private static final double L1 = 12;

    private IndependentQuadrature() {
    }

    /** f at x, or the mean of its one-sided limits where x = 0 (a kink or a jump of the derivative). */
    private static double at(DoubleUnaryOperator f, double x) {
        return x == 0 ? 0.5 * (f.applyAsDouble(Double.MIN_VALUE) + f.applyAsDouble(-Double.MIN_VALUE))
                : f.applyAsDouble(x);
    }

    /** E[f(x)] for x ~ N(0, q). */
    static double expect(DoubleUnaryOperator f, double q) {
        return expect(f, q, N1);
    }

    /**
     * E[f(x)] for x ~ N(mean, q): two trapezoid panels in u = (x − mean)/√q, split at u* = −mean/√q where x = 0 (the
     * activations' kink), so that the kink is a node again; 120,001 points a panel.
     */
    static double expect(DoubleUnaryOperator f, double mean, double q) {
        if (mean == 0) {
            return expect(f, q);
        }
        double sd = Math.sqrt(q);
        double kink = Math.max(-L1, Math.min(L1, -mean / sd));
        return panel(f, mean, sd, -L1, kink) + panel(f, mean, sd, kink, L1);
    }

    private static double panel(DoubleUnaryOperator f, double mean, double sd, double from, double to) {
        int n = (N1 - 1) / 2;
        double h = (to - from) / n;
        if (h == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double u = from + i * h;
            double w = (i == 0 || i == n) ? 0.5 : 1;
            // at the kink each panel takes its own side's limit: the right one starts at f(0⁺), the left ends at f(0⁻)
            double fx = i == 0 && from > -L1 ? f.applyAsDouble(Double.MIN_VALUE)
                    : i == n && to < L1 ? f.applyAsDouble(-Double.MIN_VALUE) : f.applyAsDouble(mean + sd * u);
            sum += w * fx * Math.exp(-0.5 * u * u);
        }
        return sum * h / Math.sqrt(2 * Math.PI);
    }

    /**
     * The same with n points (odd) on [−12, 12]: smooth integrands at moderate q converge far faster than the
     * default needs (the rule is spectrally accurate for them), the tests that call it many times use fewer.
     */
    static double expect(DoubleUnaryOperator f, double q, int n) {
        double sd = Math.sqrt(q);
        double h = 2 * L1 / (n - 1);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double z = -L1 + i * h;
            if (i == (n - 1) / 2) {
                z = 0;
            }
            double w = (i == 0 || i == n - 1) ? 0.5 : 1;
            sum += w * at(f, sd * z) * Math.exp(-0.5 * z * z);
        }
        return sum * h / Math.sqrt(2 * Math.PI);
    }

    /**
     * E[f(u₁, u₂)] with u₁ = √q z₁, u₂ = √q (c z₁ + √(1 − c²) z₂), z₁, z₂ independent N(0, 1): a tensor trapezoid
     * rule with n points per axis on [−10, 10] (n odd).
     */
    static double expect2(DoubleBinaryOperator f, double q, double c, int n) {
        double sd = Math.sqrt(q);
        double s = Math.sqrt(Math.max(0, 1 - c * c));
        double h = 20.0 / (n - 1);
        double[] z = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = i == (n - 1) / 2 ? 0 : -10 + i * h;
            w[i] = (i == 0 || i == n - 1 ? 0.5 : 1) * h * Math.exp(-0.5 * z[i] * z[i]) / Math.sqrt(2 * Math.PI);
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double u1 = sd * z[i];
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += w[j] * f.applyAsDouble(u1, sd * (c * z[i] + s * z[j]));
            }
            total += w[i] * row;
        }
        return total;
    }
}
