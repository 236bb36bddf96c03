package org.initscope.model;

import java.util.Objects;

/**
 * nn.Conv2d followed by an activation: weight (out_channels, in_channels/groups, kH, kW), PyTorch's
 * cross-correlation with zero padding. in_channels comes from the previous layer or the input. Defaults as the
 * dense layer's: weights {@code torch_default} (kaiming_uniform_(a=√5), U(±1/√fan_in)), bias zeros, linear.
 */
public record Conv2dSpec(int outChannels, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        int groups, ActivationSpec activation, InitSpec init, InitSpec bias, double scale, int repeat)
        implements WeightedSpec {

    public static final int MAX_KERNEL = 31;

    public Conv2dSpec {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(bias, "bias");
        if (outChannels < 1) {
            throw new SpecException("out_channels", "out_channels must be ≥ 1, got " + outChannels);
        }
        Limits.width("out_channels", outChannels);
        if (kernelH < 1 || kernelW < 1 || kernelH > MAX_KERNEL || kernelW > MAX_KERNEL) {
            throw new SpecException("kernel_size", "kernel_size must be 1 to " + MAX_KERNEL + ", got " + kernelH
                    + "×" + kernelW);
        }
        if (strideH < 1 || strideW < 1) {
            throw new SpecException("stride", "stride must be ≥ 1, got " + strideH + "×" + strideW);
        }
        if (padH < 0 || padW < 0 || padH > MAX_KERNEL || padW > MAX_KERNEL) {
            throw new SpecException("padding", "padding must be 0 to " + MAX_KERNEL + ", got " + padH + "×" + padW);
        }
        if (groups < 1) {
            throw new SpecException("groups", "groups must be ≥ 1, got " + groups);
        }
        if (outChannels % groups != 0) {
            throw new SpecException("groups", "out_channels (" + outChannels + ") must be divisible by groups ("
                    + groups + ")");
        }
        if (!(scale >= DenseSpec.MIN_SCALE && scale <= DenseSpec.MAX_SCALE)) {
            throw new SpecException("scale", "scale must be between " + Fmt.num(DenseSpec.MIN_SCALE) + " and "
                    + Fmt.num(DenseSpec.MAX_SCALE) + ", got " + Fmt.num(scale));
        }
        if (repeat < 1) {
            throw new SpecException("repeat", "repeat must be ≥ 1, got " + repeat);
        }
        if (!bias.scheme().biasScheme()) {
            throw new SpecException("bias.scheme", "'" + bias.scheme().id() + "' cannot initialize a bias; allowed: "
                    + String.join(", ", Scheme.biasIds()));
        }
    }

    /** A square kernel, stride and padding. */
    public static Conv2dSpec of(int outChannels, int kernel, int stride, int padding, Activation activation,
            InitSpec init) {
        return new Conv2dSpec(outChannels, kernel, kernel, stride, stride, padding, padding, 1,
                ActivationSpec.of(activation), init, DenseSpec.DEFAULT_BIAS, 1.0, 1);
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public String label() {
        return "conv2d " + outChannels + ", " + kernelH + "×" + kernelW + (strideH > 1 || strideW > 1 ? " /"
                + strideH : "") + (groups > 1 ? " g" + groups : "");
    }

    /** Output side for an input side: ⌊(n + 2p − k)/s⌋ + 1. */
    public static int outSide(int n, int k, int s, int p) {
        return Math.floorDiv(n + 2 * p - k, s) + 1;
    }

    @Override
    public Conv2dSpec withRepeat(int r) {
        return new Conv2dSpec(outChannels, kernelH, kernelW, strideH, strideW, padH, padW, groups, activation, init,
                bias, scale, r);
    }

    public Conv2dSpec withOutChannels(int c) {
        return new Conv2dSpec(c, kernelH, kernelW, strideH, strideW, padH, padW, groups, activation, init, bias,
                scale, repeat);
    }

    public Conv2dSpec withGeometry(int kernel, int stride, int padding, int g) {
        return new Conv2dSpec(outChannels, kernel, kernel, stride, stride, padding, padding, g, activation, init,
                bias, scale, repeat);
    }

    @Override
    public Conv2dSpec withActivation(ActivationSpec a) {
        return new Conv2dSpec(outChannels, kernelH, kernelW, strideH, strideW, padH, padW, groups, a, init, bias,
                scale, repeat);
    }

    @Override
    public Conv2dSpec withInit(InitSpec i) {
        return new Conv2dSpec(outChannels, kernelH, kernelW, strideH, strideW, padH, padW, groups, activation, i,
                bias, scale, repeat);
    }

    @Override
    public Conv2dSpec withBias(InitSpec b) {
        return new Conv2dSpec(outChannels, kernelH, kernelW, strideH, strideW, padH, padW, groups, activation, init,
                b, scale, repeat);
    }

    @Override
    public Conv2dSpec withScale(double s) {
        return new Conv2dSpec(outChannels, kernelH, kernelW, strideH, strideW, padH, padW, groups, activation, init,
                bias, s, repeat);
    }
}
