package org.initscope.math;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution and the normal truncated to an interval, in double precision. */
public final class Normal {
    public static final double SQRT2 = Math.sqrt(2.0);
    public static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Normal() {
    }

    /** Standard normal density φ(x). */
    public static double pdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** Standard normal CDF Φ(x), accurate in both tails (erfc, not 1 - erf). */
    public static double cdf(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1.0;
        }
        return 0.5 * Erf.erfc(-x / SQRT2);
    }

    /** Φ(b) - Φ(a), computed in the tail where it is small so that it keeps its relative precision. */
    public static double mass(double a, double b) {
        if (a >= 0) {
            return cdf(-a) - cdf(-b);
        }
        return cdf(b) - cdf(a);
    }

    /** Inverse standard normal CDF. */
    public static double quantile(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        // erfInv loses relative precision for p close to 0 or 1: work on the smaller tail by symmetry,
        // then polish with two Newton steps on Φ (cheap, and brings it to full double precision).
        double q = p < 0.5 ? p : 1 - p;
        double x = -SQRT2 * Erf.erfcInv(2 * q);
        if (!Double.isFinite(x)) {
            // erfcInv gives up in the far tail: start from Abramowitz & Stegun 26.2.23 (error < 4.5e-4)
            double t = Math.sqrt(-2 * Math.log(q));
            x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                    / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
        }
        for (int i = 0; i < 4; i++) {
            double d = pdf(x);
            if (d <= 0) {
                break;
            }
            double step = (cdf(x) - q) / d;
            x -= step;
            if (Math.abs(step) < 1e-15 * Math.abs(x)) {
                break;
            }
        }
        return p < 0.5 ? x : -x;
    }

    /**
     * Mean and standard deviation of N(mean, std²) restricted to [a, b] (absolute bounds), from the closed form
     * with α = (a-mean)/std and β = (b-mean)/std.
     */
    public static double[] truncatedMoments(double mean, double std, double a, double b) {
        if (std == 0) {
            double v = Math.min(Math.max(mean, a), b);
            return new double[] {v, 0.0};
        }
        double alpha = (a - mean) / std;
        double beta = (b - mean) / std;
        double z = mass(alpha, beta);
        double pa = Double.isInfinite(alpha) ? 0 : pdf(alpha);
        double pb = Double.isInfinite(beta) ? 0 : pdf(beta);
        double apa = Double.isInfinite(alpha) ? 0 : alpha * pa;
        double bpb = Double.isInfinite(beta) ? 0 : beta * pb;
        double shift = (pa - pb) / z;
        double var = 1 + (apa - bpb) / z - shift * shift;
        return new double[] {mean + std * shift, std * Math.sqrt(Math.max(var, 0))};
    }

    /** Standard deviation of N(0,1) truncated to [-k, k]: 0.8796256610342398 for k = 2 (Keras' constant). */
    public static double truncatedStdFactor(double k) {
        return truncatedMoments(0, 1, -k, k)[1];
    }
}
