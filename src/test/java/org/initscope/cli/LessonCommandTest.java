package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lesson check}: a teacher's lesson file is computed and every statement checked. */
class LessonCommandTest {
    /** Two steps: the first states what is true, the second repeats the old vanishing lesson's wrong gain. */
    private static final String LESSON = """
            {"title": "my lesson", "steps": [
              {"title": "Small weights", "text": "std × 0.22 per layer", "preset": "cs231n-tanh-small.json",
               "expect": [{"measure": "std per layer", "of": "activations", "layer": "every", "between": [0.2, 0.24]},
                          {"measure": "variance ratio", "from": 1, "to": 10, "between": [1e-12, 4e-12]}]},
              {"title": "A sensible start", "text": "Xavier with tanh's gain 5/3 …", "preset": "cs231n-tanh-xavier.json",
               "expect": [{"measure": "gain", "layer": 1, "equals": 1.6667, "tolerance": 0.001,
                           "claim": "Xavier with tanh's gain 5/3"},
                          {"measure": "std ratio", "of": "activations", "from": 1, "to": 10, "between": [0.25, 4]}]}
            ]}
            """;

    @Test
    void aWrongClaimExitsTwoNamingTheStepAndTheStatement(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("mine.json"), LESSON);
        var r = CliTest.run("lesson", "check", file.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        // the three statements that hold are listed as such, with what was measured
        assertTrue(r.out().contains("ok    step 1 “Small weights”: the factor per layer of the std of the activations a "
                + "at every layer is in [0.2, 0.24] — measured 0.224"), r.out());
        assertTrue(r.out().contains("1 of 4 statements do not hold"), r.out());
        var errors = r.err().strip().lines().toList();
        assertEquals(1, errors.size(), r.err());
        String e = errors.get(0);
        assertTrue(e.startsWith("error: " + file + ": step 2 “A sensible start”: expected the initializer's gain at "
                + "layer 1 equals 1.6667 ± 0.001; measured 1"), e);
        assertTrue(e.contains("(claim: “Xavier with tanh's gain 5/3”)"), e);
        assertFalse(e.contains("Exception"), e);
    }

    @Test
    void aLessonThatTellsTheTruthExitsZero(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("true.json"), LESSON.replace("\"equals\": 1.6667", "\"equals\": 1"));
        var r = CliTest.run("lesson", "check", file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("all 4 statements hold"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aBadStatementIsOneLineWithLineColumnAndField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"), """
                {"title": "t", "steps": [
                  {"title": "a", "text": "x", "preset": "cs231n-tanh-small.json",
                   "expect": [{"measure": "std ratoi", "between": [0, 1]}]}]}
                """);
        var r = CliTest.run("lesson", "check", file.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + file + ":3:27: steps[0].expect[0].measure: unknown measure \"std "
                + "ratoi\"; allowed: std, variance,"), r.err());
        var missing = CliTest.run("lesson", "check", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such lesson"), missing.err());
    }
}
