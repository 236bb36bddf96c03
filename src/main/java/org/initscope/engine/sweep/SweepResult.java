package org.initscope.engine.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a sweep measured so far: every finished cell with its runs (one per seed), each holding the measured value and
 * the theory's prediction of every {@link Measure} (NaN where there is none). Immutable: the runner hands out a new
 * snapshot as each cell finishes, so that a view can draw partial results.
 *
 * @param cells    by cell number; null for a cell not finished (yet, or because the sweep was cancelled)
 * @param seconds  wall-clock time since the sweep started
 * @param finished whether every cell has run (false while running, and after a cancel)
 */
public record SweepResult(SweepSpec spec, List<Measure> measures, List<Cell> cells, double seconds, boolean finished) {

    public SweepResult {
        measures = List.copyOf(measures);
        cells = Collections.unmodifiableList(new ArrayList<>(cells));
    }

    /** An empty result: nothing has run. */
    public static SweepResult empty(SweepSpec spec) {
        return new SweepResult(spec, spec.measures(), Collections.nCopies(spec.cells(), null), 0, false);
    }

    /**
     * One run of a cell.
     *
     * @param values    measured, by {@link #measures()} index
     * @param predicted the theory's prediction, by the same index (NaN where there is none)
     * @param error     why the run failed (then its values are NaN), or null
     */
    public record Run(long seed, double[] values, double[] predicted, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    /** A finished cell: its axis indices and its runs. */
    public record Cell(int index, int[] at, List<Run> runs) {
        public Cell {
            runs = List.copyOf(runs);
        }

        /** The runs' mean and spread of measure m. */
        public Summary summary(int m, boolean log) {
            return Summary.of(runs.stream().mapToDouble(r -> r.values()[m]).toArray(), log);
        }

        /** The prediction of measure m (the runs' mean: it depends on the seed only through the input). */
        public double predicted(int m, boolean log) {
            return Summary.of(runs.stream().mapToDouble(r -> r.predicted()[m]).toArray(), log).mean();
        }

        /** The first failure of a run, or null. */
        public String error() {
            return runs.stream().filter(Run::failed).map(Run::error).findFirst().orElse(null);
        }
    }

    /**
     * The mean of a measure over the seeds and its error bar, ± one standard deviation of the runs (n − 1). On a log
     * scale the geometric mean and the factor: [mean / f, mean·f] with f = 10^std(log₁₀ x). Runs whose value is not
     * finite (or not positive, on a log scale) are left out; {@code n} counts the others.
     */
    public record Summary(double mean, double low, double high, int n) {
        static final Summary NONE = new Summary(Double.NaN, Double.NaN, Double.NaN, 0);

        public static Summary of(double[] xs, boolean log) {
            double[] v = Arrays.stream(xs).filter(x -> Double.isFinite(x) && (!log || x > 0))
                    .map(x -> log ? Math.log10(x) : x).toArray();
            if (v.length == 0) {
                return NONE;
            }
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            double sd = 0;
            if (v.length > 1) {
                double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
                sd = Math.sqrt(ss / (v.length - 1));
            }
            if (log) {
                return new Summary(Math.pow(10, mean), Math.pow(10, mean - sd), Math.pow(10, mean + sd), v.length);
            }
            return new Summary(mean, mean - sd, mean + sd, v.length);
        }
    }

    /** The index of a measure in {@link #measures()}, or −1. */
    public int indexOf(Measure m) {
        return measures.indexOf(m);
    }

    public int indexOf(Measure.Kind k) {
        return measures.indexOf(Measure.of(k));
    }

    /** Cells finished so far. */
    public int done() {
        return (int) cells.stream().filter(c -> c != null).count();
    }

    /** Finished cells per second of wall-clock time. */
    public double cellsPerSecond() {
        return seconds > 0 ? done() / seconds : Double.NaN;
    }

    public Cell cell(int index) {
        return cells.get(index);
    }

    /** The same with one more cell finished. */
    public SweepResult with(Cell c, double seconds) {
        var next = new ArrayList<>(cells);
        next.set(c.index(), c);
        return new SweepResult(spec, measures, next, seconds, false);
    }

    /** The same marked finished (every cell ran) or stopped. */
    public SweepResult ended(double seconds) {
        return new SweepResult(spec, measures, cells, seconds, done() == spec.cells());
    }
}
