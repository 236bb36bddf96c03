package org.initscope.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.initscope.config.Json.Arr;
import org.initscope.config.Json.Field;
import org.initscope.config.Json.Node;
import org.initscope.config.Json.Num;
import org.initscope.config.Json.Obj;
import org.initscope.config.Json.Str;
import org.initscope.export.AtomicFiles;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.FlattenSpec;
import org.initscope.model.Limits;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Residual;
import org.initscope.model.Fmt;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.Parameterization;
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
    public static final int MAX_SIZE = Limits.MAX_WIDTH;

    private static final Set<String> TOP_KEYS = Set.of("name", "seed", "input", "layers", "parameterization");
    private static final Set<String> PARAMETERIZATION_KEYS = Set.of("kind", "base_width", "output_multiplier");
    private static final Set<String> INPUT_KEYS = Set.of("features", "batch", "distribution", "channels", "height",
            "width", "sequence_length");
    /** The layer types and their config keys (PyTorch's constructor arguments where they exist). */
    static final Map<String, Set<String>> LAYER_KEYS = Map.of(
            "dense", Set.of("type", "units", "activation", "negative_slope", "alpha", "repeat", "init", "bias", "scale",
                    "residual"),
            "conv2d", Set.of("type", "out_channels", "kernel_size", "stride", "padding", "groups", "activation",
                    "negative_slope", "alpha", "repeat", "init", "bias", "scale"),
            "maxpool2d", Set.of("type", "kernel_size", "stride", "repeat"),
            "flatten", Set.of("type"),
            "batchnorm", Set.of("type", "eps", "repeat"),
            "layernorm", Set.of("type", "eps", "repeat"),
            "rnn", Set.of("type", "hidden_size", "nonlinearity", "defaults", "weight_ih", "weight_hh", "bias",
                    "per_gate", "repeat"),
            "lstm", Set.of("type", "hidden_size", "defaults", "weight_ih", "weight_hh", "bias", "forget_bias",
                    "per_gate", "repeat"));
    static final List<String> LAYER_TYPES = List.of("dense", "conv2d", "maxpool2d", "flatten", "batchnorm",
            "layernorm", "rnn", "lstm");

    private final String source;

    private ConfigReader(String source) {
        this.source = source;
    }

    public static NetworkSpec read(Path file) throws ConfigException {
        return parse(readText(file, "config"), file.toString());
    }

    /**
     * A JSON file's text, read the same way for configs and lessons: a regular file of at most {@link #MAX_BYTES},
     * strict UTF-8 (a BOM is dropped by the parsers); {@code what} names the kind of file in the messages.
     */
    static String readText(Path file, String what) throws ConfigException {
        String name = file.toString();
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(name, 0, 0, "", Files.isDirectory(file) ? "it is a folder, not a " + what
                        + " file" : Files.exists(file) ? "cannot read the file: not a regular file"
                        : "cannot read the file: no such file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(name, 0, 0, "", String.format(Locale.ROOT, "the file is %,d "
                        + "bytes; a %s is at most %,d bytes", size, what, MAX_BYTES));
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new ConfigException(name, 0, 0, "", "not a text file (not valid UTF-8): is this a " + what
                        + "?");
            }
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "", "cannot read the file: "
                    + AtomicFiles.describe(e));
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
        Parameterization parameterization = o.fields().containsKey("parameterization")
                ? parameterization(o.fields().get("parameterization").value()) : Parameterization.STANDARD;
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(name, seed, input, layers, parameterization);
        } catch (SpecException e) {
            Node at = e.field().equals("parameterization") ? o.fields().get("parameterization").value() : layersNode;
            throw error(at, e.field(), e.getMessage());
        }
        try {
            spec.resolve();
        } catch (SpecException e) {
            throw errorAt(root, e.field(), e.getMessage());
        }
        return spec;
    }

    /**
     * How the widths scale the training: "sp", "ntk", "mup", or {"kind": ..., "base_width": n₀ (128),
     * "output_multiplier": μP's output_mult (1)}.
     */
    private Parameterization parameterization(Node node) throws ConfigException {
        String path = "parameterization";
        Node kindNode = node;
        Obj o = null;
        if (node instanceof Obj obj) {
            o = obj;
            checkKeys(o, path, PARAMETERIZATION_KEYS);
            kindNode = require(o, "kind", path, "\"mup\"");
            path = "parameterization.kind";
        } else if (!(node instanceof Str)) {
            throw error(node, path, "parameterization is \"sp\", \"ntk\", \"mup\" or an object {\"kind\": \"mup\", "
                    + "\"base_width\": 128, \"output_multiplier\": 1}, got " + node.show());
        }
        String id = string(kindNode, path);
        Node kn = kindNode;
        String kindPath = path;
        Parameterization.Kind kind = Parameterization.Kind.byId(id).orElseThrow(() -> error(kn, kindPath,
                "unknown parameterization \"" + id
                        + "\"; allowed: " + String.join(", ", Parameterization.Kind.ids())
                        + Suggest.didYouMean(id, Parameterization.Kind.ids())));
        int base = Parameterization.STANDARD.baseWidth();
        double multiplier = 1;
        if (o != null && o.fields().containsKey("base_width")) {
            base = intValue(o.fields().get("base_width").value(), "parameterization.base_width", 1,
                    Parameterization.MAX_BASE_WIDTH);
        }
        if (o != null && o.fields().containsKey("output_multiplier")) {
            multiplier = number(o.fields().get("output_multiplier").value(), "parameterization.output_multiplier");
        }
        try {
            return new Parameterization(kind, base, multiplier);
        } catch (SpecException e) {
            Field f = o == null ? null : o.fields().get(e.field());
            throw error(f == null ? node : f.value(), "parameterization." + e.field(), e.getMessage());
        }
    }

    private InputSpec input(Node node) throws ConfigException {
        Obj o = object(node, "input");
        checkKeys(o, "input", INPUT_KEYS);
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
        boolean image = o.fields().containsKey("channels") || o.fields().containsKey("height")
                || o.fields().containsKey("width");
        try {
            if (image) {
                if (o.fields().containsKey("features")) {
                    Field f = o.fields().get("features");
                    throw new ConfigException(source, f.line(), f.column(), "input.features", "an image input is "
                            + "given by channels, height and width (features would be their product): remove "
                            + "\"features\"");
                }
                int c = intValue(require(o, "channels", "input", "1"), "input.channels", 1, MAX_SIZE);
                int h = intValue(require(o, "height", "input", "8"), "input.height", 1, InputSpec.MAX_SIDE);
                int w = intValue(require(o, "width", "input", "8"), "input.width", 1, InputSpec.MAX_SIDE);
                if (o.fields().containsKey("sequence_length")) {
                    throw error(o.fields().get("sequence_length").value(), "input.sequence_length", "an input is an "
                            + "image (channels, height, width) or a sequence, not both");
                }
                return InputSpec.image(c, h, w, batch, dist);
            }
            int features = intValue(require(o, "features", "input", "500"), "input.features", 1, MAX_SIZE);
            if (o.fields().containsKey("sequence_length")) {
                int t = intValue(o.fields().get("sequence_length").value(), "input.sequence_length", 1,
                        InputSpec.MAX_STEPS);
                return InputSpec.sequence(t, features, batch, dist);
            }
            return new InputSpec(features, batch, dist);
        } catch (SpecException e) {
            Field f = o.fields().get(e.field());
            throw error(f == null ? o : f.value(), "input." + e.field(), e.getMessage());
        }
    }

    private LayerSpec layer(Node node, String path) throws ConfigException {
        Obj o = object(node, path);
        String type = "dense";
        if (o.fields().containsKey("type")) {
            Node t = o.fields().get("type").value();
            type = string(t, path + ".type");
            if (!LAYER_KEYS.containsKey(type)) {
                throw error(t, path + ".type", "unknown layer type " + t.show() + "; allowed: "
                        + String.join(", ", LAYER_TYPES) + Suggest.didYouMean(type, LAYER_TYPES));
            }
        }
        checkKeys(o, path, LAYER_KEYS.get(type));
        int repeat = o.fields().containsKey("repeat")
                ? intValue(o.fields().get("repeat").value(), path + ".repeat", 1, NetworkSpec.MAX_DEPTH) : 1;
        try {
            return switch (type) {
                case "dense" -> dense(o, path, repeat);
                case "conv2d" -> conv(o, path, repeat);
                case "maxpool2d" -> {
                    int[] k = pair(require(o, "kernel_size", path, "2"), path + ".kernel_size", 1);
                    int[] st = o.fields().containsKey("stride")
                            ? pair(o.fields().get("stride").value(), path + ".stride", 1) : k;
                    if (k[0] != k[1] || st[0] != st[1]) {
                        throw error(o, path, "maxpool2d takes a square kernel_size and stride");
                    }
                    yield new MaxPool2dSpec(k[0], st[0], repeat);
                }
                case "flatten" -> new FlattenSpec();
                case "batchnorm", "layernorm" -> {
                    double eps = o.fields().containsKey("eps") ? number(o.fields().get("eps").value(), path + ".eps")
                            : NormSpec.DEFAULT_EPS;
                    yield new NormSpec("batchnorm".equals(type) ? NormSpec.Kind.BATCH : NormSpec.Kind.LAYER, eps,
                            repeat);
                }
                default -> recurrent(o, path, type, repeat);
            };
        } catch (SpecException e) {
            Field f = o.fields().get(e.field());
            throw error(f == null ? o : f.value(), path + "." + e.field(), e.getMessage());
        }
    }

    private DenseSpec dense(Obj o, String path, int repeat) throws ConfigException {
        int units = intValue(require(o, "units", path, "500"), path + ".units", 1, MAX_SIZE);
        ActivationSpec activation = activation(o, path);
        InitSpec init = o.fields().containsKey("init")
                ? init(o.fields().get("init").value(), path + ".init", false) : DenseSpec.DEFAULT_INIT;
        InitSpec bias = o.fields().containsKey("bias")
                ? init(o.fields().get("bias").value(), path + ".bias", true) : DenseSpec.DEFAULT_BIAS;
        Residual residual = o.fields().containsKey("residual")
                ? residual(o.fields().get("residual").value(), path + ".residual") : null;
        return new DenseSpec(units, activation, init, bias, scale(o, path), residual, repeat);
    }

    private static final Set<String> RESIDUAL_KEYS = Set.of("alpha", "learned", "branch");

    /**
     * A skip connection: true (α = 1), false (none), a number α (0: none, as written before α could learn), or
     * {"alpha": α, "learned": true|false, "branch": layers} (α 1, fixed, one layer unless given).
     */
    private Residual residual(Node r, String path) throws ConfigException {
        if (r instanceof Json.Bool b) {
            return b.value() ? Residual.fixed(1.0) : null;
        }
        if (r instanceof Num n) {
            double alpha = number(r, path);
            if (!(alpha >= 0 && alpha <= DenseSpec.MAX_SCALE)) {
                throw error(r, path, "residual is true, false, the scale α of a' = x + α·φ(z) between 0 and "
                        + Fmt.num(DenseSpec.MAX_SCALE) + ", or an object {\"alpha\": 0, \"learned\": true}, got "
                        + n.text());
            }
            return alpha == 0 ? null : Residual.fixed(alpha);
        }
        if (!(r instanceof Obj o)) {
            throw error(r, path, "residual is true, false, a number α or an object {\"alpha\": 0, \"learned\": true, "
                    + "\"branch\": 2}, got " + r.show());
        }
        checkKeys(o, path, RESIDUAL_KEYS);
        double alpha = 1;
        if (o.fields().containsKey("alpha")) {
            Node a = o.fields().get("alpha").value();
            alpha = number(a, path + ".alpha");
            if (!(alpha >= 0 && alpha <= DenseSpec.MAX_SCALE)) {
                throw error(a, path + ".alpha", "α must be between 0 and " + Fmt.num(DenseSpec.MAX_SCALE) + ", got "
                        + ((Num) a).text());
            }
        }
        boolean learned = false;
        if (o.fields().containsKey("learned")) {
            Node l = o.fields().get("learned").value();
            if (!(l instanceof Json.Bool b)) {
                throw error(l, path + ".learned", "learned is true (α is trained: ReZero, SkipInit, Fixup) or false "
                        + "(a fixed scale), got " + l.show());
            }
            learned = b.value();
        }
        int branch = o.fields().containsKey("branch")
                ? intValue(o.fields().get("branch").value(), path + ".branch", 1, Residual.MAX_BRANCH) : 1;
        return new Residual(alpha, learned, branch);
    }

    private double scale(Obj o, String path) throws ConfigException {
        if (!o.fields().containsKey("scale")) {
            return 1.0;
        }
        Node sn = o.fields().get("scale").value();
        double scale = number(sn, path + ".scale");
        if (!(scale >= DenseSpec.MIN_SCALE && scale <= DenseSpec.MAX_SCALE)) {
            throw error(sn, path + ".scale", "scale must be between " + DenseSpec.MIN_SCALE + " and "
                    + DenseSpec.MAX_SCALE + " (it multiplies the initializer's weights), got " + ((Num) sn).text());
        }
        return scale;
    }

    private Conv2dSpec conv(Obj o, String path, int repeat) throws ConfigException {
        int out = intValue(require(o, "out_channels", path, "16"), path + ".out_channels", 1, MAX_SIZE);
        int[] k = pair(require(o, "kernel_size", path, "3"), path + ".kernel_size", 1);
        int[] st = o.fields().containsKey("stride") ? pair(o.fields().get("stride").value(), path + ".stride", 1)
                : new int[] {1, 1};
        int[] pad = o.fields().containsKey("padding")
                ? pair(o.fields().get("padding").value(), path + ".padding", 0) : new int[] {0, 0};
        int groups = o.fields().containsKey("groups")
                ? intValue(o.fields().get("groups").value(), path + ".groups", 1, MAX_SIZE) : 1;
        ActivationSpec activation = activation(o, path);
        InitSpec init = o.fields().containsKey("init")
                ? init(o.fields().get("init").value(), path + ".init", false) : DenseSpec.DEFAULT_INIT;
        InitSpec bias = o.fields().containsKey("bias")
                ? init(o.fields().get("bias").value(), path + ".bias", true) : DenseSpec.DEFAULT_BIAS;
        return new Conv2dSpec(out, k[0], k[1], st[0], st[1], pad[0], pad[1], groups, activation, init, bias,
                scale(o, path), repeat);
    }

    /** An int or a [h, w] pair, as PyTorch's kernel_size, stride and padding. */
    private int[] pair(Node node, String path, int min) throws ConfigException {
        if (node instanceof Arr a) {
            if (a.items().size() != 2) {
                throw error(node, path, "must be a number or a pair [height, width], got " + node.show());
            }
            return new int[] {intValue(a.items().get(0), path + "[0]", min, 1 << 16),
                intValue(a.items().get(1), path + "[1]", min, 1 << 16)};
        }
        int v = intValue(node, path, min, 1 << 16);
        return new int[] {v, v};
    }

    private RecurrentSpec recurrent(Obj o, String path, String type, int repeat) throws ConfigException {
        RecurrentSpec.Cell cell = "lstm".equals(type) ? RecurrentSpec.Cell.LSTM : RecurrentSpec.Cell.RNN;
        int hidden = intValue(require(o, "hidden_size", path, "20"), path + ".hidden_size", 1, RecurrentSpec.MAX_HIDDEN);
        RecurrentSpec base = RecurrentSpec.torchDefault(cell, hidden);
        if (o.fields().containsKey("defaults")) {
            Node d = o.fields().get("defaults").value();
            String id = string(d, path + ".defaults");
            if ("keras".equals(id)) {
                base = RecurrentSpec.kerasDefault(cell, hidden);
            } else if (!"pytorch".equals(id)) {
                throw error(d, path + ".defaults", "defaults are \"pytorch\" (every parameter U(±1/√hidden_size)) or "
                        + "\"keras\" (glorot_uniform, orthogonal recurrent, zero bias, unit forget bias), got "
                        + d.show());
            }
        }
        var spec = base.withRepeat(repeat);
        if (o.fields().containsKey("nonlinearity")) {
            Node n = o.fields().get("nonlinearity").value();
            String id = string(n, path + ".nonlinearity");
            if (!"tanh".equals(id) && !"relu".equals(id)) {
                throw error(n, path + ".nonlinearity", "nonlinearity is tanh or relu (as nn.RNN), got " + n.show());
            }
            spec = spec.withNonlinearity(ActivationSpec.of("tanh".equals(id) ? Activation.TANH : Activation.RELU));
        }
        if (o.fields().containsKey("weight_ih")) {
            spec = spec.withWeightIh(init(o.fields().get("weight_ih").value(), path + ".weight_ih", false));
        }
        if (o.fields().containsKey("weight_hh")) {
            spec = spec.withWeightHh(init(o.fields().get("weight_hh").value(), path + ".weight_hh", false));
        }
        if (o.fields().containsKey("bias")) {
            spec = spec.withBias(init(o.fields().get("bias").value(), path + ".bias", true));
        }
        if (o.fields().containsKey("forget_bias")) {
            Node f = o.fields().get("forget_bias").value();
            spec = spec.withForgetBias(f instanceof Json.Null ? null : number(f, path + ".forget_bias"));
        }
        if (o.fields().containsKey("per_gate")) {
            Node g = o.fields().get("per_gate").value();
            if (!(g instanceof Json.Bool b)) {
                throw error(g, path + ".per_gate", "per_gate is true or false, got " + g.show());
            }
            spec = spec.withPerGate(b.value());
        }
        return spec;
    }

    private ActivationSpec activation(Obj layer, String path) throws ConfigException {
        Map<String, Field> params = new LinkedHashMap<>();
        for (String p : List.of("negative_slope", "alpha")) {
            if (layer.fields().containsKey(p)) {
                params.put(p, layer.fields().get(p));
            }
        }
        Field a = layer.fields().get("activation");
        return activation(a == null ? null : a.value(), path + ".activation", path, params);
    }

    /**
     * An activation written as a name or as {"name": "leaky_relu", "negative_slope": 0.2}; null is linear.
     * {@code params} are parameters given beside it (a layer's negative_slope or alpha), named under
     * {@code paramPath} in errors.
     */
    private ActivationSpec activation(Node a, String actPath, String paramPath, Map<String, Field> params)
            throws ConfigException {
        Activation kind = Activation.LINEAR;
        if (a != null) {
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
                throw new ConfigException(source, f.line(), f.column(), paramPath + "." + f.name(), f.name()
                        + " does not apply to " + kind.id() + (expected == null ? " (it takes no parameter)"
                                : "; its parameter is " + expected));
            }
            param = number(f.value(), paramPath + "." + f.name());
        }
        return new ActivationSpec(kind, param);
    }

    // ---- parts of a config inside another file (a sweep's network, initializers and activations) ----

    /** A network config given as a JSON object inside another file: errors name {@code path} before the field. */
    static NetworkSpec network(Node node, String source, String path) throws ConfigException {
        try {
            return new ConfigReader(source).network(node);
        } catch (ConfigException e) {
            throw new ConfigException(source, e.line(), e.column(), e.path().isEmpty() ? path : path + "." + e.path(),
                    e.problem());
        }
    }

    /** A weight initializer: a scheme name or {"scheme": ..., parameters}. */
    static InitSpec weightInit(Node node, String source, String path) throws ConfigException {
        return new ConfigReader(source).init(node, path, false);
    }

    /** An activation: a name or {"name": ..., its parameter}. */
    static ActivationSpec activation(Node node, String source, String path) throws ConfigException {
        return new ConfigReader(source).activation(node, path, path, new LinkedHashMap<>());
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
