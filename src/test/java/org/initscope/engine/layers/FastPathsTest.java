package org.initscope.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.initscope.config.ConfigReader;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training step's fast paths compute what the definitions say: GEMMs called on OpenBLAS directly (every
 * transpose, offsets into larger arrays, β = 0 and 1, below and above the size where Java hands over), max pooling
 * that selects instead of branching (ties to the first maximum, a NaN wins, −0.0 against +0.0, windows that
 * overlap), and convolutions on one thread (one chunk for the batch, the forward pass's col kept for the backward
 * pass, the gather table for small images) against the convolution written out — forward, ∂L/∂x, ∂L/∂W and ∂L/∂b.
 * Exactly where the data allow it: on small integers (and quarters) every partial sum is exact in float in any order,
 * so a fast path that reorders its sums must still give the reference's numbers to the bit; on Gaussian data the
 * GEMM is held to the rigorous rounding bound of float summation.
 */
class FastPathsTest {

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    private static float[] random(int n, long seed) {
        var r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    // ---- GEMM ----

    /** Unit roundoff of float32. */
    private static final double U = 0x1p-24;

    /** Integers in [−r, r], as floats. */
    private static float[] integers(int n, int r, long seed) {
        var rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(2 * r + 1) - r;
        }
        return x;
    }

