package org.initscope.model;

import java.util.ArrayList;
import java.util.List;

/** Resolves one layer of any type against the shape that enters it: output shape, fans, initializers. */
final class LayerResolver {
    private LayerResolver() {
    }

    /**
     * @param nextRecurrent whether the next layer is recurrent (then a recurrent layer passes on its whole
     *                      sequence, otherwise its last hidden state)
     */
    static ResolvedLayer resolve(int index, int specIndex, LayerSpec spec, Shape in, boolean nextRecurrent) {
        return resolve(index, specIndex, spec, in, nextRecurrent, null, null);
    }

    /**
     * @param branch where a dense layer sits in the residual branches (null outside them)
     * @param skip   what enters the branch's first layer, for the layer that closes a branch (else null)
     */
    static ResolvedLayer resolve(int index, int specIndex, LayerSpec spec, Shape in, boolean nextRecurrent,
            Branch branch, Shape skip) {
        String where = "layers[" + specIndex + "]";
        try {
            if (spec instanceof DenseSpec d) {
                return dense(index, specIndex, d, in, branch, skip == null ? in : skip);
            }
            if (spec instanceof Conv2dSpec c) {
                return conv(index, specIndex, c, in);
            }
            if (spec instanceof MaxPool2dSpec p) {
                return pool(index, specIndex, p, in);
            }
            if (spec instanceof FlattenSpec f) {
                return flatten(index, specIndex, f, in);
            }
            if (spec instanceof NormSpec n) {
                return norm(index, specIndex, n, in);
            }
            return recurrent(index, specIndex, (RecurrentSpec) spec, in, nextRecurrent);
        } catch (SpecException e) {
            throw e.field().startsWith("layers[") ? e : e.under(where);
        }
    }

    private static SpecException shapeError(LayerSpec spec, Shape in) {
        String need;
        if (spec instanceof DenseSpec) {
            need = in.image() ? "a vector, but gets a " + in.label() + " image: add a flatten layer before it"
                    : "a vector, but gets a sequence (" + in.label() + "): put an rnn or lstm layer before it";
        } else if (spec instanceof Conv2dSpec) {
            need = "an image (set the input's channels, height and width), but gets " + describe(in);
        } else if (spec instanceof MaxPool2dSpec) {
            need = "an image, but gets " + describe(in);
        } else if (spec instanceof RecurrentSpec) {
            need = "a sequence (set the input's sequence_length), but gets " + describe(in);
        } else {
            need = "an image or a vector, but gets " + describe(in);
        }
        return new SpecException("type", "a " + spec.type() + " layer needs " + need);
    }

    private static String describe(Shape s) {
        return switch (s.kind()) {
            case FLAT -> "a vector of " + s.features();
            case IMAGE -> "a " + s.label() + " image";
            case SEQUENCE -> "a sequence (" + s.label() + ")";
        };
    }

    private static ResolvedLayer dense(int index, int specIndex, DenseSpec d, Shape in, Branch branch, Shape skip) {
        if (in.kind() != Shape.Kind.FLAT) {
            throw shapeError(d, in);
        }
        if (d.isResidual() && d.residual().branch() == 1 && d.units() != in.features()) {
            throw new SpecException("residual", "a residual layer adds its input to its output: units ("
                    + d.units() + ") must equal its inputs (" + in.features() + ")");
        }
        if (d.isResidual() && d.units() != skip.features()) {
            throw new SpecException("residual", "a residual layer adds the input of its branch to its output: units ("
                    + d.units() + ") must equal what enters the branch's first layer, layer " + (branch.first() + 1)
                    + " (" + skip.label() + ")");
        }
        return ResolvedLayer.dense(index, specIndex, d, in.features(), branch);
    }

    private static ResolvedLayer conv(int index, int specIndex, Conv2dSpec c, Shape in) {
        if (!in.image()) {
            throw shapeError(c, in);
        }
        if (in.channels() % c.groups() != 0) {
            throw new SpecException("groups", "in_channels (" + in.channels() + ") must be divisible by groups ("
                    + c.groups() + ")");
        }
        int h = Conv2dSpec.outSide(in.height(), c.kernelH(), c.strideH(), c.padH());
        int w = Conv2dSpec.outSide(in.width(), c.kernelW(), c.strideW(), c.padW());
        if (h < 1 || w < 1) {
            throw new SpecException("kernel_size", "the " + c.kernelH() + "×" + c.kernelW() + " kernel does not fit "
                    + "the " + in.height() + "×" + in.width() + " input with padding " + c.padH() + ": the output would "
                    + "be " + h + "×" + w);
        }
        int perGroup = in.channels() / c.groups();
        Limits.product("out_channels", "the weight (out_channels·in_channels/groups·kH·kW = " + c.outChannels()
                + "·" + perGroup + "·" + c.kernelH() + "·" + c.kernelW() + ")", Limits.MAX_TENSOR, c.outChannels(),
                perGroup, c.kernelH(), c.kernelW());
        Limits.product("out_channels", "the output (" + c.outChannels() + "×" + h + "×" + w + " per example)",
                Limits.MAX_TENSOR, c.outChannels(), h, w);
        Fans fans = Fans.conv(in.channels(), c.outChannels(), c.groups(), c.kernelH(), c.kernelW());
        ResolvedInit weight;
        try {
            weight = Initializers.convWeight(c.init(), fans, c.activation(), c.groups(), c.outChannels(), perGroup,
                    c.kernelH(), c.kernelW()).scaled(c.scale());
        } catch (SpecException e) {
            throw e.under("init");
        }
        ResolvedInit bias;
        try {
            bias = Initializers.bias(c.bias(), fans.fanIn(), c.outChannels());
        } catch (SpecException e) {
            throw e.under("bias");
        }
        return new ResolvedLayer(index, specIndex, c, in, Shape.image(c.outChannels(), h, w), fans, weight, bias,
                List.of(new ResolvedParam("weight", c.outChannels(), fans.fanIn(), 1, fans, weight),
                        new ResolvedParam("bias", c.outChannels(), 1, 1, fans, bias)));
    }

