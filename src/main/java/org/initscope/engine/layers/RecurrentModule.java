package org.initscope.engine.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initscope.engine.ActivationKernels;
import org.initscope.engine.Quantity;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.Sampler;
import org.initscope.engine.Seeds;
import org.initscope.engine.TensorStats;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedParam;

/**
 * nn.RNN (tanh or relu) and nn.LSTM with batch_first=True, one layer, h_0 = c_0 = 0, both biases added:
 * <pre>
 *   rnn:  h_t = φ(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)
 *   lstm: [i f g o] = [σ σ tanh σ](x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)   (PyTorch's gate order)
 *         c_t = f⊙c_{t−1} + i⊙g,  h_t = o⊙tanh(c_t)
 * </pre>
 * Backward is exact backpropagation through time. The output is the whole sequence h_1…h_T (batch × T × H) when
 * the next layer is recurrent, otherwise h_T (batch × H).
 *
 * <p>Internally every per-step tensor is time-major (T × batch × …): the recurrence needs step t's rows of the whole
 * batch as one contiguous matrix for the h·W_hhᵀ GEMM. The input projection x·W_ihᵀ and the three weight and input
 * gradients are each one GEMM over all T·batch rows. {@link #tensor} returns batch-major copies (batch × T × …), the
 * engine's layout, built on demand.
 */
final class RecurrentModule extends Module {
    private static final ActivationSpec SIGMOID = ActivationSpec.of(Activation.SIGMOID);
    private static final ActivationSpec TANH = ActivationSpec.of(Activation.TANH);
    private static final int GATE_BINS = 64;

    private final boolean lstm;
    /** H, G·H, F, T. */
    private final int hidden;
    private final int gh;
    private final int features;
    private final int steps;
    private final boolean sequenceOut;
    private final ActivationSpec act;
    private final Double forgetBias;

    // parameters in PyTorch's layout: W_ih (G·H × F), W_hh (G·H × H), b_ih, b_hh (G·H)
    private float[] wih;
    private float[] whh;
    private float[] bih;
    private float[] bhh;
    private float[] dwih;
    private float[] dwhh;
    private float[] dbih;
    private float[] dbhh;

    // forward state, time-major
    private int batch;
    /** T × B × F: the input. */
    private float[] xs;
    /** T × B × G·H: pre-activations of every gate. */
    private float[] z;
    /** T × B × G·H: gate activations (lstm: σ(i), σ(f), tanh(g), σ(o)); for an rnn φ(z) = h_t. */
    private float[] gate;
    /** (T+1) × B × H: h_0 = 0, h_1, …, h_T; its first T blocks are the h_{t−1} that W_hh's gradient needs. */
    private float[] hs;
    /** lstm: (T+1) × B × H cell states c_0 = 0, …, c_T and tanh of them (same layout, so the kernels can index both). */
    private float[] cs;
    private float[] tc;

    // backward state, time-major
    /** T × B × H: ∂L/∂h_t, the total gradient reaching h_t (from the output and from step t+1). */
    private float[] dh;
    /** lstm: T × B × H, ∂L/∂c_t. */
    private float[] dc;
    /** T × B × G·H: ∂L/∂(gate pre-activations). */
    private float[] dz;

    private final Map<Quantity, float[]> views = new EnumMap<>(Quantity.class);
    private RecurrentTrace trace;

    RecurrentModule(ResolvedLayer layer) {
        super(layer);
        RecurrentSpec spec = (RecurrentSpec) layer.spec();
        lstm = spec.cell() == RecurrentSpec.Cell.LSTM;
        hidden = spec.hiddenSize();
        gh = spec.gates() * hidden;
        features = layer.in().channels();
        steps = layer.in().steps();
        sequenceOut = layer.out().sequence();
        act = layer.activation();
        forgetBias = spec.forgetBias();
    }

    @Override
    public void sample(Sampler sampler, long seed) {
        for (ResolvedParam p : layer.params()) {
            switch (p.name()) {
                case "weight_ih" -> wih = draw(sampler, p, seed, Seeds.WEIGHT_IH);
                case "weight_hh" -> whh = draw(sampler, p, seed, Seeds.WEIGHT_HH);
                case "bias_ih" -> bih = draw(sampler, p, seed, Seeds.BIAS_IH);
                case "bias_hh" -> bhh = draw(sampler, p, seed, Seeds.BIAS_HH);
                default -> throw new IllegalStateException("unexpected recurrent parameter " + p.name());
            }
        }
        if (lstm && forgetBias != null) {
            // Keras' unit_forget_bias: the forget block of the summed bias is the constant, so b_hh's is 0
            Arrays.fill(bih, hidden, 2 * hidden, forgetBias.floatValue());
            Arrays.fill(bhh, hidden, 2 * hidden, 0f);
        }
    }

