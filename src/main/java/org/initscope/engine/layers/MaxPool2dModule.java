package org.initscope.engine.layers;

import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Shape;

/**
 * nn.MaxPool2d(kernel_size, stride) without padding on NCHW arrays. Backward routes each output's gradient to the
 * input that won its window; ties go to the first maximum in row-major window order, as PyTorch's CPU kernel does.
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
        a = new float[batch * outSize];
        argmax = new int[batch * outSize];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                int plane = n * inSize + c * inH * inW;
                int o = n * outSize + c * outH * outW;
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int best = plane + oy * stride * inW + ox * stride;
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
        float[] dx = new float[batch * inSize];
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
