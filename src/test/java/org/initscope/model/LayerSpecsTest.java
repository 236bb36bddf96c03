package org.initscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.config.ConfigException;
import org.initscope.config.ConfigReader;
import org.junit.jupiter.api.Test;

/**
 * Conv and recurrent fans and defaults exactly as ../shared/reference/initializers.md states PyTorch and Keras
 * compute them: torch.nn.init._calculate_fan_in_and_fan_out on (C_out, C_in/groups, kH, kW), nn.Conv2d's and
 * nn.LSTM's reset_parameters, Keras' LSTM defaults.
 */
class LayerSpecsTest {

    private static ResolvedNetwork resolve(String json) throws ConfigException {
        return ConfigReader.parse(json, "test").resolve();
    }

    @Test
    void convFansUseTheReceptiveFieldAndFanOutIsNotDividedByGroups() throws Exception {
        var net = resolve("""
                {"input": {"channels": 3, "height": 32, "width": 32, "batch": 4},
                 "layers": [{"type": "conv2d", "out_channels": 16, "kernel_size": 3, "padding": 1,
                   "activation": "relu", "init": {"scheme": "kaiming_normal", "mode": "fan_out",
                   "nonlinearity": "relu"}},
                  {"type": "conv2d", "out_channels": 8, "kernel_size": [5, 3], "groups": 4, "stride": 2}]}""");
        ResolvedLayer c1 = net.layers().get(0);
        assertEquals(27, c1.fans().fanIn());
        assertEquals(144, c1.fans().fanOut());
        assertEquals("fan_out = C_out·kH·kW = 16·3·3 = 144", c1.fans().fanOutText());
        assertEquals(Math.sqrt(2) / Math.sqrt(144), c1.weight().std(), 1e-15, "kaiming_normal fan_out relu");
        assertEquals(Shape.image(16, 32, 32), c1.out());
        ResolvedLayer c2 = net.layers().get(1);
        assertEquals(4 * 5 * 3, c2.fans().fanIn(), "fan_in = C_in/groups·kH·kW = 16/4·5·3");
        assertEquals(8 * 5 * 3, c2.fans().fanOut(), "fan_out = C_out·kH·kW, not divided by groups");
        assertEquals(Shape.image(8, 14, 15), c2.out(), "⌊(32 − 5)/2⌋ + 1 × ⌊(32 − 3)/2⌋ + 1");
        // nn.Conv2d's default: kaiming_uniform(a=√5) = U(±1/√fan_in), bias U(±1/√fan_in)
        assertEquals(1 / Math.sqrt(60), c2.weight().bound(), 1e-15);
        assertEquals(new ResolvedParam("weight", 8, 60, 1, c2.fans(), c2.weight()), c2.param("weight"));
    }

    @Test
    void diracIsOnlyForConvAndEyeIsRefusedThere() throws Exception {
        var net = resolve("""
                {"input": {"channels": 4, "height": 8, "width": 8, "batch": 2},
                 "layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1,
                   "init": {"scheme": "dirac"}}]}""");
        assertEquals(Scheme.DIRAC, net.layers().get(0).init().scheme());
        var dense = assertThrows(ConfigException.class, () -> resolve("""
                {"input": {"features": 4, "batch": 2},
                 "layers": [{"type": "dense", "units": 4, "init": {"scheme": "dirac"}}]}"""));
        assertTrue(dense.getMessage().contains("dirac"), dense.getMessage());
        var eye = assertThrows(ConfigException.class, () -> resolve("""
                {"input": {"channels": 4, "height": 8, "width": 8, "batch": 2},
                 "layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3, "init": {"scheme": "eye"}}]}"""));
        assertTrue(eye.getMessage().contains("eye"), eye.getMessage());
    }