    /**
     * The whole (G·H × cols) matrix in one draw, as torch.nn.init sees it (orthogonal then spreads its singular
     * values over the gates), or each gate's (H × cols) block on its own seed when the layer asks for per-gate init.
     */
    private float[] draw(Sampler sampler, ResolvedParam p, long seed, int purpose) {
        if (p.blocks() <= 1) {
            return Draw.tensor(sampler, p.init().sampling(), p.rows(), p.cols(),
                    Seeds.derive(seed, layer.index(), purpose));
        }
        int rows = p.rows() / p.blocks();
        float[] heap = new float[p.rows() * p.cols()];
        for (int b = 0; b < p.blocks(); b++) {
            Draw.into(sampler, p.init().sampling(), rows, p.cols(),
                    Seeds.derive(seed, layer.index(), purpose + Seeds.BLOCK * b), heap, b * rows * p.cols());
        }
        return heap;
    }

    @Override
    public float[] forward(float[] x, int batch) {
        this.batch = batch;
        views.clear();
        trace = null;
        dh = null;
        dc = null;
        dz = null;
        dwih = null;
        dwhh = null;
        dbih = null;
        dbhh = null;
        int tb = steps * batch;
        int stepH = batch * hidden;
        int stepG = batch * gh;
        xs = toTimeMajor(x, batch, features);

        // every step's input projection in one GEMM, then both biases (b_ih + b_hh, as PyTorch adds both)
        z = new float[tb * gh];
        Gemm.multiply(xs, false, wih, true, z, tb, gh, features, 1f, 0f);
        float[] bias = new float[gh];
        for (int j = 0; j < gh; j++) {
            bias[j] = bih[j] + bhh[j];
        }
        for (int r = 0; r < tb; r++) {
            int off = r * gh;
            for (int j = 0; j < gh; j++) {
                z[off + j] += bias[j];
            }
        }

        gate = new float[tb * gh];
        hs = new float[(steps + 1) * stepH];
        if (lstm) {
            cs = new float[(steps + 1) * stepH];
            tc = new float[(steps + 1) * stepH];
        } else {
            cs = null;
            tc = null;
        }
        for (int t = 0; t < steps; t++) {
            int zo = t * stepG;
            // h_0 = 0: the first step has no recurrent term; the others add h_{t−1}·W_hhᵀ to their block of z
            if (t > 0) {
                Gemm.multiply(hs, t * stepH, false, whh, true, z, zo, batch, gh, hidden, 1f, 1f);
            }
            if (lstm) {
                lstmStep(t);
            } else {
                ActivationKernels.forwardRange(act, z, gate, zo, zo + stepG);
                System.arraycopy(gate, zo, hs, (t + 1) * stepH, stepH);
            }
        }

        if (sequenceOut) {
            return toBatchMajor(hs, stepH, batch, hidden);
        }
        return Arrays.copyOfRange(hs, steps * stepH, (steps + 1) * stepH);
    }

    /** Gates, cell and hidden state of step t (0-based) from its pre-activations. */
    private void lstmStep(int t) {
        int h = hidden;
        int stepH = batch * h;
        for (int b = 0; b < batch; b++) {
            int r = t * batch * gh + b * gh;
            ActivationKernels.forwardRange(SIGMOID, z, gate, r, r + 2 * h);
            ActivationKernels.forwardRange(TANH, z, gate, r + 2 * h, r + 3 * h);
            ActivationKernels.forwardRange(SIGMOID, z, gate, r + 3 * h, r + 4 * h);
            int prev = t * stepH + b * h;
            int next = prev + stepH;
            for (int j = 0; j < h; j++) {
                cs[next + j] = gate[r + h + j] * cs[prev + j] + gate[r + j] * gate[r + 2 * h + j];
            }
        }
        int from = (t + 1) * stepH;
        ActivationKernels.forwardRange(TANH, cs, tc, from, from + stepH);
        for (int b = 0; b < batch; b++) {
            int o = t * batch * gh + b * gh + 3 * h;
            int k = from + b * h;
            for (int j = 0; j < h; j++) {
                hs[k + j] = gate[o + j] * tc[k + j];
            }
        }
    }

