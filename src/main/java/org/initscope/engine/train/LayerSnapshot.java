package org.initscope.engine.train;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;

/**
 * One layer at one recorded step: the statistics of its tensors on the probe rows, the mini-batch gradient norm
 * and the update ratio log10(‖ΔW‖/‖W‖) of that step (NaN at step 0), and how many of its units are distinct.
 */
public record LayerSnapshot(int index, boolean output, Map<Quantity, TensorStats> stats, double gradientNorm,
        double updateRatio, int distinctUnits, int units, double deadUnitFraction) {

    public LayerSnapshot {
        stats = Collections.unmodifiableMap(new EnumMap<>(stats));
    }

    public TensorStats get(Quantity q) {
        return stats.get(q);
    }

    /** "L3", or "out" for the output layer. */
    public String name() {
        return output ? "out" : "L" + index;
    }

    /** Every unit equals another one: the symmetry of a zero or constant initialization was never broken. */
    public boolean symmetric() {
        return units > 1 && distinctUnits < units;
    }
}
