package org.initscope.model;

import java.util.Objects;

/**
 * The probe batch fed to the network: {@code batch} examples, each a vector of {@code features} values, an image of
 * channels × height × width ({@code channels} > 0; {@code features} is then c·h·w), or a sequence of
 * {@code sequenceLength} vectors of {@code features} values.
 */
public record InputSpec(int features, int batch, InputDistribution distribution, int channels, int height, int width,
        int sequenceLength) {
    /** Images and sequences larger than this are refused: the engine keeps every tensor of every layer. */
    public static final int MAX_SIDE = 512;
    public static final int MAX_STEPS = 1000;

    public InputSpec {
        Objects.requireNonNull(distribution, "distribution");
        if (channels < 0 || height < 0 || width < 0 || sequenceLength < 0) {
            throw new SpecException("input", "channels, height, width and sequence_length must be ≥ 0");
        }
        if (channels > 0) {
            if (height < 1 || width < 1) {
                throw new SpecException("height", "an image input needs height and width ≥ 1, got " + height + "×"
                        + width);
            }
            if (height > MAX_SIDE || width > MAX_SIDE) {
                throw new SpecException("height", "images up to " + MAX_SIDE + "×" + MAX_SIDE + " are supported, got "
                        + height + "×" + width);
            }
            if (sequenceLength > 0) {
                throw new SpecException("sequence_length", "an input is an image or a sequence, not both");
            }
            features = (int) Limits.product("channels", "an input image (" + channels + "×" + height + "×" + width
                    + ")", Limits.MAX_WIDTH, channels, height, width);
        } else if (height > 0 || width > 0) {
            throw new SpecException("channels", "an image input needs channels, height and width");
        }
        if (sequenceLength > MAX_STEPS) {
            throw new SpecException("sequence_length", "sequences up to " + MAX_STEPS + " steps are supported, got "
                    + sequenceLength);
        }
        if (features < 1) {
            throw new SpecException("features", "features must be ≥ 1, got " + features);
        }
        if (batch < 1) {
            throw new SpecException("batch", "batch must be ≥ 1, got " + batch);
        }
        Limits.width("features", features);
        Limits.width("batch", batch);
        if (distribution == InputDistribution.DIGITS && features != 64) {
            throw new SpecException("distribution", "the digits are 8×8 images: use channels 1, height 8, width 8 "
                    + "(or 64 features), got " + (channels > 0 ? channels + "×" + height + "×" + width
                            : features + " features"));
        }
    }

    /** A flat input of {@code features} values per example. */
    public InputSpec(int features, int batch, InputDistribution distribution) {
        this(features, batch, distribution, 0, 0, 0, 0);
    }

    public static InputSpec image(int channels, int height, int width, int batch, InputDistribution d) {
        return new InputSpec(0, batch, d, channels, height, width, 0);
    }

    public static InputSpec sequence(int steps, int features, int batch, InputDistribution d) {
        return new InputSpec(features, batch, d, 0, 0, 0, steps);
    }

    /** What one example looks like. */
    public Shape shape() {
        if (channels > 0) {
            return Shape.image(channels, height, width);
        }
        return sequenceLength > 0 ? Shape.sequence(sequenceLength, features) : Shape.flat(features);
    }

    public boolean image() {
        return channels > 0;
    }

    public boolean sequence() {
        return sequenceLength > 0;
    }

    /** Values of the whole batch. */
    public long values() {
        return (long) batch * shape().size();
    }

    public InputSpec withFeatures(int f) {
        return new InputSpec(f, batch, distribution, 0, 0, 0, sequenceLength);
    }

    public InputSpec withBatch(int b) {
        return new InputSpec(features, b, distribution, channels, height, width, sequenceLength);
    }

    public InputSpec withDistribution(InputDistribution d) {
        return new InputSpec(features, batch, d, channels, height, width, sequenceLength);
    }

    public InputSpec withImage(int c, int h, int w) {
        return new InputSpec(0, batch, distribution, c, h, w, 0);
    }

    public InputSpec withSequenceLength(int t) {
        return new InputSpec(features, batch, distribution, 0, 0, 0, t);
    }
}
