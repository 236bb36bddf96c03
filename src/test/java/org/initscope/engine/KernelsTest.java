package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.initscope.math.Normal;
import org.junit.jupiter.api.Test;

/** The vectorized loops against the scalar definitions, and the Gaussian transform against N(0, 1). */
class KernelsTest {
    private final Kernels scalar = new Kernels.ScalarKernels();
    private final Kernels active = Kernels.INSTANCE;

    @Test
    void theVectorKernelsAreInUseUnderTheTestLaunch() {
        // surefire adds jdk.incubator.vector like every launch of the app does
        assertTrue(active.name().startsWith("vector"), active.name());
    }

    @Test
    void momentsAgreeWithTheScalarLoop() {
        Random r = new Random(5);
        for (int n : new int[] {1, 15, 16, 17, 1000, 100_003}) {
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = i % 7 == 0 ? 0f : (float) (3 + r.nextGaussian());
            }
            double[] a = {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0};
            double[] b = a.clone();
            assertTrue(active.moments(d, 0, n, 2.5f, a));
            assertTrue(scalar.moments(d, 0, n, 2.5f, b));
            // compensated float lanes against double sums: agreement to a few float ulp of the total
            assertEquals(b[0], a[0], 1e-6 * Math.max(1, Math.abs(b[0])), "Σy n=" + n);
            assertEquals(b[1], a[1], 1e-6 * b[1], "Σy² n=" + n);
            assertEquals(b[2], a[2], 0);
            assertEquals(b[3], a[3], 0);
            assertEquals(b[4], a[4], 0);
            d[n / 2] = Float.NaN;
            assertFalse(active.moments(d, 0, n, 0f, a.clone()), "NaN sends the caller to the slow path");
            d[n / 2] = Float.NEGATIVE_INFINITY;
            assertFalse(active.moments(d, 0, n, 0f, a.clone()));
        }
    }

    @Test
    void theStreamIsSplitMix64() {
        // the same numbers as the JDK's own SplitMix64, for any seed, and its uniforms in [0, 1)
        for (long seed : new long[] {0, 1, -7, Long.MAX_VALUE}) {
            java.util.SplittableRandom reference = new java.util.SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                long x = reference.nextLong();
                assertEquals(x, Kernels.splitMix(seed, i));
                assertEquals((x >>> 12) * 0x1.0p-52, Kernels.uniform(seed, i));
            }
        }
    }

    @Test
    void uniformsAreTheStreamScaled() {
        int n = 10_007;
        float[] v = new float[n];
        float[] s = new float[n];
        active.uniforms(3, v, 0, n, -0.5, 2.0);
        scalar.uniforms(3, s, 0, n, -0.5, 2.0);
        assertTrue(Arrays.equals(s, v));
        for (int i = 0; i < n; i++) {
            assertEquals((float) (-0.5 + 2.5 * Kernels.uniform(3, i)), v[i]);
        }
        // any split of the range gives the same values: draws do not depend on how the cores share them
        float[] parts = new float[n];
        active.uniforms(3, parts, 5000, n, -0.5, 2.0);
        active.uniforms(3, parts, 0, 5000, -0.5, 2.0);
        assertTrue(Arrays.equals(v, parts));
    }

    @Test
    void gaussiansAreStandardNormals() {
        int n = 400_001;
        float[] a = new float[n];
        float[] b = new float[n];
        int half = (n + 1) / 2;
        active.gaussians(1, a, n, 0, half, 0f, 1f);
        scalar.gaussians(1, b, n, 0, half, 0f, 1f);
        for (int i = 0; i < n; i++) {
            assertEquals(b[i], a[i], 1e-6 * Math.max(1, Math.abs(b[i])));
        }
        float[] parts = new float[n];
        active.gaussians(1, parts, n, 1000, half, 0f, 1f);
        active.gaussians(1, parts, n, 0, 1000, 0f, 1f);
        assertTrue(Arrays.equals(a, parts), "any split of the pairs gives the same values");
        // Kolmogorov–Smirnov against Φ: the 1 % critical value for n = 400,001 is 1.63/√n = 0.0026
        float[] s = a.clone();
        Arrays.sort(s);
        double ks = 0;
        for (int i = 0; i < s.length; i++) {
            double f = Normal.cdf(s[i]);
            ks = Math.max(ks, Math.max(Math.abs(f - (double) i / s.length), Math.abs(f - (double) (i + 1) / s.length)));
        }
        assertTrue(ks < 1.63 / Math.sqrt(s.length), "KS statistic " + ks);
        // mean and std are applied in float after the draw: z·std + mean
        float[] scaled = new float[n];
        active.gaussians(1, scaled, n, 0, half, 0.25f, 3f);
        for (int i = 0; i < n; i += 997) {
            assertEquals(a[i] * 3f + 0.25f, scaled[i]);
        }
    }

    @Test
    void binIndicesAndOutsideCountsAgreeWithTheScalarLoops() {
        Random r = new Random(9);
        for (int n : new int[] {1, 15, 16, 17, 1000, 10_007}) {
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
                d[i] = switch (i % 11) {
                    case 0 -> Float.NaN;
                    case 1 -> Float.POSITIVE_INFINITY;
                    case 2 -> -1f; // the lower edge exactly
                    case 3 -> 1f; // the upper edge exactly
                    case 4 -> (float) (-1 + 2.0 * r.nextInt(64) / 64); // inner edges
                    default -> (float) (1.2 * r.nextGaussian());
                };
            }
            int[] a = new int[n];
            int[] b = new int[n];
            active.binIndices(d, 0, n, -1f, 32f, 64f, Float.NaN, Float.NaN, a);
            scalar.binIndices(d, 0, n, -1f, 32f, 64f, Float.NaN, Float.NaN, b);
            assertTrue(Arrays.equals(a, b), "n=" + n);
            // with the ends exact, the values at them get their bins on the fast path
            active.binIndices(d, 0, n, -1f, 32f, 64f, -1f, 1f, a);
            scalar.binIndices(d, 0, n, -1f, 32f, 64f, -1f, 1f, b);
            assertTrue(Arrays.equals(a, b), "n=" + n);
            for (int i = 0; i < n; i++) {
                if (d[i] == -1f) {
                    assertEquals(0, a[i]);
                } else if (d[i] == 1f) {
                    assertEquals(63, a[i]);
                }
            }
            assertEquals(scalar.countOutside(d, 0, n, -0.5f, 0.5f), active.countOutside(d, 0, n, -0.5f, 0.5f));
        }
    }

    @Test
    void tanhRationalGivesTheScalarLoopsBits() {
        Random r = new Random(11);
        for (int n : new int[] {1, 15, 16, 17, 500, 1003}) {
            for (boolean withBias : new boolean[] {false, true}) {
                float[] z = new float[n];
                float[] bias = withBias ? new float[n] : null;
                for (int i = 0; i < n; i++) {
                    z[i] = switch (i % 9) {
                        case 0 -> Float.NaN;
                        case 1 -> i % 2 == 0 ? Float.POSITIVE_INFINITY : -8.5f;
                        case 2 -> (float) (1e-30 * r.nextGaussian());
                        default -> (float) (3 * r.nextGaussian());
                    };
                    if (bias != null) {
                        bias[i] = (float) r.nextGaussian();
                    }
                }
                float[] zv = z.clone();
                float[] zs = z.clone();
                float[] av = new float[n];
                float[] as = new float[n];
                boolean bv = active.tanhRational(zv, bias, av, 0, n);
                boolean bs = scalar.tanhRational(zs, bias, as, 0, n);
                assertEquals(bs, bv);
                assertTrue(Arrays.equals(zs, zv), "z after the bias, n=" + n);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToIntBits(as[i]), Float.floatToIntBits(av[i]), "tanh(" + zs[i] + ")");
                }
            }
        }
        float[] small = {0.5f, -1f};
        assertFalse(active.tanhRational(small, null, new float[2], 0, 2), "nothing beyond the clamp");
    }

    @Test
    void reluBackwardGivesTheScalarLoopsBits() {
        Random r = new Random(13);
        for (int n : new int[] {1, 15, 16, 17, 500, 1003}) {
            for (float slope : new float[] {0f, 0.01f, 0.2f}) {
                float[] z = new float[n];
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    z[i] = switch (i % 7) {
                        case 0 -> 0f; // exactly at the kink: the inactive side, as PyTorch
                        case 1 -> -0f;
                        case 2 -> Float.NaN;
                        default -> (float) r.nextGaussian();
                    };
                    g[i] = switch (i % 5) {
                        case 0 -> Float.POSITIVE_INFINITY;
                        case 1 -> Float.NaN;
                        default -> (float) r.nextGaussian();
                    };
                }
                float[] dv = new float[n];
                float[] ds = new float[n];
                active.reluBackward(z, g, dv, 0, n, slope);
                scalar.reluBackward(z, g, ds, 0, n, slope);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToIntBits(ds[i]), Float.floatToIntBits(dv[i]),
                            "z=" + z[i] + " g=" + g[i] + " slope=" + slope);
                    // PyTorch: relu is threshold_backward (z ≤ 0 ? 0 : g), so a NaN z passes g (it used to give 0
                    // here, which PyTorch does not); leaky_relu_backward is (z > 0 ? g : g·slope)
                    float expected = slope == 0f ? (z[i] <= 0 ? 0f : g[i]) : z[i] > 0 ? g[i] : g[i] * slope;
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(dv[i]));
                }
            }
        }
    }
}
