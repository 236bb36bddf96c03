package org.initscope.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * Warning badges for a layer, judged from its measured numbers against the unit scale the engine starts from
 * (the input and the upstream gradient have std 1).
 */
public enum Health {
    VANISHING("vanishing", "std of the activations or of their gradients below 1/100 of the input's: the signal "
            + "is dying out"),
    EXPLODING("exploding", "std of the activations or of their gradients above 100× the input's: the signal is "
            + "blowing up"),
    SATURATED("saturated", "more than 30 % of the units sit in the flat tails of tanh/sigmoid (|tanh| > 0.97, "
            + "sigmoid outside [0.03, 0.97]), where the gradient is nearly 0"),
    DEAD("dead", "more than 10 % of the units output exactly 0 for every example of the batch"),
    NON_FINITE("Inf/NaN", "values overflowed to ±Inf or became NaN");

    public static final double VANISHING_STD = 1e-2;
    public static final double EXPLODING_STD = 1e2;
    public static final double SATURATED_FRACTION = 0.3;
    public static final double DEAD_FRACTION = 0.1;

    private final String label;
    private final String description;

    Health(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public static Set<Health> of(LayerResult r) {
        var out = EnumSet.noneOf(Health.class);
        TensorStats a = r.get(Quantity.ACTIVATIONS);
        TensorStats g = r.get(Quantity.ACTIVATION_GRADIENTS);
        if (r.stats().values().stream().anyMatch(s -> s.nonFinite() > 0)) {
            out.add(NON_FINITE);
        }
        if (tooSmall(a) || tooSmall(g)) {
            out.add(VANISHING);
        }
        if (tooLarge(a) || tooLarge(g)) {
            out.add(EXPLODING);
        }
        if (a.saturatedFraction() > SATURATED_FRACTION) {
            out.add(SATURATED);
        }
        if (r.deadUnitFraction() > DEAD_FRACTION) {
            out.add(DEAD);
        }
        return out;
    }

    private static boolean tooSmall(TensorStats s) {
        return s.finiteCount() > 1 && s.std() < VANISHING_STD;
    }

    private static boolean tooLarge(TensorStats s) {
        return s.std() > EXPLODING_STD || s.posInf() + s.negInf() > 0;
    }
}
