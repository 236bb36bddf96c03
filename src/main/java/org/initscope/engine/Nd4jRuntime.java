package org.initscope.engine;

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

    /** Native memory ND4J may still allocate, in bytes. */
    public static long availableNativeBytes() {
        start();
        long max = org.bytedeco.javacpp.Pointer.maxBytes();
        long used = org.bytedeco.javacpp.Pointer.totalBytes();
        return max <= 0 ? Long.MAX_VALUE : Math.max(0, max - used);
    }
}
