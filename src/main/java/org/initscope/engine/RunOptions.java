package org.initscope.engine;

/**
 * How a run measures: the number of histogram bins and whether each tensor's histogram spans its own range or
 * one range shared by the same quantity in every layer (so that layers can be compared bin by bin).
 */
public record RunOptions(int bins, HistogramRange range) {
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

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_BINS, HistogramRange.PER_LAYER);
    }

    public RunOptions withBins(int b) {
        return new RunOptions(b, range);
    }

    public RunOptions withRange(HistogramRange r) {
        return new RunOptions(bins, r);
    }
}
