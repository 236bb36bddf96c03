package org.initscope.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.initscope.config.ConfigReader;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forward passes against the definitions written out in double precision, index by index in PyTorch's
 * layouts (NCHW images, weight (C_out, C_in/groups, kH, kW), LSTM gates i, f, g, o, batch_first sequences).
 * Finite differences ({@link LayerGradientTest}) prove backward matches forward; this proves forward is PyTorch's.
 * Tolerance 1e-5 relative: float accumulation over at most a few hundred terms.
 */
class LayerForwardTest {

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    @Test
    void convIsPytorchsCrossCorrelationWithStridePaddingAndGroups() throws Exception {
        var ms = modules("""
                {"seed": 2, "input": {"channels": 4, "height": 9, "width": 7, "batch": 3},
                 "layers": [{"type": "conv2d", "out_channels": 6, "kernel_size": [3, 2], "stride": [2, 1],
                   "padding": [1, 2], "groups": 2, "activation": "linear",
                   "init": {"scheme": "normal", "mean": 0, "std": 1}, "bias": {"scheme": "normal", "mean": 0, "std": 1}}]}""");
        Module conv = ms.get(0);
        int batch = 3;
        float[] x = random(batch * 4 * 9 * 7, 1);
        float[] out = conv.forward(x, batch);
        float[] w = conv.tensor(Quantity.WEIGHTS);
        float[] b = conv.tensor(Quantity.BIASES);
        int oh = (9 + 2 - 3) / 2 + 1;
        int ow = (7 + 4 - 2) / 1 + 1;
        assertEquals(batch * 6 * oh * ow, out.length);
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < 6; o++) {
                int g = o / 3;
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double s = b[o];
                        for (int c = 0; c < 2; c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 2; j++) {
                                    int iy = y * 2 - 1 + i;
                                    int ix = xx - 2 + j;
                                    if (iy >= 0 && iy < 9 && ix >= 0 && ix < 7) {
                                        s += (double) w[((o * 2 + c) * 3 + i) * 2 + j]
                                                * x[((n * 4 + g * 2 + c) * 9 + iy) * 7 + ix];
                                    }
                                }
                            }
                        }
                        float got = out[((n * 6 + o) * oh + y) * ow + xx];
                        assertEquals(s, got, 1e-5 * Math.max(1, Math.abs(s)), "out[" + n + "," + o + "," + y + "," + xx + "]");
                    }
                }
            }
        }
    }

    @Test
    void lstmFollowsPytorchsEquationsAndGateOrder() throws Exception {
        var ms = modules("""
                {"seed": 8, "input": {"features": 3, "sequence_length": 5, "batch": 2},
                 "layers": [{"type": "lstm", "hidden_size": 4, "bias": {"scheme": "normal", "mean": 0, "std": 1},
                   "forget_bias": 1.5}, {"type": "lstm", "hidden_size": 2}]}""");
        Module lstm = ms.get(0);
        int batch = 2;
        int steps = 5;
        int h = 4;
        float[] x = random(batch * steps * 3, 5);
        float[] out = lstm.forward(x, batch);
        var p = lstm.parameters();
        float[] wih = p.get("weight_ih");
        float[] whh = p.get("weight_hh");
        float[] bih = p.get("bias_ih");
        float[] bhh = p.get("bias_hh");
        for (int j = 0; j < h; j++) {
            assertEquals(1.5f, bih[h + j], "forget block of bias_ih is the forget bias");
            assertEquals(0f, bhh[h + j], "forget block of bias_hh is 0");
        }
        assertEquals(batch * steps * h, out.length, "a sequence into the next lstm");
        for (int n = 0; n < batch; n++) {
            double[] hPrev = new double[h];
            double[] c = new double[h];
            for (int t = 0; t < steps; t++) {
                double[] zz = new double[4 * h];
                for (int r = 0; r < 4 * h; r++) {
                    double s = bih[r] + bhh[r];
                    for (int f = 0; f < 3; f++) {
                        s += wih[r * 3 + f] * (double) x[(n * steps + t) * 3 + f];
                    }
                    for (int k = 0; k < h; k++) {
                        s += whh[r * h + k] * hPrev[k];
                    }
                    zz[r] = s;
                }
                double[] hNext = new double[h];
                for (int j = 0; j < h; j++) {
                    double i = sigmoid(zz[j]);
                    double f = sigmoid(zz[h + j]);
                    double g = Math.tanh(zz[2 * h + j]);
                    double o = sigmoid(zz[3 * h + j]);
                    c[j] = f * c[j] + i * g;
                    hNext[j] = o * Math.tanh(c[j]);
                    float got = out[(n * steps + t) * h + j];
                    assertEquals(hNext[j], got, 2e-6, "h[" + n + "," + t + "," + j + "]");
                }
                hPrev = hNext;
            }
        }
    }

    @Test
    void rnnReluAndLastStepOutput() throws Exception {
        var ms = modules("""
                {"seed": 4, "input": {"features": 2, "sequence_length": 4, "batch": 2},
                 "layers": [{"type": "rnn", "hidden_size": 3, "nonlinearity": "relu",
                   "weight_hh": {"scheme": "normal", "mean": 0, "std": 0.8},
                   "bias": {"scheme": "normal", "mean": 0, "std": 1}}]}""");
        Module rnn = ms.get(0);
        float[] x = random(2 * 4 * 2, 9);
        float[] out = rnn.forward(x, 2);
        var p = rnn.parameters();
        assertEquals(2 * 3, out.length, "h_T only when no recurrent layer follows");
        for (int n = 0; n < 2; n++) {
            double[] hPrev = new double[3];
            for (int t = 0; t < 4; t++) {
                double[] hNext = new double[3];
                for (int r = 0; r < 3; r++) {
                    double s = p.get("bias_ih")[r] + p.get("bias_hh")[r];
                    for (int f = 0; f < 2; f++) {
                        s += p.get("weight_ih")[r * 2 + f] * (double) x[(n * 4 + t) * 2 + f];
                    }
                    for (int k = 0; k < 3; k++) {
                        s += p.get("weight_hh")[r * 3 + k] * hPrev[k];
                    }
                    hNext[r] = Math.max(0, s);
                }
                hPrev = hNext;
            }
            for (int r = 0; r < 3; r++) {
                assertEquals(hPrev[r], out[n * 3 + r], 2e-6);
            }
        }
    }

    @Test
    void batchNormNormalizesEachChannelAndLayerNormEachExample() throws Exception {
        var ms = modules("""
                {"seed": 1, "input": {"channels": 3, "height": 4, "width": 5, "batch": 6},
                 "layers": [{"type": "batchnorm"}, {"type": "layernorm"}]}""");
        float[] x = random(6 * 60, 3);
        for (int i = 0; i < x.length; i++) {
            int channel = (i / 20) % 3;
            x[i] = x[i] * (channel + 1) * 7 + channel * 100; // each channel its own scale and offset
        }
        float[] bn = ms.get(0).forward(x, 6);
        for (int c = 0; c < 3; c++) {
            double s = 0;
            double q = 0;
            for (int n = 0; n < 6; n++) {
                for (int p = 0; p < 20; p++) {
                    double v = bn[n * 60 + c * 20 + p];
                    s += v;
                    q += v * v;
                }
            }
            double mean = s / 120;
            double var = q / 120 - mean * mean;
            assertEquals(0, mean, 1e-6, "channel " + c + " mean");
            double sigma2 = (c + 1) * (c + 1) * 49.0; // order of the raw variance: eps/σ² is below 1e-6
            assertEquals(1, var, 1e-5 + 2e-5 / sigma2 * 100, "channel " + c + " biased variance");
        }
        float[] ln = ms.get(1).forward(bn, 6);
        for (int n = 0; n < 6; n++) {
            double s = 0;
            double q = 0;
            for (int i = 0; i < 60; i++) {
                s += ln[n * 60 + i];
                q += (double) ln[n * 60 + i] * ln[n * 60 + i];
            }
            double mean = s / 60;
            double var = q / 60 - mean * mean;
            assertEquals(0, mean, 1e-6);
            // LayerNorm: σ²/(σ² + 1e-5) with σ² ≈ 1
            assertEquals(1, var, 2e-5, "example " + n);
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static float[] random(int n, long seed) {
        var r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static List<Module> modules(String json) throws Exception {
        ResolvedNetwork net = ConfigReader.parse(json, "test").resolve();
        var out = new ArrayList<Module>();
        Sampler sampler = new Sampler();
        for (ResolvedLayer l : net.layers()) {
            Module m = Module.of(l);
            m.sample(sampler, net.seed());
            out.add(m);
        }
        return out;
    }
}
