package org.initscope.engine;

/**
 * How a run measures: the number of histogram bins, whether each tensor's histogram spans its own range or one range
 * shared by the same quantity in every layer (so that layers can be compared bin by bin), and whether histograms are
 * drawn at all (a sweep reads only the moments of each tensor: its thousands of runs skip the second pass).
 */
public record RunOptions(int bins, HistogramRange range, boolean histograms) {
    public static final int DEFAULT_BINS = 64;
    public static final int MAX_BINS = 4096;

    public enum HistogramRange { PER_LAYER, SHARED }

    public RunOptions {
        if (bins < 1 || bins > MAX_BINS) {
            throw new IllegalArgumentException("bins must be between 1 and " + MAX_BINS + ", got " + bins);
        }
        if (range == null) {
            range = HistogramRange.PER_LAYER;
        }
    }

    public RunOptions(int bins, HistogramRange range) {
        this(bins, range, true);
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_BINS, HistogramRange.PER_LAYER);
    }

    /** Moments, extremes, zero and saturation counts of every tensor, without histograms. */
    public static RunOptions momentsOnly() {
        return new RunOptions(1, HistogramRange.PER_LAYER, false);
    }

    /** The bins each tensor's histogram gets: 0 without histograms. */
    public int histogramBins() {
        return histograms ? bins : 0;
    }

    public RunOptions withBins(int b) {
        return new RunOptions(b, range, histograms);
    }

    public RunOptions withRange(HistogramRange r) {
        return new RunOptions(bins, r, histograms);
    }
}
