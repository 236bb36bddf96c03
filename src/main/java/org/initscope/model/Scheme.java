package org.initscope.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every initialization scheme, named and parameterized as in torch.nn.init (PyTorch 1.13 to current) or, for the
 * Keras names, as in keras.initializers (Keras 2.2+/3). Formulas: {@link Initializers}.
 */
public enum Scheme {
    ZEROS("zeros", "torch.nn.init.zeros_", true, "W = 0"),
    ONES("ones", "torch.nn.init.ones_", false, "W = 1"),
    CONSTANT("constant", "torch.nn.init.constant_", true, "W = value",
            ParamDef.number("value", 0.0, "the value every entry gets")),
    UNIFORM("uniform", "torch.nn.init.uniform_", true, "W ~ U(a, b)",
            ParamDef.number("a", 0.0, "lower bound"), ParamDef.number("b", 1.0, "upper bound")),
    NORMAL("normal", "torch.nn.init.normal_", true, "W ~ N(mean, std²)",
            ParamDef.number("mean", 0.0, "mean"), ParamDef.number("std", 1.0, "standard deviation")),
    TRUNC_NORMAL("trunc_normal", "torch.nn.init.trunc_normal_", false,
            "W ~ N(mean, std²) restricted to [a, b]; a and b are absolute values, no variance correction",
            ParamDef.number("mean", 0.0, "mean of the normal before truncation"),
            ParamDef.number("std", 1.0, "std of the normal before truncation"),
            ParamDef.number("a", -2.0, "lower cut-off (absolute, not in multiples of std)"),
            ParamDef.number("b", 2.0, "upper cut-off (absolute, not in multiples of std)")),
    EYE("eye", "torch.nn.init.eye_", false, "W = I (square layers only)"),
    DIRAC("dirac", "torch.nn.init.dirac_", false,
            "conv kernels that pass each input channel through unchanged: 1 at the kernel centre of filter d for input "
                    + "channel d (per group), 0 elsewhere"),
    ORTHOGONAL("orthogonal", "torch.nn.init.orthogonal_", false,
            "W = gain·Q, Q from the QR decomposition of a Gaussian matrix (Saxe et al. 2014)",
            ParamDef.gain("gain", "scale factor; \"auto\" = calculate_gain of the layer's activation")),
    SPARSE("sparse", "torch.nn.init.sparse_", false,
            "W ~ N(0, std²), then ceil(sparsity·fan_out) entries of every column set to 0 (Martens 2010)",
            ParamDef.number("sparsity", null, "fraction of each column set to zero, in [0, 1)"),
            ParamDef.number("std", 0.01, "standard deviation of the non-zero entries")),
    XAVIER_UNIFORM("xavier_uniform", "torch.nn.init.xavier_uniform_", false,
            "W ~ U(±bound), bound = gain·√(6/(fan_in+fan_out)) (Glorot & Bengio 2010)",
            ParamDef.gain("gain", "scale factor; \"auto\" = calculate_gain of the layer's activation")),
    XAVIER_NORMAL("xavier_normal", "torch.nn.init.xavier_normal_", false,
            "W ~ N(0, std²), std = gain·√(2/(fan_in+fan_out)) (Glorot & Bengio 2010)",
            ParamDef.gain("gain", "scale factor; \"auto\" = calculate_gain of the layer's activation")),
    KAIMING_UNIFORM("kaiming_uniform", "torch.nn.init.kaiming_uniform_", false,
            "W ~ U(±bound), bound = gain·√(3/fan), gain = calculate_gain(nonlinearity, a) (He et al. 2015)",
            kaimingA(), kaimingMode(), kaimingNonlinearity()),
    KAIMING_NORMAL("kaiming_normal", "torch.nn.init.kaiming_normal_", false,
            "W ~ N(0, std²), std = gain/√fan, gain = calculate_gain(nonlinearity, a) (He et al. 2015)",
            kaimingA(), kaimingMode(), kaimingNonlinearity()),
    TORCH_DEFAULT("torch_default", "nn.Linear.reset_parameters", true,
            "W ~ U(±1/√fan_in): kaiming_uniform_(a=√5); the bias is U(±1/√fan_in) too"),
    LECUN_NORMAL("lecun_normal", "keras.initializers.LecunNormal", false,
            "truncated normal (±2 stddev) with std = √(1/fan_in) (LeCun et al. 1998)"),
    LECUN_UNIFORM("lecun_uniform", "keras.initializers.LecunUniform", false,
            "W ~ U(±limit), limit = √(3/fan_in)"),
    GLOROT_UNIFORM("glorot_uniform", "keras.initializers.GlorotUniform", false,
            "W ~ U(±limit), limit = √(6/(fan_in+fan_out)) (the Keras Dense default)"),
    GLOROT_NORMAL("glorot_normal", "keras.initializers.GlorotNormal", false,
            "truncated normal (±2 stddev) with std = √(2/(fan_in+fan_out))"),
    HE_UNIFORM("he_uniform", "keras.initializers.HeUniform", false, "W ~ U(±limit), limit = √(6/fan_in)"),
    HE_NORMAL("he_normal", "keras.initializers.HeNormal", false,
            "truncated normal (±2 stddev) with std = √(2/fan_in)"),
    VARIANCE_SCALING("variance_scaling", "keras.initializers.VarianceScaling", false,
            "s = scale/max(1, n), n = fan_in | fan_out | (fan_in+fan_out)/2; truncated_normal: stddev = "
                    + "√s/0.87962566103423978 cut at ±2·stddev (std √s); untruncated_normal: N(0, s); "
                    + "uniform: U(±√(3s))",
            ParamDef.number("scale", 1.0, "scaling factor, > 0"),
            ParamDef.choice("mode", "fan_in", List.of("fan_in", "fan_out", "fan_avg"), "which fan n is"),
            ParamDef.choice("distribution", "truncated_normal",
                    List.of("truncated_normal", "untruncated_normal", "uniform", "normal"),
                    "\"normal\" is Keras' alias of truncated_normal")),
    FIXUP("fixup", "Zhang, Dauphin & Ma 2019 (Fixup)", false,
            "in a residual branch of m layers among L branches: the last layer W = 0; the others W ~ N(0, std²), "
                    + "std = gain/√fan·L^(−1/(2m−2)) (He et al., scaled down); outside the branches He's std; a scalar "
                    + "bias 0 before each layer and each activation, and the branch's multiplier α = 1",
            ParamDef.choice("mode", "fan_in", List.of("fan_in", "fan_out"),
                    "the fan of He's std before the scaling (Fixup's code uses fan_out; equal for square layers)")),
    LSUV("lsuv", "Mishkin & Matas 2016 (LSUV)", false,
            "orthonormal W = Q (std 1/√max(rows, cols)), then, layer after layer from the input, W ÷ √Var[z] on the "
                    + "probe batch (training: the first rows of the data) until |Var[z] − 1| < tol, at most max_iter "
                    + "passes",
            ParamDef.number("tol", 0.1, "the tolerance on |Var[z] − 1|, between 0 and 1"),
            ParamDef.number("max_iter", 10.0, "the most rescaling passes per layer, 0 to 100"));

