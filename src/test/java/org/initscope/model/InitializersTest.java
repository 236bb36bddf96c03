package org.initscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.math.GaussianExpectation;
import org.junit.jupiter.api.Test;

/** Every scheme's std and bound against the formulas of initializers.md, for nn.Linear(500, 300). */
class InitializersTest {
    private static final Fans LINEAR_500_300 = Fans.dense(500, 300);
    private static final ActivationSpec TANH = ActivationSpec.of(Activation.TANH);
    private static final ActivationSpec RELU = ActivationSpec.of(Activation.RELU);
    private static final double EPS = 1e-15;

    private static ResolvedInit w(InitSpec spec) {
        return Initializers.weight(spec, LINEAR_500_300, TANH);
    }

    private static ResolvedInit w(InitSpec spec, ActivationSpec act) {
        return Initializers.weight(spec, LINEAR_500_300, act);
    }

    @Test
    void fansFollowPytorchWeightLayout() {
        assertEquals(500, LINEAR_500_300.fanIn());
        assertEquals(300, LINEAR_500_300.fanOut());
        assertEquals(300, LINEAR_500_300.rows());
        assertEquals(500, LINEAR_500_300.cols());
    }

    @Test
    void constants() {
        var z = w(InitSpec.of(Scheme.ZEROS));
        assertEquals(0, z.mean());
        assertEquals(0, z.std());
        assertNull(z.bound());
        assertEquals(1, w(InitSpec.of(Scheme.ONES)).mean());
        assertEquals(0.3, w(InitSpec.of(Scheme.CONSTANT, "value", 0.3)).mean());
        assertInstanceOf(Sampling.Constant.class, w(InitSpec.of(Scheme.ONES)).sampling());
    }

    @Test
    void uniformAndNormal() {
        var u = w(InitSpec.of(Scheme.UNIFORM, "a", -0.1, "b", 0.3));
        assertEquals(0.1, u.mean(), EPS);
        assertEquals(0.4 / Math.sqrt(12), u.std(), EPS);
        assertEquals(0.2, u.bound(), EPS);
        var u01 = w(InitSpec.of(Scheme.UNIFORM));
        assertEquals(new Sampling.Uniform(0, 1), u01.sampling());
        var n = w(InitSpec.of(Scheme.NORMAL, "mean", 0.5, "std", 0.02));
        assertEquals(0.02, n.std(), 0);
        assertEquals(0.5, n.mean(), 0);
        assertNull(n.bound());
        assertEquals(1.0, w(InitSpec.of(Scheme.NORMAL)).std(), 0);
    }

    @Test
    void truncNormalHasAbsoluteBoundsAndNoVarianceCorrection() {
        var t = w(InitSpec.of(Scheme.TRUNC_NORMAL));
        assertEquals(new Sampling.TruncatedNormal(0, 1, -2, 2), t.sampling());
        assertEquals(0.87962566103423978, t.std(), 1e-15);
        // a and b are absolute: std 0.1 with the default [-2, 2] is effectively untruncated
        assertEquals(0.1, w(InitSpec.of(Scheme.TRUNC_NORMAL, "std", 0.1)).std(), 1e-15);
    }

