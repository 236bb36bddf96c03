package org.initscope.engine;

import java.util.Locale;
import org.initscope.model.ComputeCost;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.Limits;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;

/**
 * The memory a run takes: every tensor of every layer is kept on the Java heap (for the statistics) and the
 * weights and activations also in native memory (for ND4J's GEMM), plus native scratch buffers.
 */
public record MemoryEstimate(long heapBytes, long nativeBytes) {

    public static MemoryEstimate of(ResolvedNetwork net) {
        if (!net.allDense()) {
            return general(net);
        }
        long b = net.input().batch();
        long heap = b * net.input().features();
        long nat = 2 * b * net.input().features();
        long maxBo = 0;
        long maxW = 0;
        long maxBi = 0;
        for (ResolvedLayer l : net.layers()) {
            long w = (long) l.units() * l.inputs();
            long bo = b * l.units();
            heap += 2 * w + 4 * bo + 2L * l.units();
            nat += w + bo;
            maxBo = Math.max(maxBo, bo);
            maxW = Math.max(maxW, w);
            maxBi = Math.max(maxBi, b * l.inputs());
        }
        nat += 2 * maxBo + maxW + maxBi;
        return new MemoryEstimate(heap * Float.BYTES, nat * Float.BYTES);
    }

    /**
     * The general engine keeps every tensor on the heap: each parameter and its gradient, and per layer about six
     * batch-sized tensors (z, a, ∂L/∂a, ∂L/∂z, the input gradient and a batch-major copy for the statistics); a
     * recurrent layer keeps every step's gates (pre-activations, activations, gradients) and states, a convolution
     * on one thread its im2col buffers (at most 8 MB). Native memory
     * holds only one GEMM's operands at a time (at most the largest layer's input, output and weight twice).
     */
    private static MemoryEstimate general(ResolvedNetwork net) {
        long b = net.input().batch();
        long heap = 2 * net.input().values();
        long maxGemm = 0;
        long maxScratch = 0;
        for (ResolvedLayer l : net.layers()) {
            long params = l.params().stream().mapToLong(p -> p.count()).sum();
            long out = b * l.out().size();
            long in = b * l.in().size();
            heap += 2 * params + 6 * out;
            if (l.spec() instanceof RecurrentSpec r) {
                long steps = l.in().steps();
                long gates = b * steps * r.gates() * r.hiddenSize();
                long states = b * (steps + 1) * r.hiddenSize();
                heap += 5 * gates + 6 * states + 2 * in;
                maxGemm = Math.max(maxGemm, 2 * gates + in + params);
            } else {
                maxGemm = Math.max(maxGemm, in + out + params);
            }
            // a convolution's im2col buffers, per worker: one layer's at a time, plus those a layer on one thread
            // keeps from pass to pass (every layer's)
            long[] scratch = org.initscope.engine.layers.Module.scratchFloats(l, (int) b);
            maxScratch = Math.max(maxScratch, scratch[0]);
            maxGemm = Math.max(maxGemm, scratch[1]);
            heap += org.initscope.engine.layers.Module.keptFloats(l);
        }
        heap += maxScratch;
        return new MemoryEstimate(heap * Float.BYTES, 2 * maxGemm * Float.BYTES);
    }

    /** The largest single tensor in elements (Java arrays hold at most 2³¹ − 9). */
    public static long largestTensor(ResolvedNetwork net) {
        long b = net.input().batch();
        long max = net.input().values();
        for (ResolvedLayer l : net.layers()) {
            for (var p : l.params()) {
                max = Math.max(max, p.count());
            }
            max = Math.max(max, b * l.out().size());
            if (l.spec() instanceof RecurrentSpec r) {
                max = Math.max(max, b * l.in().steps() * r.gates() * r.hiddenSize());
            } else if (l.spec() instanceof Conv2dSpec) {
                max = Math.max(max, l.weight() == null ? 0 : (long) l.fans().fanIn() * l.out().height()
                        * l.out().width());
            }
        }
        return max;
    }

    public long totalBytes() {
        return heapBytes + nativeBytes;
    }

    /**
     * Refuse up front, with the estimate, when the run cannot fit in memory or would take longer than
     * {@link org.initscope.model.Limits#COMPUTE_BUDGET_SECONDS} ({@link org.initscope.model.ComputeCost}).
     */
    public static void check(ResolvedNetwork net) {
        // what cannot fit at all first, then what would take too long
        require(of(net), largestTensor(net));
        String slow = ComputeCost.of(net).refusal();
        if (slow != null) {
            throw new ResourceLimitException(slow);
        }
    }

    /**
     * Refuse, with the estimate, a run whose largest tensor cannot be a Java array or whose memory is not available
     * (after one garbage collection): the one check the propagation and the training engines share.
     */
    public static void require(MemoryEstimate e, long largest) {
        if (largest > Limits.MAX_TENSOR) {
            throw new ResourceLimitException(String.format(Locale.ROOT, "one tensor of this network would have "
                    + "%,d entries; at most %,d are supported: reduce the batch or the layer widths", largest,
                    Limits.MAX_TENSOR));
        }
        Runtime rt = Runtime.getRuntime();
        long heapFree = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long nativeFree = Nd4jRuntime.availableNativeBytes();
        boolean beyondAll = e.heapBytes > rt.maxMemory() * 0.9
                || e.nativeBytes > Math.max(0, Nd4jRuntime.maxNativeBytes()) * 0.9;
        if (!beyondAll && (e.heapBytes > heapFree * 0.9 || e.nativeBytes > nativeFree * 0.9)) {
            // "used" counts garbage not yet collected (and JavaCPP frees native buffers through the collector):
            // collect once before refusing a network that would fit (not for one beyond all the memory there is)
            System.gc();
            heapFree = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
            nativeFree = Nd4jRuntime.availableNativeBytes();
        }
        if (e.heapBytes > heapFree * 0.9 || e.nativeBytes > nativeFree * 0.9) {
            throw new ResourceLimitException(String.format(Locale.ROOT,
                    "this network needs about %s (%s Java heap + %s native) but only %s heap and %s native are "
                            + "available: reduce the batch, the layer widths or the depth (or give Java more "
                            + "memory with -Xmx)", bytes(e.totalBytes()), bytes(e.heapBytes), bytes(e.nativeBytes),
                    bytes(heapFree), bytes(nativeFree)));
        }
    }

    public static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.0f MB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.0f kB", b / 1024.0);
    }
}