    /**
     * {α·op(a)·op(b) + β·c, the same with every term's magnitude} for the block at cOff, in double: the second is
     * what the rounding bound is proportional to.
     */
    private static double[][] reference(float[] a, int aOff, boolean ta, float[] b, boolean tb, float[] c, int cOff,
            int m, int n, int k, float alpha, float beta) {
        double[] out = new double[m * n];
        double[] mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) (ta ? a[aOff + p * m + i] : a[aOff + i * k + p]) * (tb ? b[j * k + p]
                            : b[p * n + j]);
                    s += t;
                    abs += Math.abs(t);
                }
                out[i * n + j] = alpha * s + beta * c[cOff + i * n + j];
                mag[i * n + j] = Math.abs(alpha) * abs + Math.abs(beta * c[cOff + i * n + j]);
            }
        }
        return new double[][] {out, mag};
    }

    /**
     * Every transpose, offsets into larger arrays, β = 0 and 1, below and above the size where Java hands over to
     * OpenBLAS. Twice: on small integers, where every partial sum is an integer below 2²⁴ (times α = 0.5) and so
     * exact in float in any order — the result must be the product exactly; and on Gaussian values, where float
     * accumulation in any order and blocking (with or without FMA) is within γ_{k+2} = (k + 2)·u/(1 − (k + 2)·u) of
     * the sum of the terms' magnitudes (Higham, Accuracy and Stability, §3.5; u = 2⁻²⁴) — a rigorous bound, not a
     * tuned one.
     */
    @Test
    void gemmOnHeapArraysIsTheProductForEveryTransposeOffsetAndBeta() {
        int[][] shapes = {{3, 4, 5}, {16, 72, 512}, {72, 512, 16}, {8, 2048, 9}, {32, 10, 64}, {10, 20, 30}};
        long seed = 1;
        for (boolean exact : new boolean[] {true, false}) {
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    for (float beta : new float[] {0f, 1f}) {
                        int aOff = 7;
                        int cOff = 5;
                        float[] a = exact ? integers(aOff + m * k, 8, seed++) : random(aOff + m * k, seed++);
                        float[] b = exact ? integers(k * n, 8, seed++) : random(k * n, seed++);
                        float[] c = exact ? integers(cOff + m * n + 3, 8, seed++) : random(cOff + m * n + 3, seed++);
                        float[] before = c.clone();
                        double[][] want = reference(a, aOff, ta, b, tb, c, cOff, m, n, k, 0.5f, beta);
                        Gemm.multiply(a, aOff, ta, b, tb, c, cOff, m, n, k, 0.5f, beta);
                        String what = m + "×" + n + "×" + k + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "") + " β=" + beta
                                + (exact ? " on integers" : "");
                        double gamma = (k + 2) * U / (1 - (k + 2) * U);
                        for (int i = 0; i < m * n; i++) {
                            if (exact) {
                                assertEquals((float) want[0][i], c[cOff + i], what);
                            } else {
                                assertEquals(want[0][i], c[cOff + i], gamma * want[1][i], what);
                            }
                        }
                        // nothing outside the block is touched
                        for (int i = 0; i < cOff; i++) {
                            assertEquals(before[i], c[i], what);
                        }
                        for (int i = cOff + m * n; i < c.length; i++) {
                            assertEquals(before[i], c[i], what);
                        }
                    }
                }
            }
        }
    }

    /** The native-array GEMM (dense training) on small integers: exactly ND4J's product, floats and doubles. */
    @Test
    void gemmOnNativeArraysIsNd4jsProduct() {
        long seed = 100;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            var a = Nd4j.create(integers(32 * 40, 8, seed++), ta ? new long[] {40, 32} : new long[] {32, 40}, 'c');
            var b = Nd4j.create(integers(40 * 24, 8, seed++), tb ? new long[] {24, 40} : new long[] {40, 24}, 'c');
            var mine = Nd4j.create(DataType.FLOAT, 32, 24);
            var theirs = Nd4j.create(DataType.FLOAT, 32, 24);
            Gemm.multiply(a, ta, b, tb, mine, 1f, 0f);
            Nd4j.gemm(a, b, theirs, ta, tb, 1.0, 0.0);
            assertArrayEquals(theirs.data().asFloat(), mine.data().asFloat());
            // accumulating into c (β = 1)
            Gemm.multiply(a, ta, b, tb, mine, 1f, 1f);
            Nd4j.gemm(a, b, theirs, ta, tb, 1.0, 1.0);
            assertArrayEquals(theirs.data().asFloat(), mine.data().asFloat());
            // doubles (the gradient checks) go through ND4J
            var ad = a.castTo(DataType.DOUBLE);
            var bd = b.castTo(DataType.DOUBLE);
            var cd = Nd4j.create(DataType.DOUBLE, 32, 24);
            Gemm.multiply(ad, ta, bd, tb, cd, 1f, 0f);
            Nd4j.gemm(a, b, theirs, ta, tb, 1.0, 0.0);
            assertArrayEquals(theirs.data().asDouble(), cd.data().asDouble());
        }
    }

    // ---- max pooling ----

    /** PyTorch's rule written out: the first maximum of each window in row-major order; a NaN wins (the first). */
    private static void pool(float[] x, int batch, int ch, int h, int w, int k, int s, float[] out, int[] from) {
        int oh = (h - k) / s + 1;
        int ow = (w - k) / s + 1;
        int o = 0;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < ch; c++) {
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++, o++) {
                        int best = -1;
                        for (int i = 0; i < k && (best < 0 || !Float.isNaN(x[best])); i++) {
                            for (int j = 0; j < k; j++) {
                                int at = ((n * ch + c) * h + y * s + i) * w + xx * s + j;
                                if (Float.isNaN(x[at])) {
                                    best = at;
                                    break;
                                }
                                if (best < 0 || x[at] > x[best]) {
                                    best = at;
                                }
                            }
                        }
                        out[o] = x[best];
                        from[o] = best;
                    }
                }
            }
        }
    }

    @Test
    void maxPoolingTakesTheFirstMaximumAndNaNWins() throws Exception {
        // few distinct values: ties everywhere; both zeros, infinities and NaNs
        float[] values = {0f, -0f, 1f, 1f, 2f, -1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        // {kernel, stride, height, width}: 8×8 and 16×16 with 2×2 windows and stride 2 take the vector loop (whole
        // vectors of outputs per plane), the others the scalar loops
        for (int[] p : new int[][] {{2, 2, 8, 7}, {3, 1, 8, 7}, {2, 1, 8, 7}, {3, 2, 8, 7}, {2, 2, 8, 8},
            {2, 2, 16, 16}, {2, 2, 4, 4}}) {
            int k = p[0];
            int s = p[1];
            int h = p[2];
            int w = p[3];
            ResolvedNetwork net = ConfigReader.parse("""
                    {"seed": 1, "input": {"channels": 3, "height": %d, "width": %d, "batch": 5},
                     "layers": [{"type": "maxpool2d", "kernel_size": %d, "stride": %d}]}""".formatted(h, w, k, s),
                    "t").resolve();
            Module pool = Module.of(net.layers().get(0));
            pool.sample(new Sampler(), 1);
            int batch = 5;
            var r = new SplittableRandom(k * 10L + s);
            float[] x = new float[batch * 3 * h * w];
            for (int i = 0; i < x.length; i++) {
                // NaN rarely, so that most windows have none
                int v = r.nextInt(values.length * 4);
                x[i] = v < values.length * 4 - 1 ? values[v % (values.length - 1)] : Float.NaN;
            }
            int oh = (h - k) / s + 1;
            int ow = (w - k) / s + 1;
            float[] want = new float[batch * 3 * oh * ow];
            int[] from = new int[want.length];
            pool(x, batch, 3, h, w, k, s, want, from);
            float[] got = pool.forward(x, batch);
            String what = k + "×" + k + " stride " + s + " on " + h + "×" + w;
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]) == Float.floatToRawIntBits(got[i])
                        || Float.isNaN(want[i]) && Float.isNaN(got[i]), true, what + " output " + i + ": " + want[i]
                        + " (−0.0 and +0.0 told apart) against " + got[i]);
            }
            // each output's gradient goes to the input that won (and adds up where windows overlap)
            float[] g = random(want.length, 3);
            // in float and in output order, as the module adds them: the same roundings, so exactly equal
            float[] dx = new float[x.length];
            for (int i = 0; i < g.length; i++) {
                dx[from[i]] += g[i];
            }
            float[] dxGot = pool.backward(g, batch);
            for (int i = 0; i < dx.length; i++) {
                assertEquals(dx[i], dxGot[i], what + " ∂L/∂x " + i);
            }
        }
    }

    // ---- convolution on one thread ----

    @Test
    void convolutionOnOneThreadIsTheConvolutionWrittenOut() throws Exception {
        // small images (the gather table) and a larger one (row by row), with stride, padding and groups
        String[] layers = {
            "{\"channels\": 4, \"height\": 8, \"width\": 8, \"batch\": 6}|{\"type\": \"conv2d\", \"out_channels\": 6, "
                    + "\"kernel_size\": 3, \"padding\": 1, \"groups\": 2, \"activation\": \"relu\"",
            "{\"channels\": 3, \"height\": 5, \"width\": 4, \"batch\": 6}|{\"type\": \"conv2d\", \"out_channels\": 4, "
                    + "\"kernel_size\": [3, 2], \"stride\": [2, 1], \"padding\": [1, 2], \"activation\": \"relu\"",
            "{\"channels\": 8, \"height\": 8, \"width\": 8, \"batch\": 32}|{\"type\": \"conv2d\", \"out_channels\": 8, "
                    + "\"kernel_size\": 3, \"padding\": 1, \"activation\": \"relu\"",
            "{\"channels\": 3, \"height\": 80, \"width\": 78, \"batch\": 6}|{\"type\": \"conv2d\", \"out_channels\": 5, "
                    + "\"kernel_size\": 5, \"stride\": 2, \"padding\": 2, \"activation\": \"linear\""};
        for (String spec : layers) {
            String[] parts = spec.split("\\|");
            ResolvedNetwork net = ConfigReader.parse("{\"seed\": 3, \"input\": " + parts[0] + ", \"layers\": ["
                    + parts[1] + ", \"init\": {\"scheme\": \"normal\", \"mean\": 0, \"std\": 0.3}, \"bias\": "
                    + "{\"scheme\": \"normal\", \"mean\": 0, \"std\": 0.3}}]}", "t").resolve();
            var l = net.layers().get(0);
            var c = (org.initscope.model.Conv2dSpec) l.spec();
            for (int threads : new int[] {1, 0}) {
                Module conv = Module.of(l);
                conv.sample(new Sampler(), 3);
                conv.threads(threads);
                // weights and biases in quarters, data and gradients small integers: every sum below is exact in
                // float whatever its order, so each path must give the written-out numbers exactly
                for (float[] p : conv.parameters().values()) {
                    float[] q = integers(p.length, 3, p.length);
                    for (int i = 0; i < p.length; i++) {
                        p[i] = q[i] / 4;
                    }
                }
                int batch = net.input().batch();
                int ci = l.in().channels();
                int h = l.in().height();
                int w = l.in().width();
                int co = l.out().channels();
                int oh = l.out().height();
                int ow = l.out().width();
                int cpg = ci / c.groups();
                int opg = co / c.groups();
                float[] x = integers(batch * ci * h * w, 3, 5);
                float[] a = conv.forward(x, batch);
                float[] z = conv.tensor(Quantity.PRE_ACTIVATIONS);
                float[] wt = conv.tensor(Quantity.WEIGHTS);
                float[] b = conv.tensor(Quantity.BIASES);
                float[] g = integers(a.length, 3, 7);
                // a second forward pass on other data and back: the kept col must follow the input
                conv.forward(random(x.length, 9), batch);
                conv.forward(x, batch);
                float[] dx = conv.backward(g, batch);
                float[] dz = conv.tensor(Quantity.PRE_ACTIVATION_GRADIENTS);
                float[] dw = conv.tensor(Quantity.WEIGHT_GRADIENTS);
                float[] db = conv.tensor(Quantity.BIAS_GRADIENTS);
                double[] dxWant = new double[x.length];
                double[] dwWant = new double[wt.length];
                double[] dbWant = new double[co];
                String what = parts[1] + " on " + (threads == 1 ? "one thread" : "every core");
                for (int n = 0; n < batch; n++) {
                    for (int o = 0; o < co; o++) {
                        int grp = o / opg;
                        for (int y = 0; y < oh; y++) {
                            for (int xx = 0; xx < ow; xx++) {
                                int at = ((n * co + o) * oh + y) * ow + xx;
                                double s = b[o];
                                for (int cc = 0; cc < cpg; cc++) {
                                    for (int i = 0; i < c.kernelH(); i++) {
                                        for (int j = 0; j < c.kernelW(); j++) {
                                            int iy = y * c.strideH() - c.padH() + i;
                                            int ix = xx * c.strideW() - c.padW() + j;
                                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                                int wi = ((o * cpg + cc) * c.kernelH() + i) * c.kernelW() + j;
                                                int xi = ((n * ci + grp * cpg + cc) * h + iy) * w + ix;
                                                s += (double) wt[wi] * x[xi];
                                                dxWant[xi] += (double) dz[at] * wt[wi];
                                                dwWant[wi] += (double) dz[at] * x[xi];
                                            }
                                        }
                                    }
                                }
                                assertEquals((float) s, z[at], what + " z " + at);
                                dbWant[o] += dz[at];
                            }
                        }
                    }
                }
                for (int i = 0; i < dx.length; i++) {
                    assertEquals((float) dxWant[i], dx[i], what + " ∂L/∂x " + i);
                }
                for (int i = 0; i < dw.length; i++) {
                    assertEquals((float) dwWant[i], dw[i], what + " ∂L/∂W " + i);
                }
                for (int i = 0; i < co; i++) {
                    assertEquals((float) dbWant[i], db[i], what + " ∂L/∂b " + i);
                }
            }
        }
    }
}
