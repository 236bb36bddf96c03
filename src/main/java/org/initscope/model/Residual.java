package org.initscope.model;

/**
 * The skip connection of a residual dense layer: a' = x + α·φ(z), where x is the input of the branch's first layer
 * and z this layer's pre-activation. A branch of one layer (the default) adds the layer's own input; a branch of m
 * layers spans this layer and the m − 1 dense layers before it, which stay ordinary layers with their own statistics
 * (a Fixup block of two layers: a ReLU layer, then a linear one that closes the branch).
 *
 * @param alpha   α at initialization, 0 to {@link DenseSpec#MAX_SCALE}: 1 is He et al.'s plain sum, 1/√L scales
 *                the branches down, 0 with {@code learned} is ReZero (Bachlechner et al. 2020) and SkipInit (De &amp;
 *                Smith 2020): every block starts as the identity
 * @param learned whether α is a trainable scalar (ReZero, SkipInit, Fixup's multiplier) rather than a fixed scale
 * @param branch  the layers the branch spans, ending with this one: 1 to {@link #MAX_BRANCH}
 */
public record Residual(double alpha, boolean learned, int branch) {
    /** Longer branches than this are refused: Fixup's blocks have 2 or 3 layers. */
    public static final int MAX_BRANCH = 8;

    public Residual {
        if (!(alpha >= 0 && alpha <= DenseSpec.MAX_SCALE)) {
            throw new SpecException("residual.alpha", "α must be between 0 and " + Fmt.num(DenseSpec.MAX_SCALE)
                    + ", got " + Fmt.num(alpha));
        }
        if (branch < 1 || branch > MAX_BRANCH) {
            throw new SpecException("residual.branch", "a residual branch spans 1 to " + MAX_BRANCH + " layers, got "
                    + branch);
        }
    }

    /** A fixed scale α over the layer's own input (what a residual layer was before α could learn). */
    public static Residual fixed(double alpha) {
        return new Residual(alpha, false, 1);
    }

    /** ReZero / SkipInit: α = 0, learned, over a branch of {@code branch} layers. */
    public static Residual rezero(int branch) {
        return new Residual(0, true, branch);
    }

    /** Fixup's scalar multiplier: α = 1, learned, over a branch of {@code branch} layers. */
    public static Residual fixup(int branch) {
        return new Residual(1, true, branch);
    }

    /** Whether every block starts as the identity and learns its way out (α = 0, learned). */
    public boolean rezero() {
        return alpha == 0 && learned;
    }

    public Residual withAlpha(double a) {
        return new Residual(a, learned, branch);
    }

    public Residual withLearned(boolean l) {
        return new Residual(alpha, l, branch);
    }

    public Residual withBranch(int b) {
        return new Residual(alpha, learned, b);
    }

    /** e.g. {@code a' = x + α·φ(z), α = 0 (learned)}: the layer's formula with its numbers. */
    public String formula() {
        String x = branch == 1 ? "x" : "x_in";
        return "a' = " + x + " + α·φ(z), α = " + Fmt.num(alpha) + (learned ? " (learned)" : " (fixed)");
    }
}
