package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.initscope.engine.expect.Expectation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The built-in lessons tell the truth: every step states its numbers and qualitative claims as {@code expect}
 * statements, and every statement holds for the networks, comparisons and training runs the app shows (same seeds,
 * same settings). The training runs of the lesson "learning" are checked in the soak profile.
 */
class LessonExpectationTest {
    /** A number as a lesson writes it: 0.22, 5/3, 2⁻¹⁰, 10⁻⁶, 95, 1000 (not a key's or a name's: F6, L1). */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}_\\d.])\\d+(?:[.,/]\\d+)*(?:[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?");

    /**
     * The lessons whose training runs take long: "learning" trains 20 conv layers (twice), an LSTM for 500 steps
     * over sequences of 50 and 50 residual blocks, each in lockstep against B — over half of this class's time.
     * Their training statements are checked in the soak profile; their statements at initialization here.
     */
    private static final Set<String> LONG_TRAINING = Set.of("learning.json");

    @Test
    void everyStatementOfEveryBuiltInLessonHolds() {
        int statements = check(e -> true, lesson -> !LONG_TRAINING.contains(lesson.source()));
        statements += check(e -> !e.training(), lesson -> LONG_TRAINING.contains(lesson.source()));
        assertEquals(8, Scenarios.builtIn().size());
        assertTrue(statements > 60, statements + " statements");
    }

    /** The training statements of {@link #LONG_TRAINING} (soak profile: {@code mvn -Psoak verify}). */
    @Test
    @Tag("soak")
    void everyTrainingStatementOfTheLongLessonsHolds() {
        int statements = check(Expectation::training, lesson -> LONG_TRAINING.contains(lesson.source()));
        assertTrue(statements >= 10, statements + " statements");
    }

    /** Checks the statements {@code which} of the built-in lessons {@code lessons}; returns how many it checked. */
    private static int check(Predicate<Expectation> which, Predicate<Scenario> lessons) {
        var failures = new ArrayList<String>();
        int statements = 0;
        for (Scenario lesson : Scenarios.builtIn()) {
            if (!lessons.test(lesson)) {
                continue;
            }
            var steps = lesson.steps().stream().map(s -> new Scenario.Step(s.title(), s.text(), s.network(),
                    s.mode(), s.view(), s.quantity(), s.look(), s.question(), s.compare(), s.preset(), s.range(),
                    s.train(), s.expect().stream().filter(which).toList())).toList();
            var only = new Scenario(lesson.title(), lesson.summary(), steps, lesson.source());
            for (LessonCheck.StepResult r : LessonCheck.check(only)) {
                statements += r.outcomes().size();
                for (var o : r.failures()) {
                    failures.add(lesson.source() + ": " + r.name() + ": " + o.message());
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " statements do not hold:\n" + String.join("\n", failures));
        return statements;
    }

    @Test
    void everyStepStatesItsNumbersAsStatements() {
        var missing = new ArrayList<String>();
        for (Scenario lesson : Scenarios.builtIn()) {
            for (int i = 0; i < lesson.steps().size(); i++) {
                Scenario.Step step = lesson.steps().get(i);
                String where = lesson.source() + " step " + (i + 1);
                if (step.expect().isEmpty()) {
                    missing.add(where + ": no expect statement");
                    continue;
                }
                String claims = String.join(" | ", step.expect().stream().map(Expectation::claim).toList());
                for (String sentence : List.of(step.text(), step.question())) {
                    Matcher m = NUMBER.matcher(sentence);
                    while (m.find()) {
                        if (!claims.contains(m.group())) {
                            missing.add(where + ": \"" + m.group() + "\" in “" + sentence + "” is in no statement's claim");
                        }
                    }
                }
                for (Expectation e : step.expect()) {
                    assertFalse(e.claim().isBlank(), where + ": every statement quotes the claim it checks");
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }
}
