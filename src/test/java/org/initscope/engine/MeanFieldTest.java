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
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;

class MeanFieldTest {
    private static final ActivationSpec TANH = ActivationSpec.of(Activation.TANH);
    private static final ActivationSpec RELU = ActivationSpec.of(Activation.RELU);

    @Test
    void tanhEdgeOfChaosMatchesTheReferenceTable() {
        // initializers.md §5b: σ_b² → critical σ_w², to 3 significant digits
        double[][] table = {{0.001, 1.189}, {0.01, 1.424}, {0.05, 1.761}, {0.1, 1.986}, {0.3, 2.505},
            {0.5, 2.843}, {1.0, 3.443}};
        for (double[] row : table) {
            double sw2 = MeanField.criticalWeightVariance(TANH, row[0]);
            assertEquals(row[1], sw2, 0.0005 * row[1] + 5e-4, "σ_b² = " + row[0]);
        }
        // the table's last row says 4.261; an independent computation (trapezoid, 400,001 points on [−12, 12],
        // bisection) gives 4.26640, as this one does: the table is 0.13 % low there
        assertEquals(4.26640, MeanField.criticalWeightVariance(TANH, 2.0), 5e-5);
        // σ_b² = 0: the critical point is σ_w² = 1 (q* → 0)
        assertEquals(1.0, MeanField.criticalWeightVariance(TANH, 0), 0.01);
        // and q* = 0.570 on the curve at σ_b² = 0.05
        assertEquals(0.570, MeanField.fixedPoint(TANH, 1.761, 0.05), 0.005);
    }

    @Test
    void knownPointsOfTheTanhPlane() {
        // gain 5/3 with no bias: q* = 1.178, χ₁ = 1.21 (mildly chaotic), stable activation std 0.65
        double q = MeanField.fixedPoint(TANH, 25.0 / 9, 0);
        assertEquals(1.178, q, 0.001);
        assertEquals(1.21, MeanField.chi1(TANH, 25.0 / 9, q), 0.005);
        assertEquals(0.65, Math.sqrt(ActivationMoments.of(TANH, 0, q).meanSquare()), 0.005);
        assertEquals(MeanField.Phase.CHAOTIC, MeanField.Phase.of(MeanField.chi1(TANH, 25.0 / 9, q)));
        // PyTorch's nn.Linear default has σ_w² = 1/3: ordered, χ₁ = 1/3, everything vanishes
        assertEquals(0.0, MeanField.fixedPoint(TANH, 1.0 / 3, 0), 1e-9);
        assertEquals(1.0 / 3, MeanField.chi1AtFixedPoint(TANH, 1.0 / 3, 0), 1e-9);
        assertEquals(MeanField.Phase.ORDERED, MeanField.Phase.of(1.0 / 3));
        // in the ordered phase the correlation depth scale is finite: ξ_c = −1/ln(1/3)
        assertEquals(-1 / Math.log(1.0 / 3), MeanField.depthScales(TANH, 1.0 / 3, 0, 0).xiC(), 1e-9);
    }

    @Test
    void reluIsCriticalAtTwo() {
        assertEquals(2.0, MeanField.criticalWeightVariance(RELU, 0), 1e-6);
        // χ₁ = σ_w²/2 whatever q: the edge is σ_w² = 2 for every bias, where a bias makes the length diverge
        assertEquals(2.0, MeanField.criticalWeightVariance(RELU, 0.5));
        assertEquals(Double.POSITIVE_INFINITY, MeanField.fixedPoint(RELU, 2.0, 0.5));
        assertEquals(1.0, MeanField.chi1(RELU, 2, 1.7), 1e-12);
        assertEquals(0.2 / (1 - 0.75), MeanField.fixedPoint(RELU, 1.5, 0.2), 1e-12);
        assertTrue(Double.isInfinite(MeanField.fixedPoint(RELU, 2.5, 0.1)));
        // linear: critical at 1
        assertEquals(1.0, MeanField.criticalWeightVariance(ActivationSpec.of(Activation.LINEAR), 0), 1e-6);
    }

    @Test
    void theLengthMapAgainstSimulation() {
        try (var engine = new Propagator()) {
            for (Activation act : List.of(Activation.TANH, Activation.RELU, Activation.LINEAR)) {
                // N(0, σ_w²/fan_in) weights and N(0, σ_b²) biases: σ_w² = 1.5, σ_b² = 0.05
                double sw2 = act == Activation.RELU ? 2.0 : act == Activation.LINEAR ? 1.0 : 1.5;
                double sb2 = 0.05;
                // ReLU networks fluctuate from seed to seed: the log of the squared norm has variance ≈ 5·L/width
                // (Hanin 2018), so the ReLU net is wider and averaged over 4 seeds (≈ 4 % standard error)
                int width = act == Activation.RELU ? 2000 : 400;
                int seeds = act == Activation.RELU ? 4 : 1;
                int depth = act == Activation.RELU ? 4 : 8;
                var layer = new DenseSpec(width, ActivationSpec.of(act), InitSpec.of(Scheme.NORMAL, "std",
                        Math.sqrt(sw2 / width)), InitSpec.of(Scheme.NORMAL, "std", Math.sqrt(sb2)), depth);
                double[] measured = new double[depth];
                for (int s = 0; s < seeds; s++) {
                    var spec = new NetworkSpec("mf", 3 + s, new InputSpec(width, act == Activation.RELU ? 200 : 500,
                            InputDistribution.NORMAL),
                            List.of(layer));
                    PropagationResult r = engine.run(spec.resolve());
                    for (LayerResult l : r.layers()) {
                        measured[l.index() - 1] += l.get(Quantity.PRE_ACTIVATIONS).var() / seeds;
                    }
                }
                double q = sw2 * 1.0 + sb2;
                for (int l = 0; l < depth; l++) {
                    double tol = act == Activation.RELU ? 0.10 : 0.05;
                    assertEquals(q, measured[l], tol * q, act + " layer " + (l + 1));
                    q = MeanField.lengthMap(ActivationSpec.of(act), sw2, sb2, q);
                }
            }
        }
    }
}
