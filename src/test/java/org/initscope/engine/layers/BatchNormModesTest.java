package org.initscope.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.initscope.config.ConfigReader;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.Sampler;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm's running statistics and eval mode against PyTorch's definitions written out in double precision
 * (torch.nn.BatchNorm2d, momentum 0.1, eps 1e-5): each training-mode pass updates running_mean ← 0.9·running_mean +
 * 0.1·mean and running_var ← 0.9·running_var + 0.1·var·n/(n − 1) (the unbiased batch variance), starting from 0 and
 * 1; eval mode normalizes with them. A measuring pass leaves them alone. Tolerance 1e-5 relative: float inputs,
 * statistics accumulated in double.
 */
class BatchNormModesTest {
    private static final int C = 3;
    private static final int HW = 4;

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    private static Module batchNorm() throws Exception {
        ResolvedNetwork net = ConfigReader.parse("""
                {"seed": 1, "input": {"channels": 3, "height": 2, "width": 2, "batch": 5},
                 "layers": [{"type": "batchnorm"}]}""", "test").resolve();
        Module m = Module.of(net.layers().get(0));
        m.sample(new Sampler(), 1);
        return m;
    }

    private static float[] batch(SplittableRandom r, int n, double shift) {
        float[] x = new float[n * C * HW];
        for (int i = 0; i < x.length; i++) {
            int c = (i / HW) % C;
            x[i] = (float) (shift * (c + 1) + (c + 0.5) * r.nextGaussian());
        }
        return x;
    }

    @Test
    void runningStatisticsFollowPytorchAndEvalModeUsesThem() throws Exception {
        Module bn = batchNorm();
        var r = new SplittableRandom(5);
        double[] mean = new double[C];
        double[] var = {1, 1, 1};
        for (int pass = 0; pass < 3; pass++) {
            int n = 4 + pass;
            float[] x = batch(r, n, 2);
            bn.mode(Module.Mode.TRAIN);
            bn.forward(x, n);
            for (int c = 0; c < C; c++) {
                double s = 0;
                for (int e = 0; e < n; e++) {
                    for (int p = 0; p < HW; p++) {
                        s += x[(e * C + c) * HW + p];
                    }
                }
                double m = s / (n * HW);
                double q = 0;
                for (int e = 0; e < n; e++) {
                    for (int p = 0; p < HW; p++) {
                        double d = x[(e * C + c) * HW + p] - m;
                        q += d * d;
                    }
                }
                mean[c] = 0.9 * mean[c] + 0.1 * m;
                var[c] = 0.9 * var[c] + 0.1 * q / (n * HW - 1);
            }
        }
        float[] rm = bn.buffers().get("running_mean");
        float[] rv = bn.buffers().get("running_var");
        for (int c = 0; c < C; c++) {
            assertEquals(mean[c], rm[c], 1e-5 * Math.max(1, Math.abs(mean[c])), "running_mean[" + c + "]");
            assertEquals(var[c], rv[c], 1e-5 * var[c], "running_var[" + c + "]");
        }

        // a measuring pass (the statistics of a recorded step) normalizes with the batch but leaves them alone
        bn.mode(Module.Mode.MEASURE);
        bn.forward(batch(r, 3, -1), 3);
        assertArrayEquals(rm, bn.buffers().get("running_mean"));
        assertArrayEquals(rv, bn.buffers().get("running_var"));

        // eval: y = γ·(x − running_mean)/√(running_var + eps) + β, with γ and β no longer 1 and 0
        float[] gamma = bn.parameters().get("weight");
        float[] beta = bn.parameters().get("bias");
        for (int c = 0; c < C; c++) {
            gamma[c] = 0.5f + c;
            beta[c] = -0.25f * c;
        }
        bn.mode(Module.Mode.EVAL);
        float[] x = batch(r, 2, 1);
        float[] y = bn.forward(x, 2);
        for (int i = 0; i < x.length; i++) {
            int c = (i / HW) % C;
            double want = gamma[c] * (x[i] - mean[c]) / Math.sqrt(var[c] + 1e-5) + beta[c];
            assertEquals(want, y[i], 1e-5 * Math.max(1, Math.abs(want)), "y[" + i + "]");
        }
        // eval mode's backward: μ and σ are constants, ∂L/∂x = γ·∂L/∂y/√(running_var + eps)
        float[] dy = batch(r, 2, 0);
        float[] dx = bn.backward(dy, 2);
        for (int i = 0; i < x.length; i++) {
            int c = (i / HW) % C;
            double want = gamma[c] * dy[i] / Math.sqrt(var[c] + 1e-5);
            assertEquals(want, dx[i], 1e-5 * Math.max(1, Math.abs(want)), "dx[" + i + "]");
        }
    }

    @Test
    void trainingOnASingleValuePerChannelIsRefusedAsInPytorch() throws Exception {
        ResolvedNetwork net = ConfigReader.parse("""
                {"seed": 1, "input": {"features": 4, "batch": 1}, "layers": [{"type": "batchnorm"}]}""", "test")
                .resolve();
        Module bn = Module.of(net.layers().get(0));
        bn.sample(new Sampler(), 1);
        bn.mode(Module.Mode.TRAIN);
        assertThrows(IllegalArgumentException.class, () -> bn.forward(new float[4], 1));
    }
}
