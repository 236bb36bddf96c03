package org.initscope.engine.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.initscope.engine.ActivationKernels;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.engine.Seeds;
import org.initscope.model.DenseSpec;
import org.initscope.model.Residual;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Scheme;

/**
 * A dense layer z = x·Wᵀ + b, a = φ(z), or a residual one a = x_in + α·φ(z) (x_in the input of its branch: its own
 * input, or that of the first layer of a longer branch, handed in by {@link #skip}), in networks the fast dense
 * engine does not run (with images, sequences, normalization or residual layers). A learned α (ReZero, SkipInit,
 * Fixup's multiplier) is a parameter of the layer; a Fixup layer has two scalar biases, {@code bias_a} on its input
 * before the weight and {@code bias_b} before the activation (after α in the layer that closes a branch), as in Zhang
 * et al.'s code.
 */
final class DenseModule extends Module {
    private final int in;
    private final int out;
    private final Residual residual;
    private final boolean fixup;
    private float[] w;
    private float[] b;
    /** α as a one-entry parameter (fixed or learned), and Fixup's scalar biases. */
    private final float[] alpha = new float[1];
    private final float[] biasA = new float[1];
    private final float[] biasB = new float[1];
    private float[] x;
    /** The input the weight multiplies: x, or x + bias_a in a Fixup layer. */
    private float[] xw;
    private float[] skip;
    private float[] z;
    private float[] phi;
    private float[] a;
    private float[] da;
    private float[] dz;
    private float[] dw;
    private float[] db;
    private final float[] dAlpha = new float[1];
    private final float[] dBiasA = new float[1];
    private final float[] dBiasB = new float[1];

    DenseModule(ResolvedLayer layer) {
        super(layer);
        in = layer.inputs();
        out = layer.units();
        DenseSpec spec = (DenseSpec) layer.spec();
        residual = spec.residual();
        fixup = spec.init().scheme() == Scheme.FIXUP;
    }

    @Override
    public void sample(Sampler sampler, long seed) {
        w = Draw.tensor(sampler, layer.weight().sampling(), out, in, Seeds.derive(seed, layer.index(), Seeds.WEIGHTS));
        b = Draw.tensor(sampler, layer.bias().sampling(), out, 1, Seeds.derive(seed, layer.index(), Seeds.BIAS));
        alpha[0] = residual == null ? 0f : (float) residual.alpha();
        biasA[0] = 0f;
        biasB[0] = 0f;
    }

    @Override
    public int skipFrom() {
        return residual != null && residual.branch() > 1 ? layer.branch().first() : -1;
    }

    @Override
    public void skip(float[] branchInput) {
        skip = branchInput;
    }

    @Override
    public float[] skipGradient() {
        return skipFrom() >= 0 ? da : null;
    }

    /** The closing layer of a Fixup branch adds bias_b after α; every other Fixup layer before φ. */
    private boolean biasBAfter() {
        return residual != null;
    }

    @Override
    public float[] forward(float[] input, int batch) {
        x = input;
        xw = input;
        if (fixup) {
            xw = new float[input.length];
            float c = biasA[0];
            for (int i = 0; i < xw.length; i++) {
                xw[i] = input[i] + c;
            }
        }
        z = new float[batch * out];
        Gemm.multiply(xw, false, w, true, z, batch, out, in, 1f, 0f);
        phi = new float[batch * out];
        float[] bias = b;
        if (fixup && !biasBAfter()) {
            bias = new float[out];
            for (int c = 0; c < out; c++) {
                bias[c] = b[c] + biasB[0];
            }
        }
        ActivationKernels.forward(layer.activation(), z, bias, phi, 0, batch, out);
        if (residual != null) {
            float[] from = skipFrom() >= 0 ? skip : input;
            a = new float[batch * out];
            float s = alpha[0];
            float after = fixup ? biasB[0] : 0f;
            for (int i = 0; i < a.length; i++) {
                a[i] = from[i] + s * phi[i] + after;
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
        if (residual != null) {
            float[] dphi = new float[dOut.length];
            float s = alpha[0];
            double sum = 0;
            for (int i = 0; i < dphi.length; i++) {
                dphi[i] = s * dOut[i];
                sum += (double) dOut[i] * phi[i];
            }
            dAlpha[0] = (float) sum;
            ActivationKernels.backwardRange(layer.activation(), z, phi, dphi, dz, 0, dz.length);
        } else {
            ActivationKernels.backwardRange(layer.activation(), z, phi, dOut, dz, 0, dz.length);
        }
        dw = new float[out * in];
        Gemm.multiply(dz, true, xw, false, dw, out, in, batch, 1f, 0f);
        db = new float[out];
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < out; c++) {
                db[c] += dz[r * out + c];
            }
        }
        if (fixup) {
            dBiasB[0] = (float) sum(biasBAfter() ? dOut : dz);
        }
        if (!inputGradient && !fixup) {
            return null;
        }
        float[] dx = new float[batch * in];
        Gemm.multiply(dz, false, w, false, dx, batch, in, out, 1f, 0f);
        if (fixup) {
            dBiasA[0] = (float) sum(dx);
        }
        if (!inputGradient) {
            return null;
        }
        if (residual != null && skipFrom() < 0) {
            for (int i = 0; i < dx.length; i++) {
                dx[i] += dOut[i];
            }
        }
        return dx;
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
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

    @Override
    public Map<String, float[]> parameters() {
        return named(w, b, alpha, biasA, biasB);
    }

    @Override
    public Map<String, float[]> parameterGradients() {
        return named(dw, db, dAlpha, dBiasA, dBiasB);
    }

    /** weight, bias, then α when it is learned and Fixup's scalar biases: the order of the resolved layer. */
    private Map<String, float[]> named(float[] weight, float[] bias, float[] al, float[] ba, float[] bb) {
        var m = new LinkedHashMap<String, float[]>();
        m.put("weight", weight);
        m.put("bias", bias);
        if (residual != null && residual.learned()) {
            m.put(ResolvedLayer.ALPHA, al);
        }
        if (fixup) {
            m.put(ResolvedLayer.FIXUP_BIAS_BEFORE, ba);
            m.put(ResolvedLayer.FIXUP_BIAS_AFTER, bb);
        }
        return m;
    }
}
