package org.initscope.engine;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures ND4J's GEMM on the three shapes a dense layer of a run uses (forward a·Wᵀ, weight gradient δᵀ·a,
 * input gradient δ·W): the hardware limit the benchmark compares a full recompute against.
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
            double f = median(() -> Nd4j.gemm(a, w, z, false, true, 1.0, 0.0), repeats);
            double g = median(() -> Nd4j.gemm(dz, a, dw, true, false, 1.0, 0.0), repeats);
            double i = median(() -> Nd4j.gemm(dz, w, da, false, false, 1.0, 0.0), repeats);
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
