package org.initscope.model;

/** One entry of a network's layer list; {@link #repeat()} expands it to that many identical layers. */
public sealed interface LayerSpec permits DenseSpec {
    /** The config name of the layer type, e.g. {@code dense}. */
    String type();

    int repeat();

    LayerSpec withRepeat(int repeat);
}
