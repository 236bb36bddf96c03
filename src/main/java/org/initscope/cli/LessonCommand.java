package org.initscope.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.initscope.config.LessonCheck;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.engine.expect.ExpectationChecker.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lesson check FILE}: does every statement a lesson makes about its numbers hold? */
@Command(name = "lesson", mixinStandardHelpOptions = true, description = "Work with lesson files.",
        subcommands = {LessonCommand.Check.class})
final class LessonCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compute every step of a lesson (its networks, its comparisons, its training with the "
                    + "step's settings and seeds) and check every \"expect\" statement. Prints each statement with "
                    + "what was measured; a statement that does not hold is an error (exit code 2) naming the step.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|FILE", description = "a built-in lesson (vanishing, saturation, xavier-vs-he, "
                + "zero-init, pytorch-default, selu, isometry) or a lesson file")
        String lesson;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Scenario s = Scenarios.find(lesson);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int total = 0;
            int failed = 0;
            var results = LessonCheck.check(s);
            for (LessonCheck.StepResult r : results) {
                for (Outcome o : r.outcomes()) {
                    total++;
                    if (o.holds()) {
                        out.println("ok    " + r.name() + ": " + o.expectation().describe() + " — measured "
                                + o.measured());
                    } else {
                        failed++;
                        out.println("FAIL  " + r.name() + ": " + o.expectation().describe() + " — measured "
                                + o.measured());
                    }
                }
            }
            if (total == 0) {
                out.println(s.source() + ": the lesson makes no \"expect\" statement: nothing to check");
            } else {
                out.println(s.source() + ": " + (failed == 0 ? "all " + total + " statements hold"
                        : failed + " of " + total + " statements do not hold"));
            }
            out.flush();
            if (failed > 0) {
                for (String line : LessonCheck.failures(results)) {
                    err.println("error: " + s.source() + ": " + line);
                }
                err.flush();
                return 2;
            }
            return 0;
        }
    }
}
