package org.initscope.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.initscope.model.InputDistribution;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every buffer of {@link Propagator}'s fast path for one network shape (batch, input width, layer widths), reused
 * while the shape stays the same: the input X, each layer's {@link DenseBuffers}, the upstream gradient and GEMM
 * scratch matrices. The input and upstream draws are kept while their seed stays the same.
 */
final class DenseWorkspace implements Measurement.Tensors {
    final int batch;
    final int features;
    final int[] widths;
    final INDArray x;
    final float[] xHeap;
    final DenseBuffers[] layers;
    final float[] gHeap;
    private final Map<Long, INDArray> scratch = new HashMap<>();
    private final Map<Long, INDArray> scratch2 = new HashMap<>();
    private final Map<Long, INDArray> weightScratch = new HashMap<>();
    private Object inputKey;
    private Object upstreamKey;

    DenseWorkspace(ResolvedNetwork net) {
        batch = net.input().batch();
        features = net.input().features();
        widths = net.layers().stream().mapToInt(ResolvedLayer::units).toArray();
        x = Nd4j.create(DataType.FLOAT, batch, features);
        xHeap = new float[batch * features];
        layers = new DenseBuffers[widths.length];
        int in = features;
        for (int l = 0; l < widths.length; l++) {
            layers[l] = new DenseBuffers(in, widths[l], batch);
            in = widths[l];
        }
        gHeap = new float[batch * widths[widths.length - 1]];
    }

    /** Whether {@code net} has this workspace's shape. */
    boolean fits(ResolvedNetwork net) {
        return net.input().batch() == batch && net.input().features() == features
                && Arrays.equals(widths, net.layers().stream().mapToInt(ResolvedLayer::units).toArray());
    }

    @Override
    public float[] tensor(int layer, Quantity q) {
        return layers[layer].tensor(q);
    }

    void sampleInput(Sampler sampler, long seed, InputDistribution dist) {
        var key = List.of(seed, dist);
        if (!key.equals(inputKey)) {
            inputKey = null;
            sampler.fillStandard(dist == InputDistribution.UNIFORM, x, xHeap, Seeds.derive(seed, 0, Seeds.INPUT));
            inputKey = key;
        }
    }

    void sampleUpstream(Sampler sampler, long seed) {
        if (!Objects.equals(upstreamKey, seed)) {
            upstreamKey = null;
            INDArray g = scratch(batch, widths[widths.length - 1]);
            sampler.fillStandard(false, g, gHeap, Seeds.derive(seed, 0, Seeds.UPSTREAM_GRADIENT));
            upstreamKey = seed;
        }
    }

    INDArray scratch(int rows, int cols) {
        return scratch.computeIfAbsent(((long) rows << 32) | cols, k -> Nd4j.create(DataType.FLOAT, rows, cols));
    }

    INDArray scratch2(int rows, int cols) {
        return scratch2.computeIfAbsent(((long) rows << 32) | cols, k -> Nd4j.create(DataType.FLOAT, rows, cols));
    }

    INDArray weightScratch(int rows, int cols) {
        return weightScratch.computeIfAbsent(((long) rows << 32) | cols,
                k -> Nd4j.create(DataType.FLOAT, rows, cols));
    }

    void close() {
        x.close();
        for (DenseBuffers b : layers) {
            b.close();
        }
        scratch.values().forEach(INDArray::close);
        scratch2.values().forEach(INDArray::close);
        weightScratch.values().forEach(INDArray::close);
    }
}
