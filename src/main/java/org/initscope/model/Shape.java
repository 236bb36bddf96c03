package org.initscope.model;

/**
 * What one example looks like between two layers: a flat vector of {@code channels} features, an image of
 * channels × height × width (PyTorch's NCHW without the batch), or a sequence of {@code steps} vectors of
 * {@code channels} features (batch-first, as {@code batch_first=True}).
 */
public record Shape(Kind kind, int channels, int height, int width, int steps) {

    public enum Kind {
        FLAT, IMAGE, SEQUENCE
    }

    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new SpecException("input", "a shape needs positive sizes, got " + channels + "×" + height + "×"
                    + width);
        }
        if (kind == Kind.SEQUENCE ? steps < 1 : steps != 0) {
            throw new IllegalArgumentException("steps " + steps + " for " + kind);
        }
        if (kind == Kind.FLAT && (height != 1 || width != 1)) {
            throw new IllegalArgumentException("a flat shape has height and width 1");
        }
        // every size below is computed from these: checked once, exactly (no product wraps around)
        Limits.product("input", "one example (" + channels + "×" + height + "×" + width + ")", Limits.MAX_TENSOR,
                channels, height, width, Math.max(1, steps));
    }

    public static Shape flat(int features) {
        return new Shape(Kind.FLAT, features, 1, 1, 0);
    }

    public static Shape image(int channels, int height, int width) {
        return new Shape(Kind.IMAGE, channels, height, width, 0);
    }

    public static Shape sequence(int steps, int features) {
        return new Shape(Kind.SEQUENCE, features, 1, 1, steps);
    }

    /** Values per example and time step: channels·height·width. */
    public int features() {
        return channels * height * width;
    }

    /** Values per example over all time steps. */
    public long size() {
        return (long) features() * Math.max(1, steps);
    }

    public boolean image() {
        return kind == Kind.IMAGE;
    }

    public boolean sequence() {
        return kind == Kind.SEQUENCE;
    }

    /** "500", "16×8×8", "50 steps × 20". */
    public String label() {
        return switch (kind) {
            case FLAT -> Integer.toString(channels);
            case IMAGE -> channels + "×" + height + "×" + width;
            case SEQUENCE -> steps + " steps × " + channels;
        };
    }
}
