package org.initscope.engine;

import java.util.ArrayList;
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
import org.initscope.model.Activation;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Sampling;
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
    private DenseWorkspace ws;
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
        net = asRun(net, cancelled);
        if (!net.allDense()) {
            Nd4jRuntime.setBlasThreads(cell() ? cellBlasThreads : Parallel.CORES);
            return stack().run(net, options, cancelled);
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
            ws = new DenseWorkspace(net);
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
                    DenseBuffers b = ws.layers[l];
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

        // where the engine's thread spends the run (bench prints them): GEMMs, and waiting for the statistics thread
        long gemmNs = 0;
        long waitNs = 0;

        // ---- forward ----
        INDArray prev = ws.x;
        for (int l = 0; l < depth; l++) {
            check(cancelled);
            DenseBuffers b = ws.layers[l];
            ResolvedLayer layer = net.layers().get(l);
            if (early != null) {
                long w0 = System.nanoTime();
                early.awaitDraw(l);
                waitNs += System.nanoTime() - w0;
            }
            INDArray zs = ws.scratch(batch, b.out);
            long g0 = System.nanoTime();
            Nd4j.gemm(prev, b.w, zs, false, true, 1.0, 0.0);
            gemmNs += System.nanoTime() - g0;
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
            DenseBuffers b = ws.layers[l];
            ResolvedLayer layer = net.layers().get(l);
            int n = batch * b.out;
            range(n, cheap(layer.activation().kind()) ? CHEAP_CHUNK : MIN_CHUNK, (i0, i1) ->
                    ActivationKernels.backwardRange(layer.activation(), b.z, b.a, b.da, b.dz, i0, i1));
            INDArray dzs = ws.scratch2(batch, b.out);
            Sampler.toNative(b.dz, dzs);
            INDArray input = l == 0 ? ws.x : ws.layers[l - 1].aNative;
            INDArray dws = ws.weightScratch(b.out, b.in);
            long g0 = System.nanoTime();
            Nd4j.gemm(dzs, input, dws, true, false, 1.0, 0.0);
            gemmNs += System.nanoTime() - g0;
            Sampler.toHeap(dws, b.dw);
            if (early == null) {
                columnSums(b.dz, batch, b.out, b.db, 0, b.out);
            }
            if (l > 0) {
                INDArray das = ws.scratch(batch, b.in);
                long g1 = System.nanoTime();
                Nd4j.gemm(dzs, b.w, das, false, false, 1.0, 0.0);
                gemmNs += System.nanoTime() - g1;
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
        List<LayerResult> results = early != null ? early.results()
                : new Measurement(net, ws, options).measureAll(!cell(), cancelled);
        long t4 = System.nanoTime();
        if (early != null) {
            waitNs += t4 - t3;
        }
        List<Prediction> predictions = VarianceRecursion.predict(net);
        var withTheory = new ArrayList<LayerResult>(depth);
        for (int l = 0; l < depth; l++) {
            LayerResult r = results.get(l);
            withTheory.add(r.withPrediction(predictions.get(l)));
        }
        long t5 = System.nanoTime();
        var timings = new PropagationResult.Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3),
                ms(t5 - t4), ms(t5 - t0), ms(gemmNs), early != null ? ms(waitNs) : 0,
                early != null ? ms(early.busyNs) : 0);
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
        private final Measurement measures;
        private final int batch;
        private volatile boolean abandoned;

        EarlyStats(ResolvedNetwork net, RunOptions options, BooleanSupplier cancelled) {
            this.cancelled = cancelled;
            measures = new Measurement(net, ws, options);
            batch = net.input().batch();
        }

        /** How long the statistics thread worked for this run (written on that thread, read after its tasks). */
        private volatile long busyNs;

        void draw(int index, Runnable draw) {
            var f = statsThread.submit(() -> {
                if (!abandoned) {
                    long s = System.nanoTime();
                    draw.run();
                    busyNs += System.nanoTime() - s;
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
                long s = System.nanoTime();
                if (q == Quantity.BIAS_GRADIENTS) {
                    // off the main thread too: dz is final once the layer's backward step has made it
                    DenseBuffers b = ws.layers[layer];
                    columnSums(b.dz, batch, b.out, b.db, 0, b.out);
                }
                measures.measure(layer, q);
                busyNs += System.nanoTime() - s;
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
                throw Futures.unchecked(e);
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
        return ws.tensor(layerIndex - 1, q).clone();
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
        return stack().jacobian(asRun(net, cancelled), row, cancelled);
    }

    /**
     * The network as it runs: its {@code lsuv} layers rescaled on its own probe batch first (the result's network
     * carries the factors); any other network as it is.
     */
    private ResolvedNetwork asRun(ResolvedNetwork net, BooleanSupplier cancelled) {
        if (!Lsuv.applies(net)) {
            return net;
        }
        Nd4jRuntime.setBlasThreads(cell() ? cellBlasThreads : Parallel.CORES);
        return Lsuv.resolve(net, stack().input(net.input(), net.seed()), net.input().batch(), cell() ? 1 : 0,
                cancelled);
    }

    /** The general engine, made on first use (one thread per layer in a sweep's cell). */
    private StackPropagator stack() {
        if (stack == null) {
            stack = new StackPropagator(cell() ? 1 : 0);
        }
        return stack;
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
                return DenseJacobian.singularValues(m);
            }
        }
        if (ws == null || !ws.fits(net)) {
            throw new IllegalStateException("run the network first");
        }
        return DenseJacobian.singularValues(ws, net, row, cancelled);
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
}
