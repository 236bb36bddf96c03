package org.initscope.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.initscope.config.Presets;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.engine.Diagnosis;
import org.initscope.engine.Propagator;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Explanations;
import org.initscope.model.InitSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Chinese table is well formed, and the explanations, lessons and presets all have a translation. */
class TranslationsTest {
    /**
     * A format placeholder as {@link String#format} reads it ({@code %s}, {@code %d}, {@code %.0f}, {@code %,d},
     * {@code %%}). The space flag is left out on purpose: "95 % accuracy" in a plain text is not a {@code % a}.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile("%(\\d+\\$)?[-#+0,(<]*\\d*(\\.\\d+)?[a-zA-Z%]");

    @AfterEach
    void english() {
        I18n.setLanguage(I18n.Language.ENGLISH);
    }

    private static boolean han(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    private static List<String> placeholders(String s) {
        var out = new ArrayList<String>();
        Matcher m = PLACEHOLDER.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static void assertTranslated(String english, List<String> failures) {
        if (english == null || english.isEmpty()) {
            return;
        }
        String zh = I18n.t(english);
        if (!han(zh)) {
            failures.add(english);
        }
    }

    @Test
    void everyEntryIsNonEmptyUniqueAndKeepsItsPlaceholders() throws Exception {
        var keys = new HashSet<String>();
        var problems = new ArrayList<String>();
        int entries = 0;
        try (var in = TranslationsTest.class.getResourceAsStream("/org/initscope/i18n/zh-CN.tsv")) {
            var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    problems.add(n + ": no tab: " + line);
                    continue;
                }
                String key = line.substring(0, tab);
                String value = line.substring(tab + 1);
                entries++;
                if (key.isBlank() || value.isBlank()) {
                    problems.add(n + ": empty key or value: " + line);
                }
                if (value.indexOf('\t') >= 0) {
                    problems.add(n + ": more than one tab: " + line);
                }
                if (!keys.add(key)) {
                    problems.add(n + ": duplicate key: " + key);
                }
                if (!placeholders(key).equals(placeholders(value))) {
                    problems.add(n + ": placeholders " + placeholders(key) + " ≠ " + placeholders(value) + ": " + key);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(entries, I18n.translations(I18n.Language.CHINESE).size(), "every line is one entry");
    }

    @Test
    void everyInitializerExplanationIsTranslated() {
        I18n.setLanguage(I18n.Language.CHINESE);
        var failures = new ArrayList<String>();
        for (Scheme s : Scheme.values()) {
            String origin = Explanations.origin(s);
            assertFalse(origin.isEmpty(), s.id());
            if (!han(origin)) {
                failures.add("origin of " + s.id() + ": " + origin);
            }
            String why = Explanations.assumption(s);
            if (!why.isEmpty() && !han(why)) {
                failures.add("assumption of " + s.id() + ": " + why);
            }
        }
        // a preset for every note: the Chinese text of each is checked where it applies
        int shown = 0;
        for (Presets.Preset p : Presets.all()) {
            for (var l : p.load().resolve().layers()) {
                for (var param : l.params()) {
                    InitSpec init = l.spec() instanceof org.initscope.model.WeightedSpec w && param.name().equals("weight")
                            ? w.init() : l.spec() instanceof org.initscope.model.RecurrentSpec r
                                    ? param.name().equals("weight_ih") ? r.weightIh() : r.weightHh() : null;
                    if (init == null || param.name().startsWith("bias")) {
                        continue;
                    }
                    var t = org.initscope.model.Misconception.target(l, param.name(), init);
                    for (var m : org.initscope.model.Misconception.of(t)) {
                        shown++;
                        if (!han(m.text(t))) {
                            failures.add("misconception: " + m.text(t));
                        }
                    }
                }
            }
        }
        for (var m : org.initscope.model.Misconception.values()) {
            var t = example(m);
            if (!han(m.text(t))) {
                failures.add("misconception: " + m.text(t));
            }
        }
        assertTrue(shown >= 3, "the presets show misconceptions: " + shown);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** A tensor where the note applies (every note has one). */
    static org.initscope.model.Misconception.Target example(org.initscope.model.Misconception m) {
        var act = ActivationSpec.of(m == org.initscope.model.Misconception.SELU_GAIN ? Activation.SELU
                : m == org.initscope.model.Misconception.XAVIER_ON_RELU ? Activation.RELU : Activation.TANH);
        InitSpec init = switch (m) {
            case TORCH_DEFAULT_IS_NOT_XAVIER -> InitSpec.of(Scheme.TORCH_DEFAULT);
            case GLOROT_NORMAL_IS_TRUNCATED -> InitSpec.of(Scheme.GLOROT_NORMAL);
            case TRUNC_NORMAL_BOUNDS -> InitSpec.of(Scheme.TRUNC_NORMAL);
            case KERAS_LSTM_ORTHOGONAL -> InitSpec.of(Scheme.ORTHOGONAL);
            case SELU_GAIN -> InitSpec.of(Scheme.KAIMING_NORMAL, "nonlinearity", "selu");
            case XAVIER_ON_RELU -> InitSpec.of(Scheme.XAVIER_NORMAL);
            case DL4J_LECUN_UNIFORM -> InitSpec.of(Scheme.LECUN_UNIFORM);
        };
        org.initscope.model.LayerSpec layer = m == org.initscope.model.Misconception.KERAS_LSTM_ORTHOGONAL
                ? org.initscope.model.RecurrentSpec.kerasDefault(org.initscope.model.RecurrentSpec.Cell.LSTM, 16)
                : new org.initscope.model.DenseSpec(16, act, init, InitSpec.of(Scheme.ZEROS), 1);
        var net = new org.initscope.model.NetworkSpec("x", 1, m == org.initscope.model.Misconception
                .KERAS_LSTM_ORTHOGONAL ? org.initscope.model.InputSpec.sequence(8, 5, 4, org.initscope.model.InputDistribution.NORMAL)
                        : new org.initscope.model.InputSpec(16, 4, org.initscope.model.InputDistribution.NORMAL),
                List.of(layer));
        var l = net.resolve().layers().get(0);
        String param = m == org.initscope.model.Misconception.KERAS_LSTM_ORTHOGONAL ? "weight_hh" : "weight";
        var t = org.initscope.model.Misconception.target(l, param, init);
        assertTrue(m.appliesTo(t), m.name());
        return t;
    }

