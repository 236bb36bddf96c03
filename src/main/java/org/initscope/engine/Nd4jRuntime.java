package org.initscope.engine;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Starts ND4J once, after {@link NativeSetup} has prepared the native environment. */
public final class Nd4jRuntime {
    private static volatile boolean started;

    private Nd4jRuntime() {
    }

    /** Load the native backend now (the first call takes about a second; later ones are free). */
    public static void start() {
        if (started) {
            return;
        }
        synchronized (Nd4jRuntime.class) {
            if (!started) {
                NativeSetup.beforeNd4j();
                Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
                Nd4j.create(DataType.FLOAT, 1).close();
                started = true;
            }
        }
    }

    private static volatile int blasThreads = -1;

    /**
     * BLAS and ND4J threads for the native work that follows. Training's tiny GEMMs (32×64×64) run faster on one thread and leave
     * the other core to drawing (measured under Xvfb: 629 steps/s at 24 frames/s against 230 at 19); the
     * propagation engine's large ones use every core.
     */
    public static void setBlasThreads(int n) {
        start();
        if (n != blasThreads) {
            Nd4j.factory().blas().setMaxThreads(n);
            // ND4J's own ops (bias add, reductions) use OpenMP threads of their own
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
            blasThreads = n;
        }
    }

    /** The most native memory ND4J may allocate in all, in bytes (Long.MAX_VALUE when unlimited). */
    public static long maxNativeBytes() {
        start();
        long max = Pointer.maxBytes();
        return max <= 0 ? Long.MAX_VALUE : max;
    }

    /** Native memory ND4J may still allocate, in bytes. */
    public static long availableNativeBytes() {
        start();
        long max = Pointer.maxBytes();
        long used = Pointer.totalBytes();
        return max <= 0 ? Long.MAX_VALUE : Math.max(0, max - used);
    }
}
