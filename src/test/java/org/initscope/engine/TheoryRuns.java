package org.initscope.engine;

import java.util.EnumMap;
import java.util.Map;
import org.initscope.config.ConfigReader;

/**
 * Measured variances against the recursion's predictions over several seeds, for the theory tests: a config with a
 * {@code %d} where the seed goes is run once per seed; per layer and quantity the measured variance and the
 * prediction (which can depend on the run: restarts after layers the recursion does not model, the measured zero
 * fraction after a max-pool) are averaged over the seeds.
 */
final class TheoryRuns {
    private final double[][] measured;
    private final double[][] predicted;
    private final PropagationResult last;

    private TheoryRuns(double[][] measured, double[][] predicted, PropagationResult last) {
        this.measured = measured;
        this.predicted = predicted;
        this.last = last;
    }

    static TheoryRuns of(String configWithSeed, long... seeds) throws Exception {
        double[][] m = null;
        double[][] p = null;
        PropagationResult r = null;
        try (var engine = new Propagator()) {
            for (long seed : seeds) {
                r = engine.run(ConfigReader.parse(configWithSeed.formatted(seed), "test").resolve());
                if (m == null) {
                    m = new double[r.layers().size()][Quantity.values().length];
                    p = new double[r.layers().size()][Quantity.values().length];
                }
                for (LayerResult l : r.layers()) {
                    for (Quantity q : Quantity.values()) {
                        m[l.index() - 1][q.ordinal()] += l.get(q).var() / seeds.length;
                        p[l.index() - 1][q.ordinal()] += l.predictedVar(q) / seeds.length;
                    }
                }
            }
        }
        return new TheoryRuns(m, p, r);
    }

    /** The seed-averaged measured variance of q at a 1-based layer. */
    double measured(int layer, Quantity q) {
        return measured[layer - 1][q.ordinal()];
    }

    /** The seed-averaged prediction of q at a 1-based layer. */
    double predicted(int layer, Quantity q) {
        return predicted[layer - 1][q.ordinal()];
    }

    /** measured / predicted. */
    double ratio(int layer, Quantity q) {
        return measured(layer, q) / predicted(layer, q);
    }

    /** The last seed's result (for what does not average: gaps, shapes). */
    PropagationResult last() {
        return last;
    }

    /** Every ratio of a layer, for failure messages. */
    String describe(int layer) {
        Map<Quantity, String> out = new EnumMap<>(Quantity.class);
        for (Quantity q : Quantity.values()) {
            out.put(q, String.format(java.util.Locale.ROOT, "%.4g/%.4g", measured(layer, q), predicted(layer, q)));
        }
        return "layer " + layer + " measured/predicted " + out;
    }
}