    @Override
    public float[] backward(float[] dOut, int batch) {
        if (batch != this.batch) {
            throw new IllegalArgumentException("backward batch " + batch + " ≠ forward batch " + this.batch);
        }
        views.clear();
        trace = null;
        int tb = steps * batch;
        int stepH = batch * hidden;
        int stepG = batch * gh;
        dh = sequenceOut ? toTimeMajor(dOut, batch, hidden) : new float[tb * hidden];
        if (!sequenceOut) {
            // only h_T is the output: the other steps get their gradient through the recurrence alone
            System.arraycopy(dOut, 0, dh, (steps - 1) * stepH, stepH);
        }
        dz = new float[tb * gh];
        dc = lstm ? new float[tb * hidden] : null;
        // ∂L/∂c_t along the cell path from step t+1: f_{t+1}⊙∂L/∂c_{t+1}
        float[] carry = lstm ? new float[stepH] : null;
        for (int t = steps - 1; t >= 0; t--) {
            // dh's block t is complete: the output's share plus W_hh's from step t+1, added below at that step
            int zo = t * stepG;
            if (lstm) {
                lstmStepBackward(t, carry);
            } else {
                ActivationKernels.backwardRange(act, z, gate, dh, dz, zo, zo + stepG);
            }
            if (t > 0) {
                // ∂L/∂h_{t−1} += ∂L/∂z_t·W_hh
                Gemm.multiply(dz, zo, false, whh, false, dh, (t - 1) * stepH, batch, hidden, gh, 1f, 1f);
            }
        }

        // sums over batch and time, one GEMM each: ∂L/∂W_ih = dZᵀ·X, ∂L/∂W_hh = dZᵀ·H_{t−1} (hs's first T blocks)
        dwih = new float[gh * features];
        Gemm.multiply(dz, true, xs, false, dwih, gh, features, tb, 1f, 0f);
        dwhh = new float[gh * hidden];
        Gemm.multiply(dz, true, hs, false, dwhh, gh, hidden, tb, 1f, 0f);
        dbih = columnSums(dz, tb, gh);
        dbhh = dbih.clone();
        if (!inputGradient) {
            return null;
        }
        float[] dxs = new float[tb * features];
        Gemm.multiply(dz, false, wih, false, dxs, tb, features, gh, 1f, 0f);
        return toBatchMajor(dxs, 0, batch, features);
    }

    /**
     * One step of the LSTM's backward pass. With δh = ∂L/∂h_t and δc = carry + δh⊙o⊙(1 − tanh²c_t):
     * δz_i = δc⊙g⊙i(1−i), δz_f = δc⊙c_{t−1}⊙f(1−f), δz_g = δc⊙i⊙(1−g²), δz_o = δh⊙tanh(c_t)⊙o(1−o), and the
     * carry to step t−1 is δc⊙f.
     */
    private void lstmStepBackward(int t, float[] carry) {
        int h = hidden;
        int stepH = batch * h;
        for (int b = 0; b < batch; b++) {
            int r = t * batch * gh + b * gh;
            int k = t * stepH + b * h;
            int cNow = k + stepH;
            int cPrev = k;
            int cb = b * h;
            for (int j = 0; j < h; j++) {
                float i = gate[r + j];
                float f = gate[r + h + j];
                float g = gate[r + 2 * h + j];
                float o = gate[r + 3 * h + j];
                float th = tc[cNow + j];
                float dhj = dh[k + j];
                float dcj = carry[cb + j] + dhj * o * (1f - th * th);
                dc[k + j] = dcj;
                dz[r + j] = dcj * g * (i * (1f - i));
                dz[r + h + j] = dcj * cs[cPrev + j] * (f * (1f - f));
                dz[r + 2 * h + j] = dcj * i * (1f - g * g);
                dz[r + 3 * h + j] = dhj * th * (o * (1f - o));
                carry[cb + j] = dcj * f;
            }
        }
    }

    @Override
    public float[] tensor(Quantity q) {
        return switch (q) {
            case WEIGHTS -> whh;
            case BIASES -> bih;
            case WEIGHT_GRADIENTS -> dwhh;
            case BIAS_GRADIENTS -> dbih;
            case PRE_ACTIVATIONS -> view(q, z, 0, gh);
            case ACTIVATIONS -> view(q, hs, batch * hidden, hidden);
            case ACTIVATION_GRADIENTS -> view(q, dh, 0, hidden);
            case PRE_ACTIVATION_GRADIENTS -> view(q, dz, 0, gh);
        };
    }

