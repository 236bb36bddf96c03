package org.initscope.engine.layers;

import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.model.ResolvedLayer;

/** PLACEHOLDER on the feature branch: implemented in parallel, never merged as is. */
final class RecurrentModule extends Module {
    RecurrentModule(ResolvedLayer layer) {
        super(layer);
    }

    @Override
    public void sample(Sampler sampler, long seed) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public float[] forward(float[] x, int batch) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public float[] backward(float[] dOut, int batch) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public float[] tensor(Quantity q) {
        throw new UnsupportedOperationException("not yet");
    }
}
