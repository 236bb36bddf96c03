package org.initscope.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.sweep.Reproductions;
import org.initscope.engine.sweep.SweepPlan;
import org.initscope.engine.sweep.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduces a classic result about initialization with its checked numbers (glorot2010, "
                + "he2015, schoenholz2017, saxe2014, pennington2017, coord-check, or all); exits 0 when every check "
                + "holds, 1 when one does not.")
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "the experiment, or all")
    String name;

    @Option(names = "--list", description = "list the experiments and what each checks")
    boolean list;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list || name == null) {
            for (var r : Reproductions.all()) {
                out.printf(Locale.ROOT, "%-15s %s%n%-15s   %s%n", r.id(), r.title(), "", r.claim());
            }
            out.flush();
            return 0;
        }
        List<Reproductions.Reproduction> chosen = new ArrayList<>();
        if (name.equals("all")) {
            chosen.addAll(Reproductions.all());
        } else {
            chosen.add(Reproductions.byId(name).orElseThrow(() -> new Cli.UsageProblem("unknown experiment "
                    + Cli.shown(name) + "; the experiments are " + String.join(", ", Reproductions.ids())
                    + " (or all)")));
        }
        Nd4jRuntime.start();
        boolean all = true;
        for (var r : chosen) {
            if (!quiet) {
                err.println("running " + r.id() + " …");
                err.flush();
            }
            var o = r.run(s -> {
                var plan = SweepPlan.of(s, 0, 0).check();
                if (!quiet) {
                    err.printf(Locale.ROOT, "  %s: %d cells × %d repeats, estimated %s%n", s.name(), s.cells(),
                            s.repeats(), plan.describe());
                    err.flush();
                }
                return SweepRunner.run(s, plan, (x, d, n) -> { }, () -> false);
            });
            out.print(Reproductions.report(o));
            out.println();
            out.flush();
            all &= o.passed();
        }
        return all ? 0 : 1;
    }
}
