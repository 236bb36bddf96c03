package org.initscope.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.initscope.model.ResolvedLayer;

/**
 * Everything measured and predicted for one layer.
 *
 * @param deadUnitFraction fraction of units whose activation is exactly 0 for every example of the batch
 */
public record LayerResult(ResolvedLayer layer, Map<Quantity, TensorStats> stats, double deadUnitFraction,
        Prediction predicted, Map<String, TensorStats> parameters, Map<String, TensorStats> parameterGradients,
        RecurrentTrace trace) {
    public LayerResult {
        stats = Collections.unmodifiableMap(new EnumMap<>(stats));
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        parameterGradients = Collections.unmodifiableMap(new LinkedHashMap<>(parameterGradients));
    }

    /** A layer with one weight and one bias (those are its parameters) and no trace through time. */
    public LayerResult(ResolvedLayer layer, Map<Quantity, TensorStats> stats, double deadUnitFraction,
            Prediction predicted) {
        this(layer, stats, deadUnitFraction, predicted, Map.of(), Map.of(), null);
    }

    /** The same measurements with the theory's prediction. */
    public LayerResult withPrediction(Prediction p) {
        return new LayerResult(layer, stats, deadUnitFraction, p, parameters, parameterGradients, trace);
    }

    public int index() {
        return layer.index();
    }

    public TensorStats get(Quantity q) {
        return stats.get(q);
    }

    /** Why the theory has no prediction for {@code q} at this layer (English), or null. */
    public String predictionGap(Quantity q) {
        return predicted == null ? null : predicted.gap(q);
    }

    /** The variance theory predicts for a quantity of this layer (the schemes' exact variance for W and b). */
    public double predictedVar(Quantity q) {
        if (predicted == null) {
            return Double.NaN;
        }
        return switch (q) {
            case WEIGHTS -> layer.weight() == null ? Double.NaN : layer.weight().variance();
            case BIASES -> layer.bias() == null ? Double.NaN : layer.bias().variance();
            case PRE_ACTIVATIONS -> predicted.preActivationVar();
            case ACTIVATIONS -> predicted.activationVar();
            case ACTIVATION_GRADIENTS -> predicted.activationGradientVar();
            case PRE_ACTIVATION_GRADIENTS -> predicted.preActivationGradientVar();
            case WEIGHT_GRADIENTS -> predicted.weightGradientVar();
            case BIAS_GRADIENTS -> predicted.biasGradientVar();
        };
    }
}
