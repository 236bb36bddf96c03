package org.initscope.engine.layers;

import org.initscope.engine.ActivationKernels;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.engine.Seeds;
import org.initscope.model.DenseSpec;
import org.initscope.model.ResolvedLayer;

/**
 * A dense layer z = x·Wᵀ + b, a = φ(z), or a residual one a = x + α·φ(z), in networks the fast dense engine does
 * not run (with images, sequences, normalization or residual layers).
 */
final class DenseModule extends Module {
    private final int in;
    private final int out;
    private final double alpha;
    private float[] w;
    private float[] b;
    private float[] x;
    private float[] z;
    private float[] phi;
    private float[] a;
    private float[] da;
    private float[] dz;
    private float[] dw;
    private float[] db;

    DenseModule(ResolvedLayer layer) {
        super(layer);
        in = layer.inputs();
        out = layer.units();
        alpha = ((DenseSpec) layer.spec()).residual();
    }

    @Override
    public void sample(Sampler sampler, long seed) {
        w = Draw.tensor(sampler, layer.weight().sampling(), out, in, Seeds.derive(seed, layer.index(), Seeds.WEIGHTS));
        b = Draw.tensor(sampler, layer.bias().sampling(), out, 1, Seeds.derive(seed, layer.index(), Seeds.BIAS));
    }

    @Override
    public float[] forward(float[] input, int batch) {
        x = input;
        z = new float[batch * out];
        Gemm.multiply(input, false, w, true, z, batch, out, in, 1f, 0f);
        phi = new float[batch * out];
        ActivationKernels.forward(layer.activation(), z, b, phi, 0, batch, out);
        if (alpha > 0) {
            a = new float[batch * out];
            float s = (float) alpha;
            for (int i = 0; i < a.length; i++) {
                a[i] = input[i] + s * phi[i];
            }
        } else {
            a = phi;
        }
        return a;
    }

    @Override
    public float[] backward(float[] dOut, int batch) {
        da = dOut;
        dz = new float[batch * out];
        if (alpha > 0) {
            float[] dphi = new float[dOut.length];
            float s = (float) alpha;
            for (int i = 0; i < dphi.length; i++) {
                dphi[i] = s * dOut[i];
            }
            ActivationKernels.backwardRange(layer.activation(), z, phi, dphi, dz, 0, dz.length);
        } else {
            ActivationKernels.backwardRange(layer.activation(), z, phi, dOut, dz, 0, dz.length);
        }
        dw = new float[out * in];
        Gemm.multiply(dz, true, x, false, dw, out, in, batch, 1f, 0f);
        db = new float[out];
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < out; c++) {
                db[c] += dz[r * out + c];
            }
        }
        if (!inputGradient) {
            return null;
        }
        float[] dx = new float[batch * in];
        Gemm.multiply(dz, false, w, false, dx, batch, in, out, 1f, 0f);
        if (alpha > 0) {
            for (int i = 0; i < dx.length; i++) {
                dx[i] += dOut[i];
            }
        }
        return dx;
    }

    @Override
    public float[] tensor(Quantity q) {
        return switch (q) {
            case WEIGHTS -> w;
            case BIASES -> b;
            case PRE_ACTIVATIONS -> z;
            case ACTIVATIONS -> a;
            case ACTIVATION_GRADIENTS -> da;
            case PRE_ACTIVATION_GRADIENTS -> dz;
            case WEIGHT_GRADIENTS -> dw;
            case BIAS_GRADIENTS -> db;
        };
    }
}
