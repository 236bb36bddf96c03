package org.initscope.view;

import java.util.ArrayList;
import java.util.List;

/** Round tick values (1, 2 or 5 × 10^k apart) for a linear axis. */
public final class Ticks {
    private Ticks() {
    }

    public static List<Double> nice(double lo, double hi, int maxTicks) {
        var out = new ArrayList<Double>();
        if (!(hi > lo) || maxTicks < 2) {
            out.add(lo);
            return out;
        }
        double raw = (hi - lo) / (maxTicks - 1);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * mag;
            if (step >= raw) {
                break;
            }
        }
        double first = Math.ceil(lo / step) * step;
        for (double v = first; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return out;
    }
}
