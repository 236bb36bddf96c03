package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.initscope.config.ConfigReader;
import org.initscope.config.Presets;
import org.initscope.engine.Diagnosis;
import org.initscope.engine.LayerResult;
import org.initscope.engine.MeanField;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.Quantity;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Fmt;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The numbers the README and src/docs quote from the engine are generated from the current engine, so that they
 * cannot drift (issue 14: the RNN ratio "3.6" had become 0.029, the LSTM cell path "1e-14" 3.25e-14). Each quoted
 * figure sits between {@code <!--fig:NAME-->} and {@code <!--/fig-->} (invisible in the rendered Markdown); this
 * test regenerates every one and fails where the text differs. After a change to the engine, rewrite them with
 *
 * <pre>mvn -q -Dtest=DocFiguresTest -Dinitscope.figures=write test</pre>
 *
 * and read the diff before committing it.
 */
class DocFiguresTest {
    private static final List<Path> FILES = List.of(Path.of("README.md"), Path.of("src/docs/initializers.md"),
            Path.of("src/docs/engine.md"));
    private static final Pattern FIGURE = Pattern.compile("<!--fig:([a-z0-9-]+)-->(.*?)<!--/fig-->", Pattern.DOTALL);
    private static final Propagator ENGINE = new Propagator();

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    private static PropagationResult run(NetworkSpec spec) {
        return ENGINE.run(spec.resolve());
    }

    private static PropagationResult preset(String file) {
        return run(Presets.byFile(file).orElseThrow().load());
    }

    private static PropagationResult preset(String file, long seed) {
        NetworkSpec s = Presets.byFile(file).orElseThrow().load();
        return run(new NetworkSpec(s.name(), seed, s.input(), s.layers()));
    }

    /** The generators, by the name the documents use. */
    private static final Map<String, Supplier<String>> GENERATORS = new LinkedHashMap<>();

    static {
        GENERATORS.put("quickstart", DocFiguresTest::quickstart);
        GENERATORS.put("diagnosis-examples", DocFiguresTest::diagnosisExamples);
        GENERATORS.put("lstm-presets", DocFiguresTest::lstmPresets);
        GENERATORS.put("rnn-presets", DocFiguresTest::rnnPresets);
        GENERATORS.put("relu-he-seeds", DocFiguresTest::reluHeSeeds);
        GENERATORS.put("theory-default", DocFiguresTest::theoryDefault);
        GENERATORS.put("theory-default-measured", DocFiguresTest::theoryDefaultMeasured);
        GENERATORS.put("phase-tanh", DocFiguresTest::phaseTanh);
        GENERATORS.put("theory-fixes", DocFiguresTest::theoryFixes);
    }

    /** The default network as the depth chart shows it: Var[a] forward, Var[∂L/∂a] backward. */
    static String quickstart() {
        PropagationResult r = run(NetworkSpec.defaultNetwork());
        int n = r.layers().size();
        double last = r.layer(n).get(Quantity.ACTIVATIONS).var();
        int settled = n;
        while (settled > 1 && Math.abs(r.layer(settled - 1).get(Quantity.ACTIVATIONS).var() / last - 1) < 0.05) {
            settled--;
        }
        double[] g = r.layers().stream().mapToDouble(l -> l.get(Quantity.ACTIVATION_GRADIENTS).var()).toArray();
        double spread = Arrays.stream(g).max().orElseThrow() / Arrays.stream(g).min().orElseThrow();
        return "the forward variance (blue, Var[a]) settles near " + Fmt.sig(last, 2) + " from layer " + settled
                + " on and the backward variance (orange, Var[∂L/∂a]) changes by about " + Fmt.sig(spread, 2)
                + "× over all ten layers";
    }

    /** Diagnosis lines of presets, quoted as the Theory tab shows them. */
    static String diagnosisExamples() {
        var quotes = new ArrayList<String>();
        quotes.add(line(preset("cs231n-tanh-small.json"), "Forward:") + " (cs231n-tanh-small)");
        quotes.add(line(preset("cs231n-relu-xavier.json"), "Backward:") + " (cs231n-relu-xavier)");
        quotes.add(line(preset("cs231n-tanh-large.json"), "of the units in layer 3") + " (cs231n-tanh-large)");
        quotes.add(line(preset("cs231n-relu-xavier.json"), "dead units") + " (cs231n-relu-xavier)");
        quotes.add(line(run(OVERFLOW), "overflowed") + " (He ×1000, 15 ReLU layers of 100)");
        quotes.add(line(preset("dlai-zeros.json"), "All weights") + " (dlai-zeros)");
        // each quote is followed by the network it comes from
        return quotes.stream().map(q -> {
            int at = q.lastIndexOf(" (");
            return "“" + q.substring(0, at) + "”" + q.substring(at);
        }).collect(Collectors.joining(", "));
    }

    /** He ×1000, 15 ReLU layers of 100, batch 64: the forward pass overflows (issue 14, item 4). */
    private static final NetworkSpec OVERFLOW = parse("""
            {"seed": 7, "input": {"features": 100, "batch": 64, "distribution": "normal"},
             "layers": [{"type": "dense", "units": 100, "activation": "relu", "repeat": 15, "scale": 1000,
               "init": {"scheme": "kaiming_normal", "mode": "fan_in", "nonlinearity": "relu"},
               "bias": {"scheme": "zeros"}}]}""");

