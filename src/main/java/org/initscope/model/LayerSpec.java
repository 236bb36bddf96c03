package org.initscope.model;

/**
 * One entry of a network's layer list; {@link #repeat()} expands it to that many identical layers. The types and
 * their config names follow PyTorch's modules: dense (nn.Linear + activation), conv2d (nn.Conv2d + activation),
 * maxpool2d, flatten, batchnorm, layernorm, rnn, lstm.
 */
public sealed interface LayerSpec permits WeightedSpec, MaxPool2dSpec, FlattenSpec, NormSpec, RecurrentSpec {
    /** The config name of the layer type, e.g. {@code dense}. */
    String type();

    int repeat();

    LayerSpec withRepeat(int repeat);

    /** A short description for tables: "dense 500", "conv2d 16, 3×3", "lstm 20". */
    String label();
}
