package org.initscope.engine.layers;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.initscope.engine.ActivationKernels;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.engine.Seeds;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Shape;

/**
 * nn.Conv2d (cross-correlation, zero padding, stride, groups, bias) followed by the layer's activation, on NCHW
 * heap arrays. Weight layout is PyTorch's (C_out, C_in/groups, kH, kW), i.e. a C_out × K matrix with
 * K = (C_in/groups)·kH·kW = fan_in.
 *
 * <p>How: im2col. For a chunk of examples and one group, the receptive fields are unfolded into a matrix
 * col (K × chunk·H_out·W_out), so that the convolution is one GEMM z_g = W_g·col. Backward uses the same col
 * (recomputed: cheaper than keeping K times the input): ∂L/∂W_g = ∂L/∂z_g·colᵀ, ∂L/∂col = W_gᵀ·∂L/∂z_g, folded
 * back onto the input by col2im. Chunks bound the col buffer (a whole batch of 64-channel 32×32 images would
 * need 600 MB) and are spread over the cores; each chunk writes only its own examples, and its share of ∂L/∂W and
 * ∂L/∂b is summed in chunk order afterwards, so the result does not depend on the number of cores or on thread
 * scheduling.
 *
 * <p>On one thread (training) the whole batch is one chunk when its col fits the budget — one GEMM per layer and
 * pass instead of one per chunk, each with its call overhead — and its buffers (up to {@link #KEEP_FLOATS}) are kept
 * from pass to pass; with one group the forward pass's col is kept for the backward pass of the same input instead
 * of being unfolded again. The chunks' sums then run in another order than on several threads: the same numbers
 * within float rounding, and to the bit where every partial sum is exact (FastPathsTest).
 */
final class Conv2dModule extends Module {
    /** Floats of one col buffer: 4 MB, big enough for efficient GEMMs, small enough to stay in cache-ish memory. */
    private static final int COL_BUDGET = 1 << 20;
    /**
     * Floats of the buffers a layer on one thread keeps from pass to pass (8 MB): a training batch's; an evaluation
     * chunk's larger ones are made per pass, as on several threads, so that a deep conv net does not hold a full
     * chunk's buffers in every layer at once ({@link #convKeptFloats}, counted by MemoryEstimate).
     */
    private static final long KEEP_FLOATS = 1L << 21;
    /** At least this many chunks when the batch allows, so that every core gets work (a constant, not CORES). */
    private static final int MIN_CHUNKS = 8;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final ActivationSpec act;
    private final int inC;
    private final int inH;
    private final int inW;
    private final int outC;
    private final int outH;
    private final int outW;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;
    private final int groups;
    /** Input channels per group. */
    private final int cpg;
    /** Output channels per group. */
    private final int opg;
    /** Rows of col: (C_in/groups)·kH·kW. */
    private final int kk;
    /** Output positions per channel: H_out·W_out. */
    private final int positions;
    private final int inSize;
    private final int outSize;

    private float[] w;
    /** Each group's block of w (opg × kk) as its own array, since Gemm takes whole arrays; w itself for 1 group. */
    private float[][] wg;
    private float[] b;
    private float[] x;
    private float[] z;
    private float[] a;
    private float[] da;
    private float[] dz;
    private float[] dw;
    private float[] db;
    /**
     * For small images (kK·H_out·W_out ≤ {@link #GATHER_MAX}): where each entry of an example's block of col comes
     * from, [row of col][output position] → offset in the example's group of input channels, and for the padding
     * past them: entry q of a row at cpg·H·W + q, a slot that holds 0 for im2col and collects (and drops) the
     * padding's gradient in col2im. im2col and col2im then run one flat loop per row of col, without branches,
     * instead of a loop per output row with its padding runs (on 4×4 and 8×8 images those runs were one or two values
     * long and their bookkeeping cost more than the copying; a select of 0 for the padding compiled to a jump,
     * mispredicted on every row's padding), and no two padding entries of a row share a slot (one slot would chain
     * col2im's additions). Null for larger images.
     */
    private final int[] gather;
    /** Input values of an example's group of channels: cpg·H·W. */
    private final int groupSize;
    private static final int GATHER_MAX = 1 << 16;
    /** The one worker's buffers on one thread, kept from pass to pass (null until the first pass). */
    private Scratch kept;
    /** The input whose col {@link #kept} holds from the forward pass (one chunk, one group), or null. */
    private float[] colOf;
    private int colBatch;

