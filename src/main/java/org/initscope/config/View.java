package org.initscope.config;

import java.util.Arrays;
import java.util.Optional;

/** The views of the Explore mode below the depth chart, in the order of their tabs. */
public enum View {
    HISTOGRAMS("histograms"),
    RIDGELINE("ridgeline"),
    TABLE("table"),
    THEORY("theory"),
    PHASE("phase"),
    JACOBIAN("jacobian"),
    ACTIVATION("activation"),
    THROUGH_TIME("through-time");

    private final String key;

    View(String key) {
        this.key = key;
    }

    /** The name lesson files use ("histograms", "through-time", …). */
    public String key() {
        return key;
    }

    public static Optional<View> byKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst();
    }
}
