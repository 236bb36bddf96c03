package org.initscope.engine;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.initscope.math.Normal;
import org.initscope.model.Sampling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws tensors with ND4J's counter-based native RNG, reseeded for every tensor from {@link Seeds}, so every draw
 * is reproducible on its own. Each draw fills a native array and its heap copy.
 */
final class Sampler implements AutoCloseable {
    /** Below this acceptance probability, rejection sampling is replaced by inverse-CDF sampling (as PyTorch). */
    private static final double MIN_ACCEPTANCE = 0.3;

    private final Random rng;

    Sampler() {
        rng = Nd4j.getRandomFactory().getNewRandomInstance(0L);
    }

    /** Fill native {@code target} (c-order, contiguous) and {@code heap} with a draw of {@code sampling}. */
    void fill(Sampling sampling, INDArray target, float[] heap, long seed) {
        int n = (int) target.length();
        if (sampling instanceof Sampling.Constant c) {
            target.assign(c.value());
            java.util.Arrays.fill(heap, 0, n, (float) c.value());
        } else if (sampling instanceof Sampling.Normal g) {
            normal(target, g.mean(), g.std(), seed);
            toHeap(target, heap);
        } else if (sampling instanceof Sampling.Uniform u) {
            uniform(target, u.low(), u.high(), seed);
            toHeap(target, heap);
        } else if (sampling instanceof Sampling.TruncatedNormal t) {
            truncatedNormal(target, heap, t, seed);
            toNative(heap, target);
        } else if (sampling instanceof Sampling.Eye) {
            int rows = (int) target.rows();
            int cols = (int) target.columns();
            java.util.Arrays.fill(heap, 0, n, 0f);
            for (int i = 0; i < Math.min(rows, cols); i++) {
                heap[i * cols + i] = 1f;
            }
            toNative(heap, target);
        } else if (sampling instanceof Sampling.Orthogonal o) {
            orthogonal(target, o.gain(), seed);
            toHeap(target, heap);
        } else if (sampling instanceof Sampling.Sparse s) {
            normal(target, 0, s.std(), seed);
            toHeap(target, heap);
            sparsify(heap, (int) target.rows(), (int) target.columns(), s.zerosPerColumn(), seed);
            toNative(heap, target);
        } else {
            throw new IllegalArgumentException("unknown sampling " + sampling);
        }
    }

    /** Fill a native array (and its heap copy) with N(0, 1) or U(-√3, √3). */
    void fillStandard(boolean uniform, INDArray target, float[] heap, long seed) {
        if (uniform) {
            double r = Math.sqrt(3.0);
            uniform(target, -r, r, seed);
        } else {
            normal(target, 0, 1, seed);
        }
        toHeap(target, heap);
    }

    private void normal(INDArray target, double mean, double std, long seed) {
        if (std == 0) {
            target.assign(mean);
            return;
        }
        rng.setSeed(seed);
        Nd4j.getExecutioner().exec(new GaussianDistribution(target, mean, std), rng);
    }

    private void uniform(INDArray target, double low, double high, long seed) {
        rng.setSeed(seed);
        Nd4j.getExecutioner().exec(new UniformDistribution(target, low, high), rng);
    }

