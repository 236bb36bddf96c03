package org.initscope.engine;

import org.initscope.math.GaussianExpectation;
import org.initscope.math.Normal;
import org.initscope.model.ActivationSpec;

/**
 * E[φ(z)], E[φ(z)²] and E[φ'(z)²] for z ~ N(mean, var): closed forms for linear, relu and leaky_relu, adaptive
 * quadrature for the others (accurate for saturated tanh at any variance, where Gauss–Hermite is not).
 */
public record ActivationMoments(double mean, double meanSquare, double derivativeMeanSquare) {

    public double variance() {
        return Math.max(meanSquare - mean * mean, 0);
    }

    public static ActivationMoments of(ActivationSpec act, double mean, double var) {
        if (!(var >= 0) || Double.isInfinite(var) || !Double.isFinite(mean)) {
            return new ActivationMoments(Double.NaN, Double.NaN, Double.NaN);
        }
        switch (act.kind()) {
            case LINEAR -> {
                return new ActivationMoments(mean, var + mean * mean, 1.0);
            }
            case RELU -> {
                double[] r = relu(mean, var);
                return new ActivationMoments(r[0], r[1], r[2]);
            }
            case LEAKY_RELU -> {
                double s = act.param();
                double[] pos = relu(mean, var);
                double[] neg = relu(-mean, var);
                return new ActivationMoments(pos[0] - s * neg[0], pos[1] + s * s * neg[1],
                        pos[2] + s * s * (1 - pos[2]));
            }
            default -> {
                if (var == 0 && mean == 0) {
                    // the limit var → 0⁺ at the kink of selu/elu (α ≠ 1): half the mass on each side
                    double up = act.derivative(Double.MIN_VALUE);
                    double down = act.derivative(-Double.MIN_VALUE);
                    double a = act.apply(0);
                    return new ActivationMoments(a, a * a, 0.5 * (up * up + down * down));
                }
                double m1 = GaussianExpectation.of(act::apply, mean, var);
                double m2 = GaussianExpectation.of(z -> {
                    double a = act.apply(z);
                    return a * a;
                }, mean, var);
                double d2 = GaussianExpectation.of(z -> {
                    double d = act.derivative(z);
                    return d * d;
                }, mean, var);
                return new ActivationMoments(m1, m2, d2);
            }
        }
    }

    /** {E[relu(z)], E[relu(z)²], P(z > 0)} for z ~ N(mean, var). */
    private static double[] relu(double mean, double var) {
        if (var == 0) {
            // at zero variance the limit q → 0⁺ decides the kink: half the mass on each side when mean = 0
            double r = Math.max(mean, 0);
            return new double[] {r, r * r, mean > 0 ? 1 : mean < 0 ? 0 : 0.5};
        }
        double sd = Math.sqrt(var);
        double t = mean / sd;
        double cdf = Normal.cdf(t);
        double pdf = Normal.pdf(t);
        return new double[] {mean * cdf + sd * pdf, (mean * mean + var) * cdf + mean * sd * pdf, cdf};
    }
}
