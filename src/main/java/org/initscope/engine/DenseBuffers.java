package org.initscope.engine;

import java.util.List;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Sampling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The buffers of one dense layer of {@link Propagator}'s fast path: native W and a (the GEMMs' operands) and a heap
 * copy of every tensor (row-major, PyTorch's layout: W is out × in, the rest batch × out). The weight and bias draws
 * are kept while their sampling and seed stay the same.
 */
final class DenseBuffers {
    final int in;
    final int out;
    final INDArray w;
    final INDArray aNative;
    final float[] wHeap;
    final float[] b;
    final float[] z;
    final float[] a;
    final float[] da;
    final float[] dz;
    final float[] dw;
    final float[] db;
    private Object weightKey;
    private Object biasKey;

    DenseBuffers(int in, int out, int batch) {
        this.in = in;
        this.out = out;
        w = Nd4j.create(DataType.FLOAT, out, in);
        aNative = Nd4j.create(DataType.FLOAT, batch, out);
        wHeap = new float[out * in];
        b = new float[out];
        z = new float[batch * out];
        a = new float[batch * out];
        da = new float[batch * out];
        dz = new float[batch * out];
        dw = new float[out * in];
        db = new float[out];
    }

    /** Draw the layer's weight and bias, unless the same draw is already here. */
    void sample(Sampler sampler, ResolvedLayer layer, long seed) {
        Sampling ws = layer.weight().sampling();
        long wSeed = Seeds.derive(seed, layer.index(), Seeds.WEIGHTS);
        var wKey = List.of(ws, wSeed);
        if (!wKey.equals(weightKey)) {
            weightKey = null;
            sampler.fill(ws, w, wHeap, wSeed);
            weightKey = wKey;
        }
        Sampling bs = layer.bias().sampling();
        long bSeed = Seeds.derive(seed, layer.index(), Seeds.BIAS);
        var bKey = List.of(bs, bSeed);
        if (!bKey.equals(biasKey)) {
            biasKey = null;
            try (INDArray bn = Nd4j.create(DataType.FLOAT, 1, out)) {
                sampler.fill(bs, bn, b, bSeed);
            }
            biasKey = bKey;
        }
    }

    /** The heap copy of quantity {@code q}. */
    float[] tensor(Quantity q) {
        return switch (q) {
            case WEIGHTS -> wHeap;
            case BIASES -> b;
            case PRE_ACTIVATIONS -> z;
            case ACTIVATIONS -> a;
            case ACTIVATION_GRADIENTS -> da;
            case PRE_ACTIVATION_GRADIENTS -> dz;
            case WEIGHT_GRADIENTS -> dw;
            case BIAS_GRADIENTS -> db;
        };
    }

    void close() {
        w.close();
        aNative.close();
    }
}
