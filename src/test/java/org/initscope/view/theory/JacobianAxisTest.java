package org.initscope.view.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Jacobian's singular values are binned on a log axis exactly when they span more than two decades. */
class JacobianAxisTest {
    private static double[] descending(double... v) {
        double[] s = v.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length / 2; i++) {
            double t = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = t;
        }
        return s;
    }

    @Test
    void saturatedTanhSpansDecadesAndGetsALogAxis() {
        // N(0, 1) tanh: one direction stretched to 3.7e6, most crushed towards 0
        double[] s = descending(3.7e6, 2e5, 4e3, 10, 0.5, 1e-3, 1e-9, 1e-30, 0);
        JacobianChart.Axis a = JacobianChart.axis(s);
        assertTrue(a.log());
        assertEquals(7, a.hi(), 1e-12, "up to the decade above 3.7e6");
        assertEquals(7 - JacobianChart.MAX_DECADES, a.lo(), 1e-12, "at most 16 decades are drawn");
        assertEquals(2, a.below(), "1e-30 and the exact 0 go to the first bar, counted");
        assertEquals(s.length, Arrays.stream(a.counts()).sum());
        long nonEmpty = Arrays.stream(a.counts()).filter(c -> c > 0).count();
        assertTrue(nonEmpty >= 7, "the values spread over the bars instead of one: " + nonEmpty);
        assertTrue(a.contains(1));
    }

    @Test
    void anIsometryAndANarrowSpreadStayLinear() {
        double[] ones = new double[256];
        Arrays.fill(ones, 1.0);
        JacobianChart.Axis iso = JacobianChart.axis(ones);
        assertFalse(iso.log());
        assertEquals(0, iso.lo());
        assertEquals(1.05, iso.hi(), 1e-12);
        JacobianChart.Axis narrow = JacobianChart.axis(descending(4.9, 2, 1, 0.3, 0.05));
        assertFalse(narrow.log(), "4.9/0.05 = 98: within two decades");
        assertTrue(JacobianChart.axis(descending(5.1, 2, 1, 0.3, 0.05)).log(), "5.1/0.05 = 102");
        assertFalse(JacobianChart.axis(descending(2, 1, 0, 0)).log(), "exact zeros alone do not make a log axis");
    }
}
