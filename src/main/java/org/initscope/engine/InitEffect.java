package org.initscope.engine;

import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;
import org.initscope.model.InputDistribution;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Scheme;

/**
 * What a layer's initializer does in this network, in words computed from the numbers (for the inspector): the std
 * of one weight, σ_w² = fan_in·E[W²], and the factor by which the variance recursion carries the pre-activations'
 * variance from the layer before to this one — in variance and in std.
 */
public final class InitEffect {
    private InitEffect() {
    }

    /**
     * "Here one weight has std 0.04472 and σ_w² = fan_in·E[W²] = 1. The variance recursion predicts Var[z] = 0.5 here
     * (measured 0.4822) against 1 in layer 1: × 0.5 in variance per layer (std × 0.71)." — or "" for a layer the
     * recursion does not model (no weight, recurrent, after a pool).
     */
    public static String of(PropagationResult r, int index) {
        LayerResult l = r.layer(index);
        ResolvedLayer layer = l.layer();
        if (layer.weighted() == null || l.predicted() == null) {
            return "";
        }
        double sw2 = layer.fans().fanIn() * layer.weight().secondMoment();
        String weight = I18n.f("Here one weight has std %s and σ_w² = fan_in·E[W²] = %s.",
                Fmt.sig(layer.weight().std(), 4), Fmt.sig(sw2, 3));
        if (layer.init().scheme() == Scheme.LSUV && layer.weight().gain() != null) {
            // the factor LSUV found on this run's probe batch, and how
            weight = layer.weight().gain().source() + ". " + weight;
        }
        double q = l.predicted().preActivationVar();
        double measured = l.get(Quantity.PRE_ACTIVATIONS).var();
        if (!(q > 0) || !Double.isFinite(q)) {
            return weight;
        }
        double before;
        String from;
        if (index == 1) {
            InputDistribution d = r.network().input().distribution();
            if (d != InputDistribution.NORMAL && d != InputDistribution.UNIFORM) {
                return weight + " " + I18n.f("The variance recursion predicts Var[z] = %s here (measured %s).",
                        Fmt.sig(q, 3), Fmt.sig(measured, 4));
            }
            before = 1;
            from = I18n.t("Var[x] = 1 of the input");
        } else {
            Prediction p = r.layer(index - 1).predicted();
            before = p == null ? Double.NaN : p.preActivationVar();
            from = I18n.f("Var[z] = %s in layer %d", Fmt.sig(before, 3), index - 1);
        }
        if (!(before > 0) || !Double.isFinite(before)) {
            return weight + " " + I18n.f("The variance recursion predicts Var[z] = %s here (measured %s).",
                    Fmt.sig(q, 3), Fmt.sig(measured, 4));
        }
        double factor = q / before;
        return weight + " " + I18n.f("The variance recursion predicts Var[z] = %s here (measured %s), against %s: × %s "
                + "in variance through this layer (std × %s).", Fmt.sig(q, 3), Fmt.sig(measured, 4), from,
                Fmt.sig(factor, 3), Fmt.sig(Math.sqrt(factor), 3));
    }
}
