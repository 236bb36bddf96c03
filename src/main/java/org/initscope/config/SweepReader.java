package org.initscope.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.initscope.config.Json.Arr;
import org.initscope.config.Json.Field;
import org.initscope.config.Json.Node;
import org.initscope.config.Json.Num;
import org.initscope.config.Json.Obj;
import org.initscope.config.Json.Str;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepPlan;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.model.Parameterization;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.NetworkEdits;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.initscope.model.Suggest;

/**
 * Reads a sweep file (JSON; format in README "Experiments") into a {@link SweepSpec}. Like a network config, every
 * mistake is one {@link ConfigException} naming the file, line, column and field with the allowed values; the network
 * of every cell is built and resolved, so a sweep that reads without error also runs (a cell that cannot be built,
 * e.g. a residual layer made wider than its input, is named with its axis values).
 */
public final class SweepReader {
    private static final Set<String> TOP = Set.of("name", "network", "preset", "axes", "repeats", "jacobian",
            "train");
    private static final Set<String> AXIS = Set.of("param", "values", "from", "to", "steps", "spacing");
    private static final Set<String> TRAIN = Set.of("steps", "criterion", "eval_every", "coordinates",
            "parameterization", "base_width", "output_multiplier");

    private final String source;

    private SweepReader(String source) {
        this.source = source;
    }

