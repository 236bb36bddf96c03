package org.initscope.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.initscope.model.Activation;
import org.initscope.model.InputDistribution;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Sampling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The propagation engine: samples every weight and bias, draws the input batch X, runs forward
 * z_l = a_{l−1}·W_lᵀ + b_l, a_l = φ(z_l) and backward from an upstream gradient G ~ N(0, 1) (loss L = Σ a_L ⊙ G),
 * then measures every tensor.
 *
 * <p>How it is fast: GEMMs on ND4J/OpenBLAS with explicit transpose flags into preallocated native buffers; the
 * element-wise work (bias, activations, their derivatives) and the statistics on heap copies, vectorized with the
 * Vector API; when the GEMMs are small, each tensor is measured on a second thread as soon as it is final, beside
 * the GEMMs on one BLAS thread, otherwise after the run, split over the cores; buffers and unchanged draws are kept
 * between runs (editing one layer re-samples only that layer). One instance serves one run at a time.
 */
public final class Propagator implements AutoCloseable {
    private static final int MIN_CHUNK = 16_384;
    /**
     * Element-wise passes that take well under a millisecond per layer stay on the calling thread: handing work to a
     * parked pool thread between two GEMMs costs a wake-up, and on a busy machine a scheduler time slice (ms), more
     * than the split saves (the vectorized tanh takes 0.17 ms per 1000×500 here).
     */
    private static final int CHEAP_CHUNK = 1 << 21;

