package org.initscope.engine.layers;

import org.initscope.engine.Sampler;
import org.initscope.model.Sampling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Draws one parameter tensor (its 2-D view rows × cols, as orthogonal/eye see it) onto the heap. */
final class Draw {
    private Draw() {
    }

    static float[] tensor(Sampler sampler, Sampling sampling, int rows, int cols, long seed) {
        float[] heap = new float[rows * cols];
        into(sampler, sampling, rows, cols, seed, heap, 0);
        return heap;
    }

    /** Draw into heap[offset, offset + rows·cols): one block of a larger tensor (a gate of an LSTM weight). */
    static void into(Sampler sampler, Sampling sampling, int rows, int cols, long seed, float[] heap, int offset) {
        try (INDArray target = Nd4j.create(DataType.FLOAT, rows, cols)) {
            float[] block = offset == 0 && heap.length == rows * cols ? heap : new float[rows * cols];
            sampler.fill(sampling, target, block, seed);
            if (block != heap) {
                System.arraycopy(block, 0, heap, offset, rows * cols);
            }
        }
    }
}
