package org.initscope.model;

import java.util.ArrayList;
import java.util.List;
import org.initscope.math.Normal;

/**
 * Every scheme's formula: from an {@link InitSpec}, the fans and the layer's activation to the exact
 * distribution of one entry, with the formula written out with the actual numbers. Semantics follow
 * torch.nn.init (PyTorch 1.13 = current) and keras.initializers (Keras 2.2+/3); see README "Initializers".
 */
public final class Initializers {
    /** Keras' std of N(0,1) truncated to [-2, 2], as written in keras/src/initializers/random_initializers.py. */
    public static final double KERAS_TRUNCATION_STD = 0.87962566103423978;

    private Initializers() {
    }

    /** Resolve a weight initializer. */
    public static ResolvedInit weight(InitSpec spec, Fans fans, ActivationSpec activation) {
        return new Resolver(spec, fans, activation).resolve();
    }

    /**
     * Resolve a dense layer's weight initializer knowing where the layer sits in the network's residual branches
     * ({@code branch} null outside them): Fixup's rules depend on it.
     */
    public static ResolvedInit weight(InitSpec spec, Fans fans, ActivationSpec activation, Branch branch) {
        var r = new Resolver(spec, fans, activation);
        r.branch = branch;
        return r.resolve();
    }

    /** A Conv2d weight (C_out, C_in/groups, kH, kW): dirac applies, eye and sparse (2-D only) do not. */
    public static ResolvedInit convWeight(InitSpec spec, Fans fans, ActivationSpec activation, int groups,
            int outChannels, int inPerGroup, int kh, int kw) {
        var r = new Resolver(spec, fans, activation);
        r.conv = new int[] {groups, outChannels, inPerGroup, kh, kw};
        return r.resolve();
    }

    /**
     * A recurrent weight or one gate block of it: torch_default is PyTorch's RNN/LSTM default, U(±1/√hidden_size)
     * for every parameter, whatever the fans.
     */
    public static ResolvedInit recurrentWeight(InitSpec spec, Fans fans, ActivationSpec activation, int hidden) {
        var r = new Resolver(spec, fans, activation);
        r.hidden = hidden;
        return r.resolve();
    }

    /** A recurrent bias (b_ih or b_hh): torch_default is U(±1/√hidden_size). */
    public static ResolvedInit recurrentBias(InitSpec spec, int hidden, int size) {
        if (!spec.scheme().biasScheme()) {
            throw new SpecException("scheme", "'" + spec.scheme().id() + "' cannot initialize a bias; allowed: "
                    + String.join(", ", Scheme.biasIds()));
        }
        var r = new Resolver(spec, new Fans(hidden, size, size, 1), null);
        r.hidden = hidden;
        return r.resolveBias();
    }

    /** Resolve a bias initializer; {@code fanIn} is the fan_in of the layer's weight (torch_default uses it). */
    public static ResolvedInit bias(InitSpec spec, int fanIn, int units) {
        if (!spec.scheme().biasScheme()) {
            throw new SpecException("scheme", "'" + spec.scheme().id() + "' cannot initialize a bias; allowed: "
                    + String.join(", ", Scheme.biasIds()));
        }
        return new Resolver(spec, new Fans(fanIn, units, units, 1), null).resolveBias();
    }

    private static final class Resolver {
        private final InitSpec spec;
        private final Fans fans;
        private final ActivationSpec activation;
        private final List<String> warnings = new ArrayList<>();
        /** {groups, C_out, C_in/groups, kH, kW} for a conv weight, null otherwise. */
        private int[] conv;
        /** hidden_size for a recurrent parameter, 0 otherwise. */
        private int hidden;
        /** A dense layer's place in the residual branches (null outside them). */
        private Branch branch;

        Resolver(InitSpec spec, Fans fans, ActivationSpec activation) {
            this.spec = spec;
            this.fans = fans;
            this.activation = activation;
        }

