package org.initscope.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.initscope.model.ResolvedLayer;

/** Everything measured and predicted for one layer. */
public record LayerResult(ResolvedLayer layer, Map<Quantity, TensorStats> stats, Prediction predicted) {
    public LayerResult {
        stats = Collections.unmodifiableMap(new EnumMap<>(stats));
    }

    public int index() {
        return layer.index();
    }

    public TensorStats get(Quantity q) {
        return stats.get(q);
    }
}
