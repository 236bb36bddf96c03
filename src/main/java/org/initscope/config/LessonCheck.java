package org.initscope.config;

import java.util.ArrayList;
import java.util.List;
import org.initscope.engine.expect.ExpectationChecker;
import org.initscope.engine.expect.ExpectationChecker.Outcome;
import org.initscope.model.Counterpart;
import org.initscope.model.NetworkSpec;

/**
 * Checks a lesson's {@code expect} statements step by step, on the networks and training settings the app shows for
 * each step: network A as loaded, network B as the comparison builds it ("compare"), training as the Train tab
 * and the lockstep training run it.
 */
public final class LessonCheck {
    private LessonCheck() {
    }

    /** The outcomes of one step's statements. */
    public record StepResult(int index, Scenario.Step step, List<Outcome> outcomes) {
        public StepResult {
            outcomes = List.copyOf(outcomes);
        }

        public List<Outcome> failures() {
            return outcomes.stream().filter(o -> !o.holds()).toList();
        }

        /** "step 2 “Weights 100× too small”". */
        public String name() {
            return "step " + (index + 1) + " “" + step.title() + "”";
        }
    }

    /** What step {@code step} computes: its network, network B in a comparison, its training settings. */
    public static ExpectationChecker.Setting setting(Scenario.Step step) {
        NetworkSpec a = step.network();
        NetworkSpec b = null;
        if (step.mode().compares()) {
            Counterpart c = step.compare() != null ? step.compare() : Counterpart.partnerOf(a);
            b = c.apply(a);
        }
        return new ExpectationChecker.Setting(a, b, step.training());
    }

    /** Every step with statements, checked (a network or training run that several steps share is computed once). */
    public static List<StepResult> check(Scenario lesson) {
        var steps = new ArrayList<Integer>();
        var jobs = new ArrayList<ExpectationChecker.Job>();
        for (int i = 0; i < lesson.steps().size(); i++) {
            Scenario.Step s = lesson.steps().get(i);
            if (!s.expect().isEmpty()) {
                steps.add(i);
                jobs.add(new ExpectationChecker.Job(setting(s), s.expect()));
            }
        }
        var outcomes = ExpectationChecker.check(jobs);
        var out = new ArrayList<StepResult>();
        for (int k = 0; k < steps.size(); k++) {
            out.add(new StepResult(steps.get(k), lesson.steps().get(steps.get(k)), outcomes.get(k)));
        }
        return out;
    }

    /** One line per failed statement: "step 2 “…”: expected …; measured …". */
    public static List<String> failures(List<StepResult> results) {
        var out = new ArrayList<String>();
        for (StepResult r : results) {
            for (Outcome o : r.failures()) {
                out.add(r.name() + ": " + o.message());
            }
        }
        return out;
    }
}
