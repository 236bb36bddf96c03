package org.initscope.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initscope.engine.layers.Module;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.ResolvedParam;

/**
 * The parameter values of a network, sampled again from its seed. A run keeps only statistics of its tensors; the
 * engine is deterministic per (seed, layer, tensor) ({@link Seeds}), so drawing every parameter once more through
 * the same {@link Module#sample} gives exactly the values the run used (the dense fast path of {@link Propagator}
 * draws the same way).
 */
public final class Parameters {
    private Parameters() {
    }

    /** One parameter tensor: PyTorch's name and shape, and its values in C order. */
    public record Tensor(String name, int[] shape, float[] values) {
    }

    /**
     * Every parameter of every layer, one map per layer (index l−1 for layer l; empty for layers without parameters),
     * by PyTorch's names in PyTorch's order (weight, bias; weight_ih, weight_hh, bias_ih, bias_hh).
     */
    public static List<Map<String, float[]>> sample(ResolvedNetwork net) {
        List<Map<String, float[]>> out = new ArrayList<>();
        for (List<Tensor> layer : tensors(net)) {
            var m = new LinkedHashMap<String, float[]>();
            layer.forEach(t -> m.put(t.name(), t.values()));
            out.add(m);
        }
        return out;
    }

    /** The same with every tensor's shape: one list per layer. */
    public static List<List<Tensor>> tensors(ResolvedNetwork net) {
        Nd4jRuntime.start();
        var sampler = new Sampler();
        long seed = net.seed();
        List<List<Tensor>> out = new ArrayList<>();
        for (ResolvedLayer l : net.layers()) {
            Module m = Module.of(l);
            m.sample(sampler, seed);
            var list = new ArrayList<Tensor>();
            m.parameters().forEach((name, values) -> list.add(new Tensor(name, shape(l, name), values)));
            out.add(List.copyOf(list));
        }
        return List.copyOf(out);
    }

    /**
     * PyTorch's shape of a parameter: dense weight (out, in); conv weight (C_out, C_in/groups, kH, kW); recurrent
     * weight_ih (G·H, F), weight_hh (G·H, H); biases and BatchNorm's γ, β (n,); LayerNorm's γ, β the example's
     * shape ((C, H, W) for an image).
     */
    public static int[] shape(ResolvedLayer l, String name) {
        ResolvedParam p = l.param(name);
        if (p == null) {
            throw new IllegalArgumentException("layer " + l.index() + " has no parameter " + name);
        }
        if (l.spec() instanceof Conv2dSpec c && name.equals("weight")) {
            return new int[] {c.outChannels(), l.in().channels() / c.groups(), c.kernelH(), c.kernelW()};
        }
        if (l.spec() instanceof NormSpec n && n.kind() == NormSpec.Kind.LAYER && l.in().image()) {
            return new int[] {l.in().channels(), l.in().height(), l.in().width()};
        }
        return p.cols() == 1 ? new int[] {p.rows()} : new int[] {p.rows(), p.cols()};
    }
}
