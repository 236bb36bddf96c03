package org.initscope.engine;

import java.util.Locale;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;

/**
 * The memory a run takes: every tensor of every layer is kept on the Java heap (for the statistics) and the
 * weights and activations also in native memory (for ND4J's GEMM), plus native scratch buffers.
 */
public record MemoryEstimate(long heapBytes, long nativeBytes) {

    public static MemoryEstimate of(ResolvedNetwork net) {
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

    /** The largest single tensor in elements (Java arrays hold at most 2³¹ − 9). */
    public static long largestTensor(ResolvedNetwork net) {
        long b = net.input().batch();
        long max = b * net.input().features();
        for (ResolvedLayer l : net.layers()) {
            max = Math.max(max, Math.max((long) l.units() * l.inputs(), b * l.units()));
        }
        return max;
    }

    public long totalBytes() {
        return heapBytes + nativeBytes;
    }

    /** Refuse up front, with the estimate, when the run cannot fit. */
    public static void check(ResolvedNetwork net) {
        long largest = largestTensor(net);
        if (largest > Integer.MAX_VALUE - 8L) {
            throw new ResourceLimitException("one tensor of this network has " + largest + " entries; at most "
                    + (Integer.MAX_VALUE - 8L) + " are supported: reduce the batch or the layer widths");
        }
        MemoryEstimate e = of(net);
        Runtime rt = Runtime.getRuntime();
        long heapFree = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long nativeFree = Nd4jRuntime.availableNativeBytes();
        if (e.heapBytes > heapFree * 0.9 || e.nativeBytes > nativeFree * 0.9) {
            // "used" counts garbage not yet collected (and JavaCPP frees native buffers through the collector):
            // collect once before refusing a network that would fit
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
