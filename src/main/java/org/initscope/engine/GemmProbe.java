package org.initscope.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures ND4J's GEMM on the three shapes a dense layer of a run uses (forward a·Wᵀ, weight gradient δᵀ·a,
 * input gradient δ·W), back to back on warm buffers, on all cores and on one, keeping the faster: the hardware
 * limit the benchmark compares a full recompute against.
 */
public final class GemmProbe {
    private GemmProbe() {
    }

    /** Median times of one dense layer's GEMMs, in milliseconds. */
    public record LayerGemms(double forwardMs, double weightGradMs, double inputGradMs) {
        public double flopsPerLayer(int batch, int in, int out) {
            return 2.0 * batch * in * out;
        }
    }

    public static LayerGemms measure(int batch, int in, int out, int repeats) {
        Nd4jRuntime.start();
        try (INDArray a = Nd4j.rand(DataType.FLOAT, batch, in);
                INDArray w = Nd4j.rand(DataType.FLOAT, out, in);
                INDArray z = Nd4j.create(DataType.FLOAT, batch, out);
                INDArray dz = Nd4j.rand(DataType.FLOAT, batch, out);
                INDArray dw = Nd4j.create(DataType.FLOAT, out, in);
                INDArray da = Nd4j.create(DataType.FLOAT, batch, in)) {
            // on every core, and on one: small GEMMs run faster on one BLAS thread here (the engine then uses one),
            // so the limit is the faster of the two for each shape
            double f = Double.POSITIVE_INFINITY;
            double g = Double.POSITIVE_INFINITY;
            double i = Double.POSITIVE_INFINITY;
            for (int threads : Parallel.CORES > 1 ? new int[] {Parallel.CORES, 1} : new int[] {1}) {
                Nd4jRuntime.setBlasThreads(threads);
                f = Math.min(f, median(() -> Nd4j.gemm(a, w, z, false, true, 1.0, 0.0), repeats));
                g = Math.min(g, median(() -> Nd4j.gemm(dz, a, dw, true, false, 1.0, 0.0), repeats));
                i = Math.min(i, median(() -> Nd4j.gemm(dz, w, da, false, false, 1.0, 0.0), repeats));
            }
            Nd4jRuntime.setBlasThreads(Parallel.CORES);
            return new LayerGemms(f, g, i);
        }
    }

    private static double median(Runnable r, int repeats) {
        r.run();
        r.run();
        double[] t = new double[Math.max(1, repeats)];
        for (int k = 0; k < t.length; k++) {
            long s = System.nanoTime();
            r.run();
            t[k] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