    @Test
    void lstmPytorchDefaultIsUniformOneOverSqrtHiddenForEveryParameter() throws Exception {
        var net = resolve("""
                {"input": {"features": 20, "sequence_length": 10, "batch": 2},
                 "layers": [{"type": "lstm", "hidden_size": 64}]}""");
        ResolvedLayer l = net.layers().get(0);
        double bound = 1 / Math.sqrt(64);
        for (String p : new String[] {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) {
            assertEquals(bound, l.param(p).init().bound(), 1e-15, p);
            assertEquals(bound / Math.sqrt(3), l.param(p).init().std(), 1e-15, p);
        }
        assertEquals(256, l.param("weight_ih").rows());
        assertEquals(20, l.param("weight_ih").cols());
        assertEquals(256, l.param("weight_hh").rows());
        assertEquals(64, l.param("weight_hh").cols());
        assertEquals(20, l.param("weight_ih").fans().fanIn());
        assertEquals(256, l.param("weight_ih").fans().fanOut(), "fan_out = 4·hidden_size on the whole matrix");
        assertNull(((RecurrentSpec) l.spec()).forgetBias(), "PyTorch has no forget-gate bias trick");
        // b_ih + b_hh has variance 2/(3H)
        assertEquals(2.0 / (3 * 64), 2 * l.param("bias_ih").init().variance(), 1e-15);
        assertEquals(Shape.flat(64), l.out(), "h_T into whatever follows");
    }

    @Test
    void lstmKerasDefaultAndPerGateXavier() throws Exception {
        var net = resolve("""
                {"input": {"features": 20, "sequence_length": 10, "batch": 2},
                 "layers": [{"type": "lstm", "hidden_size": 64, "defaults": "keras"},
                   {"type": "lstm", "hidden_size": 32, "per_gate": true,
                    "weight_ih": {"scheme": "xavier_normal", "gain": 1},
                    "weight_hh": {"scheme": "orthogonal", "gain": 1}, "bias": {"scheme": "zeros"}}]}""");
        ResolvedLayer k = net.layers().get(0);
        assertEquals(Shape.sequence(10, 64), k.out(), "a sequence into the next recurrent layer");
        assertEquals(Scheme.XAVIER_UNIFORM, k.param("weight_ih").init().spec().scheme());
        assertEquals(Math.sqrt(6.0 / (20 + 256)), k.param("weight_ih").init().bound(), 1e-15,
                "glorot_uniform on the (input, 4·units) kernel");
        assertEquals(Scheme.ORTHOGONAL, k.param("weight_hh").init().spec().scheme());
        assertEquals(1.0 / Math.sqrt(256), k.param("weight_hh").init().std(), 1e-15,
                "orthogonal (256 × 64): each gate block has mean squared singular value 1/4");
        assertEquals(Scheme.ZEROS, k.param("bias_ih").init().spec().scheme());
        assertEquals(1.0, ((RecurrentSpec) k.spec()).forgetBias());

        ResolvedLayer g = net.layers().get(1);
        assertEquals(4, g.param("weight_ih").blocks());
        assertEquals(64, g.param("weight_ih").fans().fanIn(), "one gate block: fan_in = input (64)");
        assertEquals(32, g.param("weight_ih").fans().fanOut(), "one gate block: fan_out = hidden (32)");
        assertEquals(Math.sqrt(2.0 / (64 + 32)), g.param("weight_ih").init().std(), 1e-15);
        assertEquals(1.0 / Math.sqrt(32), g.param("weight_hh").init().std(), 1e-15, "each 32 × 32 block orthogonal");
    }

    @Test
    void shapeMistakesAreExplained() {
        var e = assertThrows(ConfigException.class, () -> resolve("""
                {"input": {"channels": 1, "height": 8, "width": 8, "batch": 2},
                 "layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3}, {"type": "dense", "units": 4}]}"""));
        assertTrue(e.getMessage().contains("flatten"), e.getMessage());
        var groups = assertThrows(ConfigException.class, () -> resolve("""
                {"input": {"channels": 3, "height": 8, "width": 8, "batch": 2},
                 "layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3, "groups": 2}]}"""));
        assertTrue(groups.getMessage().contains("groups"), groups.getMessage());
        var rnn = assertThrows(ConfigException.class, () -> resolve("""
                {"input": {"features": 8, "batch": 2}, "layers": [{"type": "lstm", "hidden_size": 4}]}"""));
        assertTrue(rnn.getMessage().contains("sequence"), rnn.getMessage());
    }
}
