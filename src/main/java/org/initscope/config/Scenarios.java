package org.initscope.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.initscope.config.Json.Arr;
import org.initscope.config.Json.Field;
import org.initscope.config.Json.Node;
import org.initscope.config.Json.Obj;
import org.initscope.config.Json.Str;
import org.initscope.engine.MemoryEstimate;
import org.initscope.engine.Quantity;
import org.initscope.engine.ResourceLimitException;
import org.initscope.model.ComputeCost;
import org.initscope.model.Counterpart;
import org.initscope.model.InitSpec;
import org.initscope.model.Limits;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;

/** The lessons shipped in the resources, and lesson files a teacher writes. */
public final class Scenarios {
    /** The lesson files shipped with the app, in menu order. */
    public static final List<String> BUILT_IN = List.of("vanishing.json", "saturation.json", "xavier-vs-he.json",
            "zero-init.json", "pytorch-default.json", "selu.json", "isometry.json", "learning.json");
    /** The parts of the window a step may highlight. */
    public static final Set<String> LOOK = Set.of("depthChart", "histogramGrid", "ridgeline", "statsTable",
            "theoryPanel", "phaseDiagram", "jacobianChart", "activationChart", "layerTable", "inspector",
            "weightFormula", "scaleSlider", "lossChart", "outputChart", "layerCurves", "timeHistograms", "compareInit", "compareTraining", "compareLoss",
            "compareThroughTime");
    private static final Set<String> TOP = Set.of("title", "summary", "steps");
    private static final Set<String> STEP = Stream.concat(Set.of("title", "text", "preset", "network",
            "mode", "view", "quantity", "look", "question", "compare").stream(), LessonExpect.STEP_KEYS.stream())
            .collect(Collectors.toUnmodifiableSet());

    private Scenarios() {
    }

    /** The shipped lessons, parsed without the memory check (they are small, and ND4J may not be up yet). */
    public static List<Scenario> builtIn() {
        return BuiltIn.ALL;
    }

    /**
     * The built-in lessons, parsed once per process (they are immutable): the Lessons menu, the lesson checks and
     * the CLI share them. The app parses them on its engine-start thread while the window is built (a tenth of
     * the window's build time on the FX thread when the menu parsed them).
     */
    private static final class BuiltIn {
        static final List<Scenario> ALL = load();
    }

