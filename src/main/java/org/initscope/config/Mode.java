package org.initscope.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the window shows: the Explore, Train, Compare or Experiments tab, and in Compare the networks or their
 * training.
 */
public enum Mode {
    EXPLORE("explore"),
    TRAIN("train"),
    /** Compare: the two networks at initialization. */
    COMPARE("compare"),
    /** Compare: the two networks trained in lockstep. */
    COMPARE_TRAIN("compare-train"),
    /** Experiments: sweeps over many networks (not a mode a lesson step shows). */
    EXPERIMENTS("experiments");

    private final String key;

    Mode(String key) {
        this.key = key;
    }

    /** The name lesson files use ("explore", "train", "compare", "compare-train"). */
    public String key() {
        return key;
    }

    public static Optional<Mode> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    /** A mode a lesson step may show (all but Experiments). */
    public boolean inLessons() {
        return this != EXPERIMENTS;
    }

    /** Compare, either tab. */
    public boolean compares() {
        return this == COMPARE || this == COMPARE_TRAIN;
    }

    /** A mode that trains: Train, or Compare's training. */
    public boolean trains() {
        return this == TRAIN || this == COMPARE_TRAIN;
    }
}
