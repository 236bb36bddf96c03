package org.initscope.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.initscope.math.GaussianExpectation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;

/**
 * Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017; initializers.md §5b) for weights with
 * σ_w² = fan_in·E[W²] and biases with σ_b² = Var[b]: the length map q ↦ σ_w²·E[φ(√q z)²] + σ_b², its fixed point
 * q*, the slope χ₁ = σ_w²·E[φ'(√q* z)²] that separates the ordered (χ₁ &lt; 1: gradients vanish) from the chaotic
 * phase (χ₁ &gt; 1: they explode), the correlation map and its fixed point c*, the depth scales ξ_q and ξ_c, and the
 * edge of chaos.
 *
 * <p>Edge cases, decided from the formulas and never from the last bit of a double: piecewise-linear φ (linear, relu,
 * leaky_relu) have χ₁ = σ_w²·E[φ'²] at every q, so their phase, χ₁(q*) and depth scales follow from σ_w² alone; χ₁
 * within {@link #ROUNDING} of 1 is exactly 1 (σ_w² = fan_in·std² carries the rounding of std = gain/√fan_in);
 * fixed points below {@link #Q_ZERO} are 0. A depth scale is +∞ where it diverges (at the edge of chaos deviations
 * decay by a power law, not exponentially) and NaN where it is not defined (no fixed point: the length grows without
 * bound).
 */
public final class MeanField {
    /** A length above this counts as diverging (exploding signal): q* = ∞. */
    public static final double Q_MAX = 1e12;
    /** Fixed points below this are 0 (q* = 8.35e-22 from an iteration is the fixed point 0, reached slowly). */
    public static final double Q_ZERO = 1e-12;
    /** χ₁ and the length map's slope within this of 1 are exactly 1. */
    public static final double ROUNDING = 1e-12;
    /** The phase is "critical" within |χ₁ − 1| &lt; this band. */
    public static final double CRITICAL_BAND = 0.02;

    private MeanField() {
    }

    /** q_next = σ_w²·E[φ(z)²] + σ_b² for z ~ N(0, q). */
    public static double lengthMap(ActivationSpec phi, double sw2, double sb2, double q) {
        return sw2 * ActivationMoments.of(phi, 0, q).meanSquare() + sb2;
    }

    /**
     * E[φ'(z)²] where it does not depend on Var[z]: 1 for linear, ½ for relu, (1 + s²)/2 for leaky_relu; NaN for the
     * other activations.
     */
    public static double piecewiseLinearGain(ActivationSpec phi) {
        return switch (phi.kind()) {
            case LINEAR -> 1.0;
            case RELU -> 0.5;
            case LEAKY_RELU -> (1 + phi.param() * phi.param()) / 2;
            default -> Double.NaN;
        };
    }

    /** x, or exactly 1 when it is within {@link #ROUNDING} of 1. */
    static double snap(double x) {
        return Math.abs(x - 1) <= ROUNDING ? 1.0 : x;
    }

    /**
     * χ₁ = σ_w²·E[φ'(z)²] for z ~ N(0, q); at q = 0 the limit (both sides of a kink), at q = ∞ the limit
     * σ_w²·(φ'(+∞)² + φ'(−∞)²)/2 (a chaotic ReLU keeps χ₁ = σ_w²/2 while its length diverges).
     */
    public static double chi1(ActivationSpec phi, double sw2, double q) {
        double gain = piecewiseLinearGain(phi);
        if (!Double.isNaN(gain)) {
            return snap(sw2 * gain);
        }
        if (q == Double.POSITIVE_INFINITY) {
            double up = phi.derivative(1e6);
            double down = phi.derivative(-1e6);
            return snap(sw2 * 0.5 * (up * up + down * down));
        }
        return snap(sw2 * ActivationMoments.of(phi, 0, q).derivativeMeanSquare());
    }

