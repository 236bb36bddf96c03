package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.data.DataSpec;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;

class SweepReaderTest {
    private static final String NET = """
            {"name": "n", "seed": 4, "input": {"features": 32, "batch": 64},
             "layers": [{"units": 32, "activation": "tanh", "repeat": 5}]}""";

    static SweepSpec read(String text) throws ConfigException {
        return SweepReader.parse(text, "s.json");
    }

    static ConfigException error(String text) {
        return assertThrows(ConfigException.class, () -> read(text));
    }

    @Test
    void readsEveryKindOfAxisAndTrainingAndWritesItBack() throws Exception {
        SweepSpec s = read("""
                {"name": "all", "network": %s,
                 "axes": [{"param": "init", "values": ["xavier_normal", {"scheme": "normal", "std": 0.01}]},
                          {"param": "lr", "from": 0.001, "to": 0.1, "steps": 3, "spacing": "log"}],
                 "repeats": 3,
                 "train": {"data": "digits", "optimizer": "sgd", "lr": 0.05, "batch": 16, "steps": 40,
                           "criterion": 0.5, "eval_every": 5}}""".formatted(NET));
        assertEquals("all", s.name());
        assertEquals(3, s.repeats());
        // a scheme name alone gets the layer's own gain, as Compare's choices
        assertEquals(InitSpec.of(Scheme.XAVIER_NORMAL, "gain", ParamDef.AUTO), s.axis(0).value(0));
        assertEquals(InitSpec.of(Scheme.NORMAL, "std", 0.01), s.axis(0).value(1));
        assertEquals(List.of(0.001, 0.01, 0.1), s.axis(1).values());
        assertEquals(DataSpec.Kind.DIGITS, s.training().settings().data().kind());
        assertEquals(OptimizerSpec.Kind.SGD, s.training().settings().optimizer().kind());
        assertEquals(40, s.training().steps());
        assertEquals(0.5, s.training().criterion());
        assertEquals(5, s.training().evalEvery());
        // the cell (init 1, lr 2) trains at 0.1 with N(0, 0.01²) weights
        assertEquals(0.1, s.settings(s.cell(1, 2)).optimizer().learningRate());
        assertEquals(InitSpec.of(Scheme.NORMAL, "std", 0.01), ((org.initscope.model.DenseSpec) s.network(s.cell(1, 2),
                2).layers().get(0)).init());
        assertEquals(6, s.network(0, 2).seed());
        SweepSpec back = read(SweepWriter.toJson(s));
        assertEquals(s, back);
    }

    @Test
    void activationsDepthWidthAndTheBuiltInPresets() throws Exception {
        SweepSpec s = read("""
                {"preset": "cs231n-tanh-xavier-gain.json",
                 "axes": [{"param": "activation", "values": ["tanh", {"name": "leaky_relu", "negative_slope": 0.2}]},
                          {"param": "depth", "values": [2, 12]}],
                 "jacobian": true}""");
        assertEquals(new ActivationSpec(Activation.LEAKY_RELU, 0.2), s.axis(0).value(1));
        assertEquals(12, s.network(s.cell(1, 1), 0).depth());
        assertTrue(s.jacobian());
        assertEquals(s, read(SweepWriter.toJson(s)));
    }

    @Test
    void everyMistakeNamesItsLineColumnAndField() {
        var e = error("""
                {"network": %s,
                 "axes": [{"param": "sigma_w", "values": [1, 2]}]}""".formatted(NET));
        assertEquals(3, e.line());
        assertEquals("axes[0].param", e.path());
        assertTrue(e.getMessage().contains("unknown parameter \"sigma_w\"") && e.getMessage().contains(
                "did you mean"), e.getMessage());

        e = error("""
                {"network": %s,
                 "axes": [{"param": "depth", "values": [2, 3.5]}]}""".formatted(NET));
        assertEquals("axes[0].values[1]", e.path());
        assertEquals(3, e.line());
        assertEquals(44, e.column());
        assertTrue(e.problem().contains("whole numbers"), e.problem());

        e = error("""
                {"network": {"input": {"features": 8}, "layers": [{"units": 8, "activation": "tanhh"}]},
                 "axes": [{"param": "depth", "values": [2]}]}""");
        assertEquals("network.layers[0].activation", e.path());
        assertEquals(1, e.line());

        e = error("""
                {"network": %s, "axes": [{"param": "sigma_w2", "values": [1], "spacing": "log"}]}""".formatted(NET));
        assertEquals("axes[0].spacing", e.path());

        e = error("""
                {"network": %s, "axes": [{"param": "lr", "values": [0.1]}]}""".formatted(NET));
        assertTrue(e.problem().contains("add \"train\""), e.problem());

        e = error("""
                {"network": %s, "axes": [{"param": "depth", "values": [2]}], "train": {"data": "spiral"}}"""
                .formatted(NET));
        assertEquals("train.steps", e.path());

        e = error("""
                {"network": %s, "axes": [{"param": "depth", "values": [2]}], "train": {"steps": 5, "speed": 3}}"""
                .formatted(NET));
        assertEquals("train.speed", e.path());

        e = error("""
                {"network": %s, "axes": [{"param": "init", "values": ["sparse"]}]}""".formatted(NET));
        assertEquals("axes[0].values[0]", e.path());
        assertTrue(e.problem().contains("sparsity"), e.problem());
    }

    @Test
    void aCellThatCannotBeBuiltIsNamedByItsValues() {
        // a residual layer needs units = inputs: width 64 on 32 features cannot be built
        var e = error("""
                {"network": {"input": {"features": 32},
                             "layers": [{"units": 32, "activation": "tanh", "residual": true, "repeat": 3}]},
                 "axes": [{"param": "width", "values": [32, 64]}]}""");
        assertEquals("axes", e.path());
        assertTrue(e.problem().startsWith("the cell width = 64: "), e.problem());
    }

    @Test
    void rangesAreEvenAndRoundedForWholeParameters() {
        var a = SweepAxis.range(SweepAxis.Param.SIGMA_W2, 0.5, 4, 8, false);
        assertEquals(List.of(0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0), a.values());
        var d = SweepAxis.range(SweepAxis.Param.DEPTH, 2, 64, 6, true);
        assertEquals(List.of(2.0, 4.0, 8.0, 16.0, 32.0, 64.0), d.values());
    }
}
