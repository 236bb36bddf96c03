package org.initscope.model;

/**
 * Where a layer sits in the residual branches of its network: what Fixup's rules need (Zhang et al. 2019: the last
 * layer of each branch starts at 0, the others are scaled by L^(−1/(2m−2))).
 *
 * @param number   which branch, 1 to {@code count}, from the input
 * @param count    L, the number of residual branches in the network
 * @param length   m, the layers of this branch
 * @param position the layer's place in its branch, 1 to m (m: the layer that closes it and adds the skip)
 * @param first    the 0-based index (repeat expanded) of the branch's first layer, whose input the skip carries
 */
public record Branch(int number, int count, int length, int position, int first) {

    /** Whether the layer closes its branch (the last one: Fixup's zero layer). */
    public boolean last() {
        return position == length;
    }

    /**
     * Fixup's factor on the std of the other layers of a branch: L^(−1/(2m−2)); 1 for a branch of one layer,
     * which has no other layer.
     */
    public double fixupFactor() {
        return length == 1 ? 1 : Math.pow(count, -1.0 / (2 * length - 2));
    }

    /** "layer 1 of 2 of residual branch 3 of 16". */
    public String label() {
        return "layer " + position + " of " + length + " of residual branch " + number + " of " + count;
    }
}