        ResolvedInit resolve() {
            Scheme s = spec.scheme();
            return switch (s) {
                case ZEROS -> constant(0.0);
                case ONES -> constant(1.0);
                case CONSTANT -> constant(spec.number("value"));
                case UNIFORM -> uniform();
                case NORMAL -> normal();
                case TRUNC_NORMAL -> truncNormal();
                case EYE -> eye();
                case DIRAC -> dirac();
                case ORTHOGONAL -> orthogonal();
                case SPARSE -> sparse();
                case XAVIER_UNIFORM -> xavierUniform();
                case XAVIER_NORMAL -> xavierNormal();
                case KAIMING_UNIFORM, KAIMING_NORMAL -> kaiming(s == Scheme.KAIMING_UNIFORM);
                case TORCH_DEFAULT -> torchDefault();
                case LECUN_NORMAL -> keras(1, "fan_in", "truncated_normal");
                case LECUN_UNIFORM -> keras(1, "fan_in", "uniform");
                case GLOROT_UNIFORM -> keras(1, "fan_avg", "uniform");
                case GLOROT_NORMAL -> keras(1, "fan_avg", "truncated_normal");
                case HE_UNIFORM -> keras(2, "fan_in", "uniform");
                case HE_NORMAL -> keras(2, "fan_in", "truncated_normal");
                case VARIANCE_SCALING -> keras(spec.number("scale"), spec.choice("mode"), spec.choice("distribution"));
                case FIXUP -> fixup();
                case LSUV -> lsuv();
            };
        }

        ResolvedInit resolveBias() {
            return switch (spec.scheme()) {
                case ZEROS -> constant(0.0);
                case CONSTANT -> constant(spec.number("value"));
                case UNIFORM -> uniform();
                case NORMAL -> normal();
                case TORCH_DEFAULT -> {
                    if (hidden > 0) {
                        yield recurrentDefault();
                    }
                    double bound = 1 / Math.sqrt(fans.fanIn());
                    yield uniformResult(-bound, bound, null, "bound = 1/√fan_in = 1/√" + fans.fanIn() + " = "
                            + Fmt.f4(bound) + "; std = bound/√3 = " + Fmt.f4(bound / Math.sqrt(3)));
                }
                default -> throw new SpecException("scheme", "'" + spec.scheme().id() + "' cannot initialize a bias");
            };
        }

        private ResolvedInit result(Sampling sampling, double mean, double std, Double bound, Gain gain,
                String formula, boolean zeroMeanIid) {
            return new ResolvedInit(spec, sampling, mean, std, bound, gain, formula, zeroMeanIid, warnings);
        }

        private ResolvedInit constant(double v) {
            return result(new Sampling.Constant(v), v, 0.0, null, null, "every entry = " + Fmt.num(v), v == 0);
        }

        private ResolvedInit uniform() {
            double a = spec.number("a");
            double b = spec.number("b");
            if (!(a < b)) {
                throw new SpecException("a", "uniform needs a < b, got a = " + Fmt.num(a) + ", b = " + Fmt.num(b));
            }
            return uniformResult(a, b, null, "U(" + Fmt.num(a) + ", " + Fmt.num(b) + "): std = (b−a)/√12 = "
                    + Fmt.f4((b - a) / Math.sqrt(12)));
        }

        private ResolvedInit uniformResult(double low, double high, Gain gain, String formula) {
            double mean = 0.5 * (low + high);
            double std = (high - low) / Math.sqrt(12);
            return result(new Sampling.Uniform(low, high), mean, std, 0.5 * (high - low), gain, formula,
                    Math.abs(mean) <= 1e-12 * (high - low));
        }

        private ResolvedInit normal() {
            double mean = spec.number("mean");
            double std = spec.number("std");
            if (std < 0) {
                throw new SpecException("std", "std must be ≥ 0, got " + Fmt.num(std));
            }
            return result(new Sampling.Normal(mean, std), mean, std, null, null,
                    "N(" + Fmt.num(mean) + ", " + Fmt.num(std) + "²): std = " + Fmt.num(std), mean == 0);
        }

        private ResolvedInit truncNormal() {
            double mean = spec.number("mean");
            double std = spec.number("std");
            double a = spec.number("a");
            double b = spec.number("b");
            if (!(std > 0)) {
                throw new SpecException("std", "trunc_normal needs std > 0, got " + Fmt.num(std));
            }
            if (!(a < b)) {
                throw new SpecException("a", "trunc_normal needs a < b, got a = " + Fmt.num(a) + ", b = " + Fmt.num(b));
            }
            if (mean < a - 2 * std || mean > b + 2 * std) {
                // PyTorch warns about this too: the distribution of values may be incorrect
                warnings.add("mean is more than 2 std from [a, b]: almost every draw is cut off");
            }
            double[] m = Normal.truncatedMoments(mean, std, a, b);
            return result(new Sampling.TruncatedNormal(mean, std, a, b), m[0], m[1], null, null,
                    "N(" + Fmt.num(mean) + ", " + Fmt.num(std) + "²) cut to [" + Fmt.num(a) + ", " + Fmt.num(b)
                            + "] (absolute bounds, no variance correction): std = " + Fmt.f4(m[1]),
                    Math.abs(m[0]) < 1e-12 * m[1]);
        }

