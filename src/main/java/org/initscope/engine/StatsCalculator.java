package org.initscope.engine;

import org.initscope.model.Activation;

/**
 * Statistics in two passes over a float array: the first gathers moments, extremes and the non-finite counts
 * (so the histogram range is known), the second bins the values. The moments are sums around a shift (the first
 * finite value) in double precision, which keeps the variance exact even when the mean is far from zero.
 */
final class StatsCalculator {
    private StatsCalculator() {
    }

    /** What the first pass finds. */
    record Moments(long count, long finite, long nan, long posInf, long negInf, long zeros, double shift,
            double sum, double sumSq, double min, double max) {

        double mean() {
            return finite == 0 ? Double.NaN : shift + sum / finite;
        }

        double var() {
            if (finite < 2) {
                return Double.NaN;
            }
            double v = (sumSq - sum * sum / finite) / (finite - 1);
            return Math.max(v, 0.0);
        }
    }

    /** First pass over data[0, n). */
    static Moments moments(float[] data, int n) {
        int first = 0;
        while (first < n && !Float.isFinite(data[first])) {
            first++;
        }
        if (first == n) {
            return slowMoments(data, n, 0f);
        }
        float shift = data[first];
        // fast path: no branches on the values; NaN or ±Inf poison min/max/sums and send us to the slow path
        double s0 = 0, s1 = 0, q0 = 0, q1 = 0;
        float mn0 = Float.POSITIVE_INFINITY, mx0 = Float.NEGATIVE_INFINITY;
        float mn1 = Float.POSITIVE_INFINITY, mx1 = Float.NEGATIVE_INFINITY;
        long zeros = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            float x0 = data[i];
            float x1 = data[i + 1];
            mn0 = Math.min(mn0, x0);
            mx0 = Math.max(mx0, x0);
            mn1 = Math.min(mn1, x1);
            mx1 = Math.max(mx1, x1);
            double y0 = (double) x0 - shift;
            double y1 = (double) x1 - shift;
            s0 += y0;
            s1 += y1;
            q0 += y0 * y0;
            q1 += y1 * y1;
            zeros += (x0 == 0f ? 1 : 0) + (x1 == 0f ? 1 : 0);
        }
        for (; i < n; i++) {
            float x = data[i];
            mn0 = Math.min(mn0, x);
            mx0 = Math.max(mx0, x);
            double y = (double) x - shift;
            s0 += y;
            q0 += y * y;
            zeros += x == 0f ? 1 : 0;
        }
        float mn = Math.min(mn0, mn1);
        float mx = Math.max(mx0, mx1);
        double sum = s0 + s1;
        double sumSq = q0 + q1;
        if (!Float.isFinite(mn) || !Float.isFinite(mx) || !Double.isFinite(sumSq)) {
            return slowMoments(data, n, shift);
        }
        return new Moments(n, n, 0, 0, 0, zeros, shift, sum, sumSq, mn, mx);
    }

    private static Moments slowMoments(float[] data, int n, float shift) {
        long nan = 0;
        long pos = 0;
        long neg = 0;
        long zeros = 0;
        long finite = 0;
        double sum = 0;
        double sumSq = 0;
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
                if (x == 0f) {
                    zeros++;
                }
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
                double y = (double) x - shift;
                sum += y;
                sumSq += y * y;
            }
        }
        if (!Double.isFinite(sumSq) && finite > 0) {
            // finite floats whose squares overflow a double cannot occur (float max² < double max), but sums of
            // ~1e38-sized values can reach it only beyond 1e232 entries: keep the guard for clarity
            sumSq = Double.MAX_VALUE;
        }
        return new Moments(n, finite, nan, pos, neg, zeros, shift, sum, sumSq, finite == 0 ? Double.NaN : mn,
                finite == 0 ? Double.NaN : mx);
    }

    /**
     * Second pass: the histogram over [lo, hi] (NaN lo means "the tensor's own finite range") and the finished
     * {@link TensorStats}; {@code saturatedFraction} is measured separately, on the layer's activations.
     */
    static TensorStats finish(float[] data, int n, Moments m, int bins, double lo, double hi,
            double saturatedFraction) {
        Histogram h;
        if (m.finite() == 0) {
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
        double var = m.var();
        return new TensorStats(n, m.mean(), Math.sqrt(var), var, m.min(), m.max(), n == 0 ? 0 : (double) m.zeros() / n,
                saturatedFraction, m.nan(), m.posInf(), m.negInf(), h);
    }

    static Histogram histogram(float[] data, int n, int bins, double lo, double hi) {
        double[] edges = Histogram.edges(lo, hi, bins);
        long[] counts = new long[bins];
        double scale = bins / (hi - lo);
        int last = bins - 1;
        for (int i = 0; i < n; i++) {
            double x = data[i];
            if (x >= lo && x <= hi) {
                int k = (int) ((x - lo) * scale);
                if (k > last) {
                    k = last;
                }
                // the multiplication can land one bin off next to an edge: settle it against the edges themselves
                if (x < edges[k]) {
                    k--;
                } else if (k < last && x >= edges[k + 1]) {
                    k++;
                }
                counts[k]++;
            }
        }
        return new Histogram(edges, counts);
    }

    /** Fraction of activation values a = φ(z) that are saturated: |tanh| > 0.97, sigmoid outside [0.03, 0.97]. */
    static double saturatedFraction(float[] a, int n, Activation act) {
        if (!act.saturates() || n == 0) {
            return 0;
        }
        double centre = act == Activation.SIGMOID ? 0.5 : 0.0;
        double limit = act == Activation.SIGMOID ? Activation.SATURATION - 0.5 : Activation.SATURATION;
        long c = 0;
        for (int i = 0; i < n; i++) {
            c += Math.abs(a[i] - centre) > limit ? 1 : 0;
        }
        return (double) c / n;
    }
}
