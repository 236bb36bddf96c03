package org.initscope.model;

import java.util.Objects;

/**
 * A normalization layer with PyTorch's defaults (weight 1, bias 0, eps 1e-5), in training mode:
 * {@code batchnorm} normalizes each feature (each channel of an image, over batch, height and width) with the
 * batch's mean and biased variance, as nn.BatchNorm1d/2d; {@code layernorm} normalizes each example over all its
 * features, as nn.LayerNorm(normalized_shape = the example's shape).
 */
public record NormSpec(Kind kind, double eps, int repeat) implements LayerSpec {

    public enum Kind {
        BATCH("batchnorm"), LAYER("layernorm");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public static final double DEFAULT_EPS = 1e-5;

    public NormSpec {
        Objects.requireNonNull(kind, "kind");
        if (!(eps > 0 && eps <= 1)) {
            throw new SpecException("eps", "eps must be in (0, 1], got " + Fmt.num(eps));
        }
        if (repeat < 1) {
            throw new SpecException("repeat", "repeat must be ≥ 1, got " + repeat);
        }
    }

    public static NormSpec of(Kind kind) {
        return new NormSpec(kind, DEFAULT_EPS, 1);
    }

    @Override
    public String type() {
        return kind.id();
    }

    @Override
    public String label() {
        return kind.id();
    }

    @Override
    public NormSpec withRepeat(int r) {
        return new NormSpec(kind, eps, r);
    }
}