        private ResolvedInit recurrentDefault() {
            double bound = 1 / Math.sqrt(hidden);
            return uniformResult(-bound, bound, null, "every RNN/LSTM parameter ~ U(±1/√hidden_size): bound = 1/√"
                    + hidden + " = " + Fmt.f4(bound) + "; std = bound/√3 = " + Fmt.f4(bound / Math.sqrt(3)));
        }

        private ResolvedInit dirac() {
            if (conv == null) {
                throw new SpecException("scheme", "dirac needs a conv weight (3-, 4- or 5-D, as torch.nn.init.dirac_); "
                        + "for a dense layer use eye");
            }
            int groups = conv[0];
            int out = conv[1];
            int inPerGroup = conv[2];
            long count = (long) out * inPerGroup * conv[3] * conv[4];
            long ones = (long) groups * Math.min(out / groups, inPerGroup);
            double mean = (double) ones / count;
            double std = Math.sqrt(mean * (1 - mean));
            return result(new Sampling.Dirac(1.0, groups, out, inPerGroup, conv[3], conv[4]), mean, std, null, null,
                    "identity kernels: " + ones + " ones at kernel centres among " + count + " entries: mean = "
                            + Fmt.f4(mean) + ", std = " + Fmt.f4(std), false);
        }

        private ResolvedInit eye() {
            if (conv != null) {
                throw new SpecException("scheme", "eye needs a 2-D weight (torch.nn.init.eye_); for a conv layer use "
                        + "dirac");
            }
            if (fans.rows() != fans.cols()) {
                throw new SpecException("scheme", "eye needs a square weight, but this layer's is " + fans.rows()
                        + "×" + fans.cols() + " (units × inputs); make units equal to the layer's inputs");
            }
            double n = fans.rows();
            double mean = 1 / n;
            double std = Math.sqrt(mean * (1 - mean));
            return result(new Sampling.Eye(1.0), mean, std, null, null, "W = I (" + fans.rows() + "×" + fans.cols()
                    + "): mean = 1/n = " + Fmt.f4(mean) + ", std = √((1/n)(1−1/n)) = " + Fmt.f4(std), false);
        }

        private ResolvedInit orthogonal() {
            Gain gain = gain();
            int max = Math.max(fans.rows(), fans.cols());
            double std = Math.abs(gain.value()) / Math.sqrt(max);
            String which = fans.rows() <= fans.cols() ? "rows" : "columns";
            // the weight flattened to rows = size(0) by cols = numel/rows, as orthogonal_ draws it (for a conv,
            // cols = C_in/groups·kH·kW: not fan_out = C_out·kH·kW)
            return result(new Sampling.Orthogonal(gain.value()), 0.0, std, null, gain,
                    "W = gain·Q, orthonormal " + which + " of the weight flattened to " + fans.rows() + " × "
                            + fans.cols() + "; std = gain/√max(" + fans.rows() + ", " + fans.cols() + ") = "
                            + Fmt.f4(gain.value()) + "/√" + max + " = " + Fmt.f4(std), true);
        }

        private ResolvedInit sparse() {
            if (conv != null) {
                throw new SpecException("scheme", "sparse needs a 2-D weight (torch.nn.init.sparse_)");
            }
            double sparsity = spec.number("sparsity");
            double std = spec.number("std");
            if (!(sparsity >= 0 && sparsity < 1)) {
                throw new SpecException("sparsity", "sparsity must be in [0, 1), got " + Fmt.num(sparsity));
            }
            if (std < 0) {
                throw new SpecException("std", "std must be ≥ 0, got " + Fmt.num(std));
            }
            int rows = fans.rows();
            int zeros = (int) Math.ceil(sparsity * rows);
            double entryStd = std * Math.sqrt((double) (rows - zeros) / rows);
            return result(new Sampling.Sparse(std, zeros), 0.0, entryStd, null, null,
                    "N(0, " + Fmt.num(std) + "²) with ceil(" + Fmt.num(sparsity) + "·" + rows + ") = " + zeros
                            + " zeros per column: std = " + Fmt.num(std) + "·√(" + (rows - zeros) + "/" + rows + ") = "
                            + Fmt.f4(entryStd), true);
        }

