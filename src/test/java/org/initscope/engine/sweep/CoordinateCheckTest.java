package org.initscope.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.initscope.model.Parameterization;
import org.junit.jupiter.api.Test;

class CoordinateCheckTest {

    static SweepResult run(Parameterization.Kind kind) throws Exception {
        SweepSpec s = CoordinateCheck.sweep(kind, 7, 10, 2);
        SweepResult r = SweepRunner.run(s, SweepPlan.of(s, 0, 0).check(), (x, d, n) -> { }, () -> false);
        assertTrue(r.finished());
        for (int c = 0; c < s.cells(); c++) {
            assertTrue(r.cell(c).error() == null, r.cell(c).error());
        }
        return r;
    }

    @Test
    void standardBlowsUpWithTheWidthAndMuPStaysFlat() throws Exception {
        SweepResult sp = run(Parameterization.Kind.SP);
        SweepResult mup = run(Parameterization.Kind.MUP);
        // layer 1 reads the data (its fan_in does not grow), layers 2 and 3 are hidden, layer 4 is the output.
        // Measured at seeds 1 and 2 (widths 128 … 1024): after the first update SP's hidden slopes are 0.47 … 0.99
        // and its output's 1.4 … 1.8 (an Adam step moves every weight by about the learning rate: Δz grows like
        // n); μP's are all within ±0.08. The thresholds sit halfway.
        for (int t = 2; t <= CoordinateCheck.STEPS; t++) {
            for (int l = 2; l <= 3; l++) {
                double s = CoordinateCheck.slope(sp, l, t);
                assertTrue(s > 0.3, "SP layer " + l + " step " + t + ": slope " + s);
                double m = CoordinateCheck.slope(mup, l, t);
                assertTrue(Math.abs(m) < 0.15, "μP layer " + l + " step " + t + ": slope " + m);
            }
            double s = CoordinateCheck.slope(sp, 4, t);
            assertTrue(s > 1.0, "SP output, step " + t + ": slope " + s);
            double m = CoordinateCheck.slope(mup, 4, t);
            assertTrue(Math.abs(m) < 0.15, "μP output, step " + t + ": slope " + m);
        }
        // before any update the two differ only in the output layer's initial weights (μP: std × √(128/n))
        for (int l = 1; l <= 3; l++) {
            assertTrue(Math.abs(CoordinateCheck.slope(sp, l, 1) - CoordinateCheck.slope(mup, l, 1)) < 1e-9);
        }
        assertTrue(Math.abs(CoordinateCheck.slope(sp, 4, 1) - CoordinateCheck.slope(mup, 4, 1) - 0.5) < 1e-6);
    }
}
