package org.initscope.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.initscope.model.ResolvedLayer;

/**
 * Everything measured and predicted for one layer.
 *
 * @param deadUnitFraction fraction of units whose activation is exactly 0 for every example of the batch
 */
public record LayerResult(ResolvedLayer layer, Map<Quantity, TensorStats> stats, double deadUnitFraction,
        Prediction predicted) {
    public LayerResult {
        stats = Collections.unmodifiableMap(new EnumMap<>(stats));
    }

    public int index() {
        return layer.index();
    }

    public TensorStats get(Quantity q) {
        return stats.get(q);
    }

    /** The variance theory predicts for a quantity of this layer (the schemes' exact variance for W and b). */
    public double predictedVar(Quantity q) {
        return switch (q) {
            case WEIGHTS -> layer.weight().variance();
            case BIASES -> layer.bias().variance();
            case PRE_ACTIVATIONS -> predicted.preActivationVar();
            case ACTIVATIONS -> predicted.activationVar();
            case ACTIVATION_GRADIENTS -> predicted.activationGradientVar();
            case PRE_ACTIVATION_GRADIENTS -> predicted.preActivationGradientVar();
            case WEIGHT_GRADIENTS -> predicted.weightGradientVar();
            case BIAS_GRADIENTS -> predicted.biasGradientVar();
        };
    }
}