    Conv2dModule(ResolvedLayer layer) {
        super(layer);
        Conv2dSpec c = (Conv2dSpec) layer.spec();
        Shape in = layer.in();
        Shape out = layer.out();
        act = layer.activation();
        inC = in.channels();
        inH = in.height();
        inW = in.width();
        outC = out.channels();
        outH = out.height();
        outW = out.width();
        kh = c.kernelH();
        kw = c.kernelW();
        sh = c.strideH();
        sw = c.strideW();
        ph = c.padH();
        pw = c.padW();
        groups = c.groups();
        cpg = inC / groups;
        opg = outC / groups;
        kk = cpg * kh * kw;
        positions = outH * outW;
        inSize = inC * inH * inW;
        outSize = outC * positions;
        groupSize = cpg * inH * inW;
        gather = (long) kk * positions <= GATHER_MAX ? gatherTable() : null;
    }

    private int[] gatherTable() {
        int[] t = new int[kk * positions];
        for (int c = 0; c < cpg; c++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int r = (c * kh + i) * kw + j;
                    for (int oy = 0; oy < outH; oy++) {
                        for (int ox = 0; ox < outW; ox++) {
                            int iy = oy * sh - ph + i;
                            int ix = ox * sw - pw + j;
                            boolean inside = iy >= 0 && iy < inH && ix >= 0 && ix < inW;
                            int q = oy * outW + ox;
                            t[r * positions + q] = inside ? (c * inH + iy) * inW + ix : groupSize + q;
                        }
                    }
                }
            }
        }
        return t;
    }

    @Override
    public void sample(Sampler sampler, long seed) {
        w = Draw.tensor(sampler, layer.weight().sampling(), outC, kk, Seeds.derive(seed, layer.index(), Seeds.WEIGHTS));
        b = Draw.tensor(sampler, layer.bias().sampling(), outC, 1, Seeds.derive(seed, layer.index(), Seeds.BIAS));
        splitGroups();
    }

    /** Each group's block of w as its own array (taken again at every forward pass, so w stays the truth). */
    private void splitGroups() {
        wg = new float[groups][];
        for (int g = 0; g < groups; g++) {
            wg[g] = groups == 1 ? w : Arrays.copyOfRange(w, g * opg * kk, (g + 1) * opg * kk);
        }
    }

    // ---- chunking ----

    /**
     * Examples per chunk: as many as the col budget allows, but (with several threads) at least MIN_CHUNKS chunks for
     * the cores.
     */
    private int chunkSize(int batch) {
        return chunkSize(batch, kk, positions, threads == 1);
    }

    private static int chunkSize(int batch, long kk, long positions, boolean oneThread) {
        long perExample = kk * positions;
        int byBudget = (int) Math.max(1, Math.min(batch, COL_BUDGET / Math.max(1, perExample)));
        int forCores = oneThread ? batch : (batch + MIN_CHUNKS - 1) / MIN_CHUNKS;
        return Math.max(1, Math.min(byBudget, forCores));
    }

    /**
     * The scratch space a forward and backward pass of this layer allocates besides its tensors, in floats: on the
     * heap, every worker's col, dcol, mat and dwg buffers and each chunk's share of ∂L/∂W; in native memory, the
     * largest GEMM's three operands per worker (Gemm copies them). A single example's col buffer is kK·H_out·W_out
     * floats: 2.7 GB for a 31×31 kernel over a 3×512×512 image.
     *
     * @return {heap floats, native floats}
     */
    static long[] convScratchFloats(ResolvedLayer layer, int batch) {
        long[] cores = convScratchFloats(layer, batch, false);
        long[] one = convScratchFloats(layer, batch, true);
        return new long[] {Math.max(cores[0], one[0]), Math.max(cores[1], one[1])};
    }

    private static long[] convScratchFloats(ResolvedLayer layer, int batch, boolean oneThread) {
        Conv2dSpec c = (Conv2dSpec) layer.spec();
        long kk = layer.fans().fanIn();
        long positions = (long) layer.out().height() * layer.out().width();
        long opg = c.outChannels() / c.groups();
        int nb = chunkSize(batch, kk, positions, oneThread);
        int chunks = (batch + nb - 1) / nb;
        long workers = oneThread ? 1 : Math.min(CORES, chunks);
        long cols = nb * positions;
        long heap = workers * scratchFloats(nb, kk, positions, opg) + chunks * (long) c.outChannels() * kk;
        long nat = workers * (opg * kk + kk * cols + opg * cols);
        return new long[] {heap, nat};
    }

    private interface ChunkBody {
        /** Work on examples [n0, n0 + nb), chunk number {@code chunk}, with this worker's scratch buffers. */
        void run(int chunk, int n0, int nb, Scratch s);
    }

    /** One worker's buffers, sized for a full chunk and reused over its chunks. */
    private final class Scratch {
        final float[] col;
        final float[] mat;
        final float[] dcol;
        final float[] dwg;
        /** One example's group of input channels and the padding's zeros ({@link #gather}); null without. */
        final float[] pad;
        /** The same for col2im: an example's ∂L/∂x, and the slots that collect the padding's gradient. */
        final float[] dpad;

        Scratch(int nb, boolean backward) {
            col = new float[kk * nb * positions];
            mat = new float[opg * nb * positions];
            dcol = backward ? new float[kk * nb * positions] : null;
            dwg = backward ? new float[opg * kk] : null;
            pad = gather != null ? new float[groupSize + positions] : null;
            dpad = gather != null && backward ? new float[groupSize + positions] : null;
        }
    }

    /**
     * Run body over every chunk. Workers take chunks round-robin (chunks have equal sizes but the last); which
     * worker runs a chunk does not change what it computes.
     */
    private void forChunks(int batch, boolean backward, ChunkBody body) {
        int nb = chunkSize(batch);
        int chunks = (batch + nb - 1) / nb;
        int workers = Math.min(threads > 0 ? threads : CORES, chunks);
        if (workers <= 1) {
            Scratch s = scratch(nb, backward);
            for (int c = 0; c < chunks; c++) {
                body.run(c, c * nb, Math.min(nb, batch - c * nb), s);
            }
            return;
        }
        IntStream.range(0, workers).parallel().forEach(wk -> {
            Scratch s = new Scratch(nb, backward);
            for (int c = wk; c < chunks; c += workers) {
                body.run(c, c * nb, Math.min(nb, batch - c * nb), s);
            }
        });
    }

    /**
     * The one worker's buffers for chunks of nb examples: on one thread (training) kept from the pass before when
     * they are big enough, with the backward pass's too (a training pass has one); otherwise new ones.
     */
    private Scratch scratch(int nb, boolean backward) {
        if (threads != 1 || scratchFloats(nb, kk, positions, opg) > KEEP_FLOATS) {
            return new Scratch(nb, backward);
        }
        if (kept == null || kept.col.length < kk * nb * positions) {
            kept = new Scratch(nb, true);
            colOf = null;
        }
        return kept;
    }

    /** Floats of one worker's buffers (col, its gradient, the product, one group's ∂L/∂W) for nb examples. */
    private static long scratchFloats(long nb, long kk, long positions, long opg) {
        long cols = nb * positions;
        return 2 * kk * cols + opg * cols + opg * kk;
    }

    /**
     * The most floats a layer on one thread keeps between passes, whatever the batch: the buffers of the largest
     * chunk the col budget allows, if they are within {@link #KEEP_FLOATS}, otherwise of the largest that is.
     */
    static long convKeptFloats(ResolvedLayer layer) {
        Conv2dSpec c = (Conv2dSpec) layer.spec();
        long kk = layer.fans().fanIn();
        long positions = (long) layer.out().height() * layer.out().width();
        long opg = c.outChannels() / c.groups();
        long nb = Math.max(1, COL_BUDGET / Math.max(1, kk * positions));
        return Math.min(KEEP_FLOATS, scratchFloats(nb, kk, positions, opg));
    }

    /** Whether the forward pass's col of this input (nb examples, all of it) is still in the kept buffer. */
    private boolean colKept(float[] input, int nb, Scratch s) {
        return s == kept && colOf == input && colBatch == nb && groups == 1;
    }

    private int chunkCount(int batch) {
        int nb = chunkSize(batch);
        return (batch + nb - 1) / nb;
    }

    // ---- forward ----

    @Override
    public float[] forward(float[] input, int batch) {
        x = input;
        splitGroups();
        z = buffer(0, batch * outSize);
        a = act.kind() == Activation.LINEAR ? z : buffer(1, batch * outSize);
        colOf = null;
        forChunks(batch, false, (chunk, n0, nb, s) -> {
            int cols = nb * positions;
            for (int g = 0; g < groups; g++) {
                im2col(x, n0, nb, g, s);
                if (s == kept && nb == batch && groups == 1) {
                    // the whole batch's col: the backward pass of this input reads it again
                    colOf = x;
                    colBatch = batch;
                }
                Gemm.multiply(wg[g], false, s.col, false, s.mat, opg, cols, kk, 1f, 0f);
                // mat is (channel, example, position): move each channel's row of an example to NCHW, adding bias
                for (int o = 0; o < opg; o++) {
                    int ch = g * opg + o;
                    float bias = b[ch];
                    for (int e = 0; e < nb; e++) {
                        int src = o * cols + e * positions;
                        int dst = (n0 + e) * outSize + ch * positions;
                        for (int q = 0; q < positions; q++) {
                            z[dst + q] = s.mat[src + q] + bias;
                        }
                    }
                }
            }
            if (a != z) {
                ActivationKernels.forwardRange(act, z, a, n0 * outSize, (n0 + nb) * outSize);
            }
        });
        return a;
    }

    /**
     * col[(c·kH + i)·kW + j][e·P + oy·W_out + ox] = x[n0 + e, g·cpg + c, oy·sH − pH + i, ox·sW − pW + j], 0 in the
     * padding. Every entry is written (the buffer is reused).
     */
    private void im2col(float[] src, int n0, int nb, int g, Scratch scratch) {
        float[] col = scratch.col;
        int cols = nb * positions;
        if (gather != null) {
            int groupBase = g * groupSize;
            // pad[groupSize …] stays 0: only the example's values are copied in
            float[] pad = scratch.pad;
            for (int e = 0; e < nb; e++) {
                System.arraycopy(src, (n0 + e) * inSize + groupBase, pad, 0, groupSize);
                for (int r = 0; r < kk; r++) {
                    int row = r * cols + e * positions;
                    int t = r * positions;
                    for (int q = 0; q < positions; q++) {
                        col[row + q] = pad[gather[t + q]];
                    }
                }
            }
            return;
        }
        for (int c = 0; c < cpg; c++) {
            int plane = (g * cpg + c) * inH * inW;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int row = ((c * kh + i) * kw + j) * cols;
                    int lo = oxLow(j);
                    int hi = oxHigh(j, lo);
                    for (int e = 0; e < nb; e++) {
                        int xBase = (n0 + e) * inSize + plane;
                        int dBase = row + e * positions;
                        // rows are short (a few to a few dozen values) and their padding one or two: plain loops,
                        // not a call of Arrays.fill or System.arraycopy per run
                        for (int oy = 0; oy < outH; oy++) {
                            int iy = oy * sh - ph + i;
                            int d = dBase + oy * outW;
                            if (iy < 0 || iy >= inH) {
                                for (int q = d; q < d + outW; q++) {
                                    col[q] = 0f;
                                }
                                continue;
                            }
                            int s = xBase + iy * inW - pw + j;
                            for (int q = d; q < d + lo; q++) {
                                col[q] = 0f;
                            }
                            for (int ox = lo; ox < hi; ox++) {
                                col[d + ox] = src[s + ox * sw];
                            }
                            for (int q = d + hi; q < d + outW; q++) {
                                col[q] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first output column whose input column ox·sW − pW + j is ≥ 0. */
    private int oxLow(int j) {
        return Math.min(outW, Math.max(0, Math.floorDiv(pw - j + sw - 1, sw)));
    }

    /** One past the last output column whose input column is < W_in (at least lo). */
    private int oxHigh(int j, int lo) {
        return Math.max(lo, Math.min(outW, Math.floorDiv(inW - 1 + pw - j, sw) + 1));
    }

    // ---- backward ----

    @Override
    public float[] backward(float[] dOut, int batch) {
        da = dOut;
        dz = a == z ? dOut : buffer(2, batch * outSize);
        float[] dx = inputGradient ? buffer(3, batch * inSize) : null;
        if (dx != null) {
            // col2im adds into it
            Arrays.fill(dx, 0f);
        }
        int chunks = chunkCount(batch);
        float[][] dwPart = new float[chunks][outC * kk];
        double[][] dbPart = new double[chunks][outC];
        forChunks(batch, true, (chunk, n0, nb, s) -> {
            int cols = nb * positions;
            if (dz != dOut) {
                ActivationKernels.backwardRange(act, z, a, dOut, dz, n0 * outSize, (n0 + nb) * outSize);
            }
            for (int g = 0; g < groups; g++) {
                // gather ∂L/∂z of this group into (channel, example, position), summing ∂L/∂b on the way
                for (int o = 0; o < opg; o++) {
                    int ch = g * opg + o;
                    double sum = 0;
                    for (int e = 0; e < nb; e++) {
                        int src = (n0 + e) * outSize + ch * positions;
                        int dst = o * cols + e * positions;
                        System.arraycopy(dz, src, s.mat, dst, positions);
                        for (int q = 0; q < positions; q++) {
                            sum += dz[src + q];
                        }
                    }
                    dbPart[chunk][ch] = sum;
                }
                if (!colKept(x, nb, s)) {
                    im2col(x, n0, nb, g, s);
                }
                Gemm.multiply(s.mat, false, s.col, true, s.dwg, opg, kk, cols, 1f, 0f);
                System.arraycopy(s.dwg, 0, dwPart[chunk], g * opg * kk, opg * kk);
                if (dx != null) {
                    Gemm.multiply(wg[g], true, s.mat, false, s.dcol, kk, cols, opg, 1f, 0f);
                    col2im(s.dcol, dx, n0, nb, g, s);
                }
            }
        });
        dw = sumInOrder(dwPart, outC * kk);
        db = new float[outC];
        for (int ch = 0; ch < outC; ch++) {
            double sum = 0;
            for (double[] part : dbPart) {
                sum += part[ch];
            }
            db[ch] = (float) sum;
        }
        return dx;
    }

    /** The reverse of im2col: dx[…] += dcol[…] over every kernel offset that read that input value. */
    private void col2im(float[] dcol, float[] dx, int n0, int nb, int g, Scratch scratch) {
        int cols = nb * positions;
        if (gather != null) {
            int groupBase = g * groupSize;
            float[] dpad = scratch.dpad;
            for (int e = 0; e < nb; e++) {
                // the example's ∂L/∂x summed in dpad in the order the loops below add, from +0.0 as dx starts: the
                // same sums, then copied (each example and group writes its own part of dx)
                Arrays.fill(dpad, 0f);
                for (int r = 0; r < kk; r++) {
                    int row = r * cols + e * positions;
                    int t = r * positions;
                    for (int q = 0; q < positions; q++) {
                        dpad[gather[t + q]] += dcol[row + q];
                    }
                }
                System.arraycopy(dpad, 0, dx, (n0 + e) * inSize + groupBase, groupSize);
            }
            return;
        }
        for (int c = 0; c < cpg; c++) {
            int plane = (g * cpg + c) * inH * inW;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int row = ((c * kh + i) * kw + j) * cols;
                    int lo = oxLow(j);
                    int hi = oxHigh(j, lo);
                    for (int e = 0; e < nb; e++) {
                        int xBase = (n0 + e) * inSize + plane;
                        int dBase = row + e * positions;
                        for (int oy = 0; oy < outH; oy++) {
                            int iy = oy * sh - ph + i;
                            if (iy < 0 || iy >= inH) {
                                continue;
                            }
                            int d = dBase + oy * outW;
                            int s = xBase + iy * inW - pw + j;
                            for (int ox = lo; ox < hi; ox++) {
                                dx[s + ox * sw] += dcol[d + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] sumInOrder(float[][] parts, int n) {
        if (parts.length == 1) {
            return parts[0];
        }
        double[] acc = new double[n];
        for (float[] p : parts) {
            for (int i = 0; i < n; i++) {
                acc[i] += p[i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) acc[i];
        }
        return out;
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
