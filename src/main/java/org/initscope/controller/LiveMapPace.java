package org.initscope.controller;

import java.util.function.LongSupplier;

/**
 * When a training worker computes its live output maps again. A map runs the whole network over a grid of inputs
 * (44 × 44 points): for a small network that is under a millisecond, but on 10 × 500 it is as much work as
 * ten optimizer steps, and computing it for every published frame (every 40 ms) left the optimizer a small part of
 * the worker's time (Compare in lockstep on 10 × 500 ran at a few steps/s). While the run plays, the maps are
 * computed again only when the time since the last ones is at least {@code (1 / MAX_SHARE − 1)} times what they took,
 * so they take at most {@code MAX_SHARE} of the worker's time; between them the frames show the last maps with the
 * step they were computed at (OutputView.step), never a newer one. A small network's maps still follow every frame.
 * When the run does not play (a step, a pause, a rebuild), the maps are always computed for that frame.
 */
public final class LiveMapPace {
    /** The most of the worker's time the live maps take while a run plays. */
    public static final double MAX_SHARE = 0.2;

    private final LongSupplier clock;
    private long nextAt;
    private boolean first = true;

    LiveMapPace() {
        this(System::nanoTime);
    }

    /** With a clock in nanoseconds (tests). */
    LiveMapPace(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether the maps should be computed for the frame about to be published. */
    boolean due(boolean running) {
        return first || !running || clock.getAsLong() - nextAt >= 0;
    }

    /** The time now on this pace's clock: pass it to {@link #computed} when the maps' computation starts. */
    long now() {
        return clock.getAsLong();
    }

    /** The maps were computed, starting at {@code startNanos} (from {@link #now}). */
    void computed(long startNanos) {
        long now = clock.getAsLong();
        first = false;
        nextAt = now + (long) ((now - startNanos) * (1 / MAX_SHARE - 1));
    }

    /** A new run: its first maps are due at once. */
    void reset() {
        first = true;
    }
}
