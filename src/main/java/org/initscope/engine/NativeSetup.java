package org.initscope.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Settings that must be in place before ND4J loads its native libraries.
 *
 * <p>ND4J 1.0.0-M2.1 bundles OpenBLAS 0.3.19, which does not recognise recent AMD CPUs (Zen 4/5) and falls back to
 * its Haswell (AVX2) kernels although the CPU has AVX-512. Measured here: a 1000×500×500 sgemm took 3.5 ms with the
 * default kernels and 2.1 ms with {@code OPENBLAS_CORETYPE=SKYLAKEX}. So, on Linux, when the CPU reports the
 * AVX-512 subsets those kernels use, InitScope's process uses them — also over an {@code OPENBLAS_CORETYPE} set
 * for other programs (this machine sets Haswell for Python). {@code INITSCOPE_BLAS_CORETYPE=keep} keeps the
 * environment's choice; {@code INITSCOPE_BLAS_CORETYPE=NAME} forces a core type.
 */
public final class NativeSetup {
    private static final Set<String> SKYLAKEX_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq",
            "avx512vl");
    private static volatile String blasCoreType;

    private NativeSetup() {
    }

    interface CLib extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** Idempotent; call before the first ND4J class is touched. */
    public static synchronized void beforeNd4j() {
        if (blasCoreType != null) {
            return;
        }
        blasCoreType = chooseCoreType();
        // BLAS threads that spin after a GEMM take the cores the engine's Java loops run on next: measured, the
        // statistics of a 10×500 run took 57 ms with spinning threads and 38 ms with these (GEMM unchanged)
        setDefault("OMP_WAIT_POLICY", "PASSIVE");
        setDefault("GOMP_SPINCOUNT", "0");
        setDefault("OPENBLAS_THREAD_TIMEOUT", "4");
    }

    private static void setDefault(String name, String value) {
        if (System.getenv(name) == null) {
            try {
                ((CLib) Native.loadLibrary("c", CLib.class)).setenv(name, value, 0);
            } catch (Throwable e) {
                // not Linux/macOS: only speed is affected
            }
        }
    }

    /** The OpenBLAS core type in effect: set by the user, by InitScope, or "auto" (OpenBLAS' own detection). */
    public static String blasCoreType() {
        return blasCoreType == null ? "not configured" : blasCoreType;
    }

    private static String chooseCoreType() {
        String env = System.getenv("OPENBLAS_CORETYPE");
        String choice = System.getenv("INITSCOPE_BLAS_CORETYPE");
        if (choice == null) {
            choice = System.getProperty("initscope.blasCoreType");
        }
        if (choice != null && !choice.isBlank()) {
            if ("keep".equalsIgnoreCase(choice.trim())) {
                return env == null ? "auto" : env + " (kept from OPENBLAS_CORETYPE)";
            }
            return setenv(choice.trim()) ? choice.trim() + " (from INITSCOPE_BLAS_CORETYPE)" : describe(env);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64")) || !hasAvx512()) {
            return describe(env);
        }
        if (setenv("SKYLAKEX")) {
            return "SKYLAKEX (AVX-512 detected" + (env == null ? ")" : "; OPENBLAS_CORETYPE=" + env + " overridden)");
        }
        return describe(env);
    }

    private static String describe(String env) {
        return env == null ? "auto" : env + " (from OPENBLAS_CORETYPE)";
    }

    private static boolean setenv(String value) {
        try {
            CLib c = (CLib) Native.loadLibrary("c", CLib.class);
            return c.setenv("OPENBLAS_CORETYPE", value, 1) == 0;
        } catch (Throwable e) {
            // no libc through JNA (not Linux/macOS): OpenBLAS keeps its own choice, only speed is affected
            return false;
        }
    }

    private static boolean hasAvx512() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    Set<String> flags = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    return flags.containsAll(SKYLAKEX_FLAGS);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
