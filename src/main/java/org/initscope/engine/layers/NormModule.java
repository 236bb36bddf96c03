package org.initscope.engine.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.engine.Seeds;
import org.initscope.model.NormSpec;
import org.initscope.model.ResolvedLayer;

/**
 * nn.BatchNorm1d/2d and nn.LayerNorm: x̂ = (x − μ)/√(σ² + eps) with the group's mean and biased variance,
 * y = γ·x̂ + β. BatchNorm's groups are the features (an image's channels, over batch, height and width) and γ, β
 * are per feature/channel; LayerNorm's groups are the examples and γ, β are per value of the example. The
 * pre-activation reported is x̂, the activation y.
 *
 * <p>BatchNorm keeps PyTorch's running statistics (running_mean 0, running_var 1 at the start, momentum 0.1): a
 * {@link Mode#TRAIN} pass updates them with the batch's mean and <em>unbiased</em> variance,
 * r ← (1 − 0.1)·r + 0.1·batch value; an {@link Mode#EVAL} pass normalizes with them instead of the batch's, as
 * {@code model.eval()} does. LayerNorm computes the same in every mode.
 */
final class NormModule extends Module {
    private final boolean batchNorm;
    private final double eps;
    /** Per example: channels, and values per channel (H·W, or 1 for a vector). */
    private final int channels;
    private final int plane;
    /** PyTorch's default momentum of the running statistics. */
    static final double MOMENTUM = 0.1;
    private final double[] runningMean;
    private final double[] runningVar;
    /** The mode of the last forward pass (backward follows it). */
    private Mode passMode = Mode.MEASURE;
    private float[] gamma;
    private float[] beta;
    private float[] xhat;
    private float[] y;
    /** 1/√(σ² + eps) of every group (a feature for BatchNorm, an example for LayerNorm). */
    private double[] invStd;
    private float[] dy;
    private float[] dxhat;
    private float[] dgamma;
    private float[] dbeta;

    NormModule(ResolvedLayer layer) {
        super(layer);
        NormSpec spec = (NormSpec) layer.spec();
        batchNorm = spec.kind() == NormSpec.Kind.BATCH;
        eps = spec.eps();
        channels = layer.in().channels();
        plane = layer.in().height() * layer.in().width();
        runningMean = batchNorm ? new double[channels] : null;
        runningVar = batchNorm ? new double[channels] : null;
        if (batchNorm) {
            Arrays.fill(runningVar, 1.0);
        }
    }

