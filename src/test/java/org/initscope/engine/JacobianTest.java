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
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;

/** Dynamical isometry (Pennington et al. 2017; initializers.md §5c) on linear networks. */
class JacobianTest {
    private static double[] spectrum(Propagator engine, InitSpec init, int width, int depth, Activation act) {
        var spec = new NetworkSpec("j", 5, new InputSpec(width, 4, InputDistribution.NORMAL), List.of(
                new DenseSpec(width, ActivationSpec.of(act), init, DenseSpec.DEFAULT_BIAS, depth)));
        ResolvedNetwork net = spec.resolve();
        engine.run(net);
        return engine.jacobianSingularValues(net, 0);
    }

    private static double[] meanVar(double[] s) {
        double m = 0;
        for (double v : s) {
            m += v * v;
        }
        m /= s.length;
        double var = 0;
        for (double v : s) {
            var += (v * v - m) * (v * v - m);
        }
        return new double[] {m, var / s.length};
    }

    @Test
    void orthogonalLinearNetworksAreIsometries() {
        try (var engine = new Propagator()) {
            double[] s = spectrum(engine, InitSpec.of(Scheme.ORTHOGONAL), 256, 6, Activation.LINEAR);
            assertEquals(256, s.length);
            for (double v : s) {
                assertEquals(1.0, v, 1e-4);
            }
        }
    }

    @Test
    void gaussianLinearNetworksSpreadTheSpectrum() {
        // eigenvalues λ = s² of JJᵀ: mean (σ_w²)^L = 1 and variance L (Fuss–Catalan) for Gaussian weights
        try (var engine = new Propagator()) {
            double[] s = spectrum(engine, InitSpec.of(Scheme.NORMAL, "std", 1 / Math.sqrt(500)), 500, 4,
                    Activation.LINEAR);
            double[] mv = meanVar(s);
            assertEquals(1.0, mv[0], 0.1, "mean of s²");
            assertEquals(4.0, mv[1], 0.6, "variance of s² (finite width: ±15 %)");
            assertTrue(s[0] > 3, "the largest singular value stretches: " + s[0]);
        }
    }
}