    private static NetworkSpec parse(String json) {
        try {
            return ConfigReader.parse(json, "figure");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String line(PropagationResult r, String containing) {
        return Diagnosis.of(r).stream().filter(s -> s.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no diagnosis line with \"" + containing + "\" in "
                        + Diagnosis.of(r)));
    }

    static String lstmPresets() {
        var forget = new ArrayList<String>();
        var cell = new ArrayList<String>();
        for (String p : new String[] {"lstm-xavier-zero.json", "lstm-pytorch-default.json",
            "lstm-keras-default.json"}) {
            var t = preset(p).layer(1).trace();
            forget.add(Fmt.sig(t.forgetGateMean(), 2));
            cell.add(Fmt.sig(t.cellPath()[0], 2));
        }
        return "forget gates ≈ " + String.join(", ", forget) + "; cell path over 50 steps " + String.join(", ",
                cell);
    }

    static String rnnPresets() {
        var ratios = new ArrayList<String>();
        for (String p : new String[] {"rnn-orthogonal.json", "rnn-gaussian.json", "rnn-identity.json",
            "rnn-pytorch-default.json"}) {
            ratios.add(Fmt.sig(preset(p).layer(1).trace().endToEndRatio(), 2));
        }
        return "‖∂L/∂h_1‖/‖∂L/∂h_50‖ = " + String.join(", ", ratios.subList(0, 3)) + " and " + ratios.get(3);
    }

    /** Var[z] at layer 10 of cs231n-relu-he over seeds 1–10: the spread of a product of random gains. */
    static String reluHeSeeds() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (long seed = 1; seed <= 10; seed++) {
            double v = preset("cs231n-relu-he.json", seed).layer(10).get(Quantity.PRE_ACTIVATIONS).var();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return "Var[z] at layer 10 of a 500-wide He network ranges " + Fmt.sig(lo, 2) + "–" + Fmt.sig(hi, 2)
                + " over seeds 1–10";
    }

    static String cli(String... args) {
        var out = new StringWriter();
        int code = Cli.execute(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertEquals(0, code);
        return out.toString();
    }

    /** The theory command's table for the default network: header, first and last row. */
    static String theoryDefault() {
        List<String> lines = cli("theory").lines().toList();
        int head = 0;
        while (!lines.get(head).startsWith("layer")) {
            head++;
        }
        String first = lines.get(head + 1);
        String last = lines.get(head + 10);
        return "\n```\n" + lines.get(head) + "\n" + first + "\n   ...\n" + last + "\n```\n";
    }

    static String theoryDefaultMeasured() {
        PropagationResult r = run(NetworkSpec.defaultNetwork());
        return Fmt.f4(r.layer(1).get(Quantity.PRE_ACTIVATION_GRADIENTS).var()) + " and "
                + Fmt.f4(r.layer(10).get(Quantity.PRE_ACTIVATION_GRADIENTS).var());
    }

    static String phaseTanh() {
        var tanh = ActivationSpec.of(Activation.TANH);
        return Arrays.stream(new double[] {0, 0.05, 0.5, 1}).mapToObj(sb2 -> "σ_b² = " + Fmt.num(sb2) + ": "
                + Fmt.f4(MeanField.criticalWeightVariance(tanh, sb2))).collect(Collectors.joining("; "));
    }

    /** What the theory gets right in the issue-14 cases, with the measured values beside. */
    static String theoryFixes() {
        var rows = new ArrayList<String>();
        PropagationResult digits = preset("conv-digits.json");
        LayerResult c1 = digits.layer(1);
        rows.add("| conv-digits, layer 1 Var[∂L/∂z] (conv → ReLU → max-pool) | " + Fmt.sig(c1.predictedVar(
                Quantity.PRE_ACTIVATION_GRADIENTS), 3) + " | " + Fmt.sig(c1.get(Quantity.PRE_ACTIVATION_GRADIENTS)
                .var(), 3) + " |");
        PropagationResult bn = preset("fix-batchnorm.json");
        LayerResult b1 = bn.layer(1);
        rows.add("| fix-batchnorm, layer 1 Var[∂L/∂b] (the bias before a BatchNorm) | " + Fmt.sig(b1.predictedVar(
                Quantity.BIAS_GRADIENTS), 3) + " | " + Fmt.sig(b1.get(Quantity.BIAS_GRADIENTS).var(), 3) + " |");
        return "\n| case | theory | measured |\n|---|---|---|\n" + String.join("\n", rows) + "\n";
    }

    @Test
    void everyQuotedFigureIsTheEnginesNumber() throws Exception {
        boolean write = "write".equals(System.getProperty("initscope.figures"));
        var problems = new ArrayList<String>();
        Set<String> used = new TreeSet<>();
        var cache = new LinkedHashMap<String, String>();
        for (Path file : FILES) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = FIGURE.matcher(text);
            var out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                Supplier<String> gen = GENERATORS.get(name);
                if (gen == null) {
                    problems.add(file + ": no generator for figure \"" + name + "\"");
                    m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                    continue;
                }
                used.add(name);
                String expected = cache.computeIfAbsent(name, k -> gen.get());
                if (!expected.equals(m.group(2))) {
                    problems.add(file + ", figure " + name + ":\n  the document says: " + m.group(2).strip()
                            + "\n  the engine gives:  " + expected.strip());
                }
                m.appendReplacement(out, Matcher.quoteReplacement("<!--fig:" + name + "-->" + expected + "<!--/fig-->"));
            }
            m.appendTail(out);
            if (write && !out.toString().equals(text)) {
                Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
            }
        }
        var unused = new TreeSet<>(GENERATORS.keySet());
        unused.removeAll(used);
        assertTrue(unused.isEmpty(), "generators without a figure in the documents: " + unused);
        assertTrue(write || problems.isEmpty(), String.join("\n", problems) + "\n\nIf the engine's numbers are "
                + "right, rewrite the figures: mvn -q -Dtest=DocFiguresTest -Dinitscope.figures=write test");
    }
}
