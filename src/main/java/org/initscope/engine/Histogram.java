package org.initscope.engine;

import java.util.Arrays;

/**
 * Counts of values in equal-width bins: bin i holds edges[i] ≤ x < edges[i+1], the last bin also x = edges[bins].
 * Values outside the edges (possible with a fixed range) and non-finite values are not counted. Immutable.
 */
public final class Histogram {
    private static final Histogram EMPTY = new Histogram(new double[0], new long[0]);

    private final double[] edges;
    private final long[] counts;

    Histogram(double[] edges, long[] counts) {
        if (counts.length > 0 && edges.length != counts.length + 1) {
            throw new IllegalArgumentException("edges must be one more than counts");
        }
        this.edges = edges;
        this.counts = counts;
    }

    /** No finite values: no bins. */
    public static Histogram empty() {
        return EMPTY;
    }

    /** {@code bins + 1} equal-width edges from lo to hi (the last exactly hi), as numpy.histogram makes them. */
    static double[] edges(double lo, double hi, int bins) {
        double[] e = new double[bins + 1];
        double step = (hi - lo) / bins;
        for (int i = 0; i < bins; i++) {
            e[i] = lo + i * step;
        }
        e[bins] = hi;
        return e;
    }

    public int bins() {
        return counts.length;
    }

    public boolean isEmpty() {
        return counts.length == 0;
    }

    public double edge(int i) {
        return edges[i];
    }

    public long count(int i) {
        return counts[i];
    }

    public double lo() {
        return edges.length == 0 ? Double.NaN : edges[0];
    }

    public double hi() {
        return edges.length == 0 ? Double.NaN : edges[edges.length - 1];
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    public long maxCount() {
        long m = 0;
        for (long c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }

    public double[] edges() {
        return edges.clone();
    }

    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[" + lo() + ".." + hi() + ", " + Arrays.toString(counts) + "]";
    }
}
