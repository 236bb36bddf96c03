package org.initscope.engine;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.initscope.math.Normal;
import org.initscope.model.Sampling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws tensors from a counter-based generator (SplitMix64, {@link Kernels#splitMix}), reseeded for every tensor
 * from {@link Seeds}, so that every draw is reproducible on its own and any part of it can be drawn on any core
 * with the same result. Uniforms are the generator's 52-bit doubles scaled to [low, high); normals come from pairs
 * of them through the Box–Muller transform, vectorized: 1.7 ns per value on one core here, where ND4J's own
 * Gaussian op took 7 ns, and the 52-bit radius reaches 8.5σ tails where a float one stops at 5.8σ.
 * Each draw fills a heap array and the native array ND4J's GEMM reads.
 */
public final class Sampler {
    /** Below this acceptance probability, rejection sampling is replaced by inverse-CDF sampling (as PyTorch). */
    private static final double MIN_ACCEPTANCE = 0.3;
    private static final int MIN_CHUNK = 8192;

    /** Whether a draw is split over the cores; a sampler working beside the GEMMs keeps to its own thread. */
    private final boolean parallel;
    /** Polled while a long draw (an orthogonal QR) runs: when it turns true the draw is abandoned. */
    private volatile BooleanSupplier cancelled = () -> false;
    /** QR decompositions larger than this (m·k²) run on a thread of their own that a cancelled run abandons. */
    private static final double ABANDONABLE_QR = 64.0 * 64 * 64;
    /** Runs the large QRs; a daemon thread each, so an abandoned one never holds up anything. */
    private static final ExecutorService QR = Executors.newCachedThreadPool(
            r -> {
                Thread t = new Thread(r, "initscope-qr");
                t.setDaemon(true);
                return t;
            });
    /** Large QRs started so far (tests). */
    static final AtomicInteger QR_STARTED = new AtomicInteger();
    /** Large QRs finished so far, abandoned or not (tests). */
    static final AtomicInteger QR_FINISHED = new AtomicInteger();
    /** QRs abandoned so far (tests). */
    static final AtomicInteger ABANDONED = new AtomicInteger();

    public Sampler() {
        this(true);
    }

    Sampler(boolean parallel) {
        this.parallel = parallel;
    }

    /**
     * The run this sampler draws for is cancelled when {@code c} turns true: a long orthogonal draw then stops
     * waiting for its QR (which finishes on its own thread, its result discarded) with a CancellationException.
     */
    public void cancelWhen(BooleanSupplier c) {
        cancelled = c == null ? () -> false : c;
    }

    private void forRange(int n, int minChunk, Parallel.RangeBody body) {
        if (parallel) {
            Parallel.forRange(n, minChunk, body);
        } else {
            body.run(0, n);
        }
    }

    /** Fill native {@code target} (contiguous) and {@code heap} with a draw of {@code sampling}. */
    public void fill(Sampling sampling, INDArray target, float[] heap, long seed) {
        int n = (int) target.length();
        if (sampling instanceof Sampling.Constant c) {
            Arrays.fill(heap, 0, n, (float) c.value());
        } else if (sampling instanceof Sampling.Normal g) {
            gaussian(heap, n, g.mean(), g.std(), seed);
        } else if (sampling instanceof Sampling.Uniform u) {
            uniform(heap, n, u.low(), u.high(), seed);
        } else if (sampling instanceof Sampling.TruncatedNormal t) {
            truncatedNormal(target, heap, t, seed);
        } else if (sampling instanceof Sampling.Eye e) {
            int rows = (int) target.rows();
            int cols = (int) target.columns();
            Arrays.fill(heap, 0, n, 0f);
            for (int i = 0; i < Math.min(rows, cols); i++) {
                heap[i * cols + i] = (float) e.value();
            }
        } else if (sampling instanceof Sampling.Dirac d) {
            // torch.nn.init.dirac_: 1 at [g·(out/groups)+i, i, kH/2, kW/2] for i < min(out/groups, in/groups)
            Arrays.fill(heap, 0, n, 0f);
            int outPerGroup = d.outChannels() / d.groups();
            int k = d.kh() * d.kw();
            int centre = (d.kh() / 2) * d.kw() + d.kw() / 2;
            for (int g = 0; g < d.groups(); g++) {
                for (int i = 0; i < Math.min(outPerGroup, d.inPerGroup()); i++) {
                    int o = g * outPerGroup + i;
                    heap[(o * d.inPerGroup() + i) * k + centre] = (float) d.value();
                }
            }
        } else if (sampling instanceof Sampling.Orthogonal o) {
            orthogonal(target, o.gain(), seed);
            toHeap(target, heap);
            return;
        } else if (sampling instanceof Sampling.Sparse s) {
            gaussian(heap, n, 0, s.std(), seed);
            sparsify(heap, (int) target.rows(), (int) target.columns(), s.zerosPerColumn(), seed);
        } else {
            throw new IllegalArgumentException("unknown sampling " + sampling);
        }
        toNative(heap, target);
    }

    /** Fill a native array (and its heap copy) with N(0, 1) or U(−√3, √3). */
    public void fillStandard(boolean uniform, INDArray target, float[] heap, long seed) {
        int n = (int) target.length();
        if (uniform) {
            double r = Math.sqrt(3.0);
            uniform(heap, n, -r, r, seed);
        } else {
            gaussian(heap, n, 0, 1, seed);
        }
        toNative(heap, target);
    }

    /** heap[0, n) ~ N(mean, std²). */
    void gaussian(float[] heap, int n, double mean, double std, long seed) {
        if (std == 0) {
            Arrays.fill(heap, 0, n, (float) mean);
            return;
        }
        float m = (float) mean;
        float s = (float) std;
        forRange((n + 1) / 2, MIN_CHUNK, (i0, i1) -> Kernels.INSTANCE.gaussians(seed, heap, n, i0, i1, m, s));
    }

    /** heap[0, n) ~ U(low, high). */
    private void uniform(float[] heap, int n, double low, double high, long seed) {
        forRange(n, 2 * MIN_CHUNK, (i0, i1) -> Kernels.INSTANCE.uniforms(seed, heap, i0, i1, low, high));
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
            gaussian(heap, n, t.mean(), t.std(), seed);
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
                float[] extra = new float[m];
                gaussian(extra, m, t.mean(), t.std(), Seeds.derive(seed, ++round, 99));
                int kept = 0;
                for (int j = 0; j < m && kept < nBad; j++) {
                    float v = extra[j];
                    if (v >= lo && v <= hi) {
                        heap[bad[kept++]] = v;
                    }
                }
                System.arraycopy(bad, kept, bad, 0, nBad - kept);
                nBad -= kept;
            }
            return;
        }
        // inverse CDF: reflect to the left tail when the interval lies right of the mean
        boolean reflect = alpha > 0;
        double lo2 = reflect ? -beta : alpha;
        double hi2 = reflect ? -alpha : beta;
        double cLo = Normal.cdf(lo2);
        double cHi = Normal.cdf(hi2);
        for (int i = 0; i < n; i++) {
            double z = Normal.quantile(cLo + Kernels.uniform(seed, i) * (cHi - cLo));
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
        float[] cached = OrthogonalCache.SHARED.get(seed, m, k);
        if (cached != null) {
            assign(target, cached, m, k, transpose, gain);
            return;
        }
        float[] g = new float[(int) (m * k)];
        gaussian(g, g.length, 0, 1, seed);
        if ((double) m * k * k < ABANDONABLE_QR) {
            float[] q = qr(g, m, k);
            OrthogonalCache.SHARED.put(seed, m, k, q);
            assign(target, q, m, k, transpose, gain);
            return;
        }
        // LAPACK cannot be interrupted: a large QR runs on a thread of its own, and a cancelled run stops waiting
        // for it (the thread finishes, frees its arrays and its result is dropped)
        var cancel = cancelled;
        if (cancel.getAsBoolean()) {
            throw new CancellationException("superseded");
        }
        var f = QR.submit(() -> {
            QR_STARTED.incrementAndGet();
            try {
                // kept even when the run that asked for it was cancelled meanwhile: the next one may need it
                float[] q = qr(g, m, k);
                OrthogonalCache.SHARED.put(seed, m, k, q);
                return q;
            } finally {
                QR_FINISHED.incrementAndGet();
            }
        });
        try {
            while (true) {
                try {
                    assign(target, f.get(50, TimeUnit.MILLISECONDS), m, k, transpose, gain);
                    return;
                } catch (TimeoutException e) {
                    if (cancel.getAsBoolean()) {
                        ABANDONED.incrementAndGet();
                        throw new CancellationException("superseded during a QR");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Q·diag(sign(diag R)) of the QR of the m×k Gaussian g (column-major), as a column-major m×k array: g itself,
     * overwritten. LAPACK's sgeqrf and sorgqr of OpenBLAS (the calls ND4J's {@code lapack().geqrf} makes, with the
     * same arguments, so Q is bit for bit the same) on a native copy of g, without ND4J's copy of R: that copy
     * zeroes R's lower triangle row by row through indexed puts, which took most of a 256 × 256 QR's 9–11 ms. R's
     * diagonal is read from the factored matrix (sgeqrf leaves R in its upper triangle). Native memory, not the
     * heap array itself, so that a QR of seconds never holds a Java array pinned.
     */
    static float[] qr(float[] g, long m, long k) {
        int rows = Math.toIntExact(m);
        int cols = Math.toIntExact(k);
        float[] signs = new float[cols];
        try (FloatPointer a = new FloatPointer(g.length); FloatPointer tau = new FloatPointer(cols)) {
            a.put(g, 0, g.length);
            int info = openblas.LAPACKE_sgeqrf(openblas.LAPACK_COL_MAJOR, rows, cols, a, rows, tau);
            if (info != 0) {
                throw new IllegalStateException("LAPACK sgeqrf failed (info " + info + ")");
            }
            for (int j = 0; j < cols; j++) {
                signs[j] = Math.signum(a.get((long) j * rows + j));
            }
            info = openblas.LAPACKE_sorgqr(openblas.LAPACK_COL_MAJOR, rows, cols, cols, a, rows, tau);
            if (info != 0) {
                throw new IllegalStateException("LAPACK sorgqr failed (info " + info + ")");
            }
            a.get(g, 0, g.length);
        }
        for (int j = 0; j < cols; j++) {
            float s = signs[j];
            if (s != 1f) {
                for (int i = j * rows, end = i + rows; i < end; i++) {
                    g[i] *= s;
                }
            }
        }
        return g;
    }

    /**
     * The QR's Q (column-major m×k) times the gain into target, transposed when the weight is wider than tall. Q's
     * entries carry the sign of diag R already (exactly), so each product is the float product q·(float) gain, as
     * when the sign and the gain were one factor.
     */
    private static void assign(INDArray target, float[] q, long m, long k, boolean transpose, double gain) {
        float gf = (float) gain;
        float[] scaled = q;
        if (gf != 1f) {
            scaled = new float[q.length];
            for (int i = 0; i < q.length; i++) {
                scaled[i] = q[i] * gf;
            }
        }
        try (INDArray a = Nd4j.create(DataType.FLOAT, new long[] {m, k}, 'f')) {
            toNative(scaled, a);
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

    public static void toHeap(INDArray src, float[] dst) {
        src.data().asNioFloat().get(0, dst, 0, (int) src.length());
    }

    public static void toNative(float[] src, INDArray dst) {
        dst.data().asNioFloat().put(0, src, 0, (int) dst.length());
    }
}
