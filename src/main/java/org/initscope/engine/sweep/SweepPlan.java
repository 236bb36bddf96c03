package org.initscope.engine.sweep;

import java.util.Locale;
import org.initscope.engine.MemoryEstimate;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.ResourceLimitException;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.SpecException;

/**
 * How a sweep runs, decided before anything runs: how many cells at once (workers), on how many BLAS threads each,
 * and what it costs — the memory of one run and the estimated seconds of one run, from the networks' shapes. A sweep
 * whose estimate is over {@link #MAX_SECONDS} or whose runs do not fit in memory is refused up front with the
 * estimate ({@link #check}).
 *
 * <p>Small runs (every GEMM at most {@link #SMALL_GEMM_FLOP}) go one per core, each with one BLAS thread: a second BLAS
 * thread gains little on such products (measured for the explorer: 512×256×256 took 0.50 ms on one thread and 0.58
 * on two), while a second cell doubles the throughput (bench --sweep measures both ways). Large runs go one at a
 * time with every core in BLAS.
 *
 * @param workers        cells run at the same time
 * @param blasThreads    BLAS threads of each
 * @param runs           cells × repeats
 * @param secondsPerRun  estimated seconds of the slowest run on one worker
 * @param heapPerRun     Java heap of the largest run, in bytes
 * @param nativePerRun   native memory of the largest run, in bytes
 */