    @Test
    void xavier() {
        var u = w(InitSpec.of(Scheme.XAVIER_UNIFORM));
        assertEquals(Math.sqrt(6.0 / 800), u.bound(), EPS);
        assertEquals(Math.sqrt(6.0 / 800) / Math.sqrt(3), u.std(), EPS);
        var n = w(InitSpec.of(Scheme.XAVIER_NORMAL, "gain", 2.0));
        assertEquals(2 * Math.sqrt(2.0 / 800), n.std(), EPS);
        // gain "auto" on a tanh layer is calculate_gain('tanh') = 5/3
        var auto = w(InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto"));
        assertEquals(5.0 / 3 * Math.sqrt(2.0 / 800), auto.std(), EPS);
        assertEquals("std = gain·√(2/(fan_in+fan_out)) = 1.667·√(2/800) = 0.08333", auto.formula());
    }

    @Test
    void kaimingDefaultsAreHeForRelu() {
        // defaults a=0, mode=fan_in, nonlinearity=leaky_relu → gain √2: the He/ReLU initialization
        var u = w(InitSpec.of(Scheme.KAIMING_UNIFORM));
        assertEquals(Math.sqrt(6.0 / 500), u.bound(), 1e-15);
        var n = w(InitSpec.of(Scheme.KAIMING_NORMAL, "mode", "fan_out", "nonlinearity", "relu"));
        assertEquals(Math.sqrt(2.0) / Math.sqrt(300), n.std(), EPS);
        var leaky = w(InitSpec.of(Scheme.KAIMING_NORMAL, "a", 0.2, "nonlinearity", "leaky_relu"));
        assertEquals(Math.sqrt(2 / 1.04) / Math.sqrt(500), leaky.std(), EPS);
        // a is ignored for other nonlinearities
        var tanh = w(InitSpec.of(Scheme.KAIMING_NORMAL, "a", 0.2, "nonlinearity", "tanh"));
        assertEquals(5.0 / 3 / Math.sqrt(500), tanh.std(), EPS);
        var auto = w(InitSpec.of(Scheme.KAIMING_NORMAL, "nonlinearity", "auto"),
                new ActivationSpec(Activation.LEAKY_RELU, 0.1));
        assertEquals(Math.sqrt(2 / 1.01) / Math.sqrt(500), auto.std(), EPS);
    }

    @Test
    void torchDefaultIsUniformOneOverSqrtFanIn() {
        var d = w(InitSpec.of(Scheme.TORCH_DEFAULT));
        // initializers.md §2: Linear(500, 300) has std 0.02582 and max |w| = 1/√500 = 0.04472
        assertEquals(1 / Math.sqrt(500), d.bound(), EPS);
        assertEquals(0.02582, d.std(), 5e-6);
        assertEquals(1 / Math.sqrt(3 * 500), d.std(), EPS);
        var bias = Initializers.bias(InitSpec.of(Scheme.TORCH_DEFAULT), 500, 300);
        assertEquals(1 / Math.sqrt(500), bias.bound(), EPS);
    }

    @Test
    void kerasPresets() {
        assertEquals(Math.sqrt(3.0 / 500), w(InitSpec.of(Scheme.LECUN_UNIFORM)).bound(), EPS);
        assertEquals(Math.sqrt(6.0 / 800), w(InitSpec.of(Scheme.GLOROT_UNIFORM)).bound(), EPS);
        assertEquals(Math.sqrt(6.0 / 500), w(InitSpec.of(Scheme.HE_UNIFORM)).bound(), EPS);
        // the truncated ones have exactly the target std after Keras' 0.8796 correction
        assertEquals(Math.sqrt(1.0 / 500), w(InitSpec.of(Scheme.LECUN_NORMAL)).std(), 1e-15);
        assertEquals(Math.sqrt(2.0 / 800), w(InitSpec.of(Scheme.GLOROT_NORMAL)).std(), 1e-15);
        assertEquals(Math.sqrt(2.0 / 500), w(InitSpec.of(Scheme.HE_NORMAL)).std(), 1e-15);
        var he = (Sampling.TruncatedNormal) w(InitSpec.of(Scheme.HE_NORMAL)).sampling();
        double stddev = Math.sqrt(2.0 / 500) / 0.87962566103423978;
        assertEquals(stddev, he.std(), 1e-15);
        assertEquals(-2 * stddev, he.a(), 1e-15);
        assertEquals(2 * stddev, he.b(), 1e-15);
    }

    @Test
    void varianceScaling() {
        var vs = w(InitSpec.of(Scheme.VARIANCE_SCALING, "scale", 2.0, "mode", "fan_avg", "distribution", "uniform"));
        assertEquals(Math.sqrt(3 * 2.0 / 400), vs.bound(), EPS);
        var un = w(InitSpec.of(Scheme.VARIANCE_SCALING, "mode", "fan_out", "distribution", "untruncated_normal"));
        assertEquals(new Sampling.Normal(0, Math.sqrt(1.0 / 300)), un.sampling());
        // "normal" is Keras' alias of truncated_normal
        var alias = w(InitSpec.of(Scheme.VARIANCE_SCALING, "distribution", "normal"));
        assertInstanceOf(Sampling.TruncatedNormal.class, alias.sampling());
        // s = scale / max(1, n): a fan below 1 is not possible for a layer, but the formula uses max(1, n)
        var e = assertThrows(SpecException.class, () -> w(InitSpec.of(Scheme.VARIANCE_SCALING, "scale", 0.0)));
        assertEquals("scale", e.field());
    }

    @Test
    void orthogonalEyeSparse() {
        var o = w(InitSpec.of(Scheme.ORTHOGONAL, "gain", 2.0));
        assertEquals(2 / Math.sqrt(500), o.std(), EPS);
        var eye = Initializers.weight(InitSpec.of(Scheme.EYE), Fans.dense(4, 4), TANH);
        assertEquals(0.25, eye.mean(), EPS);
        assertEquals(Math.sqrt(0.25 * 0.75), eye.std(), EPS);
        var ex = assertThrows(SpecException.class, () -> w(InitSpec.of(Scheme.EYE)));
        assertTrue(ex.getMessage().contains("300×500"), ex.getMessage());
        var sp = (Sampling.Sparse) w(InitSpec.of(Scheme.SPARSE, "sparsity", 0.1)).sampling();
        assertEquals(30, sp.zerosPerColumn());
        assertEquals(0.01, sp.std(), 0);
        assertEquals(0.01 * Math.sqrt(270.0 / 300), w(InitSpec.of(Scheme.SPARSE, "sparsity", 0.1)).std(), EPS);
        // PyTorch computes math.ceil(sparsity · rows) in double: 0.07 · 100 = 7.000000000000001 → 8 zeros
        var sp100 = (Sampling.Sparse) Initializers.weight(InitSpec.of(Scheme.SPARSE, "sparsity", 0.07),
                Fans.dense(10, 100), TANH).sampling();
        assertEquals(8, sp100.zerosPerColumn());
    }

    @Test
    void calculateGainTable() {
        assertEquals(1.0, Gain.calculate("linear", 0).value());
        assertEquals(1.0, Gain.calculate("conv2d", 0).value());
        assertEquals(1.0, Gain.calculate("sigmoid", 0).value());
        assertEquals(5.0 / 3, Gain.calculate("tanh", 0.7).value());
        assertEquals(Math.sqrt(2), Gain.calculate("relu", 0).value());
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Gain.calculate("leaky_relu", 0.01).value());
        assertEquals(0.75, Gain.calculate("selu", 0).value());
        assertThrows(IllegalArgumentException.class, () -> Gain.calculate("gelu", 0));
    }

