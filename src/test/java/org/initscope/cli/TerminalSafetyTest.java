package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.initscope.controller.NetworkSession;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from a file is never echoed raw: an escape sequence in a network's name or a scheme name (which could set
 * the terminal's title and clear the screen) reaches the terminal and the window's labels escaped.
 */
class TerminalSafetyTest {
    /** OSC 0 (set the title), then clear the screen, a C1 control and a right-to-left override. */
    static final String NASTY = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e";

    private static String json(String s) {
        var sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }

    private static void assertNoControls(String text) {
        for (char c : text.toCharArray()) {
            assertFalse(c < 0x20 && c != '\n' && c != '\r' || c >= 0x7f && c <= 0x9f || c == '\u202e',
                    "raw U+" + Integer.toHexString(c) + " in: " + text);
        }
    }

    @Test
    void aNamesEscapesAreEscapedInTheStatsTable(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("n.json"), "{\"name\": \"net" + json(NASTY) + "\", \"input\": "
                + "{\"features\": 8, \"batch\": 4}, \"layers\": [{\"units\": 8}]}");
        var r = CliTest.run("stats", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertNoControls(r.out());
        assertTrue(r.out().contains("net\\x1B]0;owned\\x07\\x1B[2J\\x9B31m\\u202E"), r.out());
        var t = CliTest.run("theory", "--config", cfg.toString());
        assertNoControls(t.out());
    }

    @Test
    void aSchemeNamesEscapesAreEscapedInTheErrorLineAndTheMessageBar(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("s.json"), "{\"input\": {\"features\": 8}, \"layers\": [{\"units\": "
                + "8, \"init\": \"xavier" + json(NASTY) + "\"}]}");
        var r = CliTest.run("stats", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertNoControls(r.err());
        assertTrue(r.err().contains("\\x1B]0;owned"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        try (var session = new NetworkSession(NetworkSpec.defaultNetwork(), Runnable::run, false)) {
            assertTrue(session.open(cfg).isPresent());
            assertNoControls(session.problemProperty().get());
            assertTrue(session.problemProperty().get().contains("\\x1B[2J"), session.problemProperty().get());
        }
        // a file name with an escape in it, in the error line
        Path odd = dir.resolve("x\u001b[2J.json");
        var missing = CliTest.run("stats", "--config", odd.toString());
        assertNoControls(missing.err());
    }
}
