package org.initscope.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.initscope.model.DenseSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.WeightedSpec;

/**
 * The edits of a network's layers as functions of the network, for {@link NetworkSession#edit}: each builds the new
 * list of layers and leaves the refusing (a network that does not resolve) to the session. Indices are 0-based.
 */
final class LayerEdits {
    private LayerEdits() {
    }

    /** The layers changed by {@code change}. */
    private static UnaryOperator<NetworkSpec> layers(Consumer<List<LayerSpec>> change) {
        return s -> {
            var layers = new ArrayList<>(s.layers());
            change.accept(layers);
            return s.withLayers(layers);
        };
    }

    /** Layer {@code index}, of any type, changed by {@code change}. */
    static UnaryOperator<NetworkSpec> layer(int index, UnaryOperator<LayerSpec> change) {
        return layers(l -> l.set(index, change.apply(l.get(index))));
    }

    /** Dense layer {@code index} changed; another type refuses. */
    static UnaryOperator<NetworkSpec> dense(int index, UnaryOperator<DenseSpec> change) {
        return layer(index, l -> {
            if (!(l instanceof DenseSpec d)) {
                throw new IllegalArgumentException("layer " + (index + 1) + " is " + l.label() + ", not dense");
            }
            return change.apply(d);
        });
    }

    /** Weighted (dense or conv) layer {@code index} changed; a layer without a weight initializer refuses. */
    static UnaryOperator<NetworkSpec> weighted(int index, UnaryOperator<WeightedSpec> change) {
        return layer(index, l -> {
            if (!(l instanceof WeightedSpec w)) {
                throw new IllegalArgumentException("layer " + (index + 1) + " (" + l.label() + ") has no weight "
                        + "initializer");
            }
            return change.apply(w);
        });
    }

    /** Every weighted layer changed, the others kept. */
    static UnaryOperator<NetworkSpec> allWeighted(UnaryOperator<WeightedSpec> change) {
        return s -> s.withLayers(s.layers().stream().map(l -> l instanceof WeightedSpec w
                ? (LayerSpec) change.apply(w) : l).toList());
    }

    /** {@code layer} appended at the end. */
    static UnaryOperator<NetworkSpec> append(LayerSpec layer) {
        return layers(l -> l.add(layer));
    }

    /** A copy of the last layer appended. */
    static UnaryOperator<NetworkSpec> appendCopyOfLast() {
        return layers(l -> l.add(l.get(l.size() - 1)));
    }

    /** A copy of layer {@code at} inserted at {@code to} ({@code at} before it, {@code at + 1} after it). */
    static UnaryOperator<NetworkSpec> copy(int at, int to) {
        return layers(l -> l.add(to, l.get(at)));
    }

    static UnaryOperator<NetworkSpec> remove(int at) {
        return layers(l -> l.remove(at));
    }

    static UnaryOperator<NetworkSpec> move(int from, int to) {
        return layers(l -> l.add(to, l.remove(from)));
    }

    /** {@code n} layers: the last one repeated, or layers dropped from the end. */
    static UnaryOperator<NetworkSpec> depth(int n) {
        return layers(l -> {
            while (l.size() < n) {
                l.add(l.get(l.size() - 1));
            }
            while (l.size() > n) {
                l.remove(l.size() - 1);
            }
        });
    }
}