    public static SweepSpec read(Path file) throws ConfigException {
        String name = file.toString();
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(name, 0, 0, "", Files.exists(file) ? "not a regular file" : "no such file");
            }
            long size = Files.size(file);
            if (size > ConfigReader.MAX_BYTES) {
                throw new ConfigException(name, 0, 0, "", "the file is " + size + " bytes; a sweep is at most "
                        + ConfigReader.MAX_BYTES + " bytes");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException(name, 0, 0, "", "not a text file (not valid UTF-8): is this a sweep?");
            }
            return parse(text, name);
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "", "cannot read the file: " + e.getMessage());
        }
    }

    /** Parse sweep text; {@code source} names it in error messages. */
    public static SweepSpec parse(String text, String source) throws ConfigException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return new SweepReader(source).sweep(Json.parse(text, source));
    }

    private SweepSpec sweep(Node root) throws ConfigException {
        if (!(root instanceof Obj o)) {
            throw LessonExpect.at(root, "", source, "a sweep is a JSON object {\"network\": {...}, \"axes\": [...]}");
        }
        LessonExpect.keys(o, "", TOP, source);
        String name = "";
        if (o.fields().containsKey("name")) {
            if (!(o.fields().get("name").value() instanceof Str s)) {
                throw LessonExpect.at(o.fields().get("name").value(), "name", source, "name must be a string");
            }
            name = s.value();
        }
        NetworkSpec network = network(o);
        Field axesField = o.fields().get("axes");
        if (axesField == null) {
            throw new ConfigException(source, o.line(), o.column(), "axes", "missing; add \"axes\": [{\"param\": "
                    + "\"sigma_w2\", \"from\": 0.5, \"to\": 4, \"steps\": 16}]");
        }
        if (!(axesField.value() instanceof Arr arr) || arr.items().isEmpty() || arr.items().size() > 2) {
            throw LessonExpect.at(axesField.value(), "axes", source, "axes is an array of one or two axes, e.g. "
                    + "[{\"param\": \"sigma_w2\", \"values\": [1, 1.5, 2]}]");
        }
        var axes = new ArrayList<SweepAxis>();
        for (int i = 0; i < arr.items().size(); i++) {
            axes.add(axis(arr.items().get(i), "axes[" + i + "]"));
        }
        int repeats = o.fields().containsKey("repeats")
                ? (int) LessonExpect.whole(o, "repeats", "", source, 1, SweepSpec.MAX_REPEATS) : 1;
        boolean jacobian = false;
        if (o.fields().containsKey("jacobian")) {
            if (!(o.fields().get("jacobian").value() instanceof Json.Bool b)) {
                throw LessonExpect.at(o.fields().get("jacobian").value(), "jacobian", source, "jacobian is true or "
                        + "false");
            }
            jacobian = b.value();
        }
        SweepSpec.Training training = o.fields().containsKey("train") ? training(o.fields().get("train").value())
                : null;
        SweepSpec spec;
        try {
            spec = new SweepSpec(name, network, axes, repeats, jacobian, training);
        } catch (SpecException e) {
            Field f = o.fields().get(e.field());
            throw LessonExpect.at(f == null ? axesField.value() : f.value(), e.field(), source, e.getMessage());
        }
        try {
            // every cell's network is built and resolved: a sweep that reads also runs
            SweepPlan.of(spec, 1, 1);
        } catch (SpecException e) {
            throw LessonExpect.at(axesField.value(), "axes", source, e.getMessage());
        }
        return spec;
    }

    private NetworkSpec network(Obj o) throws ConfigException {
        Field net = o.fields().get("network");
        Field preset = o.fields().get("preset");
        if ((net == null) == (preset == null)) {
            throw new ConfigException(source, o.line(), o.column(), "network", "a sweep needs either \"network\" (a "
                    + "network config) or \"preset\" (a preset file name, e.g. \"cs231n-tanh-xavier-gain.json\")");
        }
        if (net != null) {
            return ConfigReader.network(net.value(), source, "network");
        }
        String file = preset.value() instanceof Str s ? s.value() : "";
        var p = Presets.byFile(file);
        if (p.isEmpty()) {
            List<String> files = Presets.all().stream().map(Presets.Preset::file).toList();
            throw LessonExpect.at(preset.value(), "preset", source, "unknown preset " + preset.value().show()
                    + "; allowed: " + String.join(", ", files) + Suggest.didYouMean(file, files));
        }
        return p.get().load();
    }

    private SweepAxis axis(Node node, String path) throws ConfigException {
        if (!(node instanceof Obj o)) {
            throw LessonExpect.at(node, path, source, "an axis is an object such as {\"param\": \"depth\", \"values\": "
                    + "[10, 20, 40]}");
        }
        LessonExpect.keys(o, path, AXIS, source);
        Field pf = o.fields().get("param");
        if (pf == null) {
            throw new ConfigException(source, o.line(), o.column(), path + ".param", "missing; one of "
                    + String.join(", ", SweepAxis.Param.keys()));
        }
        String key = pf.value() instanceof Str s ? s.value() : "";
        SweepAxis.Param param = SweepAxis.Param.byKey(key).orElseThrow(() -> LessonExpect.at(pf.value(),
                path + ".param", source, "unknown parameter " + pf.value().show() + "; allowed: " + String.join(", ",
                        SweepAxis.Param.keys()) + Suggest.didYouMean(key, SweepAxis.Param.keys())));
        boolean list = o.fields().containsKey("values");
        boolean range = o.fields().containsKey("from") || o.fields().containsKey("to")
                || o.fields().containsKey("steps");
        if (list == range) {
            throw new ConfigException(source, o.line(), o.column(), path, "an axis has either \"values\" (a list) or "
                    + "\"from\", \"to\" and \"steps\" (a range)");
        }
        try {
            if (range) {
                if (!param.numeric()) {
                    throw LessonExpect.at(o, path, source, param.key() + " takes a list of \"values\", not a range");
                }
                for (String k : List.of("from", "to", "steps")) {
                    if (!o.fields().containsKey(k)) {
                        throw new ConfigException(source, o.line(), o.column(), path + "." + k, "missing: a range "
                                + "needs \"from\", \"to\" and \"steps\"");
                    }
                }
                double from = LessonExpect.number(o, "from", path, source, -1e9, 1e9);
                double to = LessonExpect.number(o, "to", path, source, -1e9, 1e9);
                int steps = (int) LessonExpect.whole(o, "steps", path, source, 1, SweepAxis.MAX_VALUES);
                boolean log = false;
                Field sp = o.fields().get("spacing");
                if (sp != null) {
                    if (!(sp.value() instanceof Str s) || !(s.value().equals("linear") || s.value().equals("log"))) {
                        throw LessonExpect.at(sp.value(), path + ".spacing", source, "spacing is \"linear\" or "
                                + "\"log\"");
                    }
                    log = s.value().equals("log");
                }
                return SweepAxis.range(param, from, to, steps, log);
            }
            if (o.fields().containsKey("spacing")) {
                throw LessonExpect.at(o.fields().get("spacing").value(), path + ".spacing", source, "spacing goes "
                        + "with a range (from, to, steps)");
            }
            Node vn = o.fields().get("values").value();
            if (!(vn instanceof Arr values) || values.items().isEmpty()) {
                throw LessonExpect.at(vn, path + ".values", source, "values is a non-empty array");
            }
            var out = new ArrayList<Object>();
            for (int i = 0; i < values.items().size(); i++) {
                out.add(value(param, values.items().get(i), path + ".values[" + i + "]"));
            }
            return new SweepAxis(param, out);
        } catch (SpecException e) {
            Node at = o;
            if (e.field().startsWith("values[") && o.fields().get("values").value() instanceof Arr a) {
                int i = Integer.parseInt(e.field().substring(7, e.field().indexOf(']')));
                at = a.items().get(i);
            } else if (o.fields().containsKey(e.field())) {
                at = o.fields().get(e.field()).value();
            }
            throw LessonExpect.at(at, path + "." + e.field(), source, e.getMessage());
        }
    }

    private Object value(SweepAxis.Param param, Node v, String path) throws ConfigException {
        return switch (param.kind()) {
            case NUMBER, WHOLE -> {
                if (!(v instanceof Num n)) {
                    throw LessonExpect.at(v, path, source, param.key() + " takes numbers, got " + v.show());
                }
                yield n.value();
            }
            case INIT -> {
                if (v instanceof Str s) {
                    // a name alone: the scheme with the layer's own gain where it takes one (as Compare's choices)
                    var scheme = Scheme.byId(s.value());
                    if (scheme.isEmpty()) {
                        yield ConfigReader.weightInit(v, source, path);
                    }
                    try {
                        yield NetworkEdits.usualInit(scheme.get());
                    } catch (SpecException e) {
                        throw LessonExpect.at(v, path, source, e.getMessage() + ": write it as an object, e.g. "
                                + "{\"scheme\": \"" + s.value() + "\", ...}");
                    }
                }
                yield ConfigReader.weightInit(v, source, path);
            }
            case ACTIVATION -> ConfigReader.activation(v, source, path);
        };
    }

    private SweepSpec.Training training(Node node) throws ConfigException {
        TrainSettings settings = LessonExpect.training(node, "train", source, TRAIN);
        Obj o = (Obj) node;
        if (!o.fields().containsKey("steps")) {
            throw new ConfigException(source, o.line(), o.column(), "train.steps", "missing; add \"steps\": 200 (the "
                    + "optimizer steps of every run)");
        }
        int steps = (int) LessonExpect.whole(o, "steps", "train", source, 1, SweepSpec.Training.MAX_STEPS);
        double criterion = o.fields().containsKey("criterion")
                ? LessonExpect.number(o, "criterion", "train", source, 1e-12, 1e6) : Double.NaN;
        int evalEvery = o.fields().containsKey("eval_every")
                ? (int) LessonExpect.whole(o, "eval_every", "train", source, 1, steps) : Math.min(10, steps);
        boolean coordinates = false;
        if (o.fields().containsKey("coordinates")) {
            if (!(o.fields().get("coordinates").value() instanceof Json.Bool b)) {
                throw LessonExpect.at(o.fields().get("coordinates").value(), "train.coordinates", source,
                        "coordinates is true or false");
            }
            coordinates = b.value();
        }
        Parameterization param = null;
        if (o.fields().containsKey("parameterization")) {
            Node v = o.fields().get("parameterization").value();
            Parameterization.Kind kind = v instanceof Json.Str str ? Parameterization.Kind.byId(str.value())
                    .orElse(null) : null;
            if (kind == null) {
                throw LessonExpect.at(v, "train.parameterization", source, "parameterization is one of "
                        + String.join(", ", Parameterization.Kind.ids()) + ", got " + v.show());
            }
            int base = o.fields().containsKey("base_width")
                    ? (int) LessonExpect.whole(o, "base_width", "train", source, 1, Parameterization.MAX_BASE_WIDTH)
                    : Parameterization.STANDARD.baseWidth();
            double multiplier = o.fields().containsKey("output_multiplier") ? LessonExpect.number(o,
                    "output_multiplier", "train", source, 1e-12, Parameterization.MAX_OUTPUT_MULTIPLIER) : 1;
            try {
                param = new Parameterization(kind, base, multiplier);
            } catch (SpecException e) {
                Field f = o.fields().get(e.field());
                throw LessonExpect.at(f == null ? o : f.value(), "train." + e.field(), source, e.getMessage());
            }
        }
        try {
            return new SweepSpec.Training(settings, steps, criterion, evalEvery, coordinates, param);
        } catch (SpecException e) {
            Field f = o.fields().get(e.field());
            throw LessonExpect.at(f == null ? o : f.value(), "train." + e.field(), source, e.getMessage());
        }
    }
}
