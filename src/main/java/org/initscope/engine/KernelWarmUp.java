package org.initscope.engine;

import java.util.Arrays;

/**
 * Runs every vector kernel a few thousand times on small arrays, so that the JIT compiles them before a user's
 * first edits need them. Until C2 compiles a Vector API loop, each lane operation goes through the API's Java
 * fallback (an object per operation): bench --ui measured more than half of the engine's time in those fallbacks
 * during the first 30 s of the app's life, and a scale-slider drag at a third of its later rate. Running the
 * app's first network a few times (NetworkSession.warmUp) calls each kernel only tens of times, far below the
 * JIT's thresholds (a method is compiled by C2 after about 5,000 calls, or 600 calls and 15,000 loop iterations).
 * Small arrays reach those counts in a fraction of a second. The results are thrown away; nothing is shared.
 */
public final class KernelWarmUp {
    /** Calls of each kernel: with 64 values (4–8 vector iterations) past both of the JIT's thresholds. */
    static final int CALLS = 6000;
    private static final int N = 64 + 5;

    private KernelWarmUp() {
    }

    /** Warm the kernels (about 0.1–0.5 s of one core, once per process); returns the milliseconds it took. */
    public static long run() {
        return run(Kernels.INSTANCE);
    }

    static long run(Kernels k) {
        long t0 = System.nanoTime();
        float[] z = new float[N];
        float[] a = new float[N];
        float[] d = new float[N];
        float[] bias = new float[N];
        int[] idx = new int[N];
        double[] acc = new double[5];
        for (int c = 0; c < CALLS; c++) {
            k.gaussians(c, z, N, 0, (N + 1) / 2, 0f, c % 2 == 0 ? 1f : 0.5f);
            k.uniforms(c, bias, 0, N, -0.1, 0.1);
            k.tanhRational(z, (c & 1) == 0 ? null : bias, a, 0, N);
            k.reluBackward(z, a, d, 0, N, (c & 2) == 0 ? 0f : 0.01f);
            Arrays.fill(acc, 0);
            acc[2] = Double.POSITIVE_INFINITY;
            acc[3] = Double.NEGATIVE_INFINITY;
            k.moments(a, 0, N, 0.1f, acc);
            k.binIndices(z, 0, N, -3f, 10f, 60f, -3f, 3f, idx);
            k.countOutside(a, 0, N, -0.9f, 0.9f);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
