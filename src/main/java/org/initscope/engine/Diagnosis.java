package org.initscope.engine;

import java.util.ArrayList;
import java.util.List;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;
import org.initscope.model.Sampling;

/**
 * A plain-language reading of a run, computed from its numbers: what a teacher would point at. The sentences are
 * in the UI's language ({@link I18n}); in English (the default, and what the CLI and tests see) they read as below.
 */
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
            return I18n.t(": vanishing.");
        }
        if (ratio > EXTREME) {
            return I18n.t(": exploding.");
        }
        String perLayer = Fmt.sig(Math.pow(ratio, 1.0 / (n - 1)), 2);
        return ratio < 1 ? I18n.f(": the signal " + FADES + " by × %s per layer.", perLayer)
                : I18n.f(": the signal " + GROWS + ", × %s per layer.", perLayer);
    }

    public static List<String> of(PropagationResult r) {
        var out = new ArrayList<String>();
        boolean problem = false; // something vanishes, explodes, fades, grows, saturates, dies or overflows
        List<LayerResult> layers = r.layers();
        int n = layers.size();
        LayerResult first = layers.get(0);
        LayerResult last = layers.get(n - 1);
        for (LayerResult l : layers) {
            long bad = l.stats().values().stream().mapToLong(TensorStats::nonFinite).sum();
            if (bad > 0) {
                problem = true;
                out.add(I18n.f("Values overflowed to Inf/NaN at layer %d (%,d entries): the "
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
                    problem = true;
                    out.add(I18n.f(ratio < 1 ? "Forward: the activations' std falls from %s at layer 1 to %s at layer "
                            + "%d (× %s)" : "Forward: the activations' std grows from %s at layer 1 to %s at layer %d "
                            + "(× %s)", Fmt.sig(a1, 2), Fmt.sig(aL, 2), n, Fmt.sig(ratio, 2)) + trend);
                }
            }
            double g1 = first.get(Quantity.PRE_ACTIVATION_GRADIENTS).std();
            double gL = last.get(Quantity.PRE_ACTIVATION_GRADIENTS).std();
            // after an overflow the finite gradients are a remnant (at a ReLU, the exact zeros where z ≤ 0): their
            // std says nothing about vanishing, the overflow sentence above says what happened
            boolean overflowed = first.get(Quantity.PRE_ACTIVATION_GRADIENTS).nonFinite() > 0
                    || last.get(Quantity.PRE_ACTIVATION_GRADIENTS).nonFinite() > 0;
            if (gL > 0 && Double.isFinite(g1) && Double.isFinite(gL) && !overflowed) {
                double ratio = g1 / gL;
                String trend = trend(ratio, n);
                problem |= !trend.isEmpty();
                out.add(I18n.f("Backward: the gradients ∂L/∂z at layer 1 are %s × those at layer %d",
                        Fmt.sig(ratio, 2), n) + (trend.isEmpty() ? I18n.t(" — they keep their scale.") : trend));
            }
        }
        int shown = 0;
        for (LayerResult l : layers) {
            double sat = l.get(Quantity.ACTIVATIONS).saturatedFraction();
            if (sat > Health.SATURATED_FRACTION && shown < 3) {
                problem = true;
                out.add(I18n.f("%.0f %% of the units in layer %d are saturated: their gradient "
                        + "1 − tanh² (or σ(1 − σ)) is almost 0.", 100 * sat, l.index()));
                shown++;
            }
        }
        shown = 0;
        for (LayerResult l : layers) {
            if (l.deadUnitFraction() > Health.DEAD_FRACTION && shown < 3) {
                problem = true;
                out.add(I18n.f("Layer %d has %.0f %% dead units: they output 0 for every "
                        + "example, so no gradient flows through them.", l.index(), 100 * l.deadUnitFraction()));
                shown++;
            }
        }
        for (LayerResult l : layers) {
            // dense and conv weights only: a norm layer's γ = 1 is constant by design and breaks no symmetry
            if (l.layer().weighted() != null && l.layer().weight().sampling() instanceof Sampling.Constant c) {
                out.add(I18n.f("All weights of layer %d are %s: every unit computes the same function and gets the "
                        + "same gradient — training cannot tell them apart.", l.index(), Fmt.num(c.value())));
                break;
            }
        }
        if (!problem) {
            out.add(0, I18n.f("Healthy: the signal keeps its scale forward and backward through all %d layers.", n));
        }
        return out;
    }
}
