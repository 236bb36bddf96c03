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

    /** Floating-point operations of one forward and backward pass over the dense layers: 6·B·Σ in·out. */
    public double flops() {
        double sum = 0;
        for (ResolvedLayer l : layers) {
            sum += (double) l.inputs() * l.units();
        }
        return 6.0 * input().batch() * sum;
    }
}
