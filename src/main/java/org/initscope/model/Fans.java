package org.initscope.model;

/**
 * The fans of a weight tensor as torch.nn.init computes them, and the 2-D shape that orthogonal/eye/sparse see.
 * For a dense layer the PyTorch weight has shape (out, in): rows = fan_out = out, cols = fan_in = in.
 */
public record Fans(int fanIn, int fanOut, int rows, int cols) {
    public Fans {
        if (fanIn < 1 || fanOut < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("fans and shape must be positive: " + fanIn + ", " + fanOut);
        }
    }

    /** A dense layer with {@code in} inputs and {@code out} units. */
    public static Fans dense(int in, int out) {
        return new Fans(in, out, out, in);
    }

    public long count() {
        return (long) rows * cols;
    }
}
