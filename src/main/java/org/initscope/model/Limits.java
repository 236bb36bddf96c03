package org.initscope.model;

import java.util.Locale;

/**
 * The limits every path shares (the config reader, the app's edits, lessons, the engine's guards): the one place
 * they are defined. Sizes are checked here with exact arithmetic, so that no product of sizes wraps around.
 */
public final class Limits {
    private Limits() {
    }

    /**
     * More layers than this (after repeat) is refused, by the model, the config reader, the depth spinner and the
     * CLI alike: the charts and the tables stop being readable.
     */
    public static final int MAX_DEPTH = 1000;
    /** Widths, channels, batch sizes and features above this are refused before any memory estimate. */
    public static final int MAX_WIDTH = 1 << 24;
    /** The most entries one tensor may have: a Java array holds at most 2³¹ − 9 values. */
    public static final long MAX_TENSOR = Integer.MAX_VALUE - 8L;
    /**
     * A network whose estimated computation takes longer than this (on this 2-core machine, unshared; see
     * {@link ComputeCost}) is refused, with the estimate: a teacher's slider must not freeze the class for minutes.
     */
    public static final double COMPUTE_BUDGET_SECONDS = 60;

    /** Examples of a generated training set (the Train tab, lessons, the train command, DataSpec). */
    public static final int MIN_SAMPLES = 4;
    public static final int MAX_SAMPLES = 1_000_000;

    /** The finest output map training draws (grid points per side). */
    public static final int MAX_LIVE_MAP = 64;

    /** Lesson texts: longer ones push the charts off a classroom screen. */
    public static final int MAX_LESSON_TITLE = 120;
    public static final int MAX_LESSON_SUMMARY = 600;
    public static final int MAX_STEP_TEXT = 800;
    public static final int MAX_STEP_QUESTION = 300;
    public static final int MAX_LESSON_STEPS = 100;

    /** a·b·…, or a {@link SpecException} on {@code field} when the product exceeds {@code max}. */
    public static long product(String field, String what, long max, long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f > 0 && p > max / f) {
                throw new SpecException(field, String.format(Locale.ROOT, "%s would have more than %,d entries; "
                        + "at most %,d are supported", what, max, max));
            }
            p *= f;
        }
        if (p > max) {
            throw new SpecException(field, String.format(Locale.ROOT, "%s would have %,d entries; at most %,d are "
                    + "supported", what, p, max));
        }
        return p;
    }

    /** A width-like size: 1 to {@link #MAX_WIDTH}. */
    public static void width(String field, int v) {
        if (v < 1 || v > MAX_WIDTH) {
            throw new SpecException(field, String.format(Locale.ROOT, "%s must be between 1 and %,d, got %,d", field,
                    MAX_WIDTH, v));
        }
    }
}
