package org.initscope.engine.layers;

import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.model.ResolvedLayer;

/** nn.Flatten: NCHW is already C·H·W values per example in order, so the data pass through unchanged. */
final class FlattenModule extends Module {
    private float[] a;
    private float[] da;

    FlattenModule(ResolvedLayer layer) {
        super(layer);
    }

    @Override
    public void sample(Sampler sampler, long seed) {
    }

    @Override
    public float[] forward(float[] x, int batch) {
        a = x;
        return x;
    }

    @Override
    public float[] backward(float[] dOut, int batch) {
        da = dOut;
        return dOut;
    }

    @Override
    public float[] tensor(Quantity q) {
        return switch (q) {
            case PRE_ACTIVATIONS, ACTIVATIONS -> a;
            case ACTIVATION_GRADIENTS, PRE_ACTIVATION_GRADIENTS -> da;
            default -> null;
        };
    }
}