    private final Sampler sampler;
    /** Draws on the statistics thread, on that thread alone. */
    private final Sampler besideSampler = new Sampler(false);
    /** Measures each tensor as soon as it is final, beside the GEMMs (see {@link #pipelined}). */
    private final ExecutorService statsThread = Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "initscope-stats");
                t.setDaemon(true);
                return t;
            });
    private Workspace ws;
    /** Networks with other layers than plain dense ones (images, sequences, normalization, residual). */
    private StackPropagator stack;

    /** When the statistics are computed: the tests run both ways and compare. */
    enum Statistics {
        /** Beside the GEMMs when they are small, otherwise after the run. */
        AUTO,
        BESIDE_THE_GEMMS,
        AFTER_THE_RUN
    }

    private final Statistics statistics;
    /**
     * A sweep's cell: everything on the calling thread (the sweep runs a cell per core) and BLAS on this many
     * threads; 0 for the explorer, which spreads one run over every core.
     */
    private final int cellBlasThreads;

    public Propagator() {
        this(Statistics.AUTO, 0);
    }

    Propagator(Statistics statistics) {
        this(statistics, 0);
    }

    private Propagator(Statistics statistics, int cellBlasThreads) {
        Nd4jRuntime.start();
        sampler = new Sampler();
        this.statistics = statistics;
        this.cellBlasThreads = cellBlasThreads;
    }

    /**
     * A propagator for the cells of a sweep: the Java work of a run (activations, statistics) on the calling thread
     * and its GEMMs on {@code blasThreads} BLAS threads, so that a sweep can run one cell per core.
     */
    public static Propagator forCells(int blasThreads) {
        if (blasThreads < 1) {
            throw new IllegalArgumentException("blasThreads must be ≥ 1");
        }
        return new Propagator(Statistics.AFTER_THE_RUN, blasThreads);
    }

    private boolean cell() {
        return cellBlasThreads > 0;
    }

    /** Element-wise work over [0, n): split over the cores, or on the calling thread in a sweep's cell. */
    private void range(int n, int minChunk, Parallel.RangeBody body) {
        if (cell()) {
            body.run(0, n);
        } else {
            Parallel.forRange(n, minChunk, body);
        }
    }

    public PropagationResult run(ResolvedNetwork net) {
        return run(net, RunOptions.defaults(), () -> false);
    }

    public PropagationResult run(ResolvedNetwork net, RunOptions options) {
        return run(net, options, () -> false);
    }

    /**
     * Run the network. {@code cancelled} is polled between steps; when it turns true the run stops with a
     * {@link CancellationException} (a newer edit superseded it).
     *
     * @throws ResourceLimitException when the network cannot fit in memory (nothing is allocated then)
     */
    public synchronized PropagationResult run(ResolvedNetwork net, RunOptions options, BooleanSupplier cancelled) {
        Objects.requireNonNull(net);
        if (!net.allDense()) {
            Nd4jRuntime.setBlasThreads(cell() ? cellBlasThreads : Parallel.CORES);
            if (stack == null) {
                stack = new StackPropagator(cell() ? 1 : 0);
            }
            return stack.run(net, options, cancelled);
        }
        boolean pipelined = switch (statistics) {
            case AUTO -> pipelined(net, options);
            case BESIDE_THE_GEMMS -> options.range() != RunOptions.HistogramRange.SHARED;
            case AFTER_THE_RUN -> false;
        };
        Nd4jRuntime.setBlasThreads(cell() ? cellBlasThreads : pipelined ? 1 : Parallel.CORES);
        long t0 = System.nanoTime();
        if (ws == null || !ws.fits(net)) {
            if (ws != null) {
                ws.close();
                ws = null;
            }
            MemoryEstimate.check(net);
            ws = new Workspace(net);
        }
        int depth = net.depth();
        int batch = net.input().batch();
        long seed = net.seed();

        // ---- sampling (skipped for draws that are unchanged since the last run) ----
        var early = pipelined ? new EarlyStats(net, options, cancelled) : null;
        sampler.cancelWhen(cancelled);
        try {
            ws.sampleInput(sampler, seed, net.input().distribution());
            for (int l = 0; l < depth; l++) {
                check(cancelled);
                var layer = net.layers().get(l);
                if (early == null || l == 0 || layer.weight().sampling() instanceof Sampling.Orthogonal) {
                    ws.layers[l].sample(sampler, layer, seed);
                } else {
                    // drawn on the statistics thread while the GEMMs of the layers before it run
                    LayerBuffers b = ws.layers[l];
                    early.draw(l, () -> b.sample(besideSampler, layer, seed));
                }
            }
            ws.sampleUpstream(sampler, seed);
            long t1 = System.nanoTime();
            return propagate(net, options, cancelled, early, t0, t1);
        } finally {
            sampler.cancelWhen(null);
            if (early != null) {
                early.abandon();
            }
        }
    }

    private PropagationResult propagate(ResolvedNetwork net, RunOptions options, BooleanSupplier cancelled,
            EarlyStats early, long t0, long t1) {
        int depth = net.depth();
        int batch = net.input().batch();
        if (early != null) {
            for (int l = 0; l < depth; l++) {
                early.submit(l, Quantity.WEIGHTS);
                early.submit(l, Quantity.BIASES);
            }
        }

        // ---- forward ----
        INDArray prev = ws.x;
        for (int l = 0; l < depth; l++) {
            check(cancelled);
            LayerBuffers b = ws.layers[l];
            ResolvedLayer layer = net.layers().get(l);
            if (early != null) {
                early.awaitDraw(l);
            }
            INDArray zs = ws.scratch(batch, b.out);
            Nd4j.gemm(prev, b.w, zs, false, true, 1.0, 0.0);
            Sampler.toHeap(zs, b.z);
            int forwardChunk = cheap(layer.activation().kind()) ? CHEAP_CHUNK : MIN_CHUNK;
            range(batch, Math.max(1, forwardChunk / b.out), (r0, r1) ->
                    ActivationKernels.forward(layer.activation(), b.z, b.b, b.a, r0, r1, b.out));
            Sampler.toNative(b.a, b.aNative);
            prev = b.aNative;
            if (early != null) {
                // activations first: the pre-activations' stats carry the layer's saturation measured on them
                early.submit(l, Quantity.ACTIVATIONS);
                early.submit(l, Quantity.PRE_ACTIVATIONS);
            }
        }
        long t2 = System.nanoTime();

        // ---- backward ----
        System.arraycopy(ws.gHeap, 0, ws.layers[depth - 1].da, 0, ws.gHeap.length);
        for (int l = depth - 1; l >= 0; l--) {
            check(cancelled);
            LayerBuffers b = ws.layers[l];
            ResolvedLayer layer = net.layers().get(l);
            int n = batch * b.out;
            range(n, cheap(layer.activation().kind()) ? CHEAP_CHUNK : MIN_CHUNK, (i0, i1) ->
                    ActivationKernels.backwardRange(layer.activation(), b.z, b.a, b.da, b.dz, i0, i1));
            INDArray dzs = ws.scratch2(batch, b.out);
            Sampler.toNative(b.dz, dzs);
            INDArray input = l == 0 ? ws.x : ws.layers[l - 1].aNative;
            INDArray dws = ws.weightScratch(b.out, b.in);
            Nd4j.gemm(dzs, input, dws, true, false, 1.0, 0.0);
            Sampler.toHeap(dws, b.dw);
            if (early == null) {
                columnSums(b.dz, batch, b.out, b.db, 0, b.out);
            }
            if (l > 0) {
                INDArray das = ws.scratch(batch, b.in);
                Nd4j.gemm(dzs, b.w, das, false, false, 1.0, 0.0);
                Sampler.toHeap(das, ws.layers[l - 1].da);
            }
            if (early != null) {
                early.submit(l, Quantity.ACTIVATION_GRADIENTS);
                early.submit(l, Quantity.PRE_ACTIVATION_GRADIENTS);
                early.submit(l, Quantity.WEIGHT_GRADIENTS);
                early.submit(l, Quantity.BIAS_GRADIENTS);
            }
        }
        long t3 = System.nanoTime();

        // ---- statistics ----
        check(cancelled);
        List<LayerResult> results = early != null ? early.results() : measure(net, options, cancelled);
        long t4 = System.nanoTime();
        List<Prediction> predictions = VarianceRecursion.predict(net);
        var withTheory = new ArrayList<LayerResult>(depth);
        for (int l = 0; l < depth; l++) {
            LayerResult r = results.get(l);
            withTheory.add(r.withPrediction(predictions.get(l)));
        }
        long t5 = System.nanoTime();
        var timings = new PropagationResult.Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3),
                ms(t5 - t4), ms(t5 - t0));
        return new PropagationResult(net, options, withTheory, timings);
    }

    /**
     * Whether to measure each tensor on a thread of its own as soon as it is final, while the GEMMs run on one BLAS
     * thread: when the GEMMs are small, a second BLAS thread gains little (measured here, 512×256×256: 0.50 ms on one
     * thread, 0.58 on two) and the statistics, which wait on memory rather than on arithmetic, overlap them. Large
     * GEMMs keep both cores (2048²: 1.7× faster on two), and a shared histogram range needs every tensor first.
     */
    private static boolean pipelined(ResolvedNetwork net, RunOptions options) {
        if (options.range() == RunOptions.HistogramRange.SHARED || Parallel.CORES < 2) {
            return false;
        }
        double largest = 0;
        int in = net.input().features();
        for (ResolvedLayer layer : net.layers()) {
            largest = Math.max(largest, 2.0 * net.input().batch() * in * layer.units());
            in = layer.units();
        }
        return largest <= PIPELINE_MAX_GEMM_FLOP;
    }

    /** 1000×500×500 (0.5 GFLOP) still gains; 1024×2048×2048 (8.6 GFLOP) runs 1.4× slower on one BLAS thread. */
    private static final double PIPELINE_MAX_GEMM_FLOP = 1e9;

    /** Statistics of each tensor computed on {@link #statsThread} as soon as the run has finished writing it. */
    private final class EarlyStats {
        private final BooleanSupplier cancelled;
        private final List<Future<?>> pending = new ArrayList<>();
        /** Weight and bias draws in flight on the statistics thread, by layer index. */
        private final Map<Integer, Future<?>> draws = new HashMap<>();
        private final Measures measures;
        private final int batch;
        private volatile boolean abandoned;

        EarlyStats(ResolvedNetwork net, RunOptions options, BooleanSupplier cancelled) {
            this.cancelled = cancelled;
            measures = new Measures(net, options.histogramBins());
            batch = net.input().batch();
        }

        void draw(int index, Runnable draw) {
            var f = statsThread.submit(() -> {
                if (!abandoned) {
                    draw.run();
                }
            });
            pending.add(f);
            draws.put(index, f);
        }

        void awaitDraw(int index) {
            var f = draws.get(index);
            if (f != null) {
                await(f);
            }
        }

        /** Measure a tensor the run has finished writing (single thread: in the order submitted). */
        void submit(int layer, Quantity q) {
            pending.add(statsThread.submit(() -> {
                if (abandoned || cancelled.getAsBoolean()) {
                    return;
                }
                if (q == Quantity.BIAS_GRADIENTS) {
                    // off the main thread too: dz is final once the layer's backward step has made it
                    LayerBuffers b = ws.layers[layer];
                    columnSums(b.dz, batch, b.out, b.db, 0, b.out);
                }
                measures.measure(layer, q);
            }));
        }

        /** Waits for every tensor's statistics. */
        List<LayerResult> results() {
            for (var f : pending) {
                await(f);
            }
            check(cancelled);
            return measures.results();
        }

        private static void await(Future<?> f) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** The run ends (or failed): tasks not started yet are dropped, the running one is waited for. */
        void abandon() {
            abandoned = true;
            for (var f : pending) {
                f.cancel(false);
            }
            for (var f : pending) {
                try {
                    if (!f.isCancelled()) {
                        f.get();
                    }
                } catch (Exception e) {
                    // already reported by results(), or the run failed for its own reason
                }
            }
        }
    }

    private static float[] buffer(LayerBuffers b, Quantity q) {
        return switch (q) {
            case WEIGHTS -> b.wHeap;
            case BIASES -> b.b;
            case PRE_ACTIVATIONS -> b.z;
            case ACTIVATIONS -> b.a;
            case ACTIVATION_GRADIENTS -> b.da;
            case PRE_ACTIVATION_GRADIENTS -> b.dz;
            case WEIGHT_GRADIENTS -> b.dw;
            case BIAS_GRADIENTS -> b.db;
        };
    }

    /** Activations whose forward and backward loops are a few vector instructions per element. */
    private static boolean cheap(Activation kind) {
        return switch (kind) {
            case LINEAR, RELU, LEAKY_RELU, TANH -> true;
            default -> false;
        };
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("superseded");
        }
    }

    /** db[c] = Σ_r dz[r, c] in double precision, for columns [c0, c1). */
    private static void columnSums(float[] dz, int rows, int cols, float[] db, int c0, int c1) {
        double[] acc = new double[c1 - c0];
        for (int r = 0; r < rows; r++) {
            int off = r * cols + c0;
            for (int c = 0; c < acc.length; c++) {
                acc[c] += dz[off + c];
            }
        }
        for (int c = 0; c < acc.length; c++) {
            db[c0 + c] = (float) acc[c];
        }
    }

    /** Units whose activation is exactly 0 for every row: dead for this batch. */
    private static double deadUnitFraction(float[] a, int rows, int cols) {
        boolean[] alive = new boolean[cols];
        int living = 0;
        for (int r = 0; r < rows && living < cols; r++) {
            int off = r * cols;
            for (int c = 0; c < cols; c++) {
                if (!alive[c] && a[off + c] != 0f) {
                    alive[c] = true;
                    living++;
                }
            }
        }
        // usually every unit is alive after the first rows, and the scan stops there
        return (double) (cols - living) / cols;
    }

    private record Task(int layer, Quantity quantity, int n) {
    }

    /** Task indices [0, n), over the cores (or in order, on the calling thread, in a sweep's cell). */
    private IntStream tasks(int n) {
        return cell() ? IntStream.range(0, n) : IntStream.range(0, n).parallel();
    }

    /** Every tensor measured after the run, spread over the cores by tensor. */
    private List<LayerResult> measure(ResolvedNetwork net, RunOptions options, BooleanSupplier cancelled) {
        var measures = new Measures(net, options.histogramBins());
        var tasks = new ArrayList<Task>();
        for (int l = 0; l < net.depth(); l++) {
            for (Quantity q : Quantity.values()) {
                tasks.add(new Task(l, q, measures.length(l, q)));
            }
        }
        // big tensors first, so that the cores finish together
        tasks.sort((x, y) -> Integer.compare(y.n, x.n));
        var moments = new StatsCalculator.Moments[tasks.size()];
        tasks(tasks.size()).forEach(i -> {
            if (!cancelled.getAsBoolean()) {
                moments[i] = measures.moments(tasks.get(i).layer, tasks.get(i).quantity);
            }
        });
        check(cancelled);
        var sharedLo = new EnumMap<Quantity, Double>(Quantity.class);
        var sharedHi = new EnumMap<Quantity, Double>(Quantity.class);
        if (options.range() == RunOptions.HistogramRange.SHARED) {
            for (int i = 0; i < tasks.size(); i++) {
                var m = moments[i];
                if (m.finite() > 0) {
                    Quantity q = tasks.get(i).quantity;
                    sharedLo.merge(q, m.min(), Math::min);
                    sharedHi.merge(q, m.max(), Math::max);
                }
            }
        }
        tasks(tasks.size()).forEach(i -> {
            if (!cancelled.getAsBoolean()) {
                Task t = tasks.get(i);
                measures.finish(t.layer, t.quantity, moments[i], sharedLo.getOrDefault(t.quantity, Double.NaN),
                        sharedHi.getOrDefault(t.quantity, Double.NaN));
            }
        });
        check(cancelled);
        return measures.results();
    }

    /**
     * The statistics of one run's tensors, filled tensor by tensor, in any order but a layer's activations before
     * its pre-activations (whose statistics carry the saturation measured on the activations).
     */
    private final class Measures {
        private final ResolvedNetwork net;
        private final int bins;
        private final TensorStats[][] stats;
        private final double[] saturation;
        private final double[] dead;

        Measures(ResolvedNetwork net, int bins) {
            this.net = net;
            this.bins = bins;
            stats = new TensorStats[net.depth()][Quantity.values().length];
            saturation = new double[net.depth()];
            dead = new double[net.depth()];
        }

        int length(int layer, Quantity q) {
            LayerBuffers b = ws.layers[layer];
            return switch (q) {
                case WEIGHTS, WEIGHT_GRADIENTS -> b.out * b.in;
                case BIASES, BIAS_GRADIENTS -> b.out;
                default -> net.input().batch() * b.out;
            };
        }

        /** The first pass over a tensor; on the activations, also the layer's saturation and dead units. */
        StatsCalculator.Moments moments(int layer, Quantity q) {
            float[] data = buffer(ws.layers[layer], q);
            int n = length(layer, q);
            var m = StatsCalculator.moments(data, n);
            if (q == Quantity.ACTIVATIONS) {
                saturation[layer] = StatsCalculator.saturatedFraction(data, n,
                        net.layers().get(layer).activation().kind());
                dead[layer] = deadUnitFraction(data, net.input().batch(), ws.layers[layer].out);
            }
            return m;
        }

        /** The second pass: the histogram over [lo, hi] (NaN: the tensor's own range) and the finished stats. */
        void finish(int layer, Quantity q, StatsCalculator.Moments m, double lo, double hi) {
            boolean unitQuantity = q == Quantity.ACTIVATIONS || q == Quantity.PRE_ACTIVATIONS;
            stats[layer][q.ordinal()] = StatsCalculator.finish(buffer(ws.layers[layer], q), length(layer, q), m, bins,
                    lo, hi, unitQuantity ? saturation[layer] : 0.0);
        }

        void measure(int layer, Quantity q) {
            finish(layer, q, moments(layer, q), Double.NaN, Double.NaN);
        }

        List<LayerResult> results() {
            var out = new ArrayList<LayerResult>(net.depth());
            for (int l = 0; l < net.depth(); l++) {
                var perLayer = new EnumMap<Quantity, TensorStats>(Quantity.class);
                for (Quantity q : Quantity.values()) {
                    perLayer.put(q, stats[l][q.ordinal()]);
                }
                out.add(new LayerResult(net.layers().get(l), perLayer, dead[l], null));
            }
            return out;
        }
    }

    /** Drop every buffer and cached draw: the next run samples everything anew (same seed, same numbers). */
    public synchronized void forget() {
        if (ws != null) {
            ws.close();
            ws = null;
        }
    }

    /**
     * A copy of one tensor of the last run (row-major, PyTorch layout: weights units × inputs, activations
     * batch × units), for export and for checking against an independent computation.
     */
    public synchronized float[] tensor(int layerIndex, Quantity q) {
        if (ws == null) {
            throw new IllegalStateException("no run yet");
        }
        return buffer(ws.layers[layerIndex - 1], q).clone();
    }

    /**
     * The singular values of the input–output Jacobian ∂a_L/∂x = D_L·W_L ⋯ D_1·W_1 (D_l = diag φ'(z_l)) at one
     * example of the last run's batch, in descending order (ND4J GEMMs and LAPACK's SVD).
     */
    public synchronized double[] jacobianSingularValues(ResolvedNetwork net, int row) {
        return jacobianSingularValues(net, row, () -> false);
    }

    /**
     * The input–output Jacobian ∂a_L/∂x (n_out × n_in, row-major) at one example of the probe batch of a stack of
     * dense layers, plain or residual ({@link ResolvedNetwork#denseStack}), through the layer modules' backward pass.
     */
    public synchronized float[] jacobian(ResolvedNetwork net, int row, BooleanSupplier cancelled) {
        Nd4jRuntime.setBlasThreads(cell() ? cellBlasThreads : Parallel.CORES);
        if (stack == null) {
            stack = new StackPropagator(cell() ? 1 : 0);
        }
        return stack.jacobian(net, row, cancelled);
    }

    /**
     * As above; stops with a CancellationException between layers when {@code cancelled} turns true. A stack of
     * dense layers with residual ones ({@link ResolvedNetwork#denseStack}) takes the Jacobian from {@link #jacobian}
     * (it needs no run first).
     */
    public synchronized double[] jacobianSingularValues(ResolvedNetwork net, int row, BooleanSupplier cancelled) {
        if (!net.allDense() && net.denseStack()) {
            float[] j = jacobian(net, row, cancelled);
            int rows = net.layers().get(net.depth() - 1).units();
            try (INDArray m = Nd4j.createFromArray(j).reshape(rows, net.input().features())) {
                return singularValues(m);
            }
        }
        if (ws == null || !ws.fits(net)) {
            throw new IllegalStateException("run the network first");
        }
        INDArray m = null;
        for (int l = 0; l < net.depth(); l++) {
            if (cancelled.getAsBoolean()) {
                if (m != null) {
                    m.close();
                }
                throw new CancellationException("superseded");
            }
            LayerBuffers b = ws.layers[l];
            var act = net.layers().get(l).activation();
            float[] d = new float[b.out];
            for (int u = 0; u < b.out; u++) {
                d[u] = (float) act.derivative(b.z[row * b.out + u]);
            }
            INDArray next = m == null ? b.w.dup() : Nd4j.create(DataType.FLOAT, b.out, m.columns());
            if (m != null) {
                Nd4j.gemm(b.w, m, next, false, false, 1.0, 0.0);
                m.close();
            }
            try (INDArray dv = Nd4j.createFromArray(d).reshape(b.out, 1)) {
                next.muliColumnVector(dv);
            }
            m = next;
        }
        try {
            return singularValues(m);
        } finally {
            m.close();
        }
    }

    /** The singular values of m, in descending order (LAPACK's gesvd on an 'f'-order copy). */
    private static double[] singularValues(INDArray m) {
        long rows = m.rows();
        long cols = m.columns();
        long k = Math.min(rows, cols);
        try (INDArray a = m.dup('f'); INDArray sv = Nd4j.create(DataType.FLOAT, k)) {
            Nd4j.getBlasWrapper().lapack().gesvd(a, sv, null, null);
            double[] out = sv.toDoubleVector();
            java.util.Arrays.sort(out);
            for (int i = 0; i < out.length / 2; i++) {
                double t = out[i];
                out[i] = out[out.length - 1 - i];
                out[out.length - 1 - i] = t;
            }
            return out;
        }
    }

    /** A copy of the last run's input batch X (batch × features). */
    public synchronized float[] input() {
        if (ws == null) {
            throw new IllegalStateException("no run yet");
        }
        return ws.xHeap.clone();
    }

    @Override
    public synchronized void close() {
        statsThread.shutdownNow();
        if (ws != null) {
            ws.close();
            ws = null;
        }
    }

    /** The buffers of one layer: native W and a (GEMM operands) and heap copies of every tensor. */
    private static final class LayerBuffers {
        final int in;
        final int out;
        final INDArray w;
        final INDArray aNative;
        final float[] wHeap;
        final float[] b;
        final float[] z;
        final float[] a;
        final float[] da;
        final float[] dz;
        final float[] dw;
        final float[] db;
        private Object weightKey;
        private Object biasKey;

        LayerBuffers(int in, int out, int batch) {
            this.in = in;
            this.out = out;
            w = Nd4j.create(DataType.FLOAT, out, in);
            aNative = Nd4j.create(DataType.FLOAT, batch, out);
            wHeap = new float[out * in];
            b = new float[out];
            z = new float[batch * out];
            a = new float[batch * out];
            da = new float[batch * out];
            dz = new float[batch * out];
            dw = new float[out * in];
            db = new float[out];
        }

        void sample(Sampler sampler, ResolvedLayer layer, long seed) {
            Sampling ws = layer.weight().sampling();
            long wSeed = Seeds.derive(seed, layer.index(), Seeds.WEIGHTS);
            var wKey = List.of(ws, wSeed);
            if (!wKey.equals(weightKey)) {
                weightKey = null;
                sampler.fill(ws, w, wHeap, wSeed);
                weightKey = wKey;
            }
            Sampling bs = layer.bias().sampling();
            long bSeed = Seeds.derive(seed, layer.index(), Seeds.BIAS);
            var bKey = List.of(bs, bSeed);
            if (!bKey.equals(biasKey)) {
                biasKey = null;
                try (INDArray bn = Nd4j.create(DataType.FLOAT, 1, out)) {
                    sampler.fill(bs, bn, b, bSeed);
                }
                biasKey = bKey;
            }
        }

        void close() {
            w.close();
            aNative.close();
        }
    }

    /** All buffers of a network shape, reused while the shape stays the same. */
    private static final class Workspace {
        final int batch;
        final int features;
        final int[] widths;
        final INDArray x;
        final float[] xHeap;
        final LayerBuffers[] layers;
        final float[] gHeap;
        private final Map<Long, INDArray> scratch = new HashMap<>();
        private final Map<Long, INDArray> scratch2 = new HashMap<>();
        private final Map<Long, INDArray> weightScratch = new HashMap<>();
        private Object inputKey;
        private Object upstreamKey;

        Workspace(ResolvedNetwork net) {
            batch = net.input().batch();
            features = net.input().features();
            widths = net.layers().stream().mapToInt(ResolvedLayer::units).toArray();
            x = Nd4j.create(DataType.FLOAT, batch, features);
            xHeap = new float[batch * features];
            layers = new LayerBuffers[widths.length];
            int in = features;
            for (int l = 0; l < widths.length; l++) {
                layers[l] = new LayerBuffers(in, widths[l], batch);
                in = widths[l];
            }
            gHeap = new float[batch * widths[widths.length - 1]];
        }

        boolean fits(ResolvedNetwork net) {
            return net.input().batch() == batch && net.input().features() == features
                    && java.util.Arrays.equals(widths, net.layers().stream().mapToInt(ResolvedLayer::units).toArray());
        }

        void sampleInput(Sampler sampler, long seed, InputDistribution dist) {
            var key = List.of(seed, dist);
            if (!key.equals(inputKey)) {
                inputKey = null;
                sampler.fillStandard(dist == InputDistribution.UNIFORM, x, xHeap, Seeds.derive(seed, 0, Seeds.INPUT));
                inputKey = key;
            }
        }

        void sampleUpstream(Sampler sampler, long seed) {
            if (!Objects.equals(upstreamKey, seed)) {
                upstreamKey = null;
                INDArray g = scratch(batch, widths[widths.length - 1]);
                sampler.fillStandard(false, g, gHeap, Seeds.derive(seed, 0, Seeds.UPSTREAM_GRADIENT));
                upstreamKey = seed;
            }
        }

        INDArray scratch(int rows, int cols) {
            return scratch.computeIfAbsent(((long) rows << 32) | cols, k -> Nd4j.create(DataType.FLOAT, rows, cols));
        }

        INDArray scratch2(int rows, int cols) {
            return scratch2.computeIfAbsent(((long) rows << 32) | cols, k -> Nd4j.create(DataType.FLOAT, rows, cols));
        }

        INDArray weightScratch(int rows, int cols) {
            return weightScratch.computeIfAbsent(((long) rows << 32) | cols,
                    k -> Nd4j.create(DataType.FLOAT, rows, cols));
        }

        void close() {
            x.close();
            for (LayerBuffers b : layers) {
                b.close();
            }
            scratch.values().forEach(INDArray::close);
            scratch2.values().forEach(INDArray::close);
            weightScratch.values().forEach(INDArray::close);
        }
    }
}