    private static ResolvedLayer pool(int index, int specIndex, MaxPool2dSpec p, Shape in) {
        if (!in.image()) {
            throw shapeError(p, in);
        }
        int h = Conv2dSpec.outSide(in.height(), p.kernel(), p.stride(), 0);
        int w = Conv2dSpec.outSide(in.width(), p.kernel(), p.stride(), 0);
        if (h < 1 || w < 1) {
            throw new SpecException("kernel_size", "the " + p.kernel() + "×" + p.kernel() + " pool does not fit the "
                    + in.height() + "×" + in.width() + " input");
        }
        return new ResolvedLayer(index, specIndex, p, in, Shape.image(in.channels(), h, w), null, null, null,
                List.of());
    }

    private static ResolvedLayer flatten(int index, int specIndex, FlattenSpec f, Shape in) {
        if (in.sequence()) {
            throw shapeError(f, in);
        }
        return new ResolvedLayer(index, specIndex, f, in, Shape.flat(in.features()), null, null, null, List.of());
    }

    private static ResolvedLayer norm(int index, int specIndex, NormSpec n, Shape in) {
        if (in.sequence()) {
            throw shapeError(n, in);
        }
        // BatchNorm: one (γ, β) per channel (per feature of a vector); LayerNorm: one per value of the example
        int size = n.kind() == NormSpec.Kind.BATCH ? in.channels() : in.features();
        Fans fans = Fans.dense(1, size);
        ResolvedInit one = Initializers.weight(InitSpec.of(Scheme.ONES), fans, null);
        ResolvedInit zero = Initializers.weight(InitSpec.of(Scheme.ZEROS), fans, null);
        return new ResolvedLayer(index, specIndex, n, in, in, fans, one, zero,
                List.of(new ResolvedParam("weight", size, 1, 1, fans, one),
                        new ResolvedParam("bias", size, 1, 1, fans, zero)));
    }

    private static ResolvedLayer recurrent(int index, int specIndex, RecurrentSpec r, Shape in, boolean nextRecurrent) {
        if (!in.sequence()) {
            throw shapeError(r, in);
        }
        int h = r.hiddenSize();
        int g = r.gates();
        int input = in.channels();
        ActivationSpec act = r.nonlinearity();
        Fans ihFans;
        Fans hhFans;
        if (r.perGate()) {
            ihFans = Fans.block(h, input, "one gate block of weight_ih");
            hhFans = Fans.block(h, h, "one gate block of weight_hh");
        } else {
            ihFans = new Fans(input, g * h, g * h, input, "fan_in = input_size = " + input,
                    g == 1 ? "fan_out = hidden_size = " + h : "fan_out = 4·hidden_size = 4·" + h + " = " + g * h);
            hhFans = new Fans(h, g * h, g * h, h, "fan_in = hidden_size = " + h,
                    g == 1 ? "fan_out = hidden_size = " + h : "fan_out = 4·hidden_size = 4·" + h + " = " + g * h);
        }
        ResolvedInit wih;
        try {
            wih = Initializers.recurrentWeight(r.weightIh(), ihFans, act, h);
        } catch (SpecException e) {
            throw e.under("weight_ih");
        }
        ResolvedInit whh;
        try {
            whh = Initializers.recurrentWeight(r.weightHh(), hhFans, act, h);
        } catch (SpecException e) {
            throw e.under("weight_hh");
        }
        ResolvedInit bias;
        try {
            bias = Initializers.recurrentBias(r.bias(), h, g * h);
        } catch (SpecException e) {
            throw e.under("bias");
        }
        int blocks = r.perGate() ? g : 1;
        var params = new ArrayList<ResolvedParam>();
        params.add(new ResolvedParam("weight_ih", g * h, input, blocks, ihFans, wih));
        params.add(new ResolvedParam("weight_hh", g * h, h, blocks, hhFans, whh));
        Fans biasFans = new Fans(h, g * h, g * h, 1);
        params.add(new ResolvedParam("bias_ih", g * h, 1, 1, biasFans, bias));
        params.add(new ResolvedParam("bias_hh", g * h, 1, 1, biasFans, bias));
        Shape out = nextRecurrent ? Shape.sequence(in.steps(), h) : Shape.flat(h);
        return new ResolvedLayer(index, specIndex, r, in, out, hhFans, whh, bias, params);
    }
}
