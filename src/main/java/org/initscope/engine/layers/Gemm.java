package org.initscope.engine.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major GEMM on heap arrays through ND4J (OpenBLAS): c = α·op(a)·op(b) + β·c, with op = transpose when asked.
 * Small products (below ~32k multiply-adds) stay in Java, where the copies to native memory would cost more than
 * the product.
 */
public final class Gemm {
    private static final long NATIVE_ABOVE = 32_768;

    private Gemm() {
    }

    /**
     * @param a  m×k (or k×m when transA), row-major
     * @param b  k×n (or n×k when transB), row-major
     * @param c  m×n, row-major; overwritten when beta = 0
     */
    public static void multiply(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int n, int k,
            float alpha, float beta) {
        if ((long) m * n * k < NATIVE_ABOVE) {
            java(a, transA, b, transB, c, m, n, k, alpha, beta);
            return;
        }
        try (INDArray na = Nd4j.create(DataType.FLOAT, transA ? new long[] {k, m} : new long[] {m, k}, 'c');
                INDArray nb = Nd4j.create(DataType.FLOAT, transB ? new long[] {n, k} : new long[] {k, n}, 'c');
                INDArray nc = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'c')) {
            na.data().asNioFloat().put(a, 0, m * k);
            nb.data().asNioFloat().put(b, 0, k * n);
            if (beta != 0) {
                nc.data().asNioFloat().put(c, 0, m * n);
            }
            Nd4j.gemm(na, nb, nc, transA, transB, alpha, beta);
            nc.data().asNioFloat().get(c, 0, m * n);
        }
    }

    private static void java(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int n, int k,
            float alpha, float beta) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[p * m + i] : a[i * k + p];
                    float y = transB ? b[j * k + p] : b[p * n + j];
                    s += (double) x * y;
                }
                int o = i * n + j;
                c[o] = (float) (alpha * s + (beta == 0 ? 0 : beta * c[o]));
            }
        }
    }
}
