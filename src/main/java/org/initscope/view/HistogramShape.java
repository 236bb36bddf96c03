package org.initscope.view;

import java.util.Arrays;
import java.util.Locale;
import org.initscope.engine.Histogram;

/**
 * How a histogram is drawn so that it cannot mislead — the one rule every histogram of the app follows (the grid,
 * the ridgeline, the histograms over training time and {@code render}):
 * <ul>
 * <li>the x-range is padded on both sides, so values at the ends (a saturated tanh's ±1) are drawn inside the frame,
 * never on it; a histogram of one value gets a range around it;</li>
 * <li>a spike — one to three bins far above all the others (ReLU's zeros, saturated ±1, exact zeros of dead units)
 * — is drawn clipped at the top of the plot and labelled with its share of the values, so that the rest of the
 * distribution keeps its height;</li>
 * <li>optionally the counts are on a log axis (then nothing needs clipping).</li>
 * </ul>
 * No JavaFX: heights are fractions of the plot's height; the charts map them to pixels.
 */
public final class HistogramShape {
    /** A bin is a spike when it holds more than this many times the largest of the other bins. */
    static final double SPIKE_FACTOR = 3;
    /** At most this many spikes: ±1 of a saturated tanh, 0 of a ReLU. */
    static final int MAX_SPIKES = 3;
    /** With spikes, the tallest ordinary bin reaches this fraction of the plot; spikes are drawn to the top. */
    static final double BODY = 0.8;
    /** Each side of the x-range is padded by this fraction of its width. */
    static final double PAD = 0.04;

    private final Histogram histogram;
    private final boolean logCount;
    private final boolean[] spike;
    private final long bodyMax;
    private final long max;
    private final long total;

    private HistogramShape(Histogram h, boolean logCount) {
        this.histogram = h;
        this.logCount = logCount;
        int n = h.bins();
        spike = new boolean[n];
        long[] counts = h.counts();
        max = h.maxCount();
        total = h.total();
        long[] sorted = counts.clone();
        Arrays.sort(sorted);
        // descending: sorted[n − 1 − k] is the (k+1)-th largest
        int spikes = 0;
        for (int j = 1; j <= Math.min(MAX_SPIKES, n - 1); j++) {
            long last = sorted[n - j];
            long next = sorted[n - 1 - j];
            if (next > 0 && last > SPIKE_FACTOR * next) {
                spikes = j;
                break;
            }
        }
        long body = 0;
        if (spikes > 0) {
            long threshold = sorted[n - spikes];
            int marked = 0;
            for (int b = 0; b < n && marked < spikes; b++) {
                if (counts[b] >= threshold) {
                    spike[b] = true;
                    marked++;
                }
            }
            for (int b = 0; b < n; b++) {
                if (!spike[b]) {
                    body = Math.max(body, counts[b]);
                }
            }
        }
        bodyMax = spikes > 0 ? body : max;
    }

    /** The drawing of a histogram (an empty one has no bins and nothing to draw). */
    public static HistogramShape of(Histogram h, boolean logCount) {
        return new HistogramShape(h, logCount);
    }

    public Histogram histogram() {
        return histogram;
    }

    public boolean isEmpty() {
        return histogram.isEmpty();
    }

    /** Whether bin b is a spike (drawn clipped, with its share written on it). */
    public boolean spike(int b) {
        return !logCount && spike[b];
    }

    /** Whether any bin is drawn clipped. */
    public boolean clipped() {
        if (logCount) {
            return false;
        }
        for (boolean s : spike) {
            if (s) {
                return true;
            }
        }
        return false;
    }

    /** The height of bin b as a fraction of the plot's height: spikes reach 1, the tallest other bin {@link #BODY}. */
    public double height(int b) {
        return spike(b) ? 1.0 : height((double) histogram.count(b));
    }

    /**
     * The height of a count on this histogram's vertical scale (for a curve drawn over the bars, such as the
     * predicted Gaussian); above the body's scale it is capped at 1.
     */
    public double height(double count) {
        if (count <= 0 || max == 0) {
            return 0;
        }
        if (logCount) {
            return Math.log1p(count) / Math.log1p(max);
        }
        return clipped() ? Math.min(1.0, BODY * count / bodyMax) : count / (double) max;
    }

    /** The share of the values in bin b, as written on a spike: "46%", "0.4%", "100%". */
    public String share(int b) {
        double p = total == 0 ? 0 : 100.0 * histogram.count(b) / total;
        return (p >= 10 || p == 0 ? String.format(Locale.ROOT, "%.0f", p)
                : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    /** The padded x-range [lo, hi] to draw this histogram on its own. */
    public double[] range() {
        return padded(histogram.lo(), histogram.hi());
    }

    /**
     * [lo, hi] widened by {@link #PAD} of its width on each side; a single value gets a range around it (±50 % of
     * its size, or ±1 for 0), so that its bar stands in the middle.
     */
    public static double[] padded(double lo, double hi) {
        if (!(hi > lo)) {
            double d = lo == 0 || !Double.isFinite(lo) ? 1 : 0.5 * Math.abs(lo);
            double c = Double.isFinite(lo) ? lo : 0;
            return new double[] {c - d, c + d};
        }
        double pad = PAD * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }
}