    /**
     * The slope of the length map at q, d q_next/dq = σ_w²·E[φ'² + φ''φ] = σ_w²·E[x·φ(x)·φ'(x)]/q for x ~ N(0, q)
     * (Gaussian integration by parts: no second derivative, so kinks need no care); at q = 0 its limit χ₁(0).
     */
    public static double lengthSlope(ActivationSpec phi, double sw2, double q) {
        double gain = piecewiseLinearGain(phi);
        if (!Double.isNaN(gain)) {
            return snap(sw2 * gain);
        }
        if (!(q < Double.POSITIVE_INFINITY)) {
            return Double.NaN;
        }
        if (q == 0) {
            return phi.apply(0) == 0 ? chi1(phi, sw2, 0) : 0.0;
        }
        return snap(sw2 * GaussianExpectation.of(x -> x * phi.apply(x) * phi.derivative(x), q) / q);
    }

    /** The fixed point reached from q = 1 (a unit-variance signal); see {@link #fixedPoint(ActivationSpec, double,
     * double, double)}. */
    public static double fixedPoint(ActivationSpec phi, double sw2, double sb2) {
        return fixedPoint(phi, sw2, sb2, 1.0);
    }

    /**
     * The fixed point q* the length map reaches from q0: 0 when the signal dies out (values below {@link #Q_ZERO}),
     * +∞ when it grows without bound, q0 itself when every q is a fixed point (χ₁ = 1 and σ_b² = 0 for a
     * piecewise-linear φ: the length map is the identity). Piecewise-linear maps are solved in closed form; for the
     * others the length map is increasing, so the orbit from q0 moves monotonically to the first root of
     * q_next(q) − q in its direction, which is bracketed by doubling (or halving) and then bisected.
     */
    public static double fixedPoint(ActivationSpec phi, double sw2, double sb2, double q0) {
        if (!(sw2 > 0)) {
            // no weights: every layer outputs its bias alone
            return sb2 < Q_ZERO ? 0.0 : sb2;
        }
        if (!(q0 >= 0 && q0 < Double.POSITIVE_INFINITY)) {
            q0 = 1.0;
        }
        double gain = piecewiseLinearGain(phi);
        if (!Double.isNaN(gain)) {
            // q_next = χ₁·q + σ_b²: a line
            double slope = snap(sw2 * gain);
            if (slope < 1) {
                double q = sb2 / (1 - slope);
                return q < Q_ZERO ? 0.0 : q;
            }
            if (slope == 1) {
                return sb2 > 0 ? Double.POSITIVE_INFINITY : q0;
            }
            return sb2 == 0 && q0 == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        DoubleUnaryOperator g = q -> lengthMap(phi, sw2, sb2, q) - q;
        double g0 = g.applyAsDouble(q0);
        if (g0 == 0) {
            return q0 < Q_ZERO ? 0.0 : q0;
        }
        double lo;
        double hi;
        if (g0 > 0) {
            // growing: the root is above q0
            lo = q0;
            hi = Math.max(2 * q0, q0 + g0);
            while (g.applyAsDouble(hi) > 0) {
                lo = hi;
                hi *= 2;
                if (hi > Q_MAX) {
                    return Double.POSITIVE_INFINITY;
                }
            }
        } else {
            // shrinking: the root is below q0, or the signal dies out
            hi = q0;
            lo = q0 / 2;
            while (g.applyAsDouble(lo) < 0) {
                hi = lo;
                lo /= 2;
                if (lo < Q_ZERO * 1e-3) {
                    return 0.0;
                }
            }
        }
        double q = bisect(g, lo, hi);
        return q < Q_ZERO ? 0.0 : q;
    }

    /** The root of g between lo (g ≥ 0 side) and hi (g ≤ 0 side), to 1e-14 relative. */
    private static double bisect(DoubleUnaryOperator g, double lo, double hi) {
        for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
            double mid = hi > 4 * lo && lo > 0 ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
            if (g.applyAsDouble(mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** χ₁ at the fixed point reached from q = 1; for q* = ∞ its limit (σ_w²/2 for a chaotic ReLU). */
    public static double chi1AtFixedPoint(ActivationSpec phi, double sw2, double sb2) {
        return chi1(phi, sw2, fixedPoint(phi, sw2, sb2));
    }

    /**
     * The correlation map's fixed point c* at the length q* and its slope χ_c = σ_w²·E[φ'(u₁)φ'(u₂)] there, with
     * u₁ = √q* z₁, u₂ = √q* (c z₁ + √(1 − c²) z₂). In the ordered phase and at the edge c* = 1 and χ_c = χ₁.
     */
    public record Correlation(double cStar, double chiC) {
        static final Correlation NONE = new Correlation(Double.NaN, Double.NaN);
    }

    /** E[f(u₁)·g(u₂)] for (u₁, u₂) Gaussian with variances q and correlation c (nested 1-D quadrature). */
    static double pairExpectation(DoubleUnaryOperator f, DoubleUnaryOperator g, double q, double c) {
        if (c == 0) {
            return GaussianExpectation.of(f, q) * GaussianExpectation.of(g, q);
        }
        double innerVar = q * (1 - c * c);
        return GaussianExpectation.of(x -> {
            double fx = f.applyAsDouble(x);
            return fx == 0 ? 0 : fx * GaussianExpectation.of(g, c * x, innerVar, 1e-10);
        }, 0, q, 1e-11);
    }

    /**
     * The correlation map's fixed point for χ₁(q*) &gt; 1, where c* &lt; 1 (Schoenholz et al. 2017): c ↦
     * (σ_w²·E[φ(u₁)φ(u₂)] + σ_b²)/q*, whose slope is χ_c(c) (Price's theorem), solved by Newton's method safeguarded
     * by bisection on [0, 1) — the map is non-negative at c = 0 and below the diagonal just under 1. For an odd φ
     * without bias (and for selu at its self-normalizing point) c* = 0 exactly and χ_c = σ_w²·E[φ']².
     */
    public static Correlation correlation(ActivationSpec phi, double sw2, double sb2, double qStar) {
        if (!(qStar > 0 && qStar < Double.POSITIVE_INFINITY)) {
            return Correlation.NONE;
        }
        DoubleUnaryOperator f = phi::apply;
        DoubleUnaryOperator d = phi::derivative;
        double h0 = (sw2 * Math.pow(GaussianExpectation.of(f, qStar), 2) + sb2) / qStar;
        if (h0 <= 1e-12) {
            return new Correlation(0.0, snap(sw2 * Math.pow(GaussianExpectation.of(d, qStar), 2)));
        }
        double lo = 0;
        double hi = 1;
        double c = 0;
        double chi = Double.NaN;
        for (int i = 0; i < 60; i++) {
            double map = (sw2 * pairExpectation(f, f, qStar, c) + sb2) / qStar;
            chi = sw2 * pairExpectation(d, d, qStar, c);
            double h = map - c;
            if (h > 0) {
                lo = c;
            } else {
                hi = c;
            }
            double next = c - h / (chi - 1);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - c) < 1e-11) {
                c = next;
                chi = sw2 * pairExpectation(d, d, qStar, c);
                break;
            }
            c = next;
        }
        return new Correlation(c, snap(chi));
    }

    /** A depth scale from a rate r per layer: −1/ln r; 0 for r = 0 (one layer forgets everything). */
    private static double depth(double rate) {
        return rate <= 0 ? 0.0 : -1 / Math.log(rate);
    }

    /**
     * The depth scales at q* (in layers) and the correlation fixed point: ξ_q = −1/ln(length map's slope) and
     * ξ_c = −1/ln χ_c. +∞ where the rate is exactly 1 (at the edge of chaos), NaN where it is not defined (q* = ∞,
     * or the unstable q* = 0 of a chaotic network that starts from nothing).
     */
    public record DepthScales(double xiQ, double xiC, double cStar, double chiC) {
        public DepthScales(double xiQ, double xiC) {
            this(xiQ, xiC, Double.NaN, Double.NaN);
        }
    }

    /** The depth scales of (φ, σ_w², σ_b²) at its fixed point q*. */
    public static DepthScales depthScales(ActivationSpec phi, double sw2, double sb2, double qStar) {
        if (!(sw2 > 0)) {
            return new DepthScales(0.0, 0.0, 1.0, 0.0);
        }
        if (!Double.isNaN(piecewiseLinearGain(phi))) {
            // the line q ↦ χ₁·q + σ_b²: the length and the correlations both approach their fixed points as χ₁^l
            double slope = chi1(phi, sw2, qStar);
            if (slope < 1) {
                return new DepthScales(depth(slope), depth(slope), 1.0, slope);
            }
            return slope == 1 ? new DepthScales(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1.0, 1.0)
                    : new DepthScales(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        if (!(qStar >= 0 && qStar < Double.POSITIVE_INFINITY)) {
            return new DepthScales(Double.NaN, Double.NaN);
        }
        double ls = lengthSlope(phi, sw2, qStar);
        double xiQ = ls < 1 ? depth(ls) : ls == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
        double c1 = chi1(phi, sw2, qStar);
        if (c1 < 1) {
            return new DepthScales(xiQ, depth(c1), 1.0, c1);
        }
        if (c1 == 1) {
            return new DepthScales(xiQ, Double.POSITIVE_INFINITY, 1.0, 1.0);
        }
        Correlation k = correlation(phi, sw2, sb2, qStar);
        double xiC = k.chiC() < 1 ? depth(k.chiC()) : k.chiC() == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
        return new DepthScales(xiQ, xiC, k.cStar(), k.chiC());
    }

    /** The phase of (σ_w², σ_b²): ordered, critical (|χ₁ − 1| &lt; {@link #CRITICAL_BAND}) or chaotic. */
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
            if (Math.abs(chi1 - 1) < CRITICAL_BAND) {
                return CRITICAL;
            }
            return chi1 < 1 ? ORDERED : CHAOTIC;
        }
    }

    /** What kind of fixed point a layer's length map has. */
    public enum FixedPoint {
        /** A positive q* the length converges to. */
        POINT,
        /** q* = 0 (below {@link #Q_ZERO}): the signal dies out. */
        ZERO,
        /** Every q is a fixed point (a piecewise-linear φ with χ₁ = 1 and σ_b² = 0): the layer keeps q. */
        EVERY_Q,
        /** q* = ∞: the length grows without bound. */
        NONE
    }

    /** One layer's mean-field numbers: its (σ_w², σ_b²), its length q and χ₁ there, and its own fixed point. */
    public record LayerTheory(ResolvedLayer layer, double sigmaW2, double sigmaB2, double q, double chi1,
            double qStar, double chi1Star, Phase phase, DepthScales scales, Prediction predicted, FixedPoint kind) {

        /** Whether the layer has a (σ_w², σ_b²) point (layers without weights and recurrent layers do not). */
        public boolean applies() {
            return !Double.isNaN(sigmaW2);
        }
    }

    /** The mean-field numbers of every layer of a network (q from the variance recursion of its actual input). */
    public static List<LayerTheory> layers(ResolvedNetwork net) {
        return layers(net, VarianceRecursion.predict(net));
    }

    /**
     * The same with given predictions (a run's: for networks the recursion does not fully model, they restart from
     * the measured signal). Layers without a weight (pooling, flatten, normalization) and recurrent layers have no
     * (σ_w², σ_b²) point: their numbers are NaN. Each layer's fixed point is the one its own length q leads to
     * (activations such as gelu can have two attractors).
     */
    public static List<LayerTheory> layers(ResolvedNetwork net, List<Prediction> p) {
        // repeated layers share (φ, σ_w², σ_b²) and, along one orbit, their fixed point and depth scales
        var fixed = new HashMap<List<Object>, Double>();
        var scales = new HashMap<List<Object>, DepthScales>();
        var out = new ArrayList<LayerTheory>();
        for (ResolvedLayer l : net.layers()) {
            Prediction pr = p.get(l.index() - 1);
            if (l.weighted() == null) {
                out.add(new LayerTheory(l, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Phase.of(Double.NaN), new DepthScales(Double.NaN, Double.NaN), pr, FixedPoint.NONE));
                continue;
            }
            ActivationSpec phi = l.activation();
            double sw2 = l.fans().fanIn() * l.weight().secondMoment();
            double sb2 = l.bias().variance();
            double q = pr.preActivationVar();
            double chi = q >= 0 ? chi1(phi, sw2, q) : Double.NaN;
            double start = q >= 0 && q < Double.POSITIVE_INFINITY ? q : 1.0;
            double qs = fixed.computeIfAbsent(List.of(phi, sw2, sb2, start), k -> fixedPoint(phi, sw2, sb2, start));
            double chis = chi1(phi, sw2, qs);
            // fixed points reached from different starts agree to ~1e-13: ten digits identify one
            double key = qs > 0 && qs < Double.POSITIVE_INFINITY ? Double.parseDouble(String.format(
                    Locale.ROOT, "%.10e", qs)) : qs;
            DepthScales ds = scales.computeIfAbsent(List.of(phi, sw2, sb2, key),
                    k -> depthScales(phi, sw2, sb2, qs));
            FixedPoint kind = qs == Double.POSITIVE_INFINITY ? FixedPoint.NONE
                    : !Double.isNaN(piecewiseLinearGain(phi)) && chis == 1 && sb2 == 0 ? FixedPoint.EVERY_Q
                    : qs == 0 ? FixedPoint.ZERO : FixedPoint.POINT;
            out.add(new LayerTheory(l, sw2, sb2, q, chi, qs, chis, Phase.of(chis), ds, pr, kind));
        }
        return out;
    }

    /**
     * What the symbols of a mean-field table mean, for the ones that appear in {@code rows} (English; the app
     * translates each sentence): q* = 0, q* = q, q* = ∞, ξ = ∞, ξ = —, ξ_c through c*, and the tolerances.
     */
    public static List<String> notes(List<LayerTheory> rows) {
        var weighted = rows.stream().filter(LayerTheory::applies).toList();
        var out = new ArrayList<String>();
        if (weighted.isEmpty()) {
            return out;
        }
        if (weighted.stream().anyMatch(r -> r.kind() == FixedPoint.ZERO)) {
            out.add("q* = 0: the length map's fixed point is 0, the signal dies out with depth (fixed points below "
                    + "1e-12 are shown as 0).");
        }
        if (weighted.stream().anyMatch(r -> r.kind() == FixedPoint.EVERY_Q)) {
            out.add("q* = q: with χ₁ = 1 and σ_b² = 0 the length map of a piecewise-linear φ is the identity: every "
                    + "q is a fixed point and the layer keeps the length it gets.");
        }
        if (weighted.stream().anyMatch(r -> r.kind() == FixedPoint.NONE)) {
            out.add("q* = ∞: no fixed point, the length grows without bound; χ₁(q*) is then its limit at large q.");
        }
        if (weighted.stream().anyMatch(r -> r.scales().xiQ() == Double.POSITIVE_INFINITY
                || r.scales().xiC() == Double.POSITIVE_INFINITY)) {
            out.add("ξ = ∞: at a rate of exactly 1 per layer deviations decay by a power law, not exponentially: no "
                    + "depth scale limits how far the signal travels.");
        }
        if (weighted.stream().anyMatch(r -> Double.isNaN(r.scales().xiQ()) || Double.isNaN(r.scales().xiC()))) {
            out.add("ξ = —: not defined, there is no fixed point to converge to.");
        }
        if (weighted.stream().anyMatch(r -> r.scales().cStar() < 1)) {
            out.add("In the chaotic phase ξ_c is taken at the correlation map's fixed point c* < 1: χ_c = "
                    + "σ_w²·E[φ'(u₁)φ'(u₂)] there and ξ_c = −1/ln χ_c (Schoenholz et al. 2017).");
        }
        out.add("χ₁ within 1e-12 of 1 counts as exactly 1 (σ_w² = fan_in·std² carries the rounding of std); the "
                + "phase is critical within |χ₁ − 1| < 0.02.");
        return out;
    }

    /**
     * A point of the edge of chaos: the σ_w² at which the length map has a fixed point q* with χ₁(q*) = 1 for a
     * given σ_b², and the length map's slope there ({@code lengthSlope} &lt; 1: the fixed point attracts; &gt; 1: it
     * repels, and a network on this curve leaves q* for another fixed point or for ∞ — the boundary a search over
     * σ_w² from a unit signal finds is then a jump, not this curve). NaN σ_w² when there is none; for a
     * piecewise-linear φ q* is NaN at σ_b² = 0 (every q) and ∞ with a bias.
     */
    public record Edge(double sigmaB2, double sigmaW2, double qStar, double lengthSlope) {
        public boolean exists() {
            return !Double.isNaN(sigmaW2);
        }

        /** Whether the length map converges to q* on the edge (marginally at slope 1). */
        public boolean stable() {
            return lengthSlope <= 1;
        }
    }

    /**
     * The edge of chaos at σ_b². Parametrized by q*, the edge is σ_w² = 1/E[φ'²](q*) and σ_b² = q* −
     * σ_w²·E[φ²](q*); this solves the second for q* (a scan of q* over 1e-10…1e6 on a log grid, then bisection),
     * preferring an attracting fixed point where there are several. At σ_b² = 0 with φ(0) = 0 the edge is the limit
     * q* → 0: σ_w² = 1/φ'(0)² (tanh 1, gelu and silu 4). The scan's steps (a factor 2.2 in q) are finer than the
     * features of q − E[φ²]/E[φ'²] for every activation here (checked against a 97-point scan).
     */
    public static Edge edge(ActivationSpec phi, double sb2) {
        double gain = piecewiseLinearGain(phi);
        if (!Double.isNaN(gain)) {
            return new Edge(sb2, 1 / gain, sb2 > 0 ? Double.POSITIVE_INFINITY : Double.NaN, 1.0);
        }
        DoubleUnaryOperator excess = q -> q - GaussianExpectation.of(x -> {
            double a = phi.apply(x);
            return a * a;
        }, q) / GaussianExpectation.of(x -> {
            double d = phi.derivative(x);
            return d * d;
        }, q) - sb2;
        // σ_b² = 0 with φ(0) = 0: q* → 0 when the excess is positive just above 0 (probed at 1e-3, where it is
        // ~1e-9 to 1e-6 for tanh, gelu, silu, elu and selu: far above the quadrature's 1e-13; at 1e-8 it is noise)
        if (sb2 == 0 && phi.apply(0) == 0 && excess.applyAsDouble(1e-3) > 0) {
            double sw2 = 1 / ActivationMoments.of(phi, 0, 0).derivativeMeanSquare();
            return new Edge(sb2, snap(sw2), 0.0, lengthSlope(phi, sw2, 0));
        }
        int n = 49;
        double logLo = Math.log(1e-10);
        double logHi = Math.log(1e6);
        Edge first = null;
        double prevQ = Math.exp(logLo);
        double prev = excess.applyAsDouble(prevQ);
        for (int i = 1; i < n; i++) {
            double q = Math.exp(logLo + (logHi - logLo) * i / (n - 1));
            double e = excess.applyAsDouble(q);
            if (prev == 0 || (prev < 0) != (e < 0)) {
                double lo = prevQ;
                double hi = q;
                boolean rising = prev < 0;
                for (int k = 0; k < 100 && hi - lo > 1e-14 * hi; k++) {
                    double mid = Math.sqrt(lo * hi);
                    if ((excess.applyAsDouble(mid) < 0) == rising) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                double qs = Math.sqrt(lo * hi);
                double sw2 = 1 / ActivationMoments.of(phi, 0, qs).derivativeMeanSquare();
                Edge edge = new Edge(sb2, sw2, qs, lengthSlope(phi, sw2, qs));
                if (edge.stable()) {
                    return edge;
                }
                if (first == null) {
                    first = edge;
                }
            }
            prevQ = q;
            prev = e;
        }
        return first != null ? first : new Edge(sb2, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The σ_w² of the edge of chaos at σ_b² ({@link #edge}); NaN where there is none. */
    public static double criticalWeightVariance(ActivationSpec phi, double sb2) {
        return edge(phi, sb2).sigmaW2();
    }
}
