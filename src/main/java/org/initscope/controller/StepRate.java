package org.initscope.controller;

/** Optimizer steps per second, measured over windows of one second (worker thread only). */
final class StepRate {
    private long windowStart = System.nanoTime();
    private long windowSteps;
    private double rate;

    /** A new run of steps begins (after a pause the old window would count the pause). */
    void restart() {
        windowStart = System.nanoTime();
        windowSteps = 0;
    }

    void stepped() {
        windowSteps++;
        long now = System.nanoTime();
        if (now - windowStart > 1_000_000_000L) {
            rate = windowSteps / ((now - windowStart) / 1e9);
            windowStart = now;
            windowSteps = 0;
        }
    }

    double perSecond() {
        return rate;
    }
}
