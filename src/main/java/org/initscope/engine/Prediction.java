package org.initscope.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the variance recursion (Glorot & Bengio 2010, He et al. 2015; README "Theory") predicts for one layer.
 * Var[z_l] = fan_in·E[W²]·E[a_{l−1}²] + Var[b] forward; Var[∂L/∂z_l] = E[φ'(z_l)²]·fan_out(W_{l+1})·E[W_{l+1}²]
 * ·Var[∂L/∂z_{l+1}] backward, with E[φ²], E[φ'²] taken over z ~ N(mean, Var[z]); image layers per position (zero
 * padding at the borders), see {@link VarianceRecursion}.
 *
 * @param assumptionsHold false when a weight scheme has non-zero mean or identical entries (constant, ones,
 *                        shifted uniform/normal), which breaks the independence the recursion relies on
 * @param gaps            for the quantities the recursion does not predict at this layer, why (English; the app
 *                        translates it): their values are NaN and the views say so instead of drawing a line
 */
public record Prediction(double preActivationMean, double preActivationVar, double activationMean,
        double activationVar, double activationMeanSquare, double activationGradientVar,
        double preActivationGradientVar, double weightGradientVar, double biasGradientVar,
        double derivativeMeanSquare, boolean assumptionsHold, Map<Quantity, String> gaps) {

    public Prediction {
        gaps = gaps.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(gaps));
    }

    public Prediction(double preActivationMean, double preActivationVar, double activationMean,
            double activationVar, double activationMeanSquare, double activationGradientVar,
            double preActivationGradientVar, double weightGradientVar, double biasGradientVar,
            double derivativeMeanSquare, boolean assumptionsHold) {
        this(preActivationMean, preActivationVar, activationMean, activationVar, activationMeanSquare,
                activationGradientVar, preActivationGradientVar, weightGradientVar, biasGradientVar,
                derivativeMeanSquare, assumptionsHold, Map.of());
    }

    /** Why the recursion has no value for {@code q} at this layer, or null where it has one (or has none to give). */
    public String gap(Quantity q) {
        return gaps.get(q);
    }
}
