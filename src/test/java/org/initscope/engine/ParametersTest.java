package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.initscope.config.ConfigReader;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.Test;

/** The parameters sampled again from the seed are exactly those the engine ran with. */
class ParametersTest {
    private static final Propagator ENGINE = new Propagator();

    private static void assertSameStats(TensorStats run, float[] values, String what) {
        TensorStats again = TensorStats.of(values, values.length, 8);
        assertEquals(run.count(), again.count(), what);
        assertEquals(run.mean(), again.mean(), 0.0, what + " mean");
        assertEquals(run.var(), again.var(), 0.0, what + " var");
        assertEquals(run.min(), again.min(), 0.0, what + " min");
        assertEquals(run.max(), again.max(), 0.0, what + " max");
    }

    @Test
    void denseFastPathWeightsAreReproducedExactly() {
        // the default network (fast dense path), with an orthogonal and a uniform layer among the normal ones
        ResolvedNetwork net = NetworkSpec.defaultNetwork().resolve();
        PropagationResult r = ENGINE.run(net);
        List<Map<String, float[]>> params = Parameters.sample(net);
        assertEquals(net.depth(), params.size());
        for (LayerResult l : r.layers()) {
            Map<String, float[]> p = params.get(l.index() - 1);
            assertEquals(List.of("weight", "bias"), List.copyOf(p.keySet()));
            assertEquals(l.layer().units() * l.layer().inputs(), p.get("weight").length);
            assertSameStats(l.get(Quantity.WEIGHTS), p.get("weight"), "layer " + l.index() + " W");
            assertSameStats(l.get(Quantity.BIASES), p.get("bias"), "layer " + l.index() + " b");
        }
        assertArrayEquals(new int[] {500, 500}, Parameters.tensors(net).get(1).get(0).shape());
    }

    @Test
    void everyKindOfLayerIsReproducedWithPyTorchShapes() throws Exception {
        ResolvedNetwork net = ConfigReader.parse("""
                {"seed": 11, "input": {"channels": 4, "height": 8, "width": 8, "batch": 16},
                 "layers": [{"type": "conv2d", "out_channels": 6, "kernel_size": 3, "padding": 1, "groups": 2,
                             "activation": "relu", "init": {"scheme": "kaiming_uniform"},
                             "bias": {"scheme": "torch_default"}},
                            {"type": "batchnorm"}, {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"},
                            {"units": 12, "activation": "tanh", "init": {"scheme": "orthogonal"},
                             "bias": {"scheme": "normal", "std": 0.1}}]}""", "test").resolve();
        PropagationResult r = ENGINE.run(net);
        var tensors = Parameters.tensors(net);
        assertArrayEquals(new int[] {6, 2, 3, 3}, tensors.get(0).get(0).shape());
        assertArrayEquals(new int[] {6}, tensors.get(0).get(1).shape());
        assertArrayEquals(new int[] {6}, tensors.get(1).get(0).shape());
        assertTrue(tensors.get(2).isEmpty());
        assertTrue(tensors.get(3).isEmpty());
        assertArrayEquals(new int[] {12, 96}, tensors.get(4).get(0).shape());
        for (LayerResult l : r.layers()) {
            for (Parameters.Tensor t : tensors.get(l.index() - 1)) {
                assertSameStats(l.parameters().get(t.name()), t.values(), "layer " + l.index() + " " + t.name());
            }
        }
        assertSameStats(r.layer(1).get(Quantity.WEIGHTS), tensors.get(0).get(0).values(), "conv W");

        ResolvedNetwork lstm = ConfigReader.parse("""
                {"seed": 5, "input": {"features": 7, "sequence_length": 4, "batch": 8},
                 "layers": [{"type": "lstm", "hidden_size": 5}]}""", "test").resolve();
        PropagationResult lr = ENGINE.run(lstm);
        var lt = Parameters.tensors(lstm).get(0);
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"),
                lt.stream().map(Parameters.Tensor::name).toList());
        assertArrayEquals(new int[] {20, 7}, lt.get(0).shape());
        assertArrayEquals(new int[] {20, 5}, lt.get(1).shape());
        assertArrayEquals(new int[] {20}, lt.get(2).shape());
        for (Parameters.Tensor t : lt) {
            assertSameStats(lr.layer(1).parameters().get(t.name()), t.values(), "lstm " + t.name());
        }
    }
}
