package org.initscope.engine;

import org.initscope.model.Activation;

/**
 * Statistics in two passes over a float array: the first finds the moments, the extremes and the non-finite
 * counts (so the histogram range is known), the second bins the values. The moments are compensated sums of
 * y = x − shift, with the shift inside the data, which keeps the variance at float precision whatever the offset.
 */
final class StatsCalculator {
    private StatsCalculator() {
    }

    /** What the first pass finds: counts, the mean, variance and extremes of the finite values. */
    record Moments(long count, long finite, long nan, long posInf, long negInf, long zeros, double mean, double var,
            double min, double max) {
    }

    /** First pass over data[0, n). */
    static Moments moments(float[] data, int n) {
        // sums run around a value inside the data (the mean of its first finite values), so that a large common
        // offset costs no precision
        double head = 0;
        int seen = 0;
        for (int i = 0; i < n && seen < 1024; i++) {
            if (Float.isFinite(data[i])) {
                head += data[i];
                seen++;
            }
        }
        if (seen == 0) {
            return slowMoments(data, n);
        }
        float shift = (float) (head / seen);
        double[] acc = {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0};
        // NaN or ±Inf make the fast loop give up: then count them one by one
        if (!Kernels.INSTANCE.moments(data, 0, n, shift, acc)) {
            return slowMoments(data, n);
        }
        double var = n < 2 ? Double.NaN : Math.max(0, (acc[1] - acc[0] * acc[0] / n) / (n - 1));
        return new Moments(n, n, 0, 0, 0, (long) acc[4], shift + acc[0] / n, var, acc[2], acc[3]);
    }

    /** The non-finite values counted one by one; two passes over the finite ones for mean and variance. */
    private static Moments slowMoments(float[] data, int n) {
        long nan = 0;
        long pos = 0;
        long neg = 0;
        long zeros = 0;
        long finite = 0;
        double sum = 0;
        float mn = Float.POSITIVE_INFINITY;
        float mx = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float x = data[i];
            if (x != x) {
                nan++;
            } else if (x == Float.POSITIVE_INFINITY) {
                pos++;
            } else if (x == Float.NEGATIVE_INFINITY) {
                neg++;
            } else {
                finite++;
                zeros += x == 0f ? 1 : 0;
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
                sum += x;
            }
        }
        if (finite == 0) {
            return new Moments(n, 0, nan, pos, neg, zeros, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / finite;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            float x = data[i];
            if (Float.isFinite(x)) {
                double y = x - mean;
                ss += y * y;
            }
        }
        double var = finite < 2 ? Double.NaN : ss / (finite - 1);
        return new Moments(n, finite, nan, pos, neg, zeros, mean, var, mn, mx);
    }

