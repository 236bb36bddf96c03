package org.initscope.model;

/** nn.Flatten: an image C×H×W becomes a vector of C·H·W features (channel-major, as PyTorch). */
public record FlattenSpec(int repeat) implements LayerSpec {
    public FlattenSpec {
        if (repeat != 1) {
            throw new SpecException("repeat", "a flatten layer cannot be repeated");
        }
    }

    public FlattenSpec() {
        this(1);
    }

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public String label() {
        return "flatten";
    }

    @Override
    public FlattenSpec withRepeat(int r) {
        return new FlattenSpec(r);
    }
}
