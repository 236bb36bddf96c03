package org.initscope.model;

import java.util.List;

/**
 * An initializer turned into numbers for one tensor.
 *
 * @param mean          the exact mean of one entry
 * @param std           the exact standard deviation of one entry (over the entries of the tensor for
 *                      deterministic schemes such as eye)
 * @param bound         the half-width of a uniform scheme, null otherwise
 * @param gain          the gain used, null for schemes without one
 * @param formula       the formula with the actual numbers, e.g. {@code std = gain·√(2/(fan_in+fan_out)) = ...}
 * @param zeroMeanIid   whether entries are zero-mean and (nearly) independent, as the variance recursion assumes
 * @param warnings      things worth telling the user that are not errors
 */
public record ResolvedInit(InitSpec spec, Sampling sampling, double mean, double std, Double bound, Gain gain,
        String formula, boolean zeroMeanIid, List<String> warnings) {

    public ResolvedInit {
        warnings = List.copyOf(warnings);
    }

    /** The same initializer with every weight multiplied by {@code s} > 0: the layer's scale slider. */
    public ResolvedInit scaled(double s) {
        if (s == 1) {
            return this;
        }
        String f = formula + "; × scale " + Fmt.f4(s) + " → std " + Fmt.f4(std * s);
        return new ResolvedInit(spec, sampling.scaled(s), mean * s, std * s, bound == null ? null : bound * s, gain, f,
                zeroMeanIid, warnings);
    }

    public double variance() {
        return std * std;
    }

    /** E[W²] = Var + mean²: what the mean-field recursion multiplies by fan_in. */
    public double secondMoment() {
        return std * std + mean * mean;
    }
}
