package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `train` with every layer type and the sequence tasks (a few steps each: what is printed, not what is learnt). */
class TrainEveryLayerCliTest {
    private static final String LSTM = """
            {"name": "lstm 16", "seed": 1, "input": {"features": 2, "sequence_length": 10},
             "layers": [{"type": "lstm", "hidden_size": 16, "defaults": "keras"}]}""";

    private static Path write(Path dir, String name, String json) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, json);
        return p;
    }

    @Test
    void anLstmOnTheAddingProblemOfLength100(@TempDir Path dir) throws Exception {
        var r = CliTest.run("train", "--config", write(dir, "lstm.json", LSTM).toString(), "--data", "adding",
                "--seq-len", "100", "--samples", "300", "--steps", "4", "--record-every", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on adding (240 train, 60 test, 100 steps × 2, regression)"), r.out());
        assertTrue(r.out().contains("lstm 16"), "the layer table names the layer type: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("4 ")), "step 4 is recorded: " + r.out());
    }

    @Test
    void copyDigitsRowsAndPixelsAsJson(@TempDir Path dir) throws Exception {
        Path cfg = write(dir, "lstm.json", LSTM);
        var copy = CliTest.run("train", "--config", cfg.toString(), "--data", "copy", "--seq-len", "20", "--samples",
                "200", "--steps", "2", "--json");
        assertEquals(0, copy.code(), copy.err());
        JsonNode doc = new ObjectMapper().readTree(copy.out());
        assertEquals(20, doc.get("data").get("steps").asInt());
        assertEquals(8, doc.get("data").get("classes").asInt());
        assertEquals(5, doc.get("data").get("answers").asInt());
        JsonNode first = doc.get("records").get(0);
        // five answers of eight classes, guessed at the start: a loss near ln 8 = 2.08
        assertEquals(Math.log(8), first.get("trainLoss").asDouble(), 0.3);
        assertEquals("lstm 16", first.get("layers").get(0).get("type").asText());
        assertEquals("linear 40", first.get("layers").get(1).get("type").asText());
        for (String set : new String[] {"digits-rows", "digits-pixels"}) {
            var r = CliTest.run("train", "--config", cfg.toString(), "--data", set, "--steps", "2", "--json");
            assertEquals(0, r.code(), set + ": " + r.err());
            JsonNode d = new ObjectMapper().readTree(r.out()).get("data");
            assertEquals(set.equals("digits-rows") ? 8 : 64, d.get("steps").asInt());
            assertEquals(10, d.get("classes").asInt());
        }
    }

    @Test
    void theConvPresetOnTheDigitsAsImages(@TempDir Path dir) throws Exception {
        Path cfg = write(dir, "conv.json", """
                {"name": "conv", "seed": 7, "input": {"channels": 1, "height": 8, "width": 8},
                 "layers": [{"type": "conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1, "activation": "relu",
                             "init": {"scheme": "kaiming_normal"}},
                            {"type": "batchnorm"}, {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"},
                            {"type": "dense", "units": 32, "activation": "tanh", "residual": false}]}""");
        var r = CliTest.run("train", "--config", cfg.toString(), "--data", "digits", "--steps", "3");
        assertEquals(0, r.code(), r.err());
        for (String type : new String[] {"conv2d 8, 3×3", "batchnorm", "maxpool2d", "flatten", "dense 32", "linear 10"}) {
            assertTrue(r.out().contains(type), type + " in " + r.out());
        }
    }

    @Test
    void aNetworkThatCannotReadTheDataSaysWhy(@TempDir Path dir) throws Exception {
        Path dense = write(dir, "dense.json", """
                {"seed": 1, "input": {"features": 2}, "layers": [{"units": 8, "activation": "relu"}]}""");
        var r = CliTest.run("train", "--config", dense.toString(), "--data", "adding", "--steps", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rnn or lstm"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        var t = CliTest.run("train", "--config", write(dir, "lstm.json", LSTM).toString(), "--data", "copy",
                "--seq-len", "5000");
        assertEquals(2, t.code());
        assertTrue(t.err().contains("between 10 and 1000"), t.err());
    }
}
