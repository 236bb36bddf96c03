package org.initscope.model;

import java.util.Objects;

/** The probe batch fed to the network: {@code batch} rows of {@code features} values. */
public record InputSpec(int features, int batch, InputDistribution distribution) {
    public InputSpec {
        Objects.requireNonNull(distribution, "distribution");
        if (features < 1) {
            throw new SpecException("features", "features must be ≥ 1, got " + features);
        }
        if (batch < 1) {
            throw new SpecException("batch", "batch must be ≥ 1, got " + batch);
        }
    }

    public InputSpec withFeatures(int f) {
        return new InputSpec(f, batch, distribution);
    }

    public InputSpec withBatch(int b) {
        return new InputSpec(features, b, distribution);
    }

    public InputSpec withDistribution(InputDistribution d) {
        return new InputSpec(features, batch, d);
    }
}