    /**
     * Second pass: the histogram over [lo, hi] (NaN lo means "the tensor's own finite range") and the finished
     * {@link TensorStats}; {@code saturatedFraction} is measured separately, on the layer's activations. No second
     * pass with {@code bins} 0: the statistics then have an empty histogram.
     */
    static TensorStats finish(float[] data, int n, Moments m, int bins, double lo, double hi,
            double saturatedFraction) {
        Histogram h;
        if (m.finite() == 0 || bins == 0) {
            h = Histogram.empty();
        } else {
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                lo = m.min();
                hi = m.max();
            }
            if (lo == hi) {
                // a constant tensor: numpy widens the range by ±0.5
                lo -= 0.5;
                hi += 0.5;
            }
            h = histogram(data, n, bins, lo, hi);
        }
        return new TensorStats(n, m.mean(), Math.sqrt(m.var()), m.var(), m.min(), m.max(),
                n == 0 ? 0 : (double) m.zeros() / n, saturatedFraction, m.nan(), m.posInf(), m.negInf(), h);
    }

    /** Values binned per block: the index buffer stays in L1. */
    private static final int BLOCK = 2048;

    static Histogram histogram(float[] data, int n, int bins, double lo, double hi) {
        double[] edges = Histogram.edges(lo, hi, bins);
        long[] counts = new long[bins];
        int[] idx = new int[Math.min(BLOCK, n)];
        // four partial counts side by side (value j goes to part j mod 4): a run of values in one bin (gradients pile
        // up in the central bins, ReLU outputs at 0) then makes four independent chains of increments, not one chain
        // that waits on each store — measured 0.85 ns per value against 1.8 with two parts
        int[] part = new int[4 * bins];
        float flo = (float) lo;
        float scale = (float) (bins / (hi - lo));
        float top = bins;
        // numpy puts a value equal to lo in bin 0 and one equal to hi in the last bin (closed on the right)
        float first = flo == lo ? flo : Float.NaN;
        float last = (float) hi == hi ? (float) hi : Float.NaN;
        int step = Math.max(4, Kernels.INSTANCE.lanes());
        int whole = n - n % step;
        for (int from = 0; from < whole; from += BLOCK) {
            int len = Math.min(BLOCK, whole - from);
            // float arithmetic can misplace a value by one bin only right next to an edge (and float(lo) may differ
            // from lo): those, the values outside and NaN come back as −1 and take the exact path
            Kernels.INSTANCE.binIndices(data, from, from + len, flo, scale, top, first, last, idx);
            for (int j = 0; j < len; j += 4) {
                // len is a multiple of step, so of 4
                int k0 = idx[j];
                int k1 = idx[j + 1];
                int k2 = idx[j + 2];
                int k3 = idx[j + 3];
                if ((k0 | k1 | k2 | k3) >= 0) {
                    part[k0]++;
                    part[bins + k1]++;
                    part[2 * bins + k2]++;
                    part[3 * bins + k3]++;
                } else {
                    for (int q = 0; q < 4; q++) {
                        int k = idx[j + q];
                        if (k >= 0) {
                            part[q * bins + k]++;
                        } else {
                            exactBin(data[from + j + q], lo, hi, edges, counts);
                        }
                    }
                }
            }
        }
        for (int k = 0; k < bins; k++) {
            counts[k] += (long) part[k] + part[bins + k] + part[2 * bins + k] + part[3 * bins + k];
        }
        // the few values after the last whole vector: exactly, without a scalar tail loop whose branches would flip
        // with the data and make the JIT recompile the vector loop
        for (int i = whole; i < n; i++) {
            exactBin(data[i], lo, hi, edges, counts);
        }
        return new Histogram(edges, counts);
    }

    /** Bin x exactly as numpy.histogram: against the double edges, the last bin closed on the right. */
    private static void exactBin(double x, double lo, double hi, double[] edges, long[] counts) {
        if (!(x >= lo && x <= hi)) {
            return;
        }
        int last = counts.length - 1;
        int k = Math.min((int) ((x - lo) * (counts.length / (hi - lo))), last);
        if (x < edges[k]) {
            k--;
        } else if (k < last && x >= edges[k + 1]) {
            k++;
        }
        counts[k]++;
    }

    /** Fraction of activation values a = φ(z) that are saturated: |tanh| > 0.97, sigmoid outside [0.03, 0.97]. */
    static double saturatedFraction(float[] a, int n, Activation act) {
        if (!act.saturates() || n == 0) {
            return 0;
        }
        // |a − centre| > limit in double is a > centre + limit or a < centre − limit (both exact here), and a float
        // compares above (below) a double exactly when it compares above (below) that double rounded down (up) to
        // float: so the count runs on float lanes and counts the same values
        double centre = act == Activation.SIGMOID ? 0.5 : 0.0;
        double limit = act == Activation.SIGMOID ? Activation.SATURATION - 0.5 : Activation.SATURATION;
        float hi = floatAtMost(centre + limit);
        float lo = -floatAtMost(-(centre - limit));
        return (double) Kernels.INSTANCE.countOutside(a, 0, n, lo, hi) / n;
    }

    /** The largest float ≤ x. */
    static float floatAtMost(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }
}
