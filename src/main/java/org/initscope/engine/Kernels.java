package org.initscope.engine;

/**
 * The hot inner loops — moments, histogram binning, the random streams, activations — behind one interface with two
 * implementations: {@link VectorKernels} on the JDK's Vector API (AVX-512/AVX2 through the JIT; needs the
 * {@code jdk.incubator.vector} module, which every InitScope launch adds) and {@link ScalarKernels}, plain Java used
 * when the module is missing. The JIT does not vectorize floating-point reductions by itself: measured here on 500k
 * floats, moments take 0.73 ms scalar and 0.15 ms vectorized, Gaussian draws 22 ns per value scalar and 1.7 ns
 * vectorized (ND4J's Gaussian op: 7 ns), a 64-bin histogram 0.8 ms scalar and 0.45 ms with vectorized bin indices.
 * The vector loops give the scalar definitions' bits (tests compare them), except the moments' sums (compensated
 * float lanes against double) and the Gaussian draws (the JDK may round its vector log/sin/cos an ulp away from
 * Math's), which agree to float precision.
 */
abstract class Kernels {
    static final Kernels INSTANCE = load();

    private static Kernels load() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !Boolean.getBoolean("initscope.scalarKernels")) {
            try {
                return (Kernels) Class.forName("org.initscope.engine.VectorKernels").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall through to the scalar loops: slower, same results
            }
        }
        return new ScalarKernels();
    }

    /** "vector (512-bit)" or "scalar": shown by the bench command. */
    abstract String name();

    /**
     * Over data[from, to), with y = x − shift: Σy and Σy², the min and max, and the count of exact zeros, added
     * into acc = {Σy, Σy², min, max, zeros}; returns false (acc untouched) if any value is NaN or infinite, so
     * that the caller takes the slow path. Sums are compensated (Kahan), so they keep float32 data's precision.
     */
    abstract boolean moments(float[] data, int from, int to, float shift, double[] acc);

    /**
     * Histogram bin indices of data[from, to) into idx[0, to − from): k = (int) f with f = (x − lo)·scale in float,
     * or −1 where that float arithmetic is not trusted (f outside (0, top), f within 0.001 of a bin edge, NaN):
     * the caller bins those exactly. A value equal to {@code first} goes to bin 0 and one equal to {@code last} to
     * the last bin: the caller passes the range's ends when they are floats (NaN otherwise), so that the values piled
     * up at an end (ReLU's zeros, saturated tanh's ±1) need no exact path.
     */
    abstract void binIndices(float[] data, int from, int to, float lo, float scale, float top, float first,
            float last, int[] idx);

    /** Lanes of the vector loops ({@link #binIndices} is fastest on ranges of whole multiples of it). */
    abstract int lanes();

    /**
     * The number of values in data[from, to) above {@code hi} or below {@code lo}.
     */
    abstract long countOutside(float[] data, int from, int to, float lo, float hi);

    /**
     * For i in [from, to): first z[i] += bias[i − from] unless bias is null, then a[i] = tanh(z[i]) by the rational
     * form of {@link ActivationKernels} on z clamped to ±7.9. Returns whether any |z[i]| is beyond the clamp (the
     * caller computes those exactly).
     */
    abstract boolean tanhRational(float[] z, float[] bias, float[] a, int from, int to);

    /** SplitMix64's increment (Steele, Lea &amp; Flood 2014; java.util.SplittableRandom's GOLDEN_GAMMA). */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    /**
     * The i-th output of SplitMix64 seeded with {@code seed}: a pure function of (seed, i), the same numbers as
     * {@code new SplittableRandom(seed)}'s i-th {@code nextLong()}. So any range of a stream can be drawn on any
     * core, in any order, and gives the same values.
     */
    static long splitMix(long seed, long i) {
        long z = seed + (i + 1) * GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The i-th uniform of the stream: its top 52 bits as k·2⁻⁵², in [0, 1). */
    static double uniform(long seed, long i) {
        return (splitMix(seed, i) >>> 12) * 0x1.0p-52;
    }

    /**
     * For i in [from, to): out[i] = low + (high − low)·u_i with u_i = {@link #uniform}(seed, i), in double, then
     * rounded to float.
     */
    abstract void uniforms(long seed, float[] out, int from, int to, double low, double high);

    /**
     * Normals N(mean, std²) for out[0, n) by Box–Muller on the stream's uniforms, for the pairs i in [from, to) of
     * [0, half), half = ⌈n/2⌉: z₁ = r·cos θ goes to out[i] and z₂ = r·sin θ to out[i + half] (if that is below n),
     * with r = √(−2 ln(1 − u_i)), θ = 2π·u_{i+half}; each z is rounded to float and then scaled in float:
     * z·std + mean. A 52-bit 1 − u reaches 8.5σ.
     */
    abstract void gaussians(long seed, float[] out, int n, int from, int to, float mean, float std);

    /** The definition of {@link #gaussians} (and the vector loop's tail). */
    static void gaussiansScalar(long seed, float[] out, int n, int from, int to, float mean, float std) {
        int half = (n + 1) / 2;
        for (int i = from; i < to; i++) {
            double r = Math.sqrt(-2 * Math.log(1 - uniform(seed, i)));
            double t = 2 * Math.PI * uniform(seed, i + half);
            out[i] = (float) (r * Math.cos(t)) * std + mean;
            if (i + half < n) {
                out[i + half] = (float) (r * Math.sin(t)) * std + mean;
            }
        }
    }

    static void uniformsScalar(long seed, float[] out, int from, int to, double low, double high) {
        double width = high - low;
        for (int i = from; i < to; i++) {
            out[i] = (float) (low + width * uniform(seed, i));
        }
    }

    /**
     * The ReLU family's backward as PyTorch computes it. Slope 0 (ReLU, threshold_backward): dZ[i] = 0 where
     * z[i] ≤ 0, else dA[i], so a NaN input passes its gradient through; the activation a = max(z, 0) may stand in
     * for z. Otherwise (leaky_relu_backward): dZ[i] = dA[i] where z[i] &gt; 0, else slope·dA[i]. Branch-free in both implementations: half the units are on, so
     * a branch is mispredicted half the time (2.6 ns per value measured, against 0.1 without).
     */
    abstract void reluBackward(float[] z, float[] dA, float[] dZ, int from, int to, float slope);

    /**
     * 2×2 max pooling with stride 2 over the planes [0, planes) of x (inPlane values each; plane p's outputs go to
     * out[p·outPlane …]), as {@code MaxPool2dModule} defines it: each window's first maximum in row-major order, a
     * NaN winning (the first); from[o] gets the winner's index in x. corners[o] is output o's top left input within
     * its plane (rows of inW). Returns how many planes it pooled: all of them when a whole number of vectors covers a
     * plane's outputs, otherwise none (the caller's loop pools them; the scalar implementation always leaves them).
     */
    abstract int maxPool2x2(float[] x, int planes, int inW, int inPlane, int outPlane, int[] corners, float[] out,
            int[] from);

    /** {@link #tanhRational} with the bias read from bias[biasFrom...]: the definition, and the vector loop's tail. */
    static boolean tanhScalar(float[] z, float[] bias, int biasFrom, float[] a, int from, int to) {
        boolean beyond = false;
        // x·(p/q), not (x·p)/q, so that tiny x do not lose bits to underflow
        for (int i = from; i < to; i++) {
            if (bias != null) {
                z[i] += bias[biasFrom + i - from];
            }
            float v = z[i];
            beyond |= v > ActivationKernels.T_CLAMP || v < -ActivationKernels.T_CLAMP;
            float x = Math.max(-ActivationKernels.T_CLAMP, Math.min(ActivationKernels.T_CLAMP, v));
            float x2 = x * x;
            float p = Math.fma(x2, Math.fma(x2, Math.fma(x2, Math.fma(x2, Math.fma(x2, Math.fma(x2,
                    ActivationKernels.T_A13, ActivationKernels.T_A11), ActivationKernels.T_A9),
                    ActivationKernels.T_A7), ActivationKernels.T_A5), ActivationKernels.T_A3),
                    ActivationKernels.T_A1);
            float q = Math.fma(x2, Math.fma(x2, Math.fma(x2, ActivationKernels.T_B6, ActivationKernels.T_B4),
                    ActivationKernels.T_B2), ActivationKernels.T_B0);
            a[i] = x * (p / q);
        }
        return beyond;
    }

    /** The definition of {@link #binIndices} (and the vector loop's tail): idx[i − base] for i in [from, to). */
    static void binIndicesScalar(float[] data, int from, int to, float lo, float scale, float top, float first,
            float last, int[] idx, int base) {
        for (int i = from; i < to; i++) {
            float x = data[i];
            float f = (x - lo) * scale;
            int k = (int) f;
            idx[i - base] = x == first ? 0 : x == last ? (int) top - 1
                    : f > 0f && f < top && Math.abs(f - k - 0.5f) < 0.499f ? k : -1;
        }
    }

    static void reluBackwardScalar(float[] z, float[] dA, float[] dZ, int from, int to, float slope) {
        for (int i = from; i < to; i++) {
            float g = dA[i];
            float x = z[i];
            // relu: threshold_backward (x ≤ 0 ? 0 : grad), so NaN passes; leaky: (x > 0 ? grad : grad·slope)
            dZ[i] = slope == 0f ? (x <= 0f ? 0f : g) : (x > 0f ? g : g * slope);
        }
    }

    /** The scalar definitions: the fallback and the reference the vector loops are tested against. */
    static final class ScalarKernels extends Kernels {
        @Override
        String name() {
            return "scalar";
        }

        @Override
        boolean moments(float[] data, int from, int to, float shift, double[] acc) {
            if (from >= to) {
                return true;
            }
            double s = 0;
            double q = 0;
            float mn = Float.POSITIVE_INFINITY;
            float mx = Float.NEGATIVE_INFINITY;
            long zeros = 0;
            for (int i = from; i < to; i++) {
                float x = data[i];
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
                double y = (double) x - shift;
                s += y;
                q += y * y;
                zeros += x == 0f ? 1 : 0;
            }
            if (!Float.isFinite(mn) || !Float.isFinite(mx)) {
                return false;
            }
            acc[0] += s;
            acc[1] += q;
            acc[2] = Math.min(acc[2], mn);
            acc[3] = Math.max(acc[3], mx);
            acc[4] += zeros;
            return true;
        }

        @Override
        int lanes() {
            return 1;
        }

        @Override
        void binIndices(float[] data, int from, int to, float lo, float scale, float top, float first, float last,
                int[] idx) {
            binIndicesScalar(data, from, to, lo, scale, top, first, last, idx, from);
        }

        @Override
        long countOutside(float[] data, int from, int to, float lo, float hi) {
            long c = 0;
            for (int i = from; i < to; i++) {
                float x = data[i];
                c += x > hi || x < lo ? 1 : 0;
            }
            return c;
        }

        @Override
        boolean tanhRational(float[] z, float[] bias, float[] a, int from, int to) {
            return tanhScalar(z, bias, 0, a, from, to);
        }

        @Override
        void reluBackward(float[] z, float[] dA, float[] dZ, int from, int to, float slope) {
            reluBackwardScalar(z, dA, dZ, from, to, slope);
        }

        @Override
        int maxPool2x2(float[] x, int planes, int inW, int inPlane, int outPlane, int[] corners, float[] out,
                int[] from) {
            return 0;
        }

        @Override
        void uniforms(long seed, float[] out, int from, int to, double low, double high) {
            uniformsScalar(seed, out, from, to, low, high);
        }

        @Override
        void gaussians(long seed, float[] out, int n, int from, int to, float mean, float std) {
            gaussiansScalar(seed, out, n, from, to, mean, std);
        }
    }
}
