package org.initscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.initscope.model.Fmt;
import org.initscope.model.Sampling;

/** A plain-language reading of a run, computed from its numbers: what a teacher would point at. */
public final class Diagnosis {
    /**
     * Within this factor of std end to end (16 in variance: what Xavier with tanh's gain does over ten layers) the
     * signal "keeps its scale"; beyond 100 it vanishes or explodes; in between it fades or grows — by a per-layer
     * factor worth naming (Xavier on ReLU: × 1/√2 per layer).
     */
    static final double KEEPS = 4;
    static final double EXTREME = 100;
    private static final String FADES = "fades";
    private static final String GROWS = "grows steadily";

    private Diagnosis() {
    }

    /** ": vanishing.", ": it fades by × 0.71 per layer." or "" for a ratio across n layers. */
    private static String trend(double ratio, int n) {
        if (ratio >= 1 / KEEPS && ratio <= KEEPS) {
            return "";
        }
        if (ratio < 1 / EXTREME) {
            return ": vanishing.";
        }
        if (ratio > EXTREME) {
            return ": exploding.";
        }
        String perLayer = Fmt.sig(Math.pow(ratio, 1.0 / (n - 1)), 2);
        return ratio < 1 ? ": the signal " + FADES + " by × " + perLayer + " per layer."
                : ": the signal " + GROWS + ", × " + perLayer + " per layer.";
    }

    public static List<String> of(PropagationResult r) {
        var out = new ArrayList<String>();
        List<LayerResult> layers = r.layers();
        int n = layers.size();
        LayerResult first = layers.get(0);
        LayerResult last = layers.get(n - 1);
        for (LayerResult l : layers) {
            long bad = l.stats().values().stream().mapToLong(TensorStats::nonFinite).sum();
            if (bad > 0) {
                out.add(String.format(Locale.ROOT, "Values overflowed to Inf/NaN at layer %d (%,d entries): the "
                        + "signal exploded.", l.index(), bad));
                break;
            }
        }
        if (n > 1) {
            double a1 = first.get(Quantity.ACTIVATIONS).std();
            double aL = last.get(Quantity.ACTIVATIONS).std();
            if (a1 > 0 && aL >= 0 && Double.isFinite(aL)) {
                double ratio = aL / a1;
                String trend = trend(ratio, n);
                if (!trend.isEmpty()) {
                    out.add("Forward: the activations' std " + (ratio < 1 ? "falls" : "grows") + " from "
                            + Fmt.sig(a1, 2) + " at layer 1 to " + Fmt.sig(aL, 2) + " at layer " + n + " (× "
                            + Fmt.sig(ratio, 2) + ")" + trend);
                }
            }
            double g1 = first.get(Quantity.PRE_ACTIVATION_GRADIENTS).std();
            double gL = last.get(Quantity.PRE_ACTIVATION_GRADIENTS).std();
            if (gL > 0 && Double.isFinite(g1) && Double.isFinite(gL)) {
                double ratio = g1 / gL;
                String trend = trend(ratio, n);
                out.add("Backward: the gradients ∂L/∂z at layer 1 are " + Fmt.sig(ratio, 2) + " × those at layer " + n
                        + (trend.isEmpty() ? " — they keep their scale." : trend));
            }
        }
        int shown = 0;
        for (LayerResult l : layers) {
            double sat = l.get(Quantity.ACTIVATIONS).saturatedFraction();
            if (sat > Health.SATURATED_FRACTION && shown < 3) {
                out.add(String.format(Locale.ROOT, "%.0f %% of the units in layer %d are saturated: their gradient "
                        + "1 − tanh² (or σ(1 − σ)) is almost 0.", 100 * sat, l.index()));
                shown++;
            }
        }
        shown = 0;
        for (LayerResult l : layers) {
            if (l.deadUnitFraction() > Health.DEAD_FRACTION && shown < 3) {
                out.add(String.format(Locale.ROOT, "Layer %d has %.0f %% dead units: they output 0 for every "
                        + "example, so no gradient flows through them.", l.index(), 100 * l.deadUnitFraction()));
                shown++;
            }
        }
        for (LayerResult l : layers) {
            if (l.layer().weight() != null && l.layer().weight().sampling() instanceof Sampling.Constant c) {
                out.add("All weights of layer " + l.index() + " are " + Fmt.num(c.value()) + ": every unit computes the "
                        + "same function and gets the same gradient — training cannot tell them apart.");
                break;
            }
        }
        if (out.stream().noneMatch(s -> s.contains("vanishing") || s.contains("exploding") || s.contains("saturated")
                || s.contains("dead") || s.contains("Inf") || s.contains(FADES) || s.contains(GROWS))) {
            out.add(0, "Healthy: the signal keeps its scale forward and backward through all " + n + " layers.");
        }
        return out;
    }
}
