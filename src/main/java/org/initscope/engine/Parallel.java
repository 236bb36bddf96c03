package org.initscope.engine;

import java.util.stream.IntStream;

/** Splits element-wise work over the cores (the common fork-join pool plus the calling thread). */
final class Parallel {
    static final int CORES = Runtime.getRuntime().availableProcessors();

    interface RangeBody {
        void run(int from, int to);
    }

    private Parallel() {
    }

    /** Run body over [0, n) in up to CORES contiguous chunks of at least {@code minChunk} elements. */
    static void forRange(int n, int minChunk, RangeBody body) {
        int chunks = Math.max(1, Math.min(CORES, n / Math.max(1, minChunk)));
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            body.run(from, to);
        });
    }
}
