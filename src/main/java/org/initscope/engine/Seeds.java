package org.initscope.engine;

/**
 * Independent seeds for every random draw, derived from the network seed with SplitMix64, so that each tensor's
 * values depend only on (seed, layer, what is drawn): editing layer 5 leaves the draws of every other layer as
 * they were, and the same seed always gives the same numbers.
 */
public final class Seeds {
    public static final int WEIGHTS = 1;
    public static final int BIAS = 2;
    public static final int INPUT = 3;
    public static final int UPSTREAM_GRADIENT = 4;
    public static final int SPARSE_MASK = 5;
    /** Recurrent parameters; a per-gate block b adds {@link #BLOCK}·b. */
    public static final int WEIGHT_IH = 6;
    public static final int WEIGHT_HH = 7;
    public static final int BIAS_IH = 8;
    public static final int BIAS_HH = 9;
    public static final int BLOCK = 16;

    private Seeds() {
    }

    public static long derive(long seed, int layer, int purpose) {
        long z = mix(seed ^ 0x9E3779B97F4A7C15L);
        z = mix(z + layer * 0xBF58476D1CE4E5B9L);
        return mix(z + purpose * 0x94D049BB133111EBL);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
