package org.initscope.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.initscope.data.DataSpec;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepPlan;
import org.initscope.engine.sweep.SweepResult;
import org.initscope.engine.sweep.SweepRunner;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;

/**
 * {@code bench --sweep}: the standard sweeps timed on this machine, each way of running its cells in the same run (so
 * that the ratios hold whatever else the machine is doing) — a 16 × 16 grid at initialization of 10 × 256 tanh
 * networks, batch 256, and an 8 × 8 grid with 200 training steps per cell.
 */
final class SweepBench {
    /** A way of running cells: how many at once, on how many BLAS threads each. */
    record Way(int workers, int blasThreads) {
        String label() {
            return String.format(Locale.ROOT, "%d cell%s at a time, %d BLAS thread%s each", workers,
                    workers == 1 ? "" : "s", blasThreads, blasThreads == 1 ? "" : "s");
        }
    }

    private SweepBench() {
    }

    static NetworkSpec tanh(int features, int batch) {
        var layer = new DenseSpec(256, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                DenseSpec.DEFAULT_BIAS, 10);
        return new NetworkSpec("10 × 256 tanh", 1, new InputSpec(features, batch, InputDistribution.NORMAL),
                List.of(layer));
    }

    /** The 16 × 16 grid at initialization: σ_w² from 0.5 to 4 and σ_b² from 0 to 1. */
    static SweepSpec initGrid() {
        return new SweepSpec("16 × 16 at initialization", tanh(256, 256), List.of(
                SweepAxis.range(SweepAxis.Param.SIGMA_W2, 0.5, 4, 16, false),
                SweepAxis.range(SweepAxis.Param.SIGMA_B2, 0, 1, 16, false)), 1, false, null);
    }

