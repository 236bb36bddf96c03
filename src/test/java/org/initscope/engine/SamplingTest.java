package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ResolvedInit;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sampled weights against the schemes' exact moments. A 400 × 500 weight has n = 200,000 entries; the sample mean
 * has standard error std/√n (0.0022·std) and the sample std a relative standard error √((κ−1)/4n) (0.0011 for a
 * normal, 0.0009 for a uniform, κ the kurtosis): the tolerances below are 5 standard errors.
 */
class SamplingTest {
    private static final int IN = 500;
    private static final int OUT = 400;
    private static final int N = IN * OUT;
    private static Propagator engine;

    @BeforeAll
    static void start() {
        engine = new Propagator();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static float[] draw(InitSpec init, int in, int out, long seed) {
        var spec = new NetworkSpec("s", seed, new InputSpec(in, 4, InputDistribution.NORMAL),
                List.of(new DenseSpec(out, ActivationSpec.of(Activation.TANH), init, DenseSpec.DEFAULT_BIAS, 1)));
        engine.run(spec.resolve());
        return engine.tensor(1, Quantity.WEIGHTS);
    }

    private static ResolvedInit resolve(InitSpec init) {
        return new NetworkSpec("s", 0, new InputSpec(IN, 4, InputDistribution.NORMAL),
                List.of(new DenseSpec(OUT, ActivationSpec.of(Activation.TANH), init, DenseSpec.DEFAULT_BIAS, 1)))
                .resolve().layers().get(0).weight();
    }

    private static double[] meanStd(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v;
        }
        double mean = s / w.length;
        double ss = 0;
        for (float v : w) {
            ss += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (w.length - 1))};
    }

    @Test
    void randomSchemesHaveTheirExactMoments() {
        List<InitSpec> schemes = List.of(
                InitSpec.of(Scheme.NORMAL, "mean", 0.2, "std", 0.05),
                InitSpec.of(Scheme.UNIFORM, "a", -0.3, "b", 0.1),
                InitSpec.of(Scheme.TRUNC_NORMAL),
                InitSpec.of(Scheme.TRUNC_NORMAL, "mean", 0.1, "std", 0.5, "a", -0.2, "b", 0.9),
                InitSpec.of(Scheme.TRUNC_NORMAL, "a", 1.0, "b", 3.0),
                InitSpec.of(Scheme.TRUNC_NORMAL, "a", 5.0, "b", 6.0),
                InitSpec.of(Scheme.XAVIER_UNIFORM, "gain", "auto"),
                InitSpec.of(Scheme.XAVIER_NORMAL),
                InitSpec.of(Scheme.KAIMING_UNIFORM),
                InitSpec.of(Scheme.KAIMING_NORMAL, "mode", "fan_out"),
                InitSpec.of(Scheme.TORCH_DEFAULT),
                InitSpec.of(Scheme.LECUN_NORMAL), InitSpec.of(Scheme.LECUN_UNIFORM),
                InitSpec.of(Scheme.GLOROT_NORMAL), InitSpec.of(Scheme.GLOROT_UNIFORM),
                InitSpec.of(Scheme.HE_NORMAL), InitSpec.of(Scheme.HE_UNIFORM),
                InitSpec.of(Scheme.VARIANCE_SCALING, "scale", 3.0, "mode", "fan_avg"),
                InitSpec.of(Scheme.VARIANCE_SCALING, "distribution", "untruncated_normal"),
                InitSpec.of(Scheme.ORTHOGONAL, "gain", 1.5),
                InitSpec.of(Scheme.SPARSE, "sparsity", 0.25, "std", 0.02));
        for (InitSpec init : schemes) {
            ResolvedInit r = resolve(init);
            float[] w = draw(init, IN, OUT, 17);
            double[] ms = meanStd(w);
            assertEquals(r.mean(), ms[0], 5 * r.std() / Math.sqrt(N) + 1e-12, init.label() + " mean");
            assertEquals(r.std(), ms[1], 5 * 0.0011 * r.std(), init.label() + " std");
            if (r.bound() != null) {
                for (float v : w) {
                    assertTrue(v >= r.mean() - r.bound() - 1e-7 && v <= r.mean() + r.bound() + 1e-7,
                            init.label() + " value " + v + " outside the bound");
                }
            }
        }
    }

    @Test
    void truncatedDrawsStayInsideTheirInterval() {
        for (InitSpec init : List.of(InitSpec.of(Scheme.TRUNC_NORMAL, "a", 1.0, "b", 3.0),
                InitSpec.of(Scheme.TRUNC_NORMAL, "mean", 0.1, "std", 0.5, "a", -0.2, "b", 0.9))) {
            float[] w = draw(init, IN, OUT, 3);
            for (float v : w) {
                assertTrue(v >= init.number("a") && v <= init.number("b"), init.label() + ": " + v);
            }
        }
        // Keras' truncated normal: cut at ±2 stddev
        var he = (org.initscope.model.Sampling.TruncatedNormal) resolve(InitSpec.of(Scheme.HE_NORMAL)).sampling();
        for (float v : draw(InitSpec.of(Scheme.HE_NORMAL), IN, OUT, 4)) {
            assertTrue(Math.abs(v) <= he.b() + 1e-7);
        }
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormal() {
        int[][] shapes = {{300, 200}, {200, 300}, {256, 256}};
        for (int[] s : shapes) {
            int in = s[0];
            int out = s[1];
            float[] w = draw(InitSpec.of(Scheme.ORTHOGONAL, "gain", 2.0), in, out, 5);
            // rows ≤ cols: W·Wᵀ = gain²·I; rows > cols: Wᵀ·W = gain²·I
            boolean byRows = out <= in;
            int k = byRows ? out : in;
            double worst = 0;
            for (int p = 0; p < k; p++) {
                for (int q = p; q < k; q++) {
                    double dot = 0;
                    int len = byRows ? in : out;
                    for (int t = 0; t < len; t++) {
                        dot += byRows ? (double) w[p * in + t] * w[q * in + t] : (double) w[t * in + p] * w[t * in + q];
                    }
                    worst = Math.max(worst, Math.abs(dot - (p == q ? 4.0 : 0.0)));
                }
            }
            assertTrue(worst < 4e-5, "|QQᵀ − g²I| = " + worst + " for " + out + "×" + in);
        }
    }

    @Test
    void deterministicSchemes() {
        float[] eye = draw(InitSpec.of(Scheme.EYE), 64, 64, 1);
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                assertEquals(r == c ? 1f : 0f, eye[r * 64 + c]);
            }
        }
        for (float v : draw(InitSpec.of(Scheme.CONSTANT, "value", 0.25), 10, 10, 1)) {
            assertEquals(0.25f, v);
        }
        // sparse: exactly ceil(sparsity·rows) zeros in every column (rows = units)
        float[] sp = draw(InitSpec.of(Scheme.SPARSE, "sparsity", 0.1), IN, OUT, 9);
        for (int c = 0; c < IN; c++) {
            int zeros = 0;
            for (int r = 0; r < OUT; r++) {
                zeros += sp[r * IN + c] == 0f ? 1 : 0;
            }
            assertEquals(40, zeros, "column " + c);
        }
    }

    @Test
    void inputDistributions() {
        for (InputDistribution d : List.of(InputDistribution.NORMAL, InputDistribution.UNIFORM)) {
            var spec = new NetworkSpec("s", 8, new InputSpec(500, 400, d), List.of(new DenseSpec(3,
                    ActivationSpec.of(Activation.LINEAR), InitSpec.of(Scheme.ONES), DenseSpec.DEFAULT_BIAS, 1)));
            engine.run(spec.resolve());
            float[] x = engine.input();
            double[] ms = meanStd(x);
            assertEquals(0, ms[0], 5 / Math.sqrt(x.length));
            assertEquals(1, ms[1], 5 * 0.0011);
            if (d == InputDistribution.UNIFORM) {
                for (float v : x) {
                    assertTrue(Math.abs(v) <= Math.sqrt(3) + 1e-6);
                }
            }
        }
    }
}