    @Test
    void englishStaysAsWritten() {
        I18n.setLanguage(I18n.Language.ENGLISH);
        assertEquals("torch.nn.init.zeros_", Explanations.origin(Scheme.ZEROS));
        assertTrue(Explanations.assumption(Scheme.KAIMING_NORMAL).startsWith("Assumes ReLU"));
    }

    @Test
    void everyLessonAndPresetTextIsTranslated() {
        I18n.setLanguage(I18n.Language.CHINESE);
        var failures = new ArrayList<String>();
        for (Scenario lesson : Scenarios.builtIn()) {
            assertTranslated(lesson.title(), failures);
            assertTranslated(lesson.summary(), failures);
            for (Scenario.Step s : lesson.steps()) {
                assertTranslated(s.title(), failures);
                assertTranslated(s.text(), failures);
                assertTranslated(s.question(), failures);
            }
        }
        for (Presets.Preset p : Presets.all()) {
            assertTranslated(p.lesson(), failures);
        }
        assertTrue(failures.isEmpty(), failures.size() + " untranslated:\n" + String.join("\n", failures));
    }

    @Test
    void diagnosisSentencesAreTranslated() {
        I18n.setLanguage(I18n.Language.CHINESE);
        var failures = new ArrayList<String>();
        try (var engine = new Propagator()) {
            for (String preset : List.of("cs231n-tanh-small.json", "cs231n-tanh-large.json", "cs231n-relu-xavier.json",
                    "cs231n-relu-he.json", "cs231n-tanh-xavier.json", "dlai-zeros.json")) {
                var spec = Presets.byFile(preset).orElseThrow().load();
                List<String> lines = Diagnosis.of(engine.run(spec.resolve()));
                assertFalse(lines.isEmpty(), preset);
                for (String l : lines) {
                    if (!han(l) || l.contains("layer") || l.contains("vanishing") || l.contains("per layer")) {
                        failures.add(preset + ": " + l);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * Every message a session shows (the message bar, a refusal under a control, the Experiments status line) goes
     * through I18n and has a Chinese entry: the English texts given to {@code I18n.t}/{@code I18n.f} in the
     * controller package are read from its sources (string literals joined with +, both arms of a ?:), and no
     * message is handed to the window as a bare literal ({@code report("…")}, {@code problem.set("…")},
     * {@code status.set("…")}, {@code Optional.of("…")}).
     */
    @Test
    void everyControllerMessageIsTranslated() throws Exception {
        I18n.setLanguage(I18n.Language.CHINESE);
        var untranslated = new ArrayList<String>();
        var bare = new ArrayList<String>();
        int keys = 0;
        Pattern call = Pattern.compile("I18n\\.[tf]\\(");
        // a literal or an English constant handed over as it is, also as an arm of a ?: ("nothing to undo")
        Pattern bareMessage = Pattern.compile("(report|problem\\.set|status\\.set|computeError\\.set|Optional\\.of)"
                + "\\(\\s*([\\w.!]+(\\(\\))?\\s*\\?\\s*)?(\"[^\"]|[A-Z][A-Z_]+\\s*[,)])");
        try (var files = Files.list(Path.of("src/main/java/org/initscope/controller"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String src = Files.readString(f);
                Matcher m = call.matcher(src);
                while (m.find()) {
                    for (String key : literalArms(src, m.end())) {
                        keys++;
                        if (!han(I18n.t(key))) {
                            untranslated.add(f.getFileName() + ": " + key);
                        }
                    }
                }
                Matcher b = bareMessage.matcher(src);
                while (b.find()) {
                    bare.add(f.getFileName() + ": " + src.substring(b.start(), Math.min(src.length(), b.end() + 40)));
                }
            }
        }
        assertTrue(keys > 40, keys + " messages found");
        assertTrue(untranslated.isEmpty(), untranslated.size() + " untranslated:\n" + String.join("\n", untranslated));
        assertTrue(bare.isEmpty(), "messages that skip I18n:\n" + String.join("\n", bare));
    }

    /**
     * The English texts of the first argument of a call starting at {@code from}: each run of string literals joined
     * with + (a conditional gives one run per arm), up to the argument's end (a comma or the closing parenthesis
     * outside any literal or nested call).
     */
    private static List<String> literalArms(String src, int from) {
        var arms = new ArrayList<String>();
        var run = new StringBuilder();
        boolean inRun = false;
        int depth = 0;
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '"') {
                int j = i + 1;
                var lit = new StringBuilder();
                while (src.charAt(j) != '"') {
                    if (src.charAt(j) == '\\') {
                        j++;
                        lit.append(switch (src.charAt(j)) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> src.charAt(j);
                        });
                    } else {
                        lit.append(src.charAt(j));
                    }
                    j++;
                }
                run.append(lit);
                inRun = true;
                i = j;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')' || c == '?' || c == ':')) {
                if (inRun) {
                    arms.add(run.toString());
                    run.setLength(0);
                    inRun = false;
                }
                if (c == ',' || c == ')') {
                    break;
                }
            }
        }
        return arms;
    }
}