    /** The 8 × 8 grid with 200 SGD steps (batch 32) on the digits per cell. */
    static SweepSpec trainGrid() {
        var settings = new TrainSettings(DataSpec.of(DataSpec.Kind.DIGITS), OptimizerSpec.sgd(0.05),
                Scheme.XAVIER_UNIFORM, 32);
        return new SweepSpec("8 × 8 with 200 training steps", tanh(256, 256), List.of(
                SweepAxis.range(SweepAxis.Param.SIGMA_W2, 0.5, 4, 8, false),
                SweepAxis.range(SweepAxis.Param.SIGMA_B2, 0, 1, 8, false)), 1, false,
                new SweepSpec.Training(settings, 200));
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Seconds of one whole sweep run this way. */
    static double time(SweepSpec spec, Way way) throws Exception {
        SweepPlan plan = SweepPlan.of(spec, way.workers(), way.blasThreads()).check();
        long t0 = System.nanoTime();
        SweepResult r = SweepRunner.run(spec, plan, (s, d, n) -> { }, () -> false);
        double s = (System.nanoTime() - t0) / 1e9;
        if (!r.finished()) {
            throw new IllegalStateException("the sweep did not finish");
        }
        return s;
    }

    static int run(PrintWriter out, boolean json, int rounds) throws Exception {
        Nd4jRuntime.start();
        int cores = Runtime.getRuntime().availableProcessors();
        double loadBefore = loadAverage();
        if (!json) {
            out.printf(Locale.ROOT, "InitScope bench --sweep: %d cores, load average %.1f at the start; each way "
                    + "of running the cells in this run, %d round%s (the fastest round counts)%n%n", cores, loadBefore,
                    rounds, rounds == 1 ? "" : "s");
            out.flush();
        }
        // warm-up: the JIT and ND4J's buffers, on a small grid
        time(new SweepSpec("warm-up", tanh(256, 256), List.of(SweepAxis.range(SweepAxis.Param.SIGMA_W2, 1, 2, 4,
                false)), 1, false, null), new Way(Math.min(2, cores), 1));

        var results = new LinkedHashMap<String, Map<Way, Double>>();
        List<Way> ways = new ArrayList<>(List.of(new Way(cores, 1), new Way(1, 1)));
        if (cores > 1) {
            ways.add(new Way(1, cores));
        }
        SweepSpec grid = initGrid();
        results.put("init", best(grid, ways, rounds));
        report(out, json, grid, results.get("init"), ways);
        SweepSpec train = trainGrid();
        List<Way> trainWays = cores > 1 ? List.of(new Way(cores, 1), new Way(1, 1)) : List.of(new Way(1, 1));
        results.put("train", best(train, trainWays, 1));
        report(out, json, train, results.get("train"), trainWays);
        double loadAfter = loadAverage();
        if (json) {
            var sb = new StringBuilder("{\"cores\": " + cores + ", \"loadBefore\": " + num(loadBefore)
                    + ", \"loadAfter\": " + num(loadAfter) + ", \"sweeps\": [");
            int k = 0;
            for (var e : results.entrySet()) {
                SweepSpec s = "init".equals(e.getKey()) ? grid : train;
                sb.append(k++ > 0 ? ", " : "").append("{\"name\": \"").append(s.name()).append("\", \"cells\": ")
                        .append(s.cells()).append(", \"ways\": [");
                int j = 0;
                for (var w : e.getValue().entrySet()) {
                    sb.append(j++ > 0 ? ", " : "").append(String.format(Locale.ROOT, "{\"workers\": %d, "
                            + "\"blasThreads\": %d, \"seconds\": %s, \"cellsPerSecond\": %s}", w.getKey().workers(),
                            w.getKey().blasThreads(), num(w.getValue()), num(s.cells() / w.getValue())));
                }
                sb.append("]}");
            }
            out.println(sb.append("]}"));
        } else {
            out.printf(Locale.ROOT, "load average %.1f at the end%n", loadAfter);
        }
        out.flush();
        return 0;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "null";
    }

    /** Every way in turn, {@code rounds} times (alternating, so that a change of load hits each way alike). */
    private static Map<Way, Double> best(SweepSpec spec, List<Way> ways, int rounds) throws Exception {
        var best = new LinkedHashMap<Way, Double>();
        for (int r = 0; r < rounds; r++) {
            for (Way w : ways) {
                double s = time(spec, w);
                best.merge(w, s, Math::min);
            }
        }
        return best;
    }

    private static void report(PrintWriter out, boolean json, SweepSpec spec, Map<Way, Double> t, List<Way> ways) {
        if (json) {
            return;
        }
        out.printf(Locale.ROOT, "%s: %s, %d cells%n", spec.name(), describe(spec), spec.cells());
        for (Way w : ways) {
            double s = t.get(w);
            out.printf(Locale.ROOT, "  %-38s %7.2f s  (%.1f cells/s)%n", w.label(), s, spec.cells() / s);
        }
        Way parallel = ways.get(0);
        Way one = new Way(1, 1);
        if (parallel.workers() > 1) {
            out.printf(Locale.ROOT, "  %d cells at a time against one: speed-up %.2f× (linear: %d×)%n",
                    parallel.workers(), t.get(one) / t.get(parallel), parallel.workers());
        }
        Way blas = new Way(1, parallel.workers());
        if (t.containsKey(blas) && parallel.workers() > 1) {
            out.printf(Locale.ROOT, "  a cell per core against every core in BLAS for one cell: speed-up %.2f×%n",
                    t.get(blas) / t.get(parallel));
        }
        if (spec.training() == null) {
            out.printf(Locale.ROOT, "  goal: the grid in under 10 s — %s (%.2f s)%n", t.get(parallel) < 10 ? "met"
                    : "not met", t.get(parallel));
            // what the cores would give with a linear speed-up from the one-at-a-time time (the load shrinks it)
            double perCell = t.get(one) / spec.cells();
            out.printf(Locale.ROOT, "  arithmetic: %.1f ms per cell one at a time × %d cells / %d cores = %.2f s%n",
                    perCell * 1e3, spec.cells(), parallel.workers(), perCell * spec.cells() / parallel.workers());
        }
        out.println();
        out.flush();
    }

    private static String describe(SweepSpec s) {
        var net = s.network();
        String text = String.format(Locale.ROOT, "%d × %d %s, batch %d; %s × %s", net.depth(),
                ((DenseSpec) net.layers().get(0)).units(), ((DenseSpec) net.layers().get(0)).activation().label(),
                net.input().batch(), axis(s.axis(0)), axis(s.axis(1)));
        if (s.training() != null) {
            text += String.format(Locale.ROOT, "; %d %s steps (lr %s, batch %d) on the %s per cell", s.training()
                    .steps(), s.training().settings().optimizer().kind().id(), s.training().settings().optimizer()
                    .learningRate(), s.training().settings().batch(), s.training().settings().data().kind().id());
        }
        return text;
    }

    private static String axis(SweepAxis a) {
        return a.param().label() + " " + a.label(0) + "…" + a.label(a.size() - 1);
    }
}