    @Override
    public Map<String, float[]> buffers() {
        var m = new LinkedHashMap<String, float[]>();
        if (batchNorm) {
            m.put("running_mean", toFloat(runningMean));
            m.put("running_var", toFloat(runningVar));
        }
        return m;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Override
    public void sample(Sampler sampler, long seed) {
        int size = layer.param("weight").rows();
        gamma = Draw.tensor(sampler, layer.weight().sampling(), size, 1, Seeds.derive(seed, layer.index(), Seeds.WEIGHTS));
        beta = Draw.tensor(sampler, layer.bias().sampling(), size, 1, Seeds.derive(seed, layer.index(), Seeds.BIAS));
    }

    @Override
    public float[] forward(float[] x, int batch) {
        int f = inSize();
        xhat = new float[batch * f];
        y = new float[batch * f];
        passMode = mode;
        if (batchNorm && mode == Mode.EVAL) {
            invStd = new double[channels];
            for (int c = 0; c < channels; c++) {
                double mean = runningMean[c];
                double inv = 1 / Math.sqrt(runningVar[c] + eps);
                invStd[c] = inv;
                normalize(x, batch, f, c, mean, inv);
            }
        } else if (batchNorm) {
            invStd = new double[channels];
            double n = (double) batch * plane;
            if (mode == Mode.TRAIN && n < 2) {
                throw new IllegalArgumentException("batchnorm needs more than one value per channel to train "
                        + "(a batch of 1 on a vector), as PyTorch does");
            }
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int e = 0; e < batch; e++) {
                    int o = e * f + c * plane;
                    for (int p = 0; p < plane; p++) {
                        sum += x[o + p];
                    }
                }
                double mean = sum / n;
                double sq = 0;
                for (int e = 0; e < batch; e++) {
                    int o = e * f + c * plane;
                    for (int p = 0; p < plane; p++) {
                        double d = x[o + p] - mean;
                        sq += d * d;
                    }
                }
                double inv = 1 / Math.sqrt(sq / n + eps);
                invStd[c] = inv;
                normalize(x, batch, f, c, mean, inv);
                if (mode == Mode.TRAIN) {
                    runningMean[c] = (1 - MOMENTUM) * runningMean[c] + MOMENTUM * mean;
                    runningVar[c] = (1 - MOMENTUM) * runningVar[c] + MOMENTUM * sq / (n - 1);
                }
            }
        } else {
            invStd = new double[batch];
            for (int e = 0; e < batch; e++) {
                int o = e * f;
                double sum = 0;
                for (int i = 0; i < f; i++) {
                    sum += x[o + i];
                }
                double mean = sum / f;
                double sq = 0;
                for (int i = 0; i < f; i++) {
                    double d = x[o + i] - mean;
                    sq += d * d;
                }
                double inv = 1 / Math.sqrt(sq / f + eps);
                invStd[e] = inv;
                for (int i = 0; i < f; i++) {
                    float h = (float) ((x[o + i] - mean) * inv);
                    xhat[o + i] = h;
                    y[o + i] = gamma[i] * h + beta[i];
                }
            }
        }
        return y;
    }

    /** x̂ and y of channel c with the given mean and 1/√(σ² + eps). */
    private void normalize(float[] x, int batch, int f, int c, double mean, double inv) {
        float g = gamma[c];
        float b = beta[c];
        for (int e = 0; e < batch; e++) {
            int o = e * f + c * plane;
            for (int p = 0; p < plane; p++) {
                float h = (float) ((x[o + p] - mean) * inv);
                xhat[o + p] = h;
                y[o + p] = g * h + b;
            }
        }
    }

    /**
     * With g = ∂L/∂x̂ = γ·∂L/∂y over a group of n values: ∂L/∂x = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)), the
     * batch-statistics gradient (μ and σ depend on x).
     */
    @Override
    public float[] backward(float[] dOut, int batch) {
        int f = inSize();
        dy = dOut;
        dxhat = new float[batch * f];
        float[] dx = new float[batch * f];
        int size = gamma.length;
        double[] dg = new double[size];
        double[] db = new double[size];
        if (batchNorm) {
            double n = (double) batch * plane;
            for (int c = 0; c < channels; c++) {
                float g = gamma[c];
                double sumG = 0;
                double sumGx = 0;
                for (int e = 0; e < batch; e++) {
                    int o = e * f + c * plane;
                    for (int p = 0; p < plane; p++) {
                        float d = dOut[o + p];
                        dg[c] += (double) d * xhat[o + p];
                        db[c] += d;
                        float gh = d * g;
                        dxhat[o + p] = gh;
                        sumG += gh;
                        sumGx += (double) gh * xhat[o + p];
                    }
                }
                // in eval mode μ and σ are constants: ∂L/∂x = g/σ
                boolean fixed = passMode == Mode.EVAL;
                double meanG = fixed ? 0 : sumG / n;
                double meanGx = fixed ? 0 : sumGx / n;
                double inv = invStd[c];
                for (int e = 0; e < batch; e++) {
                    int o = e * f + c * plane;
                    for (int p = 0; p < plane; p++) {
                        dx[o + p] = (float) (inv * (dxhat[o + p] - meanG - xhat[o + p] * meanGx));
                    }
                }
            }
        } else {
            for (int e = 0; e < batch; e++) {
                int o = e * f;
                double sumG = 0;
                double sumGx = 0;
                for (int i = 0; i < f; i++) {
                    float d = dOut[o + i];
                    dg[i] += (double) d * xhat[o + i];
                    db[i] += d;
                    float gh = d * gamma[i];
                    dxhat[o + i] = gh;
                    sumG += gh;
                    sumGx += (double) gh * xhat[o + i];
                }
                double meanG = sumG / f;
                double meanGx = sumGx / f;
                double inv = invStd[e];
                for (int i = 0; i < f; i++) {
                    dx[o + i] = (float) (inv * (dxhat[o + i] - meanG - xhat[o + i] * meanGx));
                }
            }
        }
        dgamma = new float[size];
        dbeta = new float[size];
        for (int i = 0; i < size; i++) {
            dgamma[i] = (float) dg[i];
            dbeta[i] = (float) db[i];
        }
        return dx;
    }

    @Override
    public float[] tensor(Quantity q) {
        return switch (q) {
            case WEIGHTS -> gamma;
            case BIASES -> beta;
            case PRE_ACTIVATIONS -> xhat;
            case ACTIVATIONS -> y;
            case ACTIVATION_GRADIENTS -> dy;
            case PRE_ACTIVATION_GRADIENTS -> dxhat;
            case WEIGHT_GRADIENTS -> dgamma;
            case BIAS_GRADIENTS -> dbeta;
        };
    }
}