        private Gain gain() {
            if (spec.isAuto("gain")) {
                return Gain.auto(activation);
            }
            double g = spec.number("gain");
            if (g < 0) {
                throw new SpecException("gain", "gain must be ≥ 0, got " + Fmt.num(g));
            }
            return Gain.user(g);
        }

        private ResolvedInit xavierUniform() {
            Gain gain = gain();
            int sum = fans.fanIn() + fans.fanOut();
            double bound = gain.value() * Math.sqrt(6.0 / sum);
            return uniformResult(-bound, bound, gain, "bound = gain·√(6/(fan_in+fan_out)) = " + Fmt.f4(gain.value())
                    + "·√(6/" + sum + ") = " + Fmt.f4(bound) + "; std = bound/√3 = " + Fmt.f4(bound / Math.sqrt(3)));
        }

        private ResolvedInit xavierNormal() {
            Gain gain = gain();
            int sum = fans.fanIn() + fans.fanOut();
            double std = gain.value() * Math.sqrt(2.0 / sum);
            return result(new Sampling.Normal(0, std), 0.0, std, null, gain, "std = gain·√(2/(fan_in+fan_out)) = "
                    + Fmt.f4(gain.value()) + "·√(2/" + sum + ") = " + Fmt.f4(std), true);
        }

        private ResolvedInit kaiming(boolean uniform) {
            String mode = spec.choice("mode");
            int fan = "fan_in".equals(mode) ? fans.fanIn() : fans.fanOut();
            double a = spec.number("a");
            Gain gain;
            if (spec.isAuto("nonlinearity")) {
                gain = Gain.auto(activation);
            } else {
                gain = Gain.calculate(spec.choice("nonlinearity"), a);
            }
            double std = gain.value() / Math.sqrt(fan);
            if (uniform) {
                double bound = Math.sqrt(3.0) * std;
                return uniformResult(-bound, bound, gain, "bound = gain·√(3/" + mode + ") = " + Fmt.f4(gain.value())
                        + "·√(3/" + fan + ") = " + Fmt.f4(bound) + "; std = gain/√" + mode + " = " + Fmt.f4(std));
            }
            return result(new Sampling.Normal(0, std), 0.0, std, null, gain, "std = gain/√" + mode + " = "
                    + Fmt.f4(gain.value()) + "/√" + fan + " = " + Fmt.f4(std), true);
        }

        private ResolvedInit torchDefault() {
            if (hidden > 0) {
                return recurrentDefault();
            }
            double bound = 1 / Math.sqrt(fans.fanIn());
            Gain gain = new Gain(1 / Math.sqrt(3), "kaiming_uniform_(a=√5): calculate_gain('leaky_relu', √5) = "
                    + "√(2/(1+5)) = 1/√3");
            return uniformResult(-bound, bound, gain, "bound = gain·√(3/fan_in) = 1/√fan_in = 1/√" + fans.fanIn()
                    + " = " + Fmt.f4(bound) + "; std = 1/√(3·fan_in) = " + Fmt.f4(bound / Math.sqrt(3)));
        }

        /**
         * Fixup (Zhang, Dauphin &amp; Ma 2019, §3): the last layer of every residual branch starts at 0, so that each
         * block starts as the identity; the other layers of a branch get He's std scaled by L^(−1/(2m−2)), so that
         * the L branches together change the output by Θ(1) in the first updates, whatever L; layers outside the
         * branches get He's std as it is (the classification layer the trainer adds starts at 0).
         */
        private ResolvedInit fixup() {
            if (conv != null || hidden > 0) {
                throw new SpecException("scheme", "fixup is built here for the dense layers of residual branches "
                        + "(Zhang et al. 2019); this layer is not a dense layer");
            }
            String mode = spec.choice("mode");
            int fan = "fan_in".equals(mode) ? fans.fanIn() : fans.fanOut();
            Gain gain = Gain.auto(activation);
            double he = gain.value() / Math.sqrt(fan);
            if (branch == null) {
                return result(new Sampling.Normal(0, he), 0.0, he, null, gain, "Fixup, rule 2: a layer outside the "
                        + "residual branches gets He's std unscaled: gain/√" + mode + " = " + Fmt.f4(gain.value())
                        + "/√" + fan + " = " + Fmt.f4(he), true);
            }
            int l = branch.count();
            int m = branch.length();
            if (branch.last()) {
                if (activation != null && activation.derivative(0) == 0) {
                    warnings.add("φ'(0) = 0 for " + activation.kind().id() + ": this zero layer gets no gradient "
                            + "(z = 0 at the start) and the branch never learns; Fixup's branches end with a linear "
                            + "layer (a branch of two layers: " + activation.kind().id() + ", then linear)");
                }
                return result(new Sampling.Constant(0.0), 0.0, 0.0, null, null, "Fixup, rule 1: the last layer of "
                        + "residual branch " + branch.number() + " of " + l + " (m = " + m + " layers) starts at "
                        + "W = 0, so the block starts as the identity", true);
            }
            double factor = branch.fixupFactor();
            double std = he * factor;
            return result(new Sampling.Normal(0, std), 0.0, std, null, gain, "Fixup, rule 2: He std = gain/√"
                    + mode + " = " + Fmt.f4(gain.value()) + "/√" + fan + " = " + Fmt.f4(he) + ", × L^(−1/(2m−2)) = "
                    + l + "^(−1/" + (2 * m - 2) + ") = " + Fmt.f4(factor) + " (L = " + l + " branches of m = "
                    + m + " layers; this is layer " + branch.position() + " of branch " + branch.number() + "): std = "
                    + Fmt.f4(std), true);
        }

