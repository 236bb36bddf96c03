package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.initscope.engine.expect.Expectation;
import org.junit.jupiter.api.Test;

/**
 * The built-in lessons tell the truth: every step states its numbers and qualitative claims as {@code expect}
 * statements, and every statement holds for the networks, comparisons and training runs the app shows (same seeds,
 * same settings).
 */
class LessonExpectationTest {
    /** A number as a lesson writes it: 0.22, 5/3, 2⁻¹⁰, 10⁻⁶, 95, 1000 (not a key's or a name's: F6, L1). */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}_\\d.])\\d+(?:[.,/]\\d+)*(?:[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?");

    @Test
    void everyStatementOfEveryBuiltInLessonHolds() {
        var failures = new ArrayList<String>();
        int statements = 0;
        for (Scenario lesson : Scenarios.builtIn()) {
            for (LessonCheck.StepResult r : LessonCheck.check(lesson)) {
                statements += r.outcomes().size();
                for (var o : r.failures()) {
                    failures.add(lesson.source() + ": " + r.name() + ": " + o.message());
                }
            }
        }
        assertEquals(8, Scenarios.builtIn().size());
        assertTrue(statements > 60, statements + " statements");
        assertTrue(failures.isEmpty(), failures.size() + " statements do not hold:\n" + String.join("\n", failures));
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
