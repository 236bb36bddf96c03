package org.initscope.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.initscope.config.Json.Arr;
import org.initscope.config.Json.Field;
import org.initscope.config.Json.Node;
import org.initscope.config.Json.Num;
import org.initscope.config.Json.Obj;
import org.initscope.config.Json.Str;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.initscope.model.Suggest;

/**
 * Reads a network config (JSON, format in README "Network config") into a {@link NetworkSpec}. Every problem is
 * reported as one {@link ConfigException} that names the file, line, field and the allowed values; the config is
 * also resolved (fans, gains, shapes), so a config that reads without error also runs.
 */
public final class ConfigReader {
    /** Files larger than this are not configs. */
    public static final long MAX_BYTES = 4L << 20;
    /** Widths, batch sizes and features above this are refused before any memory estimate. */
    public static final int MAX_SIZE = 1 << 24;

    private static final Set<String> TOP_KEYS = Set.of("name", "seed", "input", "layers");
    private static final Set<String> INPUT_KEYS = Set.of("features", "batch", "distribution");
    private static final Set<String> LAYER_KEYS = Set.of("type", "units", "activation", "negative_slope", "alpha",
            "repeat", "init", "bias", "scale");

    private final String source;

    private ConfigReader(String source) {
        this.source = source;
    }