    @Test
    void numericGainForActivationsPytorchDoesNotCover() {
        ActivationSpec gelu = ActivationSpec.of(Activation.GELU);
        Gain g = Gain.auto(gelu);
        // independent check: E[gelu(z)²] by a trapezoid over [-12, 12]
        int n = 200_000;
        double h = 24.0 / n;
        double m2 = 0;
        for (int i = 0; i <= n; i++) {
            double z = -12 + i * h;
            double a = gelu.apply(z);
            m2 += (i == 0 || i == n ? 0.5 : 1) * a * a * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        }
        assertEquals(1 / Math.sqrt(m2 * h), g.value(), 1e-9);
        assertTrue(g.source().startsWith("numeric"), g.source());
        // and it does what it promises: E[(gain·φ(z))²] = 1
        double check = GaussianExpectation.of(z -> Math.pow(g.value() * gelu.apply(z), 2), 1.0);
        assertEquals(1.0, check, 1e-10);
        // relu is covered by calculate_gain, so "auto" is √2 and not the numeric 1/√(1/2) (which agrees anyway)
        assertEquals("calculate_gain('relu') = √2", Gain.auto(RELU).source());
    }

    @Test
    void invalidParametersAreRefusedWithTheField() {
        assertEquals("a", assertThrows(SpecException.class,
                () -> w(InitSpec.of(Scheme.UNIFORM, "a", 1.0, "b", 1.0))).field());
        assertEquals("std", assertThrows(SpecException.class,
                () -> w(InitSpec.of(Scheme.NORMAL, "std", -1.0))).field());
        assertEquals("std", assertThrows(SpecException.class,
                () -> w(InitSpec.of(Scheme.TRUNC_NORMAL, "std", 0.0))).field());
        assertEquals("sparsity", assertThrows(SpecException.class,
                () -> w(InitSpec.of(Scheme.SPARSE, "sparsity", 1.0))).field());
        assertEquals("sparsity", assertThrows(SpecException.class, () -> InitSpec.of(Scheme.SPARSE)).field());
        assertEquals("stdd", assertThrows(SpecException.class, () -> InitSpec.of(Scheme.NORMAL, "stdd", 1.0)).field());
        var mode = assertThrows(SpecException.class, () -> InitSpec.of(Scheme.KAIMING_NORMAL, "mode", "fan_avg"));
        assertTrue(mode.getMessage().contains("fan_in | fan_out"), mode.getMessage());
        var typo = assertThrows(SpecException.class, () -> InitSpec.of(Scheme.KAIMING_NORMAL, "nonlinearity", "rellu"));
        assertTrue(typo.getMessage().contains("did you mean \"relu\""), typo.getMessage());
        assertThrows(SpecException.class, () -> InitSpec.of(Scheme.NORMAL, "std", "auto"));
        assertThrows(SpecException.class, () -> InitSpec.of(Scheme.NORMAL, "std", Double.NaN));
        assertThrows(SpecException.class, () -> Initializers.bias(InitSpec.of(Scheme.ONES), 5, 5));
    }

    @Test
    void switchingSchemeKeepsSharedParameters() {
        var n = InitSpec.of(Scheme.NORMAL, "mean", 0.1, "std", 0.5);
        var t = n.withScheme(Scheme.TRUNC_NORMAL);
        assertEquals(0.5, t.number("std"));
        assertEquals(0.1, t.number("mean"));
        assertEquals(-2.0, t.number("a"));
        assertEquals(0.1, n.withScheme(Scheme.SPARSE).number("sparsity"));
        assertEquals("normal(mean=0.1, std=0.5)", n.label());
    }
}
