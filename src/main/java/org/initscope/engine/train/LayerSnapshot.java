package org.initscope.engine.train;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.initscope.engine.Quantity;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.TensorStats;

/**
 * One layer at one recorded step: the statistics of its tensors on the probe rows, the mini-batch gradient norm
 * and the update ratio log10(‖ΔW‖/‖W‖) of that step, W before the step as CS231n and DL4J (NaN at step 0 and for
 * layers without weights), how many of its units are distinct and, for a recurrent layer, what happened through
 * time on the probe rows.
 *
 * @param units a dense layer's units, a conv layer's output channels, a recurrent layer's hidden size, the
 *              features (or channels) of the others
 * @param trace ‖∂L/∂h_t‖ over t and the LSTM's gates on the probe rows; null for a layer that is not recurrent
 */
public record LayerSnapshot(int index, boolean output, Map<Quantity, TensorStats> stats, double gradientNorm,
        double updateRatio, int distinctUnits, int units, double deadUnitFraction, RecurrentTrace trace) {

    public LayerSnapshot {
        stats = Collections.unmodifiableMap(new EnumMap<>(stats));
    }

    public LayerSnapshot(int index, boolean output, Map<Quantity, TensorStats> stats, double gradientNorm,
            double updateRatio, int distinctUnits, int units, double deadUnitFraction) {
        this(index, output, stats, gradientNorm, updateRatio, distinctUnits, units, deadUnitFraction, null);
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
