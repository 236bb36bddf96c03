package org.initscope.model;

import java.util.List;

/** A network with every layer resolved: what the engine runs. */
public record ResolvedNetwork(NetworkSpec spec, List<ResolvedLayer> layers) {
    public ResolvedNetwork {
        layers = List.copyOf(layers);
    }

    public InputSpec input() {
        return spec.input();
    }

    public long seed() {
        return spec.seed();
    }

    public int depth() {
        return layers.size();
    }

    /**
     * Whether every layer is a dense layer, plain or residual, on a vector input: the networks whose input–output
     * Jacobian the engine computes.
     */
    public boolean denseStack() {
        return !input().image() && !input().sequence() && layers.stream().allMatch(l -> l.spec() instanceof DenseSpec);
    }

    /** Whether every layer is a plain dense layer on a vector input. */
    public boolean allDense() {
        return spec.allDense();
    }
}
