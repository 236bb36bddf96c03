package org.initscope.model;

/**
 * The fans of a weight tensor as torch.nn.init computes them ({@code _calculate_fan_in_and_fan_out}: fan_in =
 * size(1)·receptive field, fan_out = size(0)·receptive field), the 2-D shape that orthogonal/eye/sparse see
 * (rows = size(0), cols = numel/rows) and how each fan was obtained, e.g. {@code fan_out = 16·3·3 = 144}.
 * For a dense layer the PyTorch weight has shape (out, in): rows = fan_out = out, cols = fan_in = in.
 */
public record Fans(int fanIn, int fanOut, int rows, int cols, String fanInText, String fanOutText) {
    public Fans {
        if (fanIn < 1 || fanOut < 1 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("fans and shape must be positive: " + fanIn + ", " + fanOut);
        }
        fanInText = fanInText == null ? "fan_in = " + fanIn : fanInText;
        fanOutText = fanOutText == null ? "fan_out = " + fanOut : fanOutText;
    }

    public Fans(int fanIn, int fanOut, int rows, int cols) {
        this(fanIn, fanOut, rows, cols, null, null);
    }

    /** A dense layer with {@code in} inputs and {@code out} units. */
    public static Fans dense(int in, int out) {
        return new Fans(in, out, out, in);
    }

    /**
     * A Conv2d weight (C_out, C_in/groups, kH, kW): fan_in = (C_in/groups)·kH·kW, fan_out = C_out·kH·kW (not divided
     * by groups, as PyTorch).
     */
    public static Fans conv(int inChannels, int outChannels, int groups, int kh, int kw) {
        int perGroup = inChannels / groups;
        // the weight (C_out × C_in/groups × kH × kW) is within Limits.MAX_TENSOR (LayerResolver checks it first),
        // so both fans fit; exact arithmetic all the same, never a wrapped negative fan
        int fanIn = Math.toIntExact((long) perGroup * kh * kw);
        int fanOut = Math.toIntExact((long) outChannels * kh * kw);
        String in = groups == 1 ? "fan_in = C_in·kH·kW = " + inChannels + "·" + kh + "·" + kw + " = " + fanIn
                : "fan_in = (C_in/groups)·kH·kW = (" + inChannels + "/" + groups + ")·" + kh + "·" + kw + " = " + fanIn;
        String out = "fan_out = C_out·kH·kW = " + outChannels + "·" + kh + "·" + kw + " = " + fanOut;
        return new Fans(fanIn, fanOut, outChannels, fanIn, in, out);
    }

    /** One (rows × cols) block of a recurrent weight, e.g. one gate of weight_hh. */
    public static Fans block(int rows, int cols, String what) {
        return new Fans(cols, rows, rows, cols, "fan_in = " + cols + " (" + what + " columns)",
                "fan_out = " + rows + " (" + what + " rows)");
    }

    public long count() {
        return (long) rows * cols;
    }
}
