package org.initscope.engine;

import org.initscope.math.GaussianExpectation;
import org.initscope.model.ActivationSpec;

/**
 * Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017; initializers.md §5b) for weights with
 * σ_w² = fan_in·Var[W] and biases with σ_b² = Var[b]: the length map q ↦ σ_w²·E[φ(√q z)²] + σ_b², its fixed point
 * q*, the slope χ₁ = σ_w²·E[φ'(√q* z)²] that separates the ordered (χ₁ < 1: gradients vanish) from the chaotic
 * phase (χ₁ > 1: they explode), the depth scales, and the edge-of-chaos curve.
 */
public final class MeanField {
    /** Where the length map's iteration stops: q above this counts as diverging (exploding signal). */
    public static final double Q_MAX = 1e12;

    private MeanField() {
    }

    /** q_next = σ_w²·E[φ(z)²] + σ_b² for z ~ N(0, q). */
    public static double lengthMap(ActivationSpec phi, double sw2, double sb2, double q) {
        return sw2 * ActivationMoments.of(phi, 0, q).meanSquare() + sb2;
    }

    /** χ₁ = σ_w²·E[φ'(z)²] for z ~ N(0, q). */
    public static double chi1(ActivationSpec phi, double sw2, double q) {
        return sw2 * ActivationMoments.of(phi, 0, q).derivativeMeanSquare();
    }

