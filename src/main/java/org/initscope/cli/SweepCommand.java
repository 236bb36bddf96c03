package org.initscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.initscope.config.SweepReader;
import org.initscope.config.SweepWriter;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.sweep.Measure;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepPlan;
import org.initscope.engine.sweep.SweepResult;
import org.initscope.engine.sweep.SweepRunner;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.export.AtomicFiles;
import org.initscope.export.SweepCsv;
import org.initscope.model.Fmt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs a sweep file: a grid over one or two parameters (σ_w², σ_b², scale, depth, width, "
                + "initializer, activation, learning rate), every cell measured at initialization and, if the file "
                + "says so, after training; prints the grid and writes every cell as CSV or JSON.")
final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the sweep file (JSON; README \"Experiments\")")
    Path file;

    @Option(names = "--csv", paramLabel = "OUT", description = "write every run as CSV (\"-\": stdout)")
    String csv;

    @Option(names = "--json", paramLabel = "OUT", description = "write every cell and run as JSON (\"-\": stdout)")
    String json;

    @Option(names = "--measure", paramLabel = "KEY", description = "the measure the table shows (default: chi1, or "
            + "test_accuracy when the sweep trains)")
    String measure;

    @Option(names = "--threads", paramLabel = "N", description = "cells at once (default: one per core for small "
            + "networks, else one)")
    int threads;

    @Option(names = "--blas-threads", paramLabel = "N", description = "BLAS threads of each cell (default: 1 for "
            + "small networks, else every core)")
    int blasThreads;

    @Option(names = "--estimate", description = "print the plan and the estimate, run nothing")
    boolean estimate;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (threads < 0 || threads > 256 || blasThreads < 0 || blasThreads > 256) {
            throw new Cli.UsageProblem("--threads and --blas-threads must be between 1 and 256");
        }
        SweepSpec sweep = SweepReader.read(file);
        Measure shown = shownMeasure(sweep);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Nd4jRuntime.start();
        SweepPlan plan;
        try {
            plan = SweepPlan.of(sweep, threads, blasThreads).check();
        } catch (ResourceLimitException e) {
            throw new ResourceLimitException(file + ": " + e.getMessage());
        }
        String planText = String.format(Locale.ROOT, "%d cells × %d repeats; %d at a time, %d BLAS thread%s each; "
                        + "estimated %s", sweep.cells(), sweep.repeats(), plan.workers(), plan.blasThreads(),
                plan.blasThreads() == 1 ? "" : "s", plan.describe());
        if (estimate) {
            out.println(planText);
            out.flush();
            return 0;
        }
        if (!quiet) {
            err.println(Cli.shown(sweep.name().isEmpty() ? file.toString() : sweep.name()) + ": " + planText);
            err.flush();
        }
        int[] lastPercent = {-1};
        SweepResult r = SweepRunner.run(sweep, plan, (snapshot, done, runs) -> {
            int percent = 100 * done / runs;
            if (!quiet && percent / 10 != lastPercent[0] / 10) {
                synchronized (lastPercent) {
                    if (percent / 10 != lastPercent[0] / 10) {
                        lastPercent[0] = percent;
                        err.printf(Locale.ROOT, "  %3d %%  %,d of %,d runs%n", percent, done, runs);
                        err.flush();
                    }
                }
            }
        }, () -> false);
        boolean stdoutTaken = "-".equals(csv) || "-".equals(json);
        if (!stdoutTaken) {
            out.print(table(r, shown));
            out.printf(Locale.ROOT, "%n%,d cells in %.1f s (%.1f cells/s; %d at a time, %d BLAS thread%s each)%n",
                    r.done(), r.seconds(), r.cellsPerSecond(), plan.workers(), plan.blasThreads(),
                    plan.blasThreads() == 1 ? "" : "s");
        }
        if (csv != null) {
            emit(csv, SweepCsv.write(r), out);
        }
        if (json != null) {
            emit(json, SweepWriter.resultJson(r), out);
        }
        out.flush();
        return 0;
    }

    private static void emit(String target, String text, PrintWriter out) throws IOException {
        if ("-".equals(target)) {
            out.print(text);
        } else {
            AtomicFiles.write(Path.of(target), o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private Measure shownMeasure(SweepSpec sweep) {
        List<Measure> all = sweep.measures();
        if (measure == null) {
            return Measure.of(sweep.training() != null ? Measure.Kind.TEST_ACCURACY : Measure.Kind.CHI1);
        }
        return all.stream().filter(m -> m.key().equals(measure)).findFirst().orElseThrow(() -> new Cli.UsageProblem(
                "unknown --measure " + Cli.shown(measure) + "; this sweep measures " + String.join(", ",
                        all.stream().map(Measure::key).toList())));
    }

    /**
     * One axis: a row per value with the measure's mean over the seeds, its spread and the theory's prediction. Two
     * axes: the measure's mean as a grid, the second axis down, the first across.
     */
    static String table(SweepResult r, Measure shown) {
        var sb = new StringBuilder();
        SweepSpec s = r.spec();
        int m = r.indexOf(shown);
        sb.append(shown.label()).append(": ").append(shown.kind().meaning()).append(System.lineSeparator());
        if (s.repeats() > 1) {
            sb.append("mean over ").append(s.repeats()).append(" seeds").append(shown.log() ? " (geometric)" : "")
                    .append(", ± one std of the seeds").append(System.lineSeparator());
        }
        sb.append(System.lineSeparator());
        SweepAxis x = s.axis(0);
        if (s.axes().size() == 1) {
            String[] head = {x.param().label(), shown.label(), s.repeats() > 1 ? "low … high" : "", "theory"};
            var rows = new ArrayList<String[]>();
            for (int i = 0; i < x.size(); i++) {
                SweepResult.Cell c = r.cell(s.cell(i));
                if (c == null) {
                    continue;
                }
                SweepResult.Summary sum = c.summary(m, shown.log());
                rows.add(new String[] {x.label(i), c.error() != null && sum.n() == 0 ? "failed: " + c.error()
                        : Fmt.sig(sum.mean(), 4), s.repeats() > 1 ? Fmt.sig(sum.low(), 3) + " … "
                        + Fmt.sig(sum.high(), 3) : "", Fmt.sig(c.predicted(m, shown.log()), 4)});
            }
            StatsTable.table(sb, head, rows);
            return sb.toString();
        }
        SweepAxis y = s.axis(1);
        String[] head = new String[x.size() + 1];
        head[0] = y.param().label() + " \\ " + x.param().label();
        for (int i = 0; i < x.size(); i++) {
            head[i + 1] = x.label(i);
        }
        var rows = new ArrayList<String[]>();
        for (int j = 0; j < y.size(); j++) {
            String[] row = new String[x.size() + 1];
            row[0] = y.label(j);
            for (int i = 0; i < x.size(); i++) {
                SweepResult.Cell c = r.cell(s.cell(i, j));
                row[i + 1] = c == null ? "" : Fmt.sig(c.summary(m, shown.log()).mean(), 3);
            }
            rows.add(row);
        }
        StatsTable.table(sb, head, rows);
        return sb.toString();
    }
}
