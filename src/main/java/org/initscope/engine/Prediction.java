package org.initscope.engine;

/**
 * What the variance recursion (Glorot & Bengio 2010, He et al. 2015; README "Theory") predicts for one layer.
 * Var[z_l] = fan_in·E[W²]·E[a_{l−1}²] + Var[b] forward; Var[∂L/∂z_l] = E[φ'(z_l)²]·fan_out(W_{l+1})·E[W_{l+1}²]
 * ·Var[∂L/∂z_{l+1}] backward, with E[φ²], E[φ'²] taken over z ~ N(mean, Var[z]).
 *
 * @param assumptionsHold false when a weight scheme has non-zero mean or identical entries (constant, ones,
 *                        shifted uniform/normal), which breaks the independence the recursion relies on
 */
public record Prediction(double preActivationMean, double preActivationVar, double activationMean,
        double activationVar, double activationMeanSquare, double activationGradientVar,
        double preActivationGradientVar, double weightGradientVar, double biasGradientVar,
        double derivativeMeanSquare, boolean assumptionsHold) {
}
