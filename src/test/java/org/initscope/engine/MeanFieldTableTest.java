package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.initscope.config.ConfigReader;
import org.initscope.config.Presets;
import org.initscope.math.Normal;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The mean-field table (issue 14, items 2, 3 and 8): phase, q*, χ₁(q*), ξ_q and ξ_c per layer, against closed forms
 * and against {@link IndependentQuadrature} (a trapezoid rule written for the tests, not the engine's quadrature).
 * Conventions (initializers.md §5b): ξ = +∞ where the depth scale diverges (critical: no exponential decay), NaN
 * ("—") where it is not defined (no fixed point: the length grows without bound).
 */
class MeanFieldTableTest {

    private static List<MeanField.LayerTheory> theory(String json) throws Exception {
        return MeanField.layers(ConfigReader.parse(json, "test").resolve());
    }

    private static List<MeanField.LayerTheory> theory(NetworkSpec spec) {
        return MeanField.layers(spec.resolve());
    }

    private static String dense(int width, String activation, String init, int repeat) {
        return """
                {"seed": 7, "input": {"features": %d, "batch": 16},
                 "layers": [{"type": "dense", "units": %d, "activation": %s, "repeat": %d, "init": %s,
                   "bias": {"scheme": "zeros"}}]}""".formatted(width, width, activation, repeat, init);
    }

    private static String normal(int width, double sw2) {
        return "{\"scheme\": \"normal\", \"mean\": 0, \"std\": " + Math.sqrt(sw2 / width) + "}";
    }

    /**
     * Item 2. For ReLU, χ₁ = σ_w²/2 for every q, so He (σ_w² = fan_in·2/fan_in = 2, up to the last bit of a double)
     * is critical at every width. The table used to read "chaotic, q* = Inf, χ₁(q*) = Inf" at widths 64 and 256 and
     * "critical, q* = 0, ξ_c = 4.5e15" at 500: the phase came from the rounding of σ_w².
     */
    @Test
    void reluWithHeIsCriticalAtEveryWidth() throws Exception {
        for (int width : new int[] {64, 256, 500}) {
            var rows = theory(dense(width, "\"relu\"", "{\"scheme\": \"kaiming_normal\"}", 3));
            for (MeanField.LayerTheory t : rows) {
                String at = "width " + width + ", layer " + t.layer().index();
                assertEquals(MeanField.Phase.CRITICAL, t.phase(), at);
                assertEquals(1.0, t.chi1Star(), 0.0, at + ": χ₁(q*) is exactly 1 (σ_w² within 1e-12 of 2)");
                assertEquals(1.0, t.chi1(), 0.0, at);
                // σ_b² = 0 and χ₁ = 1: the length map is the identity, every q is a fixed point; q* is the layer's
                assertEquals(t.q(), t.qStar(), 1e-12, at);
                assertEquals(Double.POSITIVE_INFINITY, t.scales().xiQ(), at);
                assertEquals(Double.POSITIVE_INFINITY, t.scales().xiC(), at);
            }
        }
        // the same through the presets the issue names
        for (String preset : new String[] {"fix-he.json", "cs231n-relu-he.json"}) {
            for (MeanField.LayerTheory t : theory(Presets.byFile(preset).orElseThrow().load())) {
                assertEquals(MeanField.Phase.CRITICAL, t.phase(), preset);
                assertEquals(1.0, t.chi1Star(), 0.0, preset);
            }
        }
    }

    /** Item 2, around criticality: a chaotic ReLU keeps χ₁(q*) = σ_w²/2 (never Inf); the phase has a 2 % band. */
    @Test
    void reluAroundCriticality() throws Exception {
        // σ_w² = 3: the length grows as 1.5^l without a fixed point, but χ₁ is 1.5 at every q
        MeanField.LayerTheory chaotic = theory(dense(100, "\"relu\"", normal(100, 3), 1)).get(0);
        assertEquals(MeanField.Phase.CHAOTIC, chaotic.phase());
        assertEquals(1.5, chaotic.chi1Star(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, chaotic.qStar());
        assertTrue(Double.isNaN(chaotic.scales().xiQ()), "no fixed point: ξ_q is not defined");
        assertTrue(Double.isNaN(chaotic.scales().xiC()));
        // σ_w² = 1.9: ordered, the signal dies (q* = 0) at the rate χ₁ = 0.95 per layer
        MeanField.LayerTheory ordered = theory(dense(100, "\"relu\"", normal(100, 1.9), 1)).get(0);
        assertEquals(MeanField.Phase.ORDERED, ordered.phase());
        assertEquals(0.0, ordered.qStar());
        assertEquals(0.95, ordered.chi1Star(), 1e-12);
        assertEquals(-1 / Math.log(0.95), ordered.scales().xiQ(), 1e-9);
        assertEquals(-1 / Math.log(0.95), ordered.scales().xiC(), 1e-9);
        // σ_w² = 2.02: within the critical band (|χ₁ − 1| < 0.02), the length still grows by 1 % a layer
        MeanField.LayerTheory edge = theory(dense(100, "\"relu\"", normal(100, 2.02), 1)).get(0);
        assertEquals(MeanField.Phase.CRITICAL, edge.phase());
        assertEquals(1.01, edge.chi1Star(), 1e-12);
        // with a bias the ordered ReLU has q* = σ_b²/(1 − χ₁): σ_w² = 1, σ_b² = 0.1 → 0.2
        String biased = """
                {"seed": 7, "input": {"features": 100, "batch": 16},
                 "layers": [{"type": "dense", "units": 100, "activation": "relu", "init": %s,
                   "bias": {"scheme": "normal", "mean": 0, "std": %s}}]}""".formatted(normal(100, 1),
                Math.sqrt(0.1));
        MeanField.LayerTheory b = theory(biased).get(0);
        assertEquals(0.2, b.qStar(), 1e-12);
        assertEquals(0.5, b.chi1Star(), 1e-12);
        assertEquals(1 / Math.log(2), b.scales().xiQ(), 1e-9);
    }

    /**
     * Item 3. Piecewise-linear φ: the length map is the line q ↦ χ₁·q + σ_b², so ξ_q = −1/ln χ₁ also at q* = 0.
     * cs231n-relu-xavier (σ_w² = 1, q halves every layer) used to show ξ_q = Inf: correct 1/ln 2 = 1.443;
     * leaky_relu (slope 0.01) at σ_w² = 1.5 showed 0.1136: correct −1/ln(1.5·1.0001/2) = 3.477.
     */
    @Test
    void piecewiseLinearDepthScalesAtQStarZero() throws Exception {
        for (MeanField.LayerTheory t : theory(Presets.byFile("cs231n-relu-xavier.json").orElseThrow().load())) {
            assertEquals(MeanField.Phase.ORDERED, t.phase());
            assertEquals(0.0, t.qStar());
            assertEquals(1 / Math.log(2), t.scales().xiQ(), 1e-9);
            assertEquals(1.4427, t.scales().xiQ(), 1e-4);
            assertEquals(1 / Math.log(2), t.scales().xiC(), 1e-9);
        }
        MeanField.LayerTheory leaky = theory(dense(200, "\"leaky_relu\"", normal(200, 1.5), 1)).get(0);
        assertEquals(0.750075, leaky.chi1Star(), 1e-12);
        assertEquals(-1 / Math.log(0.750075), leaky.scales().xiQ(), 1e-9);
        assertEquals(3.477, leaky.scales().xiQ(), 5e-4);
        // the same through the general formula ξ_q⁻¹ = −ln[σ_w²·E(φ'² + φ''φ)], independently integrated at a q > 0
        ActivationSpec lr = new ActivationSpec(Activation.LEAKY_RELU, 0.01);
        double q = 0.37;
        double slope = 1.5 * IndependentQuadrature.expect(x -> x * lr.apply(x) * lr.derivative(x), q) / q;
        assertEquals(0.750075, slope, 1e-8);
    }

    /**
     * Item 8. In the chaotic phase ξ_c is defined through the correlation map's fixed point c* < 1 (Schoenholz et al.
     * 2017): ξ_c = −1/ln χ_c with χ_c = σ_w²·E[φ'(u₁)φ'(u₂)] at c*. It used to be NaN.
     */
    @Test
    void correlationDepthScaleInTheChaoticPhase() throws Exception {
        // the default network: tanh, σ_w² = 25/9, σ_b² = 0; odd φ and no bias, so c* = 0 and χ_c = σ_w²·E[φ']²
        var tanh = ActivationSpec.of(Activation.TANH);
        double sw2 = 25.0 / 9;
        double q = independentFixedPoint(tanh::apply, sw2, 0);
        assertEquals(1.1785, q, 5e-5);
        double chiC = sw2 * Math.pow(IndependentQuadrature.expect(tanh::derivative, q), 2);
        assertEquals(0.9208, chiC, 5e-5);
        double xiC = -1 / Math.log(chiC);
        assertEquals(12.12, xiC, 0.005);
        for (MeanField.LayerTheory t : theory(NetworkSpec.defaultNetwork())) {
            assertEquals(MeanField.Phase.CHAOTIC, t.phase());
            assertEquals(q, t.qStar(), 1e-9 * q);
            assertEquals(xiC, t.scales().xiC(), 1e-6 * xiC, "layer " + t.layer().index());
        }
        // selu-lecun: σ_w² = 1, q* = 1, E[selu(z)] = 0 there, so c* = 0 again and χ_c = (E[selu'(z)])² with
        // E[selu'(z)] = λ(½ + α·e^{1/2}·Φ(−1)) in closed form: χ_c = 0.97068, ξ_c = 33.60 (the 30.6 would
        // need χ_c = 0.9678)
        double dSelu = Activation.SELU_LAMBDA * (0.5 + Activation.SELU_ALPHA * Math.exp(0.5) * Normal.cdf(-1));
        var selu = ActivationSpec.of(Activation.SELU);
        assertEquals(dSelu, IndependentQuadrature.expect(selu::derivative, 1.0), 1e-9);
        double seluXi = -1 / Math.log(dSelu * dSelu);
        assertEquals(33.60, seluXi, 0.005);
        for (MeanField.LayerTheory t : theory(Presets.byFile("selu-lecun.json").orElseThrow().load())) {
            assertEquals(1.0, t.qStar(), 1e-9);
            assertEquals(seluXi, t.scales().xiC(), 1e-5 * seluXi, "layer " + t.layer().index());
        }
        // with a bias c* moves off 0: tanh, σ_w² = 4, σ_b² = 0.3; Newton on the independently integrated 2-D map
        // (401 points per axis, h = 0.05: the smooth integrand makes the rule agree with 2,001 points to 1e-15)
        double qb = independentFixedPoint(tanh::apply, 4, 0.3);
        double c = 0;
        double chi = 0;
        for (int it = 0; it < 20; it++) {
            double cc = c;
            double map = (4 * IndependentQuadrature.expect2((u, v) -> Math.tanh(u) * Math.tanh(v), qb, cc, 401)
                    + 0.3) / qb;
            chi = 4 * IndependentQuadrature.expect2((u, v) -> tanh.derivative(u) * tanh.derivative(v), qb, cc, 401);
            double next = c - (map - c) / (chi - 1);
            if (Math.abs(next - c) < 1e-10) {
                c = next;
                break;
            }
            c = next;
        }
        double cFinal = c;
        chi = 4 * IndependentQuadrature.expect2((u, v) -> tanh.derivative(u) * tanh.derivative(v), qb, cFinal, 401);
        assertEquals(0.5754, c, 5e-4);
        String json = """
                {"seed": 7, "input": {"features": 100, "batch": 16},
                 "layers": [{"type": "dense", "units": 100, "activation": "tanh", "init": %s,
                   "bias": {"scheme": "normal", "mean": 0, "std": %s}}]}""".formatted(normal(100, 4),
                Math.sqrt(0.3));
        MeanField.LayerTheory t = theory(json).get(0);
        assertEquals(MeanField.Phase.CHAOTIC, t.phase());
        assertEquals(qb, t.qStar(), 1e-8 * qb);
        assertEquals(-1 / Math.log(chi), t.scales().xiC(), 1e-4 * t.scales().xiC());
    }

    /**
     * The fixed point of q ↦ σ_w²·E[φ(√q z)²] + σ_b² by plain iteration from q = 1 (chaotic tanh: fast), with the
     * trapezoid rule on 24,001 points (spectrally accurate for the analytic tanh²).
     */
    static double independentFixedPoint(DoubleUnaryOperator phi, double sw2, double sb2) {
        double q = 1;
        for (int i = 0; i < 500; i++) {
            double next = sw2 * IndependentQuadrature.expect(x -> {
                double a = phi.applyAsDouble(x);
                return a * a;
            }, q, 24_001) + sb2;
            if (Math.abs(next - q) < 1e-13 * q) {
                return next;
            }
            q = next;
        }
        return q;
    }
}
