package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The update rules, step by step, against PyTorch's formulas written out by hand. */
class OptimizerTest {
    @Test
    void sgdWithWeightDecay() {
        var o = new Optimizer(OptimizerSpec.sgd(0.1).withL2(0.01));
        double[] p = {1.0, -2.0};
        o.beginStep();
        o.update(p, new double[] {0.5, 0.25}, true);
        assertEquals(1.0 - 0.1 * (0.5 + 0.01 * 1.0), p[0], 1e-15);
        assertEquals(-2.0 - 0.1 * (0.25 + 0.01 * -2.0), p[1], 1e-15);
    }

    @Test
    void momentumStartsFromTheFirstGradient() {
        var o = new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.MOMENTUM, 0.1));
        double[] p = {1.0};
        o.beginStep();
        o.update(p, new double[] {0.5}, false);
        assertEquals(1.0 - 0.1 * 0.5, p[0], 1e-15);
        o.beginStep();
        o.update(p, new double[] {0.2}, false);
        // buf = 0.9·0.5 + 0.2 = 0.65
        assertEquals(1.0 - 0.05 - 0.1 * 0.65, p[0], 1e-15);
    }

    @Test
    void adamWithBiasCorrection() {
        var o = new Optimizer(OptimizerSpec.adam(0.001));
        double[] p = {0.5};
        double m = 0;
        double v = 0;
        double want = 0.5;
        double[] grads = {0.3, -0.1, 0.7};
        for (int t = 1; t <= 3; t++) {
            o.beginStep();
            double g = grads[t - 1];
            o.update(p, new double[] {g}, false);
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            want -= 0.001 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
            assertEquals(want, p[0], 1e-15);
        }
        // the first Adam step moves every weight by about lr, whatever the gradient's size
        var fresh = new Optimizer(OptimizerSpec.adam(0.001));
        double[] q = {0};
        fresh.beginStep();
        fresh.update(q, new double[] {1e-6}, false);
        assertEquals(-0.001, q[0], 1e-5);
    }
}
