package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.initscope.controller.LessonSession;
import org.initscope.controller.NetworkSession;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lesson file is validated as strictly as a config before anything changes: every step's network and network B
 * resolved and within memory and the compute budget, its texts within their limits, a BOM accepted and an encoding
 * error said in our words — each refusal with the file, line and column.
 */
class LessonValidationTest {
    @TempDir
    Path dir;

    private static final String SMALL = "{\"input\": {\"features\": 8, \"batch\": 4}, \"layers\": [{\"units\": 8, "
            + "\"activation\": \"relu\"}]}";

    private static String lesson(String... steps) {
        return "{\"title\": \"t\", \"steps\": [\n" + String.join(",\n", steps) + "\n]}";
    }

    private static String step(String extra) {
        return "{\"title\": \"s\", \"text\": \"x\", \"network\": " + SMALL + extra + "}";
    }

    @Test
    void aHugeEmbeddedNetworkIsRefusedBeforeTheWindowChanges() throws Exception {
        // 1.5 TB: step 1 is fine, step 2 is not
        String huge = "{\"title\": \"big\", \"text\": \"x\", \"network\": {\"input\": {\"features\": 16384, "
                + "\"batch\": 1000000}, \"layers\": [{\"units\": 16384, \"repeat\": 10}]}}";
        Path f = Files.writeString(dir.resolve("huge.json"), lesson(step(""), huge));
        ConfigException e = assertThrows(ConfigException.class, () -> Scenarios.read(f));
        assertEquals("steps[1].network", e.path());
        assertEquals(3, e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.problem().contains("needs about") || e.problem().contains("would take"), e.problem());
        try (var session = new NetworkSession(NetworkSpec.defaultNetwork(), Runnable::run, false)) {
            var training = new org.initscope.controller.TrainingSession(session, Runnable::run);
            var lessons = new LessonSession(session, training, Runnable::run);
            NetworkSpec before = session.spec();
            Optional<String> refused = lessons.open(f);
            assertTrue(refused.isPresent());
            assertEquals(before, session.spec(), "the window's network stays");
            assertFalse(lessons.active());
            training.close();
        }
    }

    @Test
    void aCompareSchemeThatCannotApplyIsRefusedUpFront() {
        // dirac needs a convolution, eye a 2-D weight
        ConfigException dirac = assertThrows(ConfigException.class, () -> Scenarios.parse(lesson(step(
                ", \"mode\": \"compare\", \"compare\": \"dirac\"")), "dirac.json"));
        assertEquals("steps[0].compare", dirac.path());
        assertTrue(dirac.problem().startsWith("network B (A with dirac) cannot be built: "), dirac.problem());
        String conv = "{\"title\": \"s\", \"text\": \"x\", \"mode\": \"compare\", \"compare\": \"eye\", \"network\": "
                + "{\"input\": {\"channels\": 1, \"height\": 8, \"width\": 8, \"batch\": 2}, \"layers\": [{\"type\": "
                + "\"conv2d\", \"out_channels\": 4, \"kernel_size\": 3}]}}";
        ConfigException eye = assertThrows(ConfigException.class, () -> Scenarios.parse(lesson(conv), "eye.json"));
        assertEquals("steps[0].compare", eye.path());
        assertEquals(2, eye.line());
    }

    @Test
    void textsHaveLimits() {
        String longText = "a".repeat(20_000);
        ConfigException e = assertThrows(ConfigException.class, () -> Scenarios.parse(lesson(
                "{\"title\": \"s\", \"text\": \"" + longText + "\", \"network\": " + SMALL + "}"), "long.json"));
        assertEquals("steps[0].text", e.path());
        assertTrue(e.problem().contains("20,000 characters") && e.problem().contains("at most 800"), e.problem());
        ConfigException q = assertThrows(ConfigException.class, () -> Scenarios.parse(lesson(step(
                ", \"question\": \"" + "q".repeat(5000) + "\"")), "q.json"));
        assertEquals("steps[0].question", q.path());
    }

    @Test
    void aBomIsAcceptedAndAnEncodingErrorIsSaidInOurWords() throws Exception {
        byte[] text = lesson(step("")).getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        Path withBom = Files.write(dir.resolve("bom.json"), bom);
        assertEquals(1, Scenarios.read(withBom).steps().size(), "a BOM is read like a config's");
        byte[] latin1 = lesson(step("")).replace("\"x\"", "\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        Path bad = Files.write(dir.resolve("latin1.json"), latin1);
        ConfigException e = assertThrows(ConfigException.class, () -> Scenarios.read(bad));
        assertEquals(bad + ": not a text file (not valid UTF-8): is this a lesson?", e.getMessage());
    }
}