    public static NetworkSpec read(Path file) throws ConfigException {
        String name = file.toString();
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(name, 0, 0, "", Files.exists(file) ? "not a regular file"
                        : "no such file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(name, 0, 0, "", "the file is " + size + " bytes; a config is at most "
                        + MAX_BYTES + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException(name, 0, 0, "", "not a text file (not valid UTF-8): is this a config?");
            }
            return parse(text, name);
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "", "cannot read the file: " + e.getMessage());
        }
    }

    /** Parse config text; {@code source} names it in error messages. */
    public static NetworkSpec parse(String text, String source) throws ConfigException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Node root = Json.parse(text, source);
        return new ConfigReader(source).network(root);
    }

    private NetworkSpec network(Node root) throws ConfigException {
        Obj o = object(root, "");
        checkKeys(o, "", TOP_KEYS);
        String name = o.fields().containsKey("name") ? string(o.fields().get("name").value(), "name") : "";
        long seed = o.fields().containsKey("seed") ? longValue(o.fields().get("seed").value(), "seed") : 0L;
        InputSpec input = input(require(o, "input", "", "{\"features\": 500, \"batch\": 1000}"));
        Node layersNode = require(o, "layers", "", "[{\"type\": \"dense\", \"units\": 500, ...}]");
        if (!(layersNode instanceof Arr arr)) {
            throw error(layersNode, "layers", "must be an array of layers, got " + layersNode.show());
        }
        if (arr.items().isEmpty()) {
            throw error(arr, "layers", "a network needs at least one layer");
        }
        var layers = new ArrayList<LayerSpec>();
        for (int i = 0; i < arr.items().size(); i++) {
            layers.add(layer(arr.items().get(i), "layers[" + i + "]"));
        }
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(name, seed, input, layers);
        } catch (SpecException e) {
            throw error(layersNode, e.field(), e.getMessage());
        }
        try {
            spec.resolve();
        } catch (SpecException e) {
            throw errorAt(root, e.field(), e.getMessage());
        }
        return spec;
    }

    private InputSpec input(Node node) throws ConfigException {
        Obj o = object(node, "input");
        checkKeys(o, "input", INPUT_KEYS);
        int features = intValue(require(o, "features", "input", "500"), "input.features", 1, MAX_SIZE);
        int batch = o.fields().containsKey("batch")
                ? intValue(o.fields().get("batch").value(), "input.batch", 1, MAX_SIZE) : 1000;
        InputDistribution dist = InputDistribution.NORMAL;
        if (o.fields().containsKey("distribution")) {
            Node d = o.fields().get("distribution").value();
            String id = string(d, "input.distribution");
            dist = InputDistribution.byId(id).orElseThrow(() -> error(d, "input.distribution",
                    "unknown distribution " + d.show() + "; allowed: " + String.join(", ", InputDistribution.ids())
                            + Suggest.didYouMean(id, InputDistribution.ids())));
        }
        return new InputSpec(features, batch, dist);
    }

    private LayerSpec layer(Node node, String path) throws ConfigException {
        Obj o = object(node, path);
        checkKeys(o, path, LAYER_KEYS);
        if (o.fields().containsKey("type")) {
            Node t = o.fields().get("type").value();
            String type = string(t, path + ".type");
            if (!"dense".equals(type)) {
                throw error(t, path + ".type", "unknown layer type " + t.show() + "; allowed: dense"
                        + Suggest.didYouMean(type, List.of("dense")));
            }
        }
        int units = intValue(require(o, "units", path, "500"), path + ".units", 1, MAX_SIZE);
        int repeat = o.fields().containsKey("repeat")
                ? intValue(o.fields().get("repeat").value(), path + ".repeat", 1, NetworkSpec.MAX_DEPTH) : 1;
        ActivationSpec activation = activation(o, path);
        InitSpec init = o.fields().containsKey("init")
                ? init(o.fields().get("init").value(), path + ".init", false) : DenseSpec.DEFAULT_INIT;
        InitSpec bias = o.fields().containsKey("bias")
                ? init(o.fields().get("bias").value(), path + ".bias", true) : DenseSpec.DEFAULT_BIAS;
        double scale = 1.0;
        if (o.fields().containsKey("scale")) {
            Node sn = o.fields().get("scale").value();
            scale = number(sn, path + ".scale");
            if (!(scale >= DenseSpec.MIN_SCALE && scale <= DenseSpec.MAX_SCALE)) {
                throw error(sn, path + ".scale", "scale must be between " + DenseSpec.MIN_SCALE + " and "
                        + DenseSpec.MAX_SCALE + " (it multiplies the initializer's weights), got " + ((Num) sn).text());
            }
        }
        return new DenseSpec(units, activation, init, bias, scale, repeat);
    }

    private ActivationSpec activation(Obj layer, String path) throws ConfigException {
        Activation kind = Activation.LINEAR;
        Map<String, Field> params = new LinkedHashMap<>();
        for (String p : List.of("negative_slope", "alpha")) {
            if (layer.fields().containsKey(p)) {
                params.put(p, layer.fields().get(p));
            }
        }
        String actPath = path + ".activation";
        if (layer.fields().containsKey("activation")) {
            Node a = layer.fields().get("activation").value();
            String id;
            if (a instanceof Obj ao) {
                // object form: {"name": "leaky_relu", "negative_slope": 0.2}
                checkKeys(ao, actPath, Set.of("name", "negative_slope", "alpha"));
                id = string(require(ao, "name", actPath, "\"tanh\""), actPath + ".name");
                for (String p : List.of("negative_slope", "alpha")) {
                    if (ao.fields().containsKey(p)) {
                        params.put(p, ao.fields().get(p));
                    }
                }
            } else {
                id = string(a, actPath);
            }
            final String name = id;
            kind = Activation.byId(id).orElseThrow(() -> error(a, actPath, "unknown activation \"" + name
                    + "\"; allowed: " + String.join(", ", Activation.ids()) + Suggest.didYouMean(name, Activation.ids())));
        }
        double param = kind.paramDefault();
        for (Field f : params.values()) {
            String expected = kind.paramName().orElse(null);
            if (!f.name().equals(expected)) {
                throw new ConfigException(source, f.line(), f.column(), path + "." + f.name(), f.name()
                        + " does not apply to " + kind.id() + (expected == null ? " (it takes no parameter)"
                                : "; its parameter is " + expected));
            }
            param = number(f.value(), path + "." + f.name());
        }
        return new ActivationSpec(kind, param);
    }

    private InitSpec init(Node node, String path, boolean bias) throws ConfigException {
        List<String> allowed = bias ? Scheme.biasIds() : Scheme.ids();
        Node schemeNode;
        Map<String, Field> rest = new LinkedHashMap<>();
        if (node instanceof Str) {
            schemeNode = node;
        } else if (node instanceof Obj o) {
            schemeNode = require(o, "scheme", path, "\"" + allowed.get(0) + "\"");
            rest.putAll(o.fields());
            rest.remove("scheme");
        } else {
            throw error(node, path, "must be an object such as {\"scheme\": \"normal\", \"std\": 0.01} or a scheme "
                    + "name, got " + node.show());
        }
        String id = string(schemeNode, path + ".scheme");
        Scheme scheme = Scheme.byId(id).filter(s -> !bias || s.biasScheme()).orElseThrow(() -> error(schemeNode,
                path + ".scheme", (Scheme.byId(id).isPresent() ? "'" + id + "' cannot initialize a bias"
                        : "unknown scheme \"" + id + "\"") + "; allowed: " + String.join(", ", allowed)
                        + Suggest.didYouMean(id, allowed)));
        var params = new LinkedHashMap<String, Object>();
        for (Field f : rest.values()) {
            var def = scheme.param(f.name());
            if (def.isEmpty()) {
                String known = scheme.params().isEmpty() ? "it takes no parameters"
                        : "allowed: " + String.join(", ", scheme.params().stream().map(ParamDef::name).toList());
                throw new ConfigException(source, f.line(), f.column(), path + "." + f.name(), "unknown parameter '"
                        + f.name() + "' for " + scheme.id() + "; " + known + Suggest.didYouMean(f.name(),
                                scheme.params().stream().map(ParamDef::name).toList()));
            }
            Node v = f.value();
            String fp = path + "." + f.name();
            if (v instanceof Num n) {
                if (!Double.isFinite(n.value())) {
                    throw error(v, fp, f.name() + " must be a finite number, got " + n.text());
                }
                params.put(f.name(), n.value());
            } else if (v instanceof Str s) {
                params.put(f.name(), s.value());
            } else {
                throw error(v, fp, f.name() + " of " + scheme.id() + " must be " + def.get().allowedText() + ", got "
                        + v.show());
            }
        }
        try {
            return new InitSpec(scheme, params);
        } catch (SpecException e) {
            Field f = rest.get(e.field());
            if (f != null) {
                throw new ConfigException(source, f.value().line(), f.value().column(), path + "." + e.field(),
                        e.getMessage());
            }
            throw error(node, path + "." + e.field(), e.getMessage());
        }
    }

    // ---- typed access with located errors ----

    private Obj object(Node node, String path) throws ConfigException {
        if (node instanceof Obj o) {
            return o;
        }
        throw error(node, path, "must be a JSON object {...}, got " + node.show());
    }

    private Node require(Obj o, String key, String path, String example) throws ConfigException {
        Field f = o.fields().get(key);
        if (f == null) {
            String p = path.isEmpty() ? key : path + "." + key;
            throw new ConfigException(source, o.line(), o.column(), p, "missing; add \"" + key + "\": " + example);
        }
        return f.value();
    }

    private void checkKeys(Obj o, String path, Set<String> allowed) throws ConfigException {
        for (Field f : o.fields().values()) {
            if (!allowed.contains(f.name())) {
                var sorted = allowed.stream().sorted().toList();
                throw new ConfigException(source, f.line(), f.column(), path.isEmpty() ? f.name() : path + "." + f.name(),
                        "unknown key \"" + f.name() + "\"; allowed here: " + String.join(", ", sorted)
                                + Suggest.didYouMean(f.name(), sorted));
            }
        }
    }

    private String string(Node node, String path) throws ConfigException {
        if (node instanceof Str s) {
            return s.value();
        }
        throw error(node, path, "must be a string, got " + node.show());
    }

    private double number(Node node, String path) throws ConfigException {
        if (node instanceof Num n) {
            if (!Double.isFinite(n.value())) {
                throw error(node, path, "must be a finite number, got " + n.text());
            }
            return n.value();
        }
        throw error(node, path, "must be a number, got " + node.show());
    }

    private int intValue(Node node, String path, int min, int max) throws ConfigException {
        double v = number(node, path);
        if (!((Num) node).integral()) {
            throw error(node, path, "must be a whole number, got " + ((Num) node).text());
        }
        if (v < min || v > max) {
            throw error(node, path, "must be between " + min + " and " + max + ", got " + ((Num) node).text());
        }
        return (int) v;
    }

    private long longValue(Node node, String path) throws ConfigException {
        double v = number(node, path);
        Num n = (Num) node;
        if (!n.integral()) {
            throw error(node, path, "must be a whole number, got " + n.text());
        }
        try {
            return Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            if (Math.abs(v) < 9.0e18) {
                return (long) v;
            }
            throw error(node, path, "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
                    + ", got " + n.text());
        }
    }

    private ConfigException error(Node node, String path, String problem) {
        return new ConfigException(source, node.line(), node.column(), path, problem);
    }

    /** An error found after parsing (e.g. while resolving): locate the field by walking its path in the tree. */
    private ConfigException errorAt(Node root, String path, String problem) {
        Node at = root;
        for (String part : path.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            String key = part;
            int idx = -1;
            int br = part.indexOf('[');
            if (br >= 0) {
                key = part.substring(0, br);
                idx = Integer.parseInt(part.substring(br + 1, part.indexOf(']')));
            }
            if (at instanceof Obj o && o.fields().containsKey(key)) {
                at = o.fields().get(key).value();
            } else if (at instanceof Obj o && "scheme".equals(key) && o.fields().isEmpty()) {
                break;
            } else {
                break;
            }
            if (idx >= 0 && at instanceof Arr a && idx < a.items().size()) {
                at = a.items().get(idx);
            }
        }
        return new ConfigException(source, at.line(), at.column(), path, problem);
    }
}