    /**
     * The fixed point q* of the length map, iterated from q = 1; +Infinity when the signal grows without bound
     * (e.g. ReLU with σ_w² > 2). For linear-like maps (linear, relu, leaky_relu) it is solved in closed form.
     */
    public static double fixedPoint(ActivationSpec phi, double sw2, double sb2) {
        double slope = switch (phi.kind()) {
            case LINEAR -> sw2;
            case RELU -> sw2 / 2;
            case LEAKY_RELU -> sw2 * (1 + phi.param() * phi.param()) / 2;
            default -> Double.NaN;
        };
        if (!Double.isNaN(slope)) {
            // q' = slope·q + σ_b²: a line, whose fixed point is σ_b²/(1 − slope) when slope < 1
            if (slope < 1) {
                return sb2 / (1 - slope);
            }
            return sb2 == 0 && slope == 1 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        double q = 1;
        for (int i = 0; i < 2000; i++) {
            double next = lengthMap(phi, sw2, sb2, q);
            if (!(next < Q_MAX)) {
                return Double.POSITIVE_INFINITY;
            }
            if (Math.abs(next - q) <= 1e-12 * Math.max(1, q)) {
                return next;
            }
            // near a critical point convergence is slow: accelerate with a secant step when it is safe
            double after = lengthMap(phi, sw2, sb2, next);
            double denom = after - 2 * next + q;
            double accelerated = Math.abs(denom) > 1e-300 ? q - (next - q) * (next - q) / denom : after;
            q = accelerated > 0 && Double.isFinite(accelerated) && Math.abs(accelerated - after) < Math.abs(next - q)
                    ? accelerated : after;
            if (q < 1e-300) {
                return 0.0;
            }
        }
        return q;
    }

    /** The depth scales at q*: ξ_q (how fast the length converges) and ξ_c (correlations), in layers. */
    public record DepthScales(double xiQ, double xiC) {
    }

    /**
     * ξ_q⁻¹ = −ln[σ_w²·E(φ'² + φ''φ)] and ξ_c = −1/ln χ₁ (for χ₁ < 1, where the correlation fixed point is c* = 1);
     * infinite at criticality, NaN where the formula does not apply (ξ_c in the chaotic phase).
     */
    public static DepthScales depthScales(ActivationSpec phi, double sw2, double qStar) {
        if (!Double.isFinite(qStar)) {
            return new DepthScales(Double.NaN, Double.NaN);
        }
        double c1 = chi1(phi, sw2, qStar);
        double h = 1e-4;
        double lengthSlope = sw2 * GaussianExpectation.of(z -> {
            double d = phi.derivative(z);
            double d2 = (phi.derivative(z + h) - phi.derivative(z - h)) / (2 * h);
            return d * d + d2 * phi.apply(z);
        }, qStar);
        double xiQ = lengthSlope > 0 && lengthSlope < 1 ? -1 / Math.log(lengthSlope) : Double.POSITIVE_INFINITY;
        // for χ₁ > 1 the correlations converge to c* < 1 with another rate: not given by this formula
        double xiC = c1 < 1 ? -1 / Math.log(c1) : c1 == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
        return new DepthScales(xiQ, xiC);
    }

    /** The phase of (σ_w², σ_b²): ordered, critical (|χ₁ − 1| < tolerance) or chaotic. */
    public enum Phase {
        ORDERED("ordered: gradients vanish with depth"), CRITICAL("edge of chaos: gradients keep their size"),
        CHAOTIC("chaotic: gradients explode with depth");

        private final String meaning;

        Phase(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }

        public static Phase of(double chi1) {
            if (Math.abs(chi1 - 1) < 0.02) {
                return CRITICAL;
            }
            return chi1 < 1 ? ORDERED : CHAOTIC;
        }
    }

    /** One layer's mean-field numbers: its (σ_w², σ_b²), its length q and χ₁ there, and its own fixed point. */
    public record LayerTheory(org.initscope.model.ResolvedLayer layer, double sigmaW2, double sigmaB2, double q,
            double chi1, double qStar, double chi1Star, Phase phase, DepthScales scales, Prediction predicted) {
    }

    /** The mean-field numbers of every layer of a network (q from the variance recursion of its actual input). */
    public static java.util.List<LayerTheory> layers(org.initscope.model.ResolvedNetwork net) {
        return layers(net, VarianceRecursion.predict(net));
    }

    /**
     * The same with given predictions (a run's: for networks the recursion does not fully model, they restart from
     * the measured signal). Layers without a weight (pooling, flatten, normalization) and recurrent layers have no
     * (σ_w², σ_b²) point: their numbers are NaN.
     */
    public static java.util.List<LayerTheory> layers(org.initscope.model.ResolvedNetwork net,
            java.util.List<Prediction> p) {
        // repeated layers share (φ, σ_w², σ_b²): their fixed point is computed once
        var fixed = new java.util.HashMap<java.util.List<Object>, double[]>();
        return net.layers().stream().map(l -> {
            if (l.weighted() == null) {
                return new LayerTheory(l, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Phase.of(Double.NaN), new DepthScales(Double.NaN, Double.NaN), p.get(l.index() - 1));
            }
            double sw2 = l.fans().fanIn() * l.weight().secondMoment();
            double sb2 = l.bias().variance();
            Prediction pr = p.get(l.index() - 1);
            double q = pr.preActivationVar();
            double chi = chi1(l.activation(), sw2, q);
            double[] f = fixed.computeIfAbsent(java.util.List.of(l.activation(), sw2, sb2), k -> {
                double qs = fixedPoint(l.activation(), sw2, sb2);
                double chis = Double.isFinite(qs) ? chi1(l.activation(), sw2, qs) : Double.POSITIVE_INFINITY;
                DepthScales ds = depthScales(l.activation(), sw2, qs);
                return new double[] {qs, chis, ds.xiQ(), ds.xiC()};
            });
            return new LayerTheory(l, sw2, sb2, q, chi, f[0], f[1], Phase.of(f[1]), new DepthScales(f[2], f[3]), pr);
        }).toList();
    }

    /** χ₁ at the fixed point of (σ_w², σ_b²); +Infinity where the length diverges. */
    public static double chi1AtFixedPoint(ActivationSpec phi, double sw2, double sb2) {
        double q = fixedPoint(phi, sw2, sb2);
        return Double.isFinite(q) ? chi1(phi, sw2, q) : Double.POSITIVE_INFINITY;
    }

    /**
     * The edge of chaos: the σ_w² at which χ₁(q*) = 1 for a given σ_b² (bisection on σ_w² in [0.05, 50]); NaN when
     * there is none in that range.
     */
    public static double criticalWeightVariance(ActivationSpec phi, double sb2) {
        // piecewise-linear φ: χ₁ = σ_w²·E[φ'²] does not depend on q, so the edge is exact (and at it, with a bias,
        // the length grows without bound: q* = ∞)
        switch (phi.kind()) {
            case LINEAR:
                return 1.0;
            case RELU:
                return 2.0;
            case LEAKY_RELU:
                return 2.0 / (1 + phi.param() * phi.param());
            default:
                break;
        }
        double lo = 0.05;
        double hi = 50;
        double flo = chi1AtFixedPoint(phi, lo, sb2) - 1;
        double fhi = chi1AtFixedPoint(phi, hi, sb2) - 1;
        if (!(flo < 0 && fhi > 0)) {
            return Double.NaN;
        }
        for (int i = 0; i < 80; i++) {
            double mid = 0.5 * (lo + hi);
            double f = chi1AtFixedPoint(phi, mid, sb2) - 1;
            if (f < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
            if (hi - lo < 1e-9 * hi) {
                break;
            }
        }
        return 0.5 * (lo + hi);
    }
}