public record SweepPlan(int workers, int blasThreads, int runs, double secondsPerRun, long heapPerRun,
        long nativePerRun) {
    /** A sweep estimated to take longer than this (one hour) is refused. */
    public static final double MAX_SECONDS = 3600;
    /** The largest GEMM of a run for it to run one per core (the explorer's rule for one BLAS thread). */
    static final double SMALL_GEMM_FLOP = 1e9;

    /**
     * Deliberately round rates, on the slow side of what this 2-core machine measured for one thread: matrix products
     * at 25 GFLOP/s and 50 million tensor entries a second for what is element-wise (drawing, activations,
     * statistics, the optimizer's updates), an SVD at 5 GFLOP/s.
     */
    static final double GEMM_FLOPS = 25e9;
    static final double ENTRIES = 50e6;
    static final double SVD_FLOPS = 5e9;

    /** The estimated wall-clock seconds of the whole sweep. */
    public double seconds() {
        return Math.ceil((double) runs / workers) * secondsPerRun;
    }

    /** "about 12 s (256 runs × 0.09 s per run, 2 at a time)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%,d run%s × %s per run, %d at a time)", duration(seconds()), runs,
                runs == 1 ? "" : "s", perRun(secondsPerRun), workers);
    }

    static String duration(double s) {
        if (s >= 5400) {
            return String.format(Locale.ROOT, "about %.1f hours", s / 3600);
        }
        if (s >= 90) {
            return String.format(Locale.ROOT, "about %.0f min", s / 60);
        }
        return String.format(Locale.ROOT, "about %.0f s", Math.max(1, s));
    }

    private static String perRun(double s) {
        return s >= 10 ? String.format(Locale.ROOT, "%.0f s", s) : s >= 0.1 ? String.format(Locale.ROOT, "%.1f s", s)
                : String.format(Locale.ROOT, "%.0f ms", Math.max(1, s * 1000));
    }

    /**
     * The plan for a sweep. {@code workers} and {@code blasThreads} force a choice (0: decide); the number of workers
     * is then lowered until their runs fit in memory together.
     *
     * @throws SpecException naming the cell, when a cell's network cannot be built
     */
    public static SweepPlan of(SweepSpec spec, int workers, int blasThreads) {
        int cores = Runtime.getRuntime().availableProcessors();
        double perRun = 0;
        long heap = 0;
        long nat = 0;
        double largestGemm = 0;
        for (int c = 0; c < spec.cells(); c++) {
            ResolvedNetwork net;
            try {
                net = spec.network(c, 0).resolve();
            } catch (SpecException e) {
                throw new SpecException(e.field(), "the cell " + spec.describe(c) + ": " + e.getMessage());
            }
            perRun = Math.max(perRun, runSeconds(spec, net));
            MemoryEstimate m = MemoryEstimate.of(net);
            heap = Math.max(heap, m.heapBytes() + trainingBytes(spec, net));
            nat = Math.max(nat, m.nativeBytes());
            largestGemm = Math.max(largestGemm, largestGemm(net, spec));
        }
        int runs = spec.runs();
        boolean small = largestGemm <= SMALL_GEMM_FLOP;
        int w = workers > 0 ? workers : small ? cores : 1;
        int b = blasThreads > 0 ? blasThreads : small ? 1 : cores;
        w = Math.max(1, Math.min(w, runs));
        return new SweepPlan(w, b, runs, perRun, heap, nat);
    }

    /**
     * Refuse, with the estimate, a sweep that would take longer than {@link #MAX_SECONDS} or whose single run does not
     * fit in memory; when one fits but not all workers' runs together, the plan runs fewer at a time.
     *
     * @return the plan to run (possibly with fewer workers)
     * @throws ResourceLimitException with the reason in the user's words
     */
    public SweepPlan check() {
        Runtime rt = Runtime.getRuntime();
        long heapFree = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long nativeFree = Nd4jRuntime.availableNativeBytes();
        // a run keeps some working memory beyond its tensors: at most 80 % of what is free
        int fit = (int) Math.min(Math.min(workers, heapFree * 0.8 / Math.max(1, heapPerRun)),
                nativeFree * 0.8 / Math.max(1, nativePerRun));
        if (fit < 1) {
            throw new ResourceLimitException(String.format(Locale.ROOT, "one run of this sweep needs about %s (%s "
                    + "Java heap + %s native) but only %s heap and %s native are available: reduce the widths, the "
                    + "depth or the batch (or give Java more memory with -Xmx)", MemoryEstimate.bytes(heapPerRun
                    + nativePerRun), MemoryEstimate.bytes(heapPerRun), MemoryEstimate.bytes(nativePerRun),
                    MemoryEstimate.bytes(heapFree), MemoryEstimate.bytes(nativeFree)));
        }
        SweepPlan p = fit < workers ? new SweepPlan(fit, blasThreads, runs, secondsPerRun, heapPerRun, nativePerRun)
                : this;
        if (p.seconds() > MAX_SECONDS) {
            throw new ResourceLimitException("this sweep would take " + p.describe() + " here; the limit is "
                    + duration(MAX_SECONDS) + ": use fewer values, repeats or training steps, or smaller networks");
        }
        return p;
    }

    /** The largest product of a run: the forward GEMM of its widest layer (batch × in × out, 2 flops each). */
    private static double largestGemm(ResolvedNetwork net, SweepSpec spec) {
        long batch = spec.training() == null ? net.input().batch() : spec.training().settings().batch();
        double max = 0;
        for (ResolvedLayer l : net.layers()) {
            max = Math.max(max, 2.0 * batch * l.inputs() * l.units());
        }
        return max;
    }

    private static long parameters(ResolvedNetwork net) {
        return net.layers().stream().flatMap(l -> l.params().stream()).mapToLong(p -> p.count()).sum();
    }

    /** What training adds to a run: every parameter as float32 and doubles (value, gradient, two Adam moments). */
    private static long trainingBytes(SweepSpec spec, ResolvedNetwork net) {
        return spec.training() == null ? 0 : 40 * parameters(net) + (16L << 20);
    }

    /** Estimated seconds of one run of a cell on one worker. */
    static double runSeconds(SweepSpec spec, ResolvedNetwork net) {
        long batch = net.input().batch();
        double gemm = 0;
        double entries = 2.0 * net.input().values();
        for (ResolvedLayer l : net.layers()) {
            gemm += 6.0 * batch * l.out().size() * (l.weight() == null ? 0 : l.fans().fanIn());
            entries += 8.0 * batch * l.out().size() + 3.0 * l.params().stream().mapToLong(p -> p.count()).sum();
        }
        double seconds = gemm / GEMM_FLOPS + entries / ENTRIES;
        if (spec.jacobian()) {
            double flops = 0;
            long cols = net.input().features();
            for (ResolvedLayer l : net.layers()) {
                flops += 2.0 * l.units() * l.inputs() * cols;
            }
            long k = Math.min(cols, net.layers().get(net.depth() - 1).units());
            seconds += flops / GEMM_FLOPS + 22.0 * k * k * k / SVD_FLOPS;
        }
        SweepSpec.Training t = spec.training();
        if (t != null) {
            long params = parameters(net);
            double perStep = 6.0 * t.settings().batch() * params / GEMM_FLOPS
                    + (12.0 * params + 8.0 * t.settings().batch() * net.layers().stream()
                    .mapToLong(l -> l.out().size()).sum()) / ENTRIES;
            // the loss on up to 2,048 examples: at the start, at the end and at every criterion check
            int evaluations = 2 + (t.hasCriterion() ? t.steps() / t.evalEvery() : 0);
            double evaluation = 2.0 * 2048 * params / GEMM_FLOPS;
            seconds += t.steps() * perStep + evaluations * evaluation;
        }
        return seconds;
    }
}
