package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.junit.jupiter.api.Test;

/** The config format for conv, pooling, flatten, normalization, residual and recurrent layers. */
class ConfigLayersTest {
    private static final String ALL = """
            {"name": "all", "seed": 1,
             "input": {"channels": 1, "height": 8, "width": 8, "batch": 16, "distribution": "digits"},
             "layers": [
              {"type": "conv2d", "out_channels": 6, "kernel_size": [3, 5], "stride": [1, 2], "padding": [1, 2],
               "groups": 1, "activation": "relu", "init": {"scheme": "kaiming_normal", "mode": "fan_out",
               "nonlinearity": "relu"}, "bias": {"scheme": "zeros"}, "scale": 0.5},
              {"type": "batchnorm", "eps": 0.001},
              {"type": "maxpool2d", "kernel_size": 2, "stride": 1},
              {"type": "conv2d", "out_channels": 6, "kernel_size": 3, "padding": 1, "groups": 3,
               "init": {"scheme": "dirac"}},
              {"type": "flatten"},
              {"type": "layernorm"},
              {"type": "dense", "units": 126, "activation": "tanh", "residual": 0.5,
               "init": {"scheme": "xavier_normal", "gain": "auto"}}]}
            """;

    @Test
    void everyLayerTypeReadsAndRoundTrips() throws Exception {
        var spec = ConfigReader.parse(ALL, "all.json");
        Conv2dSpec c = (Conv2dSpec) spec.layers().get(0);
        assertEquals(6, c.outChannels());
        assertEquals(3, c.kernelH());
        assertEquals(5, c.kernelW());
        assertEquals(2, c.strideW());
        assertEquals(2, c.padW());
        assertEquals(0.5, c.scale());
        assertEquals(1e-3, ((NormSpec) spec.layers().get(1)).eps());
        assertEquals(0.5, ((DenseSpec) spec.layers().get(6)).alpha());
        var net = spec.resolve();
        assertEquals("6×8×4", net.layers().get(0).out().label());
        assertEquals(126, net.layers().get(4).out().features());
        assertEquals(spec, ConfigReader.parse(ConfigWriter.toJson(spec), "again"));

        for (var p : Presets.all()) {
            var preset = p.load();
            assertEquals(preset, ConfigReader.parse(ConfigWriter.toJson(preset), p.file()), p.file());
        }
    }

    @Test
    void recurrentLayersReadTheirDefaultsAndOverrides() throws Exception {
        var spec = ConfigReader.parse("""
                {"input": {"features": 20, "sequence_length": 30, "batch": 8},
                 "layers": [{"type": "lstm", "hidden_size": 32, "defaults": "keras", "per_gate": true,
                   "forget_bias": 2},
                  {"type": "rnn", "hidden_size": 16, "nonlinearity": "relu",
                   "weight_hh": {"scheme": "eye"}}]}""", "rnn.json");
        RecurrentSpec lstm = (RecurrentSpec) spec.layers().get(0);
        assertEquals(2.0, lstm.forgetBias());
        assertTrue(lstm.perGate());
        assertEquals("orthogonal", lstm.weightHh().scheme().id());
        RecurrentSpec rnn = (RecurrentSpec) spec.layers().get(1);
        assertEquals("relu", rnn.nonlinearity().kind().id());
        assertEquals("eye", rnn.weightHh().scheme().id());
        assertEquals("torch_default", rnn.weightIh().scheme().id());
        assertEquals(spec, ConfigReader.parse(ConfigWriter.toJson(spec), "again"));
    }

    @Test
    void mistakesAreLocatedAndExplained() {
        var e = assertThrows(ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"channels": 3, "height": 8, "width": 8, "batch": 2},
                 "layers": [{"type": "conv2d", "out_channels": 4,
                             "kernel_size": 0}]}""", "bad.json"));
        assertTrue(e.getMessage().contains("bad.json:3"), e.getMessage());
        assertTrue(e.getMessage().contains("layers[0].kernel_size"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"features": 3, "sequence_length": 8, "batch": 2},
                 "layers": [{"type": "lstm", "hidden_size": 4, "defaults": "tensorflow"}]}""", "bad.json"));
        assertTrue(e.getMessage().contains("layers[0].defaults"), e.getMessage());
        assertTrue(e.getMessage().contains("keras"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"features": 3, "batch": 2},
                 "layers": [{"type": "batchnrom"}]}""", "bad.json"));
        assertTrue(e.getMessage().contains("batchnorm"), "did you mean: " + e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"features": 3, "batch": 2},
                 "layers": [{"type": "maxpool2d", "kernel_size": 2, "units": 3}]}""", "bad.json"));
        assertTrue(e.getMessage().contains("units"), e.getMessage());
    }
}
