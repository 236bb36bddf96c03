package org.initscope.engine.layers;

import java.util.Arrays;
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
 * and so are mispredicted half the time.
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
    /** For each output value, the flat index (within its example) of the input that won. */
    private int[] argmax;

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
        for (int n = 0; n < batch; n++) {
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
                            argmax[o] = best - n * inSize;
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
                        argmax[o] = best - n * inSize;
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
        for (int n = 0; n < batch; n++) {
            for (int o = n * outSize; o < (n + 1) * outSize; o++) {
                dx[n * inSize + argmax[o]] += dOut[o];
            }
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
