package org.initscope.model;

/**
 * One actual layer of a network (repeat expanded) with its fans and its initializers resolved to numbers.
 *
 * @param index       1-based position in the expanded network
 * @param specIndex   0-based index of the spec entry it came from (several layers share one when repeated)
 */
public record ResolvedLayer(int index, int specIndex, DenseSpec spec, Fans fans, ResolvedInit weight,
        ResolvedInit bias) {

    static ResolvedLayer dense(int index, int specIndex, DenseSpec spec, int inputs) {
        Fans fans = Fans.dense(inputs, spec.units());
        String where = "layers[" + specIndex + "]";
        ResolvedInit w;
        try {
            w = Initializers.weight(spec.init(), fans, spec.activation()).scaled(spec.scale());
        } catch (SpecException e) {
            throw e.under("init").under(where);
        }
        ResolvedInit b;
        try {
            b = Initializers.bias(spec.bias(), inputs, spec.units());
        } catch (SpecException e) {
            throw e.under("bias").under(where);
        }
        return new ResolvedLayer(index, specIndex, spec, fans, w, b);
    }

    public int units() {
        return spec.units();
    }

    public int inputs() {
        return fans.fanIn();
    }

    public ActivationSpec activation() {
        return spec.activation();
    }
}
