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
     * Within this factor of std end to end (6.25 in variance) the signal "keeps its scale": the default network's
     * (Xavier with tanh's gain 5/3) activations and gradients change by less than 2.2× in std over ten layers, while
     * Xavier with gain 1 on tanh (std × 0.36) fades. Beyond 100 it vanishes or explodes; in between it fades or
     * grows by a per-layer factor worth naming (Xavier on ReLU: std × 0.71, variance × 0.5 per layer).
     */
    static final double KEEPS = 2.5;
    static final double EXTREME = 100;

    private Diagnosis() {
    }

    /** ": vanishing.", ": the signal fades by std × 0.71 per layer (variance × 0.5)." or "" for a std ratio. */
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
        double perLayer = Math.pow(ratio, 1.0 / (n - 1));
        return I18n.f(ratio < 1 ? ": the signal fades by std × %s per layer (variance × %s)."
                : ": the signal grows steadily, std × %s per layer (variance × %s).", Fmt.sig(perLayer, 2),
                Fmt.sig(perLayer * perLayer, 2));
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
            // the quantities the depth chart shows by default: the activations a and their gradients ∂L/∂a
            double a1 = first.get(Quantity.ACTIVATIONS).std();
            double aL = last.get(Quantity.ACTIVATIONS).std();
            if (a1 > 0 && aL >= 0 && Double.isFinite(aL)) {
                double ratio = aL / a1;
                String trend = trend(ratio, n);
                if (!trend.isEmpty()) {
                    problem = true;
                    out.add(I18n.f(ratio < 1 ? "Forward: the activations' std falls from %s at layer 1 to %s at layer "
                            + "%d (std × %s, variance × %s)" : "Forward: the activations' std grows from %s at layer 1 "
                            + "to %s at layer %d (std × %s, variance × %s)", Fmt.sig(a1, 2), Fmt.sig(aL, 2), n,
                            Fmt.sig(ratio, 2), Fmt.sig(ratio * ratio, 2)) + trend);
                }
            }
            // the gradients ∂L/∂a, as the depth chart shows them by default
            double g1 = first.get(Quantity.ACTIVATION_GRADIENTS).std();
            double gL = last.get(Quantity.ACTIVATION_GRADIENTS).std();
            // after an overflow the finite gradients are a remnant (at a ReLU, the exact zeros where z ≤ 0): their
            // std says nothing about vanishing, the overflow sentence above says what happened
            boolean overflowed = first.get(Quantity.PRE_ACTIVATION_GRADIENTS).nonFinite() > 0
                    || last.get(Quantity.PRE_ACTIVATION_GRADIENTS).nonFinite() > 0
                    || first.get(Quantity.ACTIVATION_GRADIENTS).nonFinite() > 0
                    || last.get(Quantity.ACTIVATION_GRADIENTS).nonFinite() > 0;
            if (gL > 0 && Double.isFinite(g1) && Double.isFinite(gL) && !overflowed) {
                double ratio = g1 / gL;
                // going backward the signal runs from layer n to layer 1: its per-layer factor is ratio^(1/(n−1))
                String trend = trend(ratio, n);
                problem |= !trend.isEmpty();
                out.add(I18n.f("Backward: the gradients ∂L/∂a at layer 1 have %s × the std of those at layer %d "
                        + "(variance × %s)", Fmt.sig(ratio, 2), n, Fmt.sig(ratio * ratio, 2))
                        + (trend.isEmpty() ? I18n.t(" — they keep their scale.") : trend));
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
            out.add(0, I18n.f("Healthy: from layer 1 to layer %d the activations' and the gradients' std change by at "
                    + "most × %s (variance × %s).", n, Fmt.sig(KEEPS, 2), Fmt.sig(KEEPS * KEEPS, 3)));
        }
        return out;
    }
}
