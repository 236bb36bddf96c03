package org.initscope.engine;

import org.initscope.model.Activation;

/**
 * Statistics of one tensor. mean, std, var, min, max and the histogram cover the finite values; nan, posInf and
 * negInf count the others (exploding networks produce them: they are data, not errors). var and std are the
 * unbiased sample estimates (n − 1), as torch.var and torch.std compute them; NaN when fewer than two values are
 * finite.
 *
 * @param count             number of entries
 * @param zeroFraction      fraction of entries exactly 0 (dead ReLU units, sparse weights)
 * @param saturatedFraction fraction of saturated units (|tanh| > 0.97, sigmoid outside [0.03, 0.97]) for
 *                          activations and pre-activations of saturating activations; 0 otherwise
 */
public record TensorStats(long count, double mean, double std, double var, double min, double max,
        double zeroFraction, double saturatedFraction, long nan, long posInf, long negInf, Histogram histogram) {

    /** Statistics of data[0, n) with a histogram of {@code bins} bins over its finite range. */
    public static TensorStats of(float[] data, int n, int bins) {
        return StatsCalculator.finish(data, n, StatsCalculator.moments(data, n), bins, Double.NaN, Double.NaN, 0);
    }

    /** The same with the saturated fraction measured for an activation's output. */
    public static TensorStats ofActivations(float[] data, int n, int bins, Activation act) {
        return StatsCalculator.finish(data, n, StatsCalculator.moments(data, n), bins, Double.NaN, Double.NaN,
                StatsCalculator.saturatedFraction(data, n, act));
    }

    /** The statistics of a tensor a layer does not have (the weights of a pooling layer): no values. */
    public static TensorStats none() {
        return NONE;
    }

    private static final TensorStats NONE = new TensorStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, 0, 0, 0, 0, 0, Histogram.empty());

    public long finiteCount() {
        return count - nan - posInf - negInf;
    }

    public long nonFinite() {
        return nan + posInf + negInf;
    }

    /** E[x²] over the finite values (for the theory: the recursion propagates second moments). */
    public double meanSquare() {
        long n = finiteCount();
        if (n == 0) {
            return Double.NaN;
        }
        double v = n > 1 ? var * (n - 1) / n : 0.0;
        return v + mean * mean;
    }
}