    /**
     * N(mean, std²) restricted to [a, b]: when most draws land inside, draw normals and redraw those outside
     * (what Keras/TF and current PyTorch do); otherwise invert the CDF of the truncated distribution, working in
     * the smaller tail so that far-out intervals keep their precision.
     */
    private void truncatedNormal(INDArray target, float[] heap, Sampling.TruncatedNormal t, long seed) {
        int n = (int) target.length();
        double alpha = (t.a() - t.mean()) / t.std();
        double beta = (t.b() - t.mean()) / t.std();
        double p = Normal.mass(alpha, beta);
        float lo = (float) t.a();
        float hi = (float) t.b();
        if (p >= MIN_ACCEPTANCE) {
            normal(target, t.mean(), t.std(), seed);
            toHeap(target, heap);
            int[] bad = new int[n];
            int nBad = 0;
            for (int i = 0; i < n; i++) {
                if (!(heap[i] >= lo && heap[i] <= hi)) {
                    bad[nBad++] = i;
                }
            }
            int round = 0;
            while (nBad > 0) {
                int m = Math.max(1024, (int) Math.min(Integer.MAX_VALUE - 8L, (long) (2.5 * nBad / p)));
                try (INDArray extra = Nd4j.create(DataType.FLOAT, m)) {
                    normal(extra, t.mean(), t.std(), Seeds.derive(seed, ++round, 99));
                    FloatBuffer fb = extra.data().asNioFloat();
                    int kept = 0;
                    for (int j = 0; j < m && kept < nBad; j++) {
                        float v = fb.get(j);
                        if (v >= lo && v <= hi) {
                            heap[bad[kept++]] = v;
                        }
                    }
                    System.arraycopy(bad, kept, bad, 0, nBad - kept);
                    nBad -= kept;
                }
            }
            return;
        }
        // inverse CDF: reflect to the left tail when the interval lies right of the mean
        boolean reflect = alpha > 0;
        double lo2 = reflect ? -beta : alpha;
        double hi2 = reflect ? -alpha : beta;
        double cLo = Normal.cdf(lo2);
        double cHi = Normal.cdf(hi2);
        uniform(target, 0, 1, seed);
        toHeap(target, heap);
        for (int i = 0; i < n; i++) {
            double z = Normal.quantile(cLo + heap[i] * (cHi - cLo));
            z = Math.min(Math.max(z, lo2), hi2);
            double x = t.mean() + t.std() * (reflect ? -z : z);
            heap[i] = Math.min(Math.max((float) x, lo), hi);
        }
    }

    /** PyTorch's orthogonal_: QR of a Gaussian (rows ≥ cols, transposed otherwise), Q·sign(diag R)·gain. */
    private void orthogonal(INDArray target, double gain, long seed) {
        long rows = target.rows();
        long cols = target.columns();
        boolean transpose = rows < cols;
        long m = transpose ? cols : rows;
        long k = transpose ? rows : cols;
        try (INDArray a = Nd4j.create(DataType.FLOAT, new long[] {m, k}, 'f');
                INDArray r = Nd4j.create(DataType.FLOAT, new long[] {k, k}, 'f')) {
            normal(a, 0, 1, seed);
            Nd4j.getBlasWrapper().lapack().geqrf(a, r);
            float[] signs = new float[(int) k];
            for (int j = 0; j < k; j++) {
                double d = r.getDouble(j, j);
                signs[j] = (float) (Math.signum(d) * gain);
            }
            try (INDArray s = Nd4j.createFromArray(signs).reshape(1, k)) {
                a.muliRowVector(s);
            }
            target.assign(transpose ? a.transpose() : a);
        }
    }

    /** In each column, zero {@code zeros} distinct random rows (torch.nn.init.sparse_). */
    private static void sparsify(float[] w, int rows, int cols, int zeros, long seed) {
        if (zeros == 0) {
            return;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 0, Seeds.SPARSE_MASK));
        int[] perm = new int[rows];
        for (int c = 0; c < cols; c++) {
            for (int i = 0; i < rows; i++) {
                perm[i] = i;
            }
            // partial Fisher–Yates: the first `zeros` entries become a uniform random subset
            for (int i = 0; i < zeros; i++) {
                int j = i + random.nextInt(rows - i);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
                w[perm[i] * cols + c] = 0f;
            }
        }
    }

    static void toHeap(INDArray src, float[] dst) {
        src.data().asNioFloat().get(0, dst, 0, (int) src.length());
    }

    static void toNative(float[] src, INDArray dst) {
        dst.data().asNioFloat().put(0, src, 0, (int) dst.length());
    }

    @Override
    public void close() {
        // the native RNG state is owned by ND4J's factory and freed with it
    }
}