    /** The nonlinearity names torch.nn.init.calculate_gain accepts. */
    public static final List<String> TORCH_NONLINEARITIES = Names.TORCH;

    /** Holder: enum constants are built before the enum's own static fields. */
    private static final class Names {
        static final List<String> TORCH = List.of("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
                "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu");
    }

    private final String id;
    private final String source;
    private final boolean biasScheme;
    private final String summary;
    private final List<ParamDef> params;

    Scheme(String id, String source, boolean biasScheme, String summary, ParamDef... params) {
        this.id = id;
        this.source = source;
        this.biasScheme = biasScheme;
        this.summary = summary;
        this.params = List.of(params);
    }

    private static ParamDef kaimingA() {
        return ParamDef.number("a", 0.0, "negative slope of the rectifier (used only with leaky_relu)");
    }

    private static ParamDef kaimingMode() {
        return ParamDef.choice("mode", "fan_in", List.of("fan_in", "fan_out"),
                "fan_in preserves the forward variance, fan_out the backward one");
    }

    private static ParamDef kaimingNonlinearity() {
        var names = new ArrayList<>(Names.TORCH);
        names.add(ParamDef.AUTO);
        return ParamDef.choice("nonlinearity", "leaky_relu", names,
                "\"auto\" = the layer's activation (with its negative_slope as a)");
    }

    /** The config name, e.g. {@code xavier_normal}. */
    public String id() {
        return id;
    }

    /** Where the scheme comes from, e.g. {@code torch.nn.init.xavier_normal_}. */
    public String source() {
        return source;
    }

    /** Whether the scheme may initialize a bias vector (zeros, constant, uniform, normal, torch_default). */
    public boolean biasScheme() {
        return biasScheme;
    }

    public String summary() {
        return summary;
    }

    public List<ParamDef> params() {
        return params;
    }

    public Optional<ParamDef> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Scheme::id).toList();
    }

    /** The schemes a dense layer's weights can take: all but dirac (conv kernels only). */
    public static List<Scheme> weightSchemes() {
        return Arrays.stream(values()).filter(s -> s != DIRAC).toList();
    }

    public static List<String> biasIds() {
        return Arrays.stream(values()).filter(Scheme::biasScheme).map(Scheme::id).toList();
    }

    public static Optional<Scheme> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
