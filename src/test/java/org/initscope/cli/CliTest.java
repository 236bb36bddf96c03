package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static final String SMALL = """
            {"name": "small", "seed": 3,
             "input": {"features": 20, "batch": 30},
             "layers": [{"units": 16, "activation": "relu", "repeat": 3, "init": {"scheme": "kaiming_normal"}},
                        {"units": 4, "activation": "tanh", "init": {"scheme": "xavier_uniform", "gain": "auto"},
                         "bias": {"scheme": "constant", "value": 0.1}}]}
            """;

    /**
     * picocli formats every help text with String.format: a bare '%' ("1 % larger") made `bench --help` print
     * "[picocli WARN] Could not format …" on the error stream and show the text unformatted. Every command's help.
     */
    @Test
    void everyHelpTextFormatsWithoutAWarning() {
        var commands = new ArrayList<List<String>>();
        commandPaths(new CommandLine(new Cli()), List.of(), commands);
        assertTrue(commands.size() > 5, "the commands: " + commands);
        PrintStream stderr = System.err;
        var captured = new ByteArrayOutputStream();
        var problems = new ArrayList<String>();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (List<String> command : commands) {
                var args = new ArrayList<>(command);
                args.add("--help");
                Run help = run(args.toArray(String[]::new));
                String warnings = captured.toString(StandardCharsets.UTF_8);
                captured.reset();
                if (help.code() != 0 || warnings.contains("picocli") || !help.err().isEmpty()) {
                    problems.add(command + ": exit " + help.code() + " " + warnings + help.err());
                }
            }
        } finally {
            System.setErr(stderr);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(run("bench", "--help").out().replaceAll("\\s+", " ").contains("the scale 1 % larger than"),
                "the text as meant");
    }

    private static void commandPaths(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(path);
        c.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) {
                var p = new ArrayList<>(path);
                p.add(name);
                commandPaths(sub, p, out);
            }
        });
    }

    @Test
    void statsJsonIsOneDocumentWithEveryField(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("small.json");
        Files.writeString(cfg, SMALL);
        Run r = run("stats", "--config", cfg.toString(), "--json", "--bins", "8");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(3, doc.get("seed").asLong());
        assertEquals(4, doc.get("layers").size());
        JsonNode l1 = doc.get("layers").get(0);
        assertEquals(1, l1.get("index").asInt());
        assertEquals("dense", l1.get("type").asText());
        assertEquals(20, l1.get("fanIn").asInt());
        assertEquals(16, l1.get("fanOut").asInt());
        assertEquals("relu", l1.get("activation").asText());
        assertEquals("kaiming_normal", l1.get("init").get("scheme").asText());
        assertEquals("fan_in", l1.get("init").get("mode").asText());
        assertEquals(Math.sqrt(2.0 / 20), l1.get("init").get("std").asDouble(), 1e-15);
        assertTrue(l1.get("init").get("bound").isNull());
        JsonNode l4 = doc.get("layers").get(3);
        assertEquals(5.0 / 3 * Math.sqrt(6.0 / 20), l4.get("init").get("bound").asDouble(), 1e-15);
        for (String key : new String[] {"weights", "biases", "preActivations", "activations", "activationGradients",
            "preActivationGradients", "weightGradients"}) {
            JsonNode s = l1.get(key);
            for (String f : new String[] {"count", "mean", "std", "var", "min", "max", "zeroFraction",
                "saturatedFraction", "nan", "posInf", "negInf"}) {
                assertTrue(s.has(f), key + "." + f);
            }
            assertEquals(9, s.get("histogram").get("edges").size(), key);
            assertEquals(8, s.get("histogram").get("counts").size(), key);
        }
        assertEquals(30 * 16, l1.get("activations").get("count").asInt());
        assertTrue(l1.get("activations").get("zeroFraction").asDouble() > 0.3, "dead half of the ReLUs");
        assertTrue(l1.get("predicted").get("preActivationVar").asDouble() > 0);
        assertTrue(l1.get("predicted").has("preActivationGradientVar"));
        // --seed overrides, and the same seed reproduces the same document
        assertEquals(r.out(), run("stats", "--config", cfg.toString(), "--json", "--bins", "8").out());
        Run other = run("stats", "--config", cfg.toString(), "--json", "--bins", "8", "--seed", "4");
        assertEquals(4, new ObjectMapper().readTree(other.out()).get("seed").asLong());
    }

    @Test
    void statsTableByDefault() {
        Run r = run("stats");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("xavier_normal: std = gain·√(2/(fan_in+fan_out)) = 1.667·√(2/1000) = 0.07454"),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("10 ")), r.out());
    }

    @Test
    void badInputIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, SMALL.replace("\"kaiming_normal\"", "\"kaiming_norml\""));
        Run r = run("stats", "--config", bad.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + bad + ":3:"), r.err());
        assertTrue(r.err().contains("did you mean \"kaiming_normal\""), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("", r.out());

        Run missing = run("stats", "--config", dir.resolve("nope.json").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Run bins = run("stats", "--bins", "0");
        assertEquals(2, bins.code());
        assertTrue(bins.err().contains("--bins"), bins.err());

        Run unknown = run("stats", "--confg", "x");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unknown option"), unknown.err());
        assertTrue(unknown.err().contains("did you mean --config?"), unknown.err());

        // a config given without --config, and control characters in an argument: our words, escaped, exit 2
        Run bare = run("theory", "net.json");
        assertEquals(2, bare.code());
        assertEquals("error: 'net.json' is not an option of initscope theory; a network config is given as --config net.json",
                bare.err().lines().findFirst().orElseThrow());
        Run escape = run("stats", "--fo\u001b]0;title\u0007o");
        assertEquals(2, escape.code());
        assertFalse(escape.err().chars().anyMatch(ch -> ch < 0x20 && ch != '\n'), escape.err());
        assertTrue(escape.err().startsWith("error: Unknown option: '--fo\\x1B]0;title\\x07o'"), escape.err());

        Path huge = dir.resolve("huge.json");
        Files.writeString(huge, "{\"input\": {\"features\": 100000, \"batch\": 100000}, \"layers\": [{\"units\": "
                + "100000}]}");
        Run tooBig = run("stats", "--config", huge.toString());
        assertEquals(2, tooBig.code());
        assertTrue(tooBig.err().contains("entries") || tooBig.err().contains("needs about"), tooBig.err());
    }

    @Test
    void schemesListsEverySchemeWithItsParameters() {
        Run r = run("schemes");
        assertEquals(0, r.code());
        for (Scheme s : Scheme.values()) {
            assertTrue(r.out().contains(s.id() + "  ("), s.id());
        }
        assertTrue(r.out().contains("nonlinearity = leaky_relu"), r.out());
        assertTrue(r.out().contains("sparsity = (required)"), r.out());
    }

    static final String HUGE = "{\"name\": \"huge\", \"input\": {\"features\": 16384, \"batch\": 100000}, "
            + "\"layers\": [{\"units\": 16384, \"activation\": \"relu\", \"repeat\": 4}]}";

    @Test
    void aNetworkTooLargeForMemoryIsRefusedWithTheEstimate(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("huge.json");
        Files.writeString(cfg, HUGE);
        long start = System.nanoTime();
        Run r = run("stats", "--config", cfg.toString());
        assertEquals(2, r.code(), r.err());
        // the refusal names the file (the memory estimate is not a property of the file alone)
        assertTrue(r.err().startsWith("error: " + cfg + ": this network needs about ") && r.err().contains(" GB ")
                && r.err().contains("reduce the batch"), r.err());
        assertEquals("", r.out());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "refused up front, not after allocating");
    }

    @Test
    void benchReportsTheGemmLimit() {
        Run r = run("bench", "--layers", "2", "--width", "64", "--batch", "32", "--repeats", "2", "--no-numpy");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("full recompute: median"), r.out());
        assertTrue(r.out().contains("GEMM limit"), r.out());
        assertTrue(r.out().contains("0.00 GFLOP") || r.out().contains("GFLOP"), r.out());
        // where the engine's thread spent the run (small GEMMs: the statistics beside them, on a thread of their own)
        assertTrue(r.out().contains("engine thread (median ms): GEMMs on one BLAS thread ")
                && r.out().contains("statistics thread busy "), r.out());
        Run json = run("bench", "--layers", "2", "--width", "32", "--batch", "16", "--repeats", "1", "--json",
                "--numpy-peer", "../shared/peers/numpy_peer.py");
        assertEquals(0, json.code(), json.err());
        var tree = assertDoesNotThrow(() -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()));
        assertEquals(1, tree.get("workloads").size());
        var w = tree.get("workloads").get(0);
        assertEquals(2, w.get("layers").asInt());
        assertTrue(w.get("medianMs").asDouble() > 0 && w.get("gemmLimitMs").asDouble() > 0, json.out());
        assertTrue(w.get("timesGemmLimit").asDouble() > 0, json.out());
        // each run's GEMMs and waits are part of it, so their medians are at most the run's
        var phases = w.get("phasesMs");
        for (String part : new String[] {"engineThreadGemm", "engineThreadWait"}) {
            double ms = phases.get(part).asDouble();
            assertTrue(ms > 0 && ms <= w.get("medianMs").asDouble(), part + ": " + json.out());
        }
        assertTrue(phases.get("statisticsThreadBusy").asDouble() > 0, json.out());
        // NumPy's median when python3 with NumPy is here, otherwise null with the reason
        assertTrue(w.get("numpyMedianMs").isNull() ? w.has("numpyNote") : w.get("fasterThanNumpy").asDouble() > 0,
                json.out());
        Run bad = run("bench", "--activation", "tahn");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("did you mean \"tanh\""), bad.err());
    }

    @Test
    void benchTimesAnyInitializationAndTheLockstep() {
        Run r = run("bench", "--layers", "3", "--width", "64", "--batch", "32", "--repeats", "1", "--init",
                "orthogonal");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 layers × 64 (tanh, orthogonal)"), r.out());
        assertTrue(r.out().contains("NumPy peer: not run (the peers draw xavier_normal, not orthogonal)"), r.out());
        Run bad = run("bench", "--init", "orthogonl");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("did you mean \"orthogonal\""), bad.err());
        Run l = run("bench", "--lockstep", "--seconds", "0.5");
        assertEquals(0, l.code(), l.err());
        for (String line : new String[] {"one lockstep step", "the two live maps", "as before the pacing",
                "at the same time on two threads", "the app's lockstep worker", "paced / every frame"}) {
            assertTrue(l.out().contains(line), l.out());
        }
    }

    @Test
    void statsJsonReportsConvLikeDenseAndRecurrentWithParametersAndTimeSteps(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("mixed.json");
        Files.writeString(cfg, """
                {"seed": 2, "input": {"channels": 3, "height": 8, "width": 8, "batch": 8},
                 "layers": [{"type": "conv2d", "out_channels": 16, "kernel_size": 3, "padding": 1, "activation": "relu",
                   "init": {"scheme": "kaiming_normal", "mode": "fan_out", "nonlinearity": "relu"}},
                  {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"}, {"type": "dense", "units": 4}]}""");
        Run r = run("stats", "--config", cfg.toString(), "--json", "--bins", "8");
        assertEquals(0, r.code(), r.err());
        JsonNode conv = new ObjectMapper().readTree(r.out()).get("layers").get(0);
        assertEquals("conv2d", conv.get("type").asText());
        assertEquals(27, conv.get("fanIn").asInt());
        assertEquals(144, conv.get("fanOut").asInt());
        assertEquals("fan_out = C_out·kH·kW = 16·3·3 = 144", conv.get("fanOutText").asText());
        assertEquals(Math.sqrt(2.0 / 144), conv.get("init").get("std").asDouble(), 1e-15);
        assertEquals(8 * 16 * 64, conv.get("activations").get("count").asLong());
        assertEquals(8, conv.get("weights").get("histogram").get("counts").size());
        JsonNode pool = new ObjectMapper().readTree(r.out()).get("layers").get(1);
        assertEquals("maxpool2d", pool.get("type").asText());
        assertTrue(pool.get("init").isNull(), "no parameters");
        assertEquals(8 * 16 * 16, pool.get("activations").get("count").asLong());

        Path seq = dir.resolve("lstm.json");
        Files.writeString(seq, """
                {"seed": 2, "input": {"features": 5, "sequence_length": 12, "batch": 4},
                 "layers": [{"type": "lstm", "hidden_size": 8, "defaults": "keras"}]}""");
        r = run("stats", "--config", seq.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode lstm = new ObjectMapper().readTree(r.out()).get("layers").get(0);
        assertEquals("lstm", lstm.get("type").asText());
        JsonNode ih = lstm.get("parameters").get("weight_ih");
        assertEquals(32, ih.get("shape").get(0).asInt());
        assertEquals(5, ih.get("shape").get(1).asInt());
        assertEquals(Math.sqrt(6.0 / (5 + 32)), ih.get("init").get("bound").asDouble(), 1e-15);
        for (String p : new String[] {"weight_hh", "bias_ih", "bias_hh"}) {
            assertTrue(lstm.get("parameters").has(p), p);
            assertEquals(lstm.get("parameters").get(p).get("stats").get("count").asLong(),
                    lstm.get("parameters").get(p).get("gradient").get("count").asLong(), p);
        }
        JsonNode steps = lstm.get("timeSteps");
        assertEquals(12, steps.get("gradientNorm").size());
        assertTrue(steps.get("gradientNorm").get(0).asDouble() < steps.get("gradientNorm").get(11).asDouble(),
                "the gradient fades back through time");
        assertEquals(4, steps.get("gates").size());

        r = run("stats", "--config", seq.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Through time, layer 1 (lstm 8)"), r.out());
    }
}
