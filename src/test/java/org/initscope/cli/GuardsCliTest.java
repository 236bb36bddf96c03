package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs on the command line: each refused up front with exit code 2 and one line in our words that
 * names the file (never exit 1, a stack trace, a parser's internals or minutes of computing).
 */
class GuardsCliTest {
    @TempDir
    Path dir;

    private void refusedQuickly(String expected, String... args) {
        long t0 = System.nanoTime();
        var r = CliTest.run(args);
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("fans and shape"), r.err());
        assertTrue(s < 30, args[0] + " took " + s + " s to refuse");
    }

    @Test
    void theConvScratchCase() throws Exception {
        Path cfg = Files.writeString(dir.resolve("conv.json"), org.initscope.engine.ResourceGuardTest.CONV);
        refusedQuickly("error: " + cfg + ": this network ", "stats", "--config", cfg.toString());
    }

    @Test
    void trainOnAHugeLayer() throws Exception {
        Path cfg = Files.writeString(dir.resolve("wide.json"), "{\"input\": {\"features\": 2}, \"layers\": "
                + "[{\"units\": 16777216}]}");
        refusedQuickly("error: " + cfg + ": ", "train", "--config", cfg.toString(), "--steps", "1");
    }

    @Test
    void convFansThatWouldOverflow() throws Exception {
        Path cfg = Files.writeString(dir.resolve("fans.json"), "{\"input\": {\"channels\": 3, \"height\": 64, "
                + "\"width\": 64}, \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 2300000, \"kernel_size\": 31}]}");
        String where = "layers[0].out_channels: the weight";
        refusedQuickly(where, "stats", "--config", cfg.toString());
        refusedQuickly(where, "theory", "--config", cfg.toString());
        refusedQuickly(where, "train", "--config", cfg.toString());
        refusedQuickly(where, "render", "--config", cfg.toString(), "--view", "depth", "--out",
                dir.resolve("x.png").toString());
    }

    @Test
    void aKilobyteThatWouldCostMinutes() throws Exception {
        Path cfg = Files.writeString(dir.resolve("orth.json"), "{\"input\": {\"features\": 4096, \"batch\": 16}, "
                + "\"layers\": [{\"units\": 4096, \"repeat\": 12, \"init\": {\"scheme\": \"orthogonal\"}}]}");
        refusedQuickly("12 orthogonal draws of 4096×4096", "stats", "--config", cfg.toString());
    }

    @Test
    void parserMessagesAreInOurWordsWithLineAndColumn() throws Exception {
        String[][] cases = {
            {"{\"input\": {\"features\": 8}, // a comment\n \"layers\": [{\"units\": 4}]}",
                ":1:28: not valid JSON: comments (// or /* */) are not allowed in JSON: remove them"},
            {"{\"input\": {\"features\": .5}, \"layers\": [{\"units\": 4}]}",
                ":1:24: not valid JSON: expected a value (a text in double quotes, a number, [an array], {an object}, "
                        + "true or false), found '.'"},
            {"{\"input\": {\"features\": 8,}, \"layers\": [{\"units\": 4}]}",
                ":1:26: not valid JSON: expected a key in double quotes"},
            {"{\"input\": {\"features\": 8}, \"layers\": " + "[".repeat(100) + "]".repeat(100) + "}",
                ":1:102: the JSON is nested too deeply: more than 64 levels"},
            {"{\"input\": {\"features\": 8}, \"layers\": [{\"units\": 4}]",
                ":1:52: not valid JSON: the file ends before the object that starts at line 1, column 1 is closed"},
        };
        for (String[] c : cases) {
            Path cfg = Files.writeString(dir.resolve("m.json"), c[0]);
            var r = CliTest.run("stats", "--config", cfg.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(cfg + c[1]), r.err());
            assertFalse(r.err().matches("(?s).*(code \\d+|Feature|ALLOW_|CTRL-CHAR|Unexpected character).*"), r.err());
        }
    }
}
