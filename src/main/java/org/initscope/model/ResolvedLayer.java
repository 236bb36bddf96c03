package org.initscope.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One actual layer of a network (repeat expanded) with its shapes, fans and initializers resolved to numbers.
 *
 * @param index     1-based position in the expanded network
 * @param specIndex 0-based index of the spec entry it came from (several layers share one when repeated)
 * @param in        what one example looks like entering the layer
 * @param out       … and leaving it
 * @param fans      the fans of the layer's main weight (null for layers without parameters)
 * @param weight    the main weight's initializer (weight_hh for a recurrent layer; null without parameters)
 * @param bias      the bias's initializer (bias_ih for a recurrent layer; null without parameters)
 * @param params    every parameter tensor, in PyTorch's order (a residual layer's learned α and Fixup's scalar
 *                  biases after the weight and the bias)
 * @param branch    where a dense layer sits in the network's residual branches; null outside them
 */
public record ResolvedLayer(int index, int specIndex, LayerSpec spec, Shape in, Shape out, Fans fans,
        ResolvedInit weight, ResolvedInit bias, List<ResolvedParam> params, Branch branch) {

    public ResolvedLayer {
        params = List.copyOf(params);
    }

    /** A layer outside residual branches. */
    public ResolvedLayer(int index, int specIndex, LayerSpec spec, Shape in, Shape out, Fans fans,
            ResolvedInit weight, ResolvedInit bias, List<ResolvedParam> params) {
        this(index, specIndex, spec, in, out, fans, weight, bias, params, null);
    }

    static ResolvedLayer dense(int index, int specIndex, DenseSpec spec, int inputs, Branch branch) {
        String where = "layers[" + specIndex + "]";
        try {
            Limits.product("units", "the weight (units·inputs = " + spec.units() + "·" + inputs + ")",
                    Limits.MAX_TENSOR, spec.units(), inputs);
        } catch (SpecException e) {
            throw e.under(where);
        }
        Fans fans = Fans.dense(inputs, spec.units());
        ResolvedInit w;
        try {
            w = Initializers.weight(spec.init(), fans, spec.activation(), branch).scaled(spec.scale());
        } catch (SpecException e) {
            throw e.under("init").under(where);
        }
        ResolvedInit b;
        try {
            b = Initializers.bias(spec.bias(), inputs, spec.units());
        } catch (SpecException e) {
            throw e.under("bias").under(where);
        }
        var params = new ArrayList<ResolvedParam>();
        params.add(new ResolvedParam("weight", spec.units(), inputs, 1, fans, w));
        params.add(new ResolvedParam("bias", spec.units(), 1, 1, fans, b));
        if (spec.isResidual() && spec.residual().learned()) {
            params.add(scalar(ALPHA, spec.residual().alpha()));
        }
        if (spec.init().scheme() == Scheme.FIXUP) {
            params.add(scalar(FIXUP_BIAS_BEFORE, 0));
            params.add(scalar(FIXUP_BIAS_AFTER, 0));
        }
        return new ResolvedLayer(index, specIndex, spec, Shape.flat(inputs), Shape.flat(spec.units()), fans, w, b,
                params, branch);
    }

    /** The name of a residual layer's learned α (ReZero, SkipInit, Fixup's multiplier). */
    public static final String ALPHA = "alpha";
    /**
     * Fixup's scalar biases (Zhang et al. 2019, rule 3), named as in its code (bias1a, bias1b): {@code bias_a} is
     * added to the layer's input before the weight, {@code bias_b} before the activation (after the multiplier α
     * in the layer that closes a branch).
     */
    public static final String FIXUP_BIAS_BEFORE = "bias_a";
    public static final String FIXUP_BIAS_AFTER = "bias_b";

    private static ResolvedParam scalar(String name, double value) {
        Fans one = Fans.dense(1, 1);
        return new ResolvedParam(name, 1, 1, 1, one, Initializers.weight(InitSpec.of(Scheme.CONSTANT, "value", value),
                one, null));
    }

    /**
     * Whether {@code o} is this layer in the same place of the same network, whatever a run found for it (LSUV's
     * factor changes the weights' initializer, not the layer).
     */
    public boolean sameLayer(ResolvedLayer o) {
        return o != null && index == o.index && specIndex == o.specIndex && spec.equals(o.spec) && in.equals(o.in)
                && out.equals(o.out) && Objects.equals(branch, o.branch);
    }

    /** The dense spec, or null for other layer types. */
    public DenseSpec dense() {
        return spec instanceof DenseSpec d ? d : null;
    }

    /** The dense or conv spec, or null for other layer types. */
    public WeightedSpec weighted() {
        return spec instanceof WeightedSpec w ? w : null;
    }

    public boolean hasParameters() {
        return weight != null;
    }

    /** Output values per example and time step (units of a dense layer; C·H·W of a conv layer). */
    public int units() {
        return out.features();
    }

    /** Input values per example and time step. */
    public int inputs() {
        return in.features();
    }

    /** The layer's activation φ (linear for pooling, flatten and normalization; tanh for an lstm's output). */
    public ActivationSpec activation() {
        if (spec instanceof WeightedSpec w) {
            return w.activation();
        }
        if (spec instanceof RecurrentSpec r) {
            return r.nonlinearity();
        }
        return ActivationSpec.of(Activation.LINEAR);
    }

    /** The weight initializer's spec, or null without parameters. */
    public InitSpec init() {
        return weight == null ? null : weight.spec();
    }

    /** The parameter called {@code name}, or null. */
    public ResolvedParam param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
