package org.initscope.engine.sweep;

import java.util.Arrays;
import java.util.List;
import org.initscope.engine.LayerResult;
import org.initscope.engine.Prediction;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.math.GaussianExpectation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Sampling;

/**
 * The numbers of a run at initialization — the end-to-end std ratios, χ₁ measured, the last layer's std, the dead and
 * saturated fractions, and the input–output Jacobian's spectrum — from the explorer's own engine run, beside what the
 * variance recursion (and, for the Jacobian, free probability) predicts for them. Every definition is the one the
 * app's diagnosis and lesson statements use (std of the activations a and of the gradients ∂L/∂z).
 */
final class CellMeasures {
    private CellMeasures() {
    }

    /** Fill the init measures of {@code measures} from a run. */
    static void init(PropagationResult r, List<Measure> measures, double[] values, double[] predicted) {
        List<LayerResult> layers = r.layers();
        int n = layers.size();
        LayerResult first = layers.get(0);
        LayerResult last = layers.get(n - 1);
        Prediction p1 = first.predicted();
        Prediction pL = last.predicted();
        set(measures, values, predicted, Measure.Kind.ACTIVATION_STD_RATIO,
                first.get(Quantity.ACTIVATIONS).std() > 0 ? last.get(Quantity.ACTIVATIONS).std()
                        / first.get(Quantity.ACTIVATIONS).std() : Double.NaN,
                Math.sqrt(pL.activationVar() / p1.activationVar()));
        set(measures, values, predicted, Measure.Kind.GRADIENT_STD_RATIO,
                last.get(Quantity.PRE_ACTIVATION_GRADIENTS).std() > 0
                        ? first.get(Quantity.PRE_ACTIVATION_GRADIENTS).std()
                        / last.get(Quantity.PRE_ACTIVATION_GRADIENTS).std() : Double.NaN,
                Math.sqrt(p1.preActivationGradientVar() / pL.preActivationGradientVar()));
        // χ₁: Var[∂L/∂a_{l−1}]/Var[∂L/∂a_l] for l in the deeper half (1-based l > L/2, l ≥ 2), geometric mean
        double logMeasured = 0;
        double logPredicted = 0;
        int count = 0;
        for (int l = Math.max(2, n / 2 + 1); l <= n; l++) {
            logMeasured += Math.log(layers.get(l - 2).get(Quantity.ACTIVATION_GRADIENTS).var()
                    / layers.get(l - 1).get(Quantity.ACTIVATION_GRADIENTS).var());
            logPredicted += Math.log(layers.get(l - 2).predicted().activationGradientVar()
                    / layers.get(l - 1).predicted().activationGradientVar());
            count++;
        }
        set(measures, values, predicted, Measure.Kind.CHI1, count == 0 ? Double.NaN : Math.exp(logMeasured / count),
                count == 0 ? Double.NaN : Math.exp(logPredicted / count));
        set(measures, values, predicted, Measure.Kind.LAST_STD, last.get(Quantity.ACTIVATIONS).std(),
                Math.sqrt(pL.activationVar()));
        set(measures, values, predicted, Measure.Kind.DEAD_FRACTION,
                layers.stream().mapToDouble(LayerResult::deadUnitFraction).average().orElse(Double.NaN), Double.NaN);
        set(measures, values, predicted, Measure.Kind.SATURATED_FRACTION, layers.stream()
                .mapToDouble(l -> l.get(Quantity.ACTIVATIONS).saturatedFraction()).average().orElse(Double.NaN),
                Double.NaN);
    }

    /**
     * The Jacobian's measures from its singular values s (descending): mean s² and the relative variance of s²,
     * Var[s²]/(mean s²)². Predicted for networks of one width (a square Jacobian): mean s² = ∏ n·E[W²]·μ₁ and, at
     * the products' free-probability limit (Pennington, Schoenholz & Ganguli 2017), the relative variance
     * Σ_l (μ₂/μ₁² − 1 − s₁) with μ_k = E[φ'(z_l)^{2k}] at the recursion's Var[z_l], s₁ = −1 for i.i.d. weights and
     * 0 for orthogonal ones.
     */
    static void jacobian(double[] s, ResolvedNetwork net, List<Prediction> predictions, List<Measure> measures,
            double[] values, double[] predicted) {
        double[] s2 = Arrays.stream(s).map(x -> x * x).toArray();
        double mean = Arrays.stream(s2).average().orElse(Double.NaN);
        double var = Arrays.stream(s2).map(x -> (x - mean) * (x - mean)).average().orElse(Double.NaN);
        boolean square = net.layers().stream().allMatch(l -> l.units() == net.input().features());
        double logMean = 0;
        double relVar = 0;
        for (int i = 0; i < net.depth(); i++) {
            ResolvedLayer l = net.layers().get(i);
            ActivationSpec phi = l.activation();
            double q = predictions.get(i).preActivationVar();
            double mu1 = GaussianExpectation.of(x -> Math.pow(phi.derivative(x), 2), q);
            double mu2 = GaussianExpectation.of(x -> Math.pow(phi.derivative(x), 4), q);
            logMean += Math.log(l.units() * l.weight().secondMoment() * mu1);
            double s1 = l.weight().sampling() instanceof Sampling.Orthogonal ? 0 : -1;
            relVar += mu2 / (mu1 * mu1) - 1 - s1;
        }
        set(measures, values, predicted, Measure.Kind.JACOBIAN_MEAN_S2, mean,
                square ? Math.exp(logMean) : Double.NaN);
        set(measures, values, predicted, Measure.Kind.JACOBIAN_VAR_S2, var / (mean * mean),
                square ? relVar : Double.NaN);
    }

    static void set(List<Measure> measures, double[] values, double[] predicted, Measure.Kind k, double v,
            double p) {
        int i = measures.indexOf(Measure.of(k));
        if (i >= 0) {
            values[i] = v;
            predicted[i] = p;
        }
    }
}