    /** A batch-major copy (batch × T × width) of a time-major tensor, made once per pass. */
    private float[] view(Quantity q, float[] timeMajor, int offset, int width) {
        if (timeMajor == null) {
            return null;
        }
        return views.computeIfAbsent(q, k -> toBatchMajor(timeMajor, offset, batch, width));
    }

    @Override
    public Map<String, float[]> parameters() {
        var m = new LinkedHashMap<String, float[]>();
        if (wih != null) {
            m.put("weight_ih", wih);
            m.put("weight_hh", whh);
            m.put("bias_ih", bih);
            m.put("bias_hh", bhh);
        }
        return m;
    }

    @Override
    public Map<String, float[]> parameterGradients() {
        var m = new LinkedHashMap<String, float[]>();
        if (dwih != null) {
            m.put("weight_ih", dwih);
            m.put("weight_hh", dwhh);
            m.put("bias_ih", dbih);
            m.put("bias_hh", dbhh);
        }
        return m;
    }

    /** The trace of the last forward and backward pass; null before a backward pass. */
    @Override
    public RecurrentTrace trace() {
        if (dh == null) {
            return null;
        }
        if (trace == null) {
            trace = buildTrace();
        }
        return trace;
    }

    private RecurrentTrace buildTrace() {
        int stepH = batch * hidden;
        double[] gradientNorm = new double[steps];
        for (int t = 0; t < steps; t++) {
            gradientNorm[t] = norm(dh, t * stepH, stepH);
        }
        if (!lstm) {
            return new RecurrentTrace(gradientNorm, null, null, null, List.of());
        }
        double[] cellNorm = new double[steps];
        double[] meanForget = new double[steps];
        double[] cellPath = new double[steps];
        // running ∏_{k=t+1}^{T} f_k per example and unit, built from the last step back (empty product at T)
        double[] path = new double[stepH];
        Arrays.fill(path, 1.0);
        int h = hidden;
        for (int t = steps - 1; t >= 0; t--) {
            cellNorm[t] = norm(dc, t * stepH, stepH);
            double pathSum = 0;
            double forgetSum = 0;
            for (int b = 0; b < batch; b++) {
                int f = t * batch * gh + b * gh + h;
                for (int j = 0; j < h; j++) {
                    int u = b * h + j;
                    pathSum += path[u];
                    forgetSum += gate[f + j];
                    path[u] *= gate[f + j];
                }
            }
            cellPath[t] = pathSum / stepH;
            meanForget[t] = forgetSum / stepH;
        }
        var gates = new ArrayList<TensorStats>(4);
        float[] values = new float[steps * stepH];
        for (int g = 0; g < 4; g++) {
            int n = 0;
            for (int r = 0; r < steps * batch; r++) {
                System.arraycopy(gate, r * gh + g * h, values, n, h);
                n += h;
            }
            gates.add(TensorStats.of(values, n, GATE_BINS));
        }
        return new RecurrentTrace(gradientNorm, cellNorm, meanForget, cellPath, gates);
    }

    private static double norm(float[] a, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += (double) a[i] * a[i];
        }
        return Math.sqrt(s);
    }

    /** Batch-major (B × T × w) to time-major (T × B × w). */
    private float[] toTimeMajor(float[] src, int batch, int width) {
        float[] dst = new float[steps * batch * width];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(src, (b * steps + t) * width, dst, (t * batch + b) * width, width);
            }
        }
        return dst;
    }

    /** Time-major (T × B × w, starting at {@code offset}) to batch-major (B × T × w). */
    private float[] toBatchMajor(float[] src, int offset, int batch, int width) {
        float[] dst = new float[steps * batch * width];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(src, offset + (t * batch + b) * width, dst, (b * steps + t) * width, width);
            }
        }
        return dst;
    }

    /** Σ over rows of a (rows × cols) matrix, in double precision. */
    private static float[] columnSums(float[] a, int rows, int cols) {
        double[] acc = new double[cols];
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            for (int c = 0; c < cols; c++) {
                acc[c] += a[off + c];
            }
        }
        float[] out = new float[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = (float) acc[c];
        }
        return out;
    }
}
