package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReaderTest {
    private static final String ISSUE_EXAMPLE = """
            {
              "name": "tanh, too small",
              "seed": 7,
              "input": { "features": 500, "batch": 1000, "distribution": "normal" },
              "layers": [
                { "type": "dense", "units": 500, "activation": "tanh", "repeat": 10,
                  "init": { "scheme": "normal", "mean": 0, "std": 0.01 },
                  "bias": { "scheme": "zeros" } }
              ]
            }
            """;

    @Test
    void readsTheDocumentedExample() throws Exception {
        NetworkSpec spec = ConfigReader.parse(ISSUE_EXAMPLE, "example.json");
        assertEquals("tanh, too small", spec.name());
        assertEquals(7, spec.seed());
        assertEquals(new InputSpec(500, 1000, InputDistribution.NORMAL), spec.input());
        assertEquals(10, spec.depth());
        DenseSpec d = (DenseSpec) spec.layers().get(0);
        assertEquals(InitSpec.of(Scheme.NORMAL, "mean", 0.0, "std", 0.01), d.init());
        assertEquals(Activation.TANH, d.activation().kind());
        assertEquals(10, spec.expandedLayers().size());
    }

    @Test
    void defaultsShorthandsAndActivationParameters() throws Exception {
        NetworkSpec spec = ConfigReader.parse("""
                {"input": {"features": 8},
                 "layers": [{"units": 4},
                            {"units": 4, "activation": "leaky_relu", "negative_slope": 0.2, "init": "he_normal"},
                            {"units": 3, "activation": {"name": "elu", "alpha": 0.5}, "bias": "torch_default"}]}
                """, "t");
        assertEquals(0, spec.seed());
        assertEquals(1000, spec.input().batch());
        DenseSpec first = (DenseSpec) spec.layers().get(0);
        assertEquals(DenseSpec.DEFAULT_INIT, first.init());
        assertEquals(DenseSpec.DEFAULT_BIAS, first.bias());
        assertEquals(Activation.LINEAR, first.activation().kind());
        assertEquals(new ActivationSpec(Activation.LEAKY_RELU, 0.2), ((DenseSpec) spec.layers().get(1)).activation());
        assertEquals(InitSpec.of(Scheme.HE_NORMAL), ((DenseSpec) spec.layers().get(1)).init());
        assertEquals(new ActivationSpec(Activation.ELU, 0.5), ((DenseSpec) spec.layers().get(2)).activation());
    }

    @Test
    void writerRoundTrips(@TempDir Path dir) throws Exception {
        var layers = List.<org.initscope.model.LayerSpec>of(
                new DenseSpec(64, new ActivationSpec(Activation.LEAKY_RELU, 0.1),
                        InitSpec.of(Scheme.KAIMING_UNIFORM, "a", 0.1, "mode", "fan_out"), InitSpec.of(Scheme.ZEROS), 3),
                new DenseSpec(64, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto"),
                        InitSpec.of(Scheme.NORMAL, "std", 0.05), 1),
                new DenseSpec(10, ActivationSpec.of(Activation.GELU),
                        InitSpec.of(Scheme.TRUNC_NORMAL, "std", 0.02, "a", -0.04, "b", 0.04),
                        InitSpec.of(Scheme.TORCH_DEFAULT), 1));
        var spec = new NetworkSpec("round \"trip\" ü", -42, new InputSpec(32, 17, InputDistribution.UNIFORM), layers);
        Path f = dir.resolve("net.json");
        ConfigWriter.write(spec, f);
        assertEquals(spec, ConfigReader.read(f));
        assertEquals(List.of(f), Files.list(dir).toList(), "no temporary file is left behind");
    }

    private static ConfigException error(String json) {
        return assertThrows(ConfigException.class, () -> ConfigReader.parse(json, "net.json"));
    }

    @Test
    void errorsNameLineFieldProblemAndAllowedValues() {
        var e = error(ISSUE_EXAMPLE.replace("\"tanh\"", "\"tanhh\""));
        assertEquals(6, e.line());
        assertEquals("layers[0].activation", e.path());
        assertTrue(e.getMessage().startsWith("net.json:6:"), e.getMessage());
        assertTrue(e.problem().contains("allowed: linear, relu, leaky_relu, tanh"), e.problem());
        assertTrue(e.problem().contains("did you mean \"tanh\""), e.problem());

        e = error(ISSUE_EXAMPLE.replace("\"std\": 0.01", "\"std\": -1"));
        assertEquals(7, e.line());
        assertEquals("layers[0].init.std", e.path());
        assertTrue(e.problem().contains("≥ 0"), e.problem());

        e = error(ISSUE_EXAMPLE.replace("\"scheme\": \"normal\"", "\"scheme\": \"xavier\""));
        assertEquals("layers[0].init.scheme", e.path());
        assertTrue(e.problem().contains("xavier_uniform"), e.problem());

        e = error(ISSUE_EXAMPLE.replace("\"units\": 500", "\"units\": 0"));
        assertEquals("layers[0].units", e.path());
        e = error(ISSUE_EXAMPLE.replace("\"units\": 500", "\"units\": 12.5"));
        assertTrue(e.problem().contains("whole number"), e.problem());
        e = error(ISSUE_EXAMPLE.replace("\"batch\": 1000", "\"batch\": -5"));
        assertEquals("input.batch", e.path());
        e = error(ISSUE_EXAMPLE.replace("\"features\": 500", "\"features\": \"500\""));
        assertTrue(e.problem().contains("must be a number, got \"500\""), e.problem());
        e = error(ISSUE_EXAMPLE.replace("\"std\": 0.01", "\"std\": 0.01, \"sd\": 1"));
        assertEquals("layers[0].init.sd", e.path());
        assertTrue(e.problem().contains("allowed: mean, std"), e.problem());
        e = error(ISSUE_EXAMPLE.replace("\"scheme\": \"zeros\"", "\"scheme\": \"eye\""));
        assertTrue(e.problem().contains("cannot initialize a bias"), e.problem());
        e = error(ISSUE_EXAMPLE.replace("\"repeat\": 10", "\"repeat\": 10, \"negative_slope\": 0.1"));
        assertTrue(e.problem().contains("does not apply to tanh"), e.problem());
        e = error(ISSUE_EXAMPLE.replace("\"seed\": 7", "\"seed\": 7, \"sed\": 1"));
        assertTrue(e.problem().contains("unknown key \"sed\""), e.problem());
    }

    @Test
    void errorsFoundWhileResolvingPointAtTheLayer() {
        var e = error("""
                {"input": {"features": 5},
                 "layers": [{"units": 5, "init": "eye"},
                            {"units": 4, "init": "eye"}]}
                """);
        assertEquals("layers[1].init.scheme", e.path());
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("4×5"), e.problem());
        e = error("{\"input\": {\"features\": 5}, \"layers\": [{\"units\": 4, \"init\": {\"scheme\": \"uniform\", "
                + "\"a\": 1, \"b\": 0}}]}");
        assertEquals("layers[0].init.a", e.path());
    }

    @Test
    void malformedDocuments() {
        assertTrue(error("").problem().contains("empty"));
        assertTrue(error("   \n ").problem().contains("empty"));
        assertTrue(error("{\"input\": {\"features\": 5}, \"layers\": [").problem().contains("not valid JSON"));
        assertTrue(error("[1, 2]").problem().contains("must be a JSON object"));
        assertTrue(error("{} {}").problem().contains("after the end"));
        assertTrue(error("{\"layers\": []}").problem().contains("missing"));
        assertTrue(error("{\"input\": {\"features\": 5}, \"layers\": []}").problem().contains("at least one layer"));
        assertTrue(error("{\"a\": 1, \"a\": 2}").problem().contains("appears twice"));
        assertTrue(error("{\"input\": {\"features\": 5}, \"layers\": [{\"units\": 4, \"init\": {\"scheme\": "
                + "\"normal\", \"std\": 1e999}}]}").problem().contains("finite"));
        assertTrue(error("[".repeat(5000) + "]".repeat(5000)).problem().contains("nested too deeply"));
        assertTrue(error("{\"input\": {\"features\": 5}, \"layers\": [{\"units\": 4, \"repeat\": 100000}]}")
                .problem().contains("between 1 and 1000"));
    }

    @Test
    void filesThatAreNotConfigs(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("x.json");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertTrue(assertThrows(ConfigException.class, () -> ConfigReader.read(bin)).problem().contains("UTF-8"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigReader.read(dir.resolve("missing.json")))
                .problem().contains("no such file"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigReader.read(dir)).problem().contains("not a"));
        Path bom = dir.resolve("bom.json");
        Files.writeString(bom, "\uFEFF" + ISSUE_EXAMPLE);
        assertEquals(7, ConfigReader.read(bom).seed());
    }
}
