package org.initscope.engine.layers;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major GEMM on heap arrays with OpenBLAS (the one ND4J loads): c = α·op(a)·op(b) + β·c, with op = transpose when
 * asked. The operands are copied into native arrays and {@code cblas_sgemm} is called on them directly: ND4J's
 * {@code Nd4j.gemm} builds an op, a context and its deallocation around the same call, an overhead comparable to the
 * product itself at training sizes (e.g. 16 × 72 by 72 × 512). Tiny products (below 4,096 multiply-adds) stay in
 * Java, where the call costs more. Same library, same threads (Nd4jRuntime.setBlasThreads): FastPathsTest checks
 * the results to the bit on integer data and within float summation's rounding bound on Gaussian data.
 *
 * <p>The native operands are kept per thread and shape and reused (a training step repeats the same shapes: an
 * LSTM's recurrent GEMM runs T times per pass); allocating three native arrays per call cost more than the product
 * itself at training sizes. Each thread keeps at most {@link #CACHE_FLOATS} floats, the least recently used shapes
 * going first.
 */
public final class Gemm {
    private static final long NATIVE_ABOVE = 4_096;
    /** CBLAS constants: row-major storage, no transpose, transpose. */
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    /** Native floats kept per thread (64 MB). */
    static final long CACHE_FLOATS = 16L << 20;

    private Gemm() {
    }

    /** One thread's native arrays by role and shape. */
    private static final class Cache extends LinkedHashMap<Long, INDArray> {
        private long floats;

        Cache() {
            super(16, 0.75f, true);
        }

        INDArray get(int role, int rows, int cols) {
            long key = ((long) role << 62) | ((long) rows << 31) | cols;
            INDArray a = super.get(key);
            if (a == null) {
                a = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'c');
                put(key, a);
                floats += (long) rows * cols;
                var it = entrySet().iterator();
                while (floats > CACHE_FLOATS && size() > 3) {
                    Map.Entry<Long, INDArray> eldest = it.next();
                    if (eldest.getValue() == a) {
                        break;
                    }
                    floats -= eldest.getValue().length();
                    eldest.getValue().close();
                    it.remove();
                }
            }
            return a;
        }
    }

    private static final ThreadLocal<Cache> CACHE = ThreadLocal.withInitial(Cache::new);

    /**
     * @param a  m×k (or k×m when transA), row-major
     * @param b  k×n (or n×k when transB), row-major
     * @param c  m×n, row-major; overwritten when beta = 0
     */
    public static void multiply(float[] a, boolean transA, float[] b, boolean transB, float[] c, int m, int n, int k,
            float alpha, float beta) {
        multiply(a, 0, transA, b, transB, c, 0, m, n, k, alpha, beta);
    }

    /** The same on a[aOffset…] and c[cOffset…]: one block of larger arrays (a time step of a sequence). */
    public static void multiply(float[] a, int aOffset, boolean transA, float[] b, boolean transB, float[] c,
            int cOffset, int m, int n, int k, float alpha, float beta) {
        if ((long) m * n * k < NATIVE_ABOVE) {
            java(a, aOffset, transA, b, transB, c, cOffset, m, n, k, alpha, beta);
            return;
        }
        Cache cache = CACHE.get();
        INDArray na = transA ? cache.get(0, k, m) : cache.get(0, m, k);
        INDArray nb = transB ? cache.get(1, n, k) : cache.get(1, k, n);
        INDArray nc = cache.get(2, m, n);
        na.data().asNioFloat().put(0, a, aOffset, m * k);
        nb.data().asNioFloat().put(0, b, 0, k * n);
        FloatBuffer fc = nc.data().asNioFloat();
        if (beta != 0) {
            fc.put(0, c, cOffset, m * n);
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                (FloatPointer) na.data().addressPointer(), transA ? m : k, (FloatPointer) nb.data().addressPointer(),
                transB ? k : n, beta, (FloatPointer) nc.data().addressPointer(), n);
        fc.get(0, c, cOffset, m * n);
    }

    /**
     * c = α·op(a)·op(b) + β·c on native arrays (the dense training path's): {@code cblas_sgemm} directly on float32
     * matrices in row-major order (α and β in float), {@code Nd4j.gemm} for anything else (doubles for the gradient
     * checks, views; α and β in double there, as μP's output multiplier 1/width needs them).
     */
    public static void multiply(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha,
            double beta) {
        if (!plain(a) || !plain(b) || !plain(c)) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        int m = (int) c.rows();
        int n = (int) c.columns();
        int k = (int) (transA ? a.rows() : a.columns());
        if ((transA ? a.columns() : a.rows()) != m || (transB ? b.rows() : b.columns()) != n
                || (transB ? b.columns() : b.rows()) != k) {
            throw new IllegalArgumentException("GEMM shapes do not match");
        }
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                (float) alpha, (FloatPointer) a.data().addressPointer(), (int) a.columns(),
                (FloatPointer) b.data().addressPointer(), (int) b.columns(), (float) beta,
                (FloatPointer) c.data().addressPointer(), n);
    }

    /** A float32 matrix that is its buffer from the start, row after row. */
    private static boolean plain(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.rank() == 2 && x.ordering() == 'c' && x.offset() == 0
                && !x.isView() && x.length() == x.data().length();
    }

    /**
     * The small products in Java, in loop orders whose inner loop runs along rows of b and c (which the JIT
     * vectorizes): c_i += a_ip·b_p for every p, accumulated in float as BLAS does. A transposed b is transposed
     * into a scratch array first.
     */
    private static void java(float[] a, int ao, boolean transA, float[] b, boolean transB, float[] c, int co, int m,
            int n, int k, float alpha, float beta) {
        if (transB && !transA) {
            dots(a, ao, b, c, co, m, n, k, alpha, beta);
            return;
        }
        float[] bn = b;
        if (transB) {
            bn = new float[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bn[p * n + j] = b[j * k + p];
                }
            }
        }
        for (int i = 0; i < m; i++) {
            int ci = co + i * n;
            if (beta == 0) {
                Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[ao + p * m + i] : a[ao + i * k + p]);
                if (av == 0f) {
                    continue;
                }
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * bn[bp + j];
                }
            }
        }
    }

    /** c_ij = α·a_i·b_j + β·c_ij over rows of a and b (b transposed), with eight partial sums for the pipeline. */
    private static void dots(float[] a, int ao, float[] b, float[] c, int co, int m, int n, int k, float alpha,
            float beta) {
        int k8 = k & ~7;
        for (int i = 0; i < m; i++) {
            int ai = ao + i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                float s4 = 0;
                float s5 = 0;
                float s6 = 0;
                float s7 = 0;
                int p = 0;
                for (; p < k8; p += 8) {
                    s0 += a[ai + p] * b[bj + p];
                    s1 += a[ai + p + 1] * b[bj + p + 1];
                    s2 += a[ai + p + 2] * b[bj + p + 2];
                    s3 += a[ai + p + 3] * b[bj + p + 3];
                    s4 += a[ai + p + 4] * b[bj + p + 4];
                    s5 += a[ai + p + 5] * b[bj + p + 5];
                    s6 += a[ai + p + 6] * b[bj + p + 6];
                    s7 += a[ai + p + 7] * b[bj + p + 7];
                }
                for (; p < k; p++) {
                    s0 += a[ai + p] * b[bj + p];
                }
                float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
                int o = co + i * n + j;
                c[o] = alpha * s + (beta == 0 ? 0 : beta * c[o]);
            }
        }
    }
}
