package org.initscope.engine;

import java.util.List;
import org.initscope.model.ResolvedNetwork;

/** The immutable outcome of one forward and backward pass: per-layer statistics, predictions and timings. */
public record PropagationResult(ResolvedNetwork network, RunOptions options, List<LayerResult> layers,
        Timings timings) {

    public PropagationResult {
        layers = List.copyOf(layers);
    }

    /**
     * Wall-clock milliseconds of each phase of the run; on the dense fast path also where the engine's thread spent
     * them — in GEMMs ({@code gemmMs}), waiting for the statistics thread's draws and measurements ({@code waitMs}) —
     * and how long the statistics thread worked beside it ({@code besideMs}); NaN where not measured.
     */
    public record Timings(double sampleMs, double forwardMs, double backwardMs, double statsMs, double theoryMs,
            double totalMs, double gemmMs, double waitMs, double besideMs) {
        public Timings(double sampleMs, double forwardMs, double backwardMs, double statsMs, double theoryMs,
                double totalMs) {
            this(sampleMs, forwardMs, backwardMs, statsMs, theoryMs, totalMs, Double.NaN, Double.NaN, Double.NaN);
        }
    }

    public LayerResult layer(int index) {
        return layers.get(index - 1);
    }

    public long seed() {
        return network.seed();
    }

    /** Whether any tensor of any layer holds NaN or ±Inf. */
    public boolean hasNonFinite() {
        return layers.stream().anyMatch(l -> l.stats().values().stream().anyMatch(s -> s.nonFinite() > 0));
    }
}
