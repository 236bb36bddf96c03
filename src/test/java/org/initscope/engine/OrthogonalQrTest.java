package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The orthogonal draw's QR, called on LAPACK directly, gives exactly what it gave through ND4J's lapack(). */
class OrthogonalQrTest {
    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    /** The QR as the engine computed it before: ND4J's geqrf (sgeqrf, R copied out, sorgqr), signs of diag R. */
    private static float[] throughNd4j(float[] g, int m, int k) {
        try (INDArray a = Nd4j.create(DataType.FLOAT, new long[] {m, k}, 'f');
                INDArray r = Nd4j.create(DataType.FLOAT, new long[] {k, k}, 'f')) {
            Sampler.toNative(g, a);
            Nd4j.getBlasWrapper().lapack().geqrf(a, r);
            float[] signs = new float[k];
            for (int j = 0; j < k; j++) {
                signs[j] = (float) Math.signum(r.getDouble(j, j));
            }
            try (INDArray s = Nd4j.createFromArray(signs).reshape(1, k)) {
                a.muliRowVector(s);
            }
            float[] q = new float[m * k];
            Sampler.toHeap(a, q);
            return q;
        }
    }

    @Test
    void directLapackGivesTheSameBitsAsNd4jsQr() {
        var kernels = Kernels.INSTANCE;
        for (int[] shape : new int[][] {{256, 256}, {500, 300}, {97, 13}, {64, 64}, {1, 1}, {40, 1}}) {
            int m = shape[0];
            int k = shape[1];
            float[] g = new float[m * k];
            kernels.gaussians(7 + m, g, g.length, 0, (g.length + 1) / 2, 0f, 1f);
            float[] expected = throughNd4j(g.clone(), m, k);
            float[] q = Sampler.qr(g.clone(), m, k);
            assertArrayEquals(expected, q, m + "×" + k);
            // and it is orthogonal with a positive diagonal of R: QᵀQ = I to float precision
            for (int i = 0; i < Math.min(k, 4); i++) {
                for (int j = 0; j < Math.min(k, 4); j++) {
                    double dot = 0;
                    for (int r = 0; r < m; r++) {
                        dot += (double) q[i * m + r] * q[j * m + r];
                    }
                    assertEquals(i == j ? 1 : 0, dot, 1e-5, "QᵀQ at " + i + "," + j + " for " + m + "×" + k);
                }
            }
        }
    }

    @Test
    void aRankDeficientMatrixGivesTheSameBitsToo() {
        // the second column is twice the first: R's second diagonal entry is (nearly) zero, its sign whatever
        // rounding gives, and both ways must agree on it
        int m = 6;
        int k = 3;
        float[] g = new float[m * k];
        for (int r = 0; r < m; r++) {
            g[r] = r + 1;
            g[m + r] = 2 * (r + 1);
            g[2 * m + r] = r % 2 == 0 ? 1 : -1;
        }
        float[] expected = throughNd4j(g.clone(), m, k);
        float[] q = Sampler.qr(g.clone(), m, k);
        assertArrayEquals(expected, q);
    }
}