    private static List<Scenario> load() {
        var out = new ArrayList<Scenario>();
        for (String f : BUILT_IN) {
            try (InputStream in = Scenarios.class.getResourceAsStream("/org/initscope/scenarios/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("missing lesson " + f);
                }
                out.add(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), f, false));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ConfigException e) {
                throw new IllegalStateException("broken lesson " + f + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A built-in lesson by its name ("vanishing", "selu", …) or a lesson file. */
    public static Scenario find(String nameOrFile) throws ConfigException {
        String stem = nameOrFile.endsWith(".json") ? nameOrFile.substring(0, nameOrFile.length() - 5) : nameOrFile;
        int i = BUILT_IN.indexOf(stem + ".json");
        if (i >= 0) {
            return builtIn().get(i);
        }
        Path p = Path.of(nameOrFile);
        if (!Files.exists(p)) {
            throw new ConfigException(nameOrFile, 0, 0, "", "no such lesson; built in: " + String.join(", ",
                    BUILT_IN.stream().map(f -> f.replace(".json", "")).toList()) + ", or a lesson file");
        }
        return read(p);
    }

    /** A lesson file, read as configs are (size, UTF-8, BOM) and validated whole before anything uses it. */
    public static Scenario read(Path file) throws ConfigException {
        return parse(ConfigReader.readText(file, "lesson"), file.toString());
    }

    /**
     * Parse and validate a lesson: every step's network and network B resolved, within the compute budget and the
     * memory this process can get, every text within its limit. Nothing is applied until all of it holds.
     */
    public static Scenario parse(String text, String source) throws ConfigException {
        return parse(text, source, true);
    }

    private static Scenario parse(String text, String source, boolean checkMemory) throws ConfigException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Node root = Json.parse(text, source);
        if (!(root instanceof Obj o)) {
            throw new ConfigException(source, root.line(), root.column(), "", "a lesson is a JSON object");
        }
        keys(o, "", TOP, source);
        String title = limited(o, "title", "", source, true, Limits.MAX_LESSON_TITLE);
        String summary = limited(o, "summary", "", source, false, Limits.MAX_LESSON_SUMMARY);
        Field stepsField = o.fields().get("steps");
        if (stepsField == null || !(stepsField.value() instanceof Arr arr) || arr.items().isEmpty()) {
            throw new ConfigException(source, o.line(), o.column(), "steps", "a lesson needs a non-empty \"steps\" "
                    + "array");
        }
        if (arr.items().size() > Limits.MAX_LESSON_STEPS) {
            throw new ConfigException(source, arr.line(), arr.column(), "steps", "a lesson has at most "
                    + Limits.MAX_LESSON_STEPS + " steps, this one " + arr.items().size());
        }
        var steps = new ArrayList<Scenario.Step>();
        for (int i = 0; i < arr.items().size(); i++) {
            steps.add(step(arr.items().get(i), "steps[" + i + "]", source, checkMemory));
        }
        return new Scenario(title, summary, steps, source);
    }

    private static Scenario.Step step(Node node, String path, String source, boolean checkMemory)
            throws ConfigException {
        if (!(node instanceof Obj o)) {
            throw new ConfigException(source, node.line(), node.column(), path, "a step is a JSON object");
        }
        keys(o, path, STEP, source);
        String title = limited(o, "title", path, source, true, Limits.MAX_LESSON_TITLE);
        String text = limited(o, "text", path, source, true, Limits.MAX_STEP_TEXT);
        String question = limited(o, "question", path, source, false, Limits.MAX_STEP_QUESTION);
        String modeKey = string(o, "mode", path, source, false);
        Mode mode = modeKey.isEmpty() ? Mode.EXPLORE : Mode.byKey(modeKey).filter(Mode::inLessons).orElseThrow(() -> error(o, "mode", path,
                source, "mode must be explore, train, compare or compare-train"));
        String viewKey = string(o, "view", path, source, false);
        View view = viewKey.isEmpty() ? null : View.byKey(viewKey).orElseThrow(() -> error(o, "view", path, source,
                "view must be one of " + String.join(", ", Arrays.stream(View.values()).map(View::key)
                        .sorted().toList())));
        String quantity = string(o, "quantity", path, source, false);
        if (!quantity.isEmpty() && Quantity.byKey(quantity).isEmpty()) {
            throw error(o, "quantity", path, source, "unknown quantity \"" + quantity + "\"; allowed: "
                    + Arrays.stream(Quantity.values()).map(Quantity::key)
                            .collect(Collectors.joining(", ")));
        }
        var look = new ArrayList<String>();
        Field lf = o.fields().get("look");
        if (lf != null) {
            if (!(lf.value() instanceof Arr la)) {
                throw error(o, "look", path, source, "look is an array of names");
            }
            for (Node n : la.items()) {
                if (!(n instanceof Str s) || !LOOK.contains(s.value())) {
                    throw new ConfigException(source, n.line(), n.column(), path + ".look", "unknown part "
                            + n.show() + "; allowed: " + String.join(", ", LOOK.stream().sorted().toList()));
                }
                look.add(s.value());
            }
        }
        Field preset = o.fields().get("preset");
        Field network = o.fields().get("network");
        if ((preset == null) == (network == null)) {
            throw new ConfigException(source, o.line(), o.column(), path, "a step needs either \"preset\" (a preset "
                    + "file name) or \"network\" (a network config)");
        }
        NetworkSpec spec;
        String presetFile = "";
        if (preset != null) {
            String name = preset.value() instanceof Str s ? s.value() : "";
            var p = Presets.byFile(name);
            if (p.isEmpty()) {
                throw new ConfigException(source, preset.line(), preset.column(), path + ".preset", "unknown preset "
                        + preset.value().show() + "; allowed: " + String.join(", ", Presets.all().stream()
                                .map(Presets.Preset::file).toList()));
            }
            spec = p.get().load();
            presetFile = name;
        } else {
            // the embedded network is a config like any other: re-read it with its own error messages
            String json = text(network.value());
            try {
                spec = ConfigReader.parse(json, source + " " + path + ".network");
            } catch (ConfigException e) {
                throw new ConfigException(source, network.line(), network.column(), path + ".network." + e.path(),
                        e.problem());
            }
        }
        String compare = string(o, "compare", path, source, false);
        Counterpart counterpart = compare.isEmpty() ? null : counterpart(compare);
        if (!compare.isEmpty() && counterpart == null) {
            throw error(o, "compare", path, source, "compare is a weight scheme (e.g. \"kaiming_normal\": network A "
                    + "with it on every layer) or a preset file name");
        }
        Field at = network != null ? network : preset;
        checkRuns(spec, at.value(), path + "." + (network != null ? "network" : "preset"), source, checkMemory);
        if (counterpart != null) {
            checkCounterpart(spec, counterpart, o.fields().get("compare").value(), path + ".compare", source,
                    checkMemory);
        }
        return new Scenario.Step(title, text, spec, mode, view, quantity, look, question, counterpart, presetFile,
                LessonExpect.range(o, path, source), LessonExpect.training(o, path, source),
                LessonExpect.expectations(o, path, mode.key(), counterpart != null, source));
    }

    /**
     * A step's network must run here: within the compute budget and (for a lesson file) the memory this process
     * can get — refused at the network's place in the file before the lesson starts, not when its step is shown.
     */
    private static void checkRuns(NetworkSpec spec, Node at, String path, String source,
            boolean checkMemory) throws ConfigException {
        var resolved = spec.resolve();
        String problem = ComputeCost.of(resolved).refusal();
        if (problem == null && checkMemory) {
            try {
                MemoryEstimate.check(resolved);
            } catch (ResourceLimitException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            throw new ConfigException(source, at.line(), at.column(), path, problem);
        }
    }

    /** Network B must be buildable from the step's network (dirac needs a convolution, eye a 2-D weight) and run. */
    private static void checkCounterpart(NetworkSpec a, Counterpart c,
            Node at, String path, String source, boolean checkMemory) throws ConfigException {
        NetworkSpec b;
        try {
            b = c.apply(a);
            b.resolve();
        } catch (SpecException | IllegalArgumentException e) {
            throw new ConfigException(source, at.line(), at.column(), path, "network B (" + c.label()
                    + ") cannot be built: " + e.getMessage());
        }
        checkRuns(b, at, path, source, checkMemory);
    }

    /** A string field no longer than {@code max} characters (a longer text pushes the charts off the screen). */
    private static String limited(Obj o, String key, String path, String source, boolean required, int max)
            throws ConfigException {
        String s = string(o, key, path, source, required);
        int length = s.codePointCount(0, s.length());
        if (length > max) {
            throw error(o, key, path, source, String.format(Locale.ROOT, "%s is %,d characters long; at "
                    + "most %,d fit on a classroom screen", key, length, max));
        }
        return s;
    }

    /** "kaiming_normal" → A with it (gain from the activation where it has one); "x.json" → that preset. */
    static Counterpart counterpart(String name) {
        var preset = Presets.byFile(name);
        if (preset.isPresent()) {
            return new Counterpart.Fixed("Preset: " + preset.get().title(), preset.get().load());
        }
        var scheme = Scheme.byId(name);
        if (scheme.isEmpty()) {
            return null;
        }
        try {
            var s = scheme.get();
            var init = s.param("gain").isPresent()
                    ? InitSpec.of(s, "gain", ParamDef.AUTO)
                    : InitSpec.of(s);
            return new Counterpart.WithInit(init);
        } catch (SpecException e) {
            return null; // a scheme that needs a parameter (constant, sparse) cannot be named alone
        }
    }

    /** A JSON tree written back as text (for the embedded network config). */
    private static String text(Node n) {
        if (n instanceof Obj o) {
            var sb = new StringBuilder("{");
            for (Field f : o.fields().values()) {
                sb.append(sb.length() > 1 ? "," : "").append(quote(f.name())).append(':').append(text(f.value()));
            }
            return sb.append('}').toString();
        }
        if (n instanceof Arr a) {
            var sb = new StringBuilder("[");
            for (int i = 0; i < a.items().size(); i++) {
                sb.append(i == 0 ? "" : ",").append(text(a.items().get(i)));
            }
            return sb.append(']').toString();
        }
        return n instanceof Str s ? quote(s.value()) : n.show();
    }

    private static String quote(String s) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static void keys(Obj o, String path, Set<String> allowed, String source) throws ConfigException {
        for (Field f : o.fields().values()) {
            if (!allowed.contains(f.name())) {
                throw new ConfigException(source, f.line(), f.column(), path.isEmpty() ? f.name() : path + "." + f.name(),
                        "unknown key \"" + f.name() + "\"; allowed: " + String.join(", ", allowed.stream().sorted()
                                .toList()));
            }
        }
    }

    private static String string(Obj o, String key, String path, String source, boolean required)
            throws ConfigException {
        Field f = o.fields().get(key);
        if (f == null) {
            if (required) {
                throw new ConfigException(source, o.line(), o.column(), path.isEmpty() ? key : path + "." + key,
                        "missing");
            }
            return "";
        }
        if (!(f.value() instanceof Str s)) {
            throw error(o, key, path, source, key + " must be a string, got " + f.value().show());
        }
        return s.value();
    }

    private static ConfigException error(Obj o, String key, String path, String source, String problem) {
        Field f = o.fields().get(key);
        Node at = f == null ? o : f.value();
        return new ConfigException(source, at.line(), at.column(), path.isEmpty() ? key : path + "." + key, problem);
    }
}