        /**
         * LSUV (Mishkin &amp; Matas 2016, Algorithm 1) before its data-dependent part: an orthonormal matrix (gain 1);
         * the engine then rescales it on a batch ({@code engine.Lsuv}) and the run's layer carries the factor found.
         */
        private ResolvedInit lsuv() {
            if (hidden > 0) {
                throw new SpecException("scheme", "lsuv rescales dense and conv layers; a recurrent layer's weights "
                        + "are applied at every step");
            }
            double tol = spec.number("tol");
            double maxIter = spec.number("max_iter");
            if (!(tol > 0 && tol < 1)) {
                throw new SpecException("tol", "tol must be between 0 and 1 (exclusive), got " + Fmt.num(tol));
            }
            if (maxIter != Math.rint(maxIter) || maxIter < 0 || maxIter > 100) {
                throw new SpecException("max_iter", "max_iter must be a whole number from 0 to 100, got "
                        + Fmt.num(maxIter));
            }
            int max = Math.max(fans.rows(), fans.cols());
            double std = 1 / Math.sqrt(max);
            return result(new Sampling.Orthogonal(1.0), 0.0, std, null, null, "LSUV: W = Q orthonormal, std = "
                    + "1/√max(" + fans.rows() + ", " + fans.cols() + ") = " + Fmt.f4(std) + "; then W ÷ √Var[z] on the "
                    + "probe batch, layer after layer from the input, until |Var[z] − 1| < " + Fmt.num(tol)
                    + " (at most " + Fmt.num(maxIter) + " passes): the factor found is the run's", true);
        }

        private ResolvedInit keras(double scale, String mode, String distribution) {
            if (!(scale > 0)) {
                throw new SpecException("scale", "scale must be > 0, got " + Fmt.num(scale));
            }
            double n = switch (mode) {
                case "fan_in" -> fans.fanIn();
                case "fan_out" -> fans.fanOut();
                default -> 0.5 * (fans.fanIn() + fans.fanOut());
            };
            String nText = switch (mode) {
                case "fan_in", "fan_out" -> Fmt.num(n);
                default -> "(" + fans.fanIn() + "+" + fans.fanOut() + ")/2";
            };
            double s = scale / Math.max(1.0, n);
            String sText = "s = scale/max(1, " + mode + ") = " + Fmt.num(scale) + "/" + nText + " = " + Fmt.f4(s);
            return switch (distribution) {
                case "uniform" -> {
                    double limit = Math.sqrt(3 * s);
                    yield uniformResult(-limit, limit, null, sText + "; limit = √(3s) = " + Fmt.f4(limit) + "; std = "
                            + Fmt.f4(limit / Math.sqrt(3)));
                }
                case "untruncated_normal" -> result(new Sampling.Normal(0, Math.sqrt(s)), 0.0, Math.sqrt(s), null,
                        null, sText + "; N(0, s): std = √s = " + Fmt.f4(Math.sqrt(s)), true);
                default -> {
                    double stddev = Math.sqrt(s) / KERAS_TRUNCATION_STD;
                    double std = stddev * Normal.truncatedStdFactor(2.0);
                    yield result(new Sampling.TruncatedNormal(0, stddev, -2 * stddev, 2 * stddev), 0.0, std, null,
                            null, sText + "; stddev = √s/0.87962566 = " + Fmt.f4(stddev)
                                    + ", cut at ±2·stddev: std = √s = " + Fmt.f4(std), true);
                }
            };
        }
    }
}
