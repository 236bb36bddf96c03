package org.initscope.engine;

import java.util.Arrays;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;

/**
 * Runs every vector kernel, and the engine's loops around them, on small arrays until the JIT has compiled them,
 * so that a user's first edits do not run them in the Vector API's Java fallback. Until C2 compiles a Vector API
 * loop, each lane operation goes through that fallback (an object per operation): bench --ui measured more than
 * half of the engine's time there during the first 30 s of the app's life. Running the app's first network a few
 * times (NetworkSession.warmUp) calls each kernel only tens of times, far below the JIT's thresholds (C2 compiles a
 * method after about 5,000 calls, or 600 calls and 15,000 loop iterations — counted again at each tier, and raised
 * while the compiler's queue is long, as it is while the window is built).
 *
 * <p>So a fixed number of calls is not enough: a profile of a start (-XX:+PrintCompilation) showed the warm-up
 * ending with the Gaussian, tanh, binning and ReLU kernels still in C1's profiling tier (the fallback), compiled by
 * C2 only during the first real runs, and those compiled versions thrown away again within a second (uncommon traps
 * on branches the warm-up had never taken: |z| beyond tanh's clamp, NaN in the moments, values outside a histogram's
 * range). The warm-up therefore takes both sides of those branches, and goes on until a round of every kernel runs
 * at compiled speed ({@link #COMPILED_NS_PER_VALUE}) for {@link #SETTLED_ROUNDS} rounds in a row, or
 * {@link #MAX_MS} have passed. The results are thrown away; nothing is shared.
 */
public final class KernelWarmUp {
    /** Calls of each kernel at least: with 64 values (4–8 vector iterations) past both of the JIT's thresholds. */
    static final int CALLS = 6000;
    private static final int N = 64 + 5;
    /**
     * A round (each kernel once or twice on {@link #N} values, and the loops around them) takes about 2 µs compiled
     * here, 30 ns per value; in the Vector API's fallback one kernel alone takes 20–100 ns per value.
     */
    static final double COMPILED_NS_PER_VALUE = 150;
    /** Rounds in a row at compiled speed that end the warm-up (about a millisecond). */
    static final int SETTLED_ROUNDS = 300;
    /** The warm-up gives up after this long (a slow or overloaded machine; the JIT then compiles during use). */
    static final long MAX_MS = 20_000;

    /** How a warm-up ended. */
    record Outcome(int rounds, boolean settled, long millis) {
    }

    private KernelWarmUp() {
    }

    /**
     * Warm the kernels, once per process (2–4 s here while the window is built, most of it the JIT compiling on its
     * own threads); returns the milliseconds it took.
     */
    public static long run() {
        return run(Kernels.INSTANCE, MAX_MS).millis();
    }

    static Outcome run(Kernels k, long maxMs) {
        long t0 = System.nanoTime();
        long deadline = t0 + maxMs * 1_000_000L;
        float[] z = new float[N];
        float[] a = new float[N];
        float[] d = new float[N];
        float[] bias = new float[N];
        int[] idx = new int[N];
        double[] acc = new double[5];
        // one 8×8 plane pooled 2×2: 16 outputs
        int[] corners = new int[16];
        for (int o = 0; o < corners.length; o++) {
            corners[o] = o / 4 * 16 + o % 4 * 2;
        }
        float[] pooled = new float[16];
        int[] from = new int[16];
        // the engine's loops around the kernels, on rows whose length is not a multiple of the vector width
        int cols = 23;
        int rows = 3;
        float[] rz = new float[rows * cols];
        float[] ra = new float[rows * cols];
        float[] rd = new float[rows * cols];
        // now and then the statistics and a draw over more than one of the histogram's blocks and the moments' head
        float[] big = new float[2 * 2048 + 37];
        ActivationSpec tanh = ActivationSpec.of(Activation.TANH);
        ActivationSpec relu = ActivationSpec.of(Activation.RELU);
        long limit = (long) (COMPILED_NS_PER_VALUE * N);
        int fast = 0;
        int c = 0;
        for (; c < CALLS || fast < SETTLED_ROUNDS; c++) {
            if (c >= CALLS && System.nanoTime() > deadline) {
                return new Outcome(c, false, (System.nanoTime() - t0) / 1_000_000);
            }
            long r0 = System.nanoTime();
            // std 3: a few values beyond tanh's clamp (7.9) and outside the histogram's range [−3, 3] each round; std 1
            // (the input and the upstream gradient) skips the scaling; an even and an odd count
            int n = N - (c & 1);
            k.gaussians(c, z, n, 0, (n + 1) / 2, 0f, c % 3 == 0 ? 3f : c % 3 == 1 ? 1f : 0.5f);
            z[7] = -3f;
            z[8] = 3f;
            z[9] = 0f;
            k.uniforms(c, bias, 0, N, -0.1, 0.1);
            k.tanhRational(z, (c & 1) == 0 ? null : bias, a, 0, N);
            k.reluBackward(z, a, d, 0, N, (c & 2) == 0 ? 0f : 0.01f);
            Arrays.fill(acc, 0);
            acc[2] = Double.POSITIVE_INFINITY;
            acc[3] = Double.NEGATIVE_INFINITY;
            // now and then a NaN: the moments then report non-finite data
            a[11] = (c & 15) == 0 ? Float.NaN : a[11];
            k.moments(a, 0, N, 0.1f, acc);
            k.binIndices(z, 0, N, -3f, 10f, 60f, -3f, 3f, idx);
            k.countOutside(a, 0, N, -0.9f, 0.9f);
            k.maxPool2x2(z, 1, 8, 64, 16, corners, pooled, from);
            System.arraycopy(z, 0, rz, 0, N);
            ActivationKernels.forward((c & 1) == 0 ? tanh : relu, rz, bias, ra, 0, rows, cols);
            ActivationKernels.backwardRange((c & 1) == 0 ? tanh : relu, rz, ra, rz, rd, 0, rows * cols);
            // the statistics as the engine takes them: over the tensor's own range, over a narrower one, of a constant
            // tensor (a zero bias) and of one with a NaN
            if ((c & 7) == 0) {
                Arrays.fill(rd, 0f);
            } else if ((c & 7) == 1) {
                rd[5] = Float.NaN;
            }
            var m = StatsCalculator.moments(rd, rows * cols);
            StatsCalculator.finish(rd, rows * cols, m, 16, Double.NaN, Double.NaN,
                    StatsCalculator.saturatedFraction(ra, rows * cols, Activation.TANH));
            StatsCalculator.histogram(rz, rows * cols, 16, -1, 1);
            if ((c & 15) == 15) {
                // not timed: a round with these takes longer, compiled or not
                k.gaussians(c, big, big.length, 0, (big.length + 1) / 2, 0f, (c & 16) == 0 ? 1f : 0.1f);
                StatsCalculator.finish(big, big.length, StatsCalculator.moments(big, big.length), 64, Double.NaN,
                        Double.NaN, 0);
                continue;
            }
            fast = System.nanoTime() - r0 <= limit ? fast + 1 : 0;
        }
        return new Outcome(c, true, (System.nanoTime() - t0) / 1_000_000);
    }
}
