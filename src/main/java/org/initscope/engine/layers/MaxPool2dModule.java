package org.initscope.engine.layers;

import java.util.Arrays;
import org.initscope.engine.PoolKernels;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Shape;

/**
 * nn.MaxPool2d(kernel_size, stride) without padding on NCHW arrays. Backward routes each output's gradient to the
 * input that won its window; ties go to the first maximum in row-major window order, as PyTorch's CPU kernel does.
 *
 * <p>2×2 windows (the usual pooling) select instead of branching: the window's maximum by {@link Math#max} (a NaN
 * wins), then the first position that holds it (or the first NaN) from a bit mask of the positions that do — the
 * same choice as the loop below (FastPathsTest), without its branches, which go either way at random on real data
 * and so are mispredicted half the time. With stride 2 and a whole number of vectors of outputs per plane (an 8×8
 * image's 16), the Vector API's loop ({@link PoolKernels}) pools every plane at once, a vector of windows at a time,
 * on the same rule: 1.9–2.9 against 10–12 ns per output here (8×8 images, load 6).
 */
final class MaxPool2dModule extends Module {
    private final int channels;
    private final int inH;
    private final int inW;
    private final int outH;
    private final int outW;
    private final int kernel;
    private final int stride;
    private float[] a;
    private float[] da;
    /** For each output value, the flat index in the input of the input that won. */
    private int[] argmax;
    /** 2×2 windows with stride 2: each output's top left input within its plane (for the vector loop). */
    private final int[] corners;

    MaxPool2dModule(ResolvedLayer layer) {
        super(layer);
        MaxPool2dSpec p = (MaxPool2dSpec) layer.spec();
        Shape in = layer.in();
        channels = in.channels();
        inH = in.height();
        inW = in.width();
        outH = layer.out().height();
        outW = layer.out().width();
        kernel = p.kernel();
        stride = p.stride();
        corners = new int[outH * outW];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                corners[oy * outW + ox] = oy * stride * inW + ox * stride;
            }
        }
    }

    @Override
    public void sample(Sampler sampler, long seed) {
    }

    @Override
    public float[] forward(float[] x, int batch) {
        int inSize = inSize();
        int outSize = outSize();
        a = buffer(0, batch * outSize);
        argmax = intBuffer(1, batch * outSize);
        // the planes are consecutive (NCHW): the vector loop pools all of them when whole vectors cover a plane
        int pooled = kernel == 2 && stride == 2
                ? PoolKernels.maxPool2x2(x, batch * channels, inW, inH * inW, outH * outW, corners, a, argmax) : 0;
        for (int n = pooled / Math.max(1, channels); n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int plane = n * inSize + c * inH * inW;
                int o = n * outSize + c * outH * outW;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int corner = plane + oy * stride * inW + ox * stride;
                        if (kernel == 2) {
                            float v0 = x[corner];
                            float v1 = x[corner + 1];
                            float v2 = x[corner + inW];
                            float v3 = x[corner + inW + 1];
                            float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                            // the positions holding the maximum, or (when it is NaN) a NaN: the first one wins
                            int holds = (v0 == m | v0 != v0 ? 1 : 0) | (v1 == m | v1 != v1 ? 2 : 0)
                                    | (v2 == m | v2 != v2 ? 4 : 0) | (v3 == m | v3 != v3 ? 8 : 0);
                            int k = Integer.numberOfTrailingZeros(holds);
                            int best = corner + (k & 1) + (k >> 1) * inW;
                            // the input's own value: −0.0 where it won against +0.0, as the comparisons below give
                            a[o] = x[best];
                            argmax[o] = best;
                            continue;
                        }
                        int best = corner;
                        float max = x[best];
                        for (int i = 0; i < kernel; i++) {
                            int row = plane + (oy * stride + i) * inW + ox * stride;
                            for (int j = 0; j < kernel; j++) {
                                float v = x[row + j];
                                // NaN wins, as in PyTorch, so that an explosion upstream stays visible
                                if (v > max || Float.isNaN(v) && !Float.isNaN(max)) {
                                    max = v;
                                    best = row + j;
                                }
                            }
                        }
                        a[o] = max;
                        argmax[o] = best;
                    }
                }
            }
        }
        return a;
    }

    @Override
    public float[] backward(float[] dOut, int batch) {
        da = dOut;
        int inSize = inSize();
        int outSize = outSize();
        float[] dx = buffer(2, batch * inSize);
        Arrays.fill(dx, 0f);
        for (int o = 0; o < batch * outSize; o++) {
            dx[argmax[o]] += dOut[o];
        }
        return dx;
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
