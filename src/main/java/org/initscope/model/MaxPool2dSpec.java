package org.initscope.model;

/** nn.MaxPool2d(kernel_size, stride) without padding; stride defaults to the kernel size. */
public record MaxPool2dSpec(int kernel, int stride, int repeat) implements LayerSpec {
    public MaxPool2dSpec {
        if (kernel < 1 || kernel > Conv2dSpec.MAX_KERNEL) {
            throw new SpecException("kernel_size", "kernel_size must be 1 to " + Conv2dSpec.MAX_KERNEL + ", got "
                    + kernel);
        }
        if (stride < 1) {
            throw new SpecException("stride", "stride must be ≥ 1, got " + stride);
        }
        if (repeat < 1) {
            throw new SpecException("repeat", "repeat must be ≥ 1, got " + repeat);
        }
    }

    public static MaxPool2dSpec of(int kernel) {
        return new MaxPool2dSpec(kernel, kernel, 1);
    }

    @Override
    public String type() {
        return "maxpool2d";
    }

    @Override
    public String label() {
        return "maxpool2d " + kernel + "×" + kernel + (stride != kernel ? " /" + stride : "");
    }

    @Override
    public MaxPool2dSpec withRepeat(int r) {
        return new MaxPool2dSpec(kernel, stride, r);
    }
}
