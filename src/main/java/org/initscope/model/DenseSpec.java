package org.initscope.model;

import java.util.Objects;

/**
 * A fully connected layer z = a·Wᵀ + b, a' = φ(z), with PyTorch's weight layout (units × inputs).
 * Defaults: weights {@code torch_default} (what nn.Linear does), bias {@code zeros}, activation {@code linear}.
 * {@code scale} multiplies every weight the initializer draws (1 = the initializer as is): the app's scale slider.
 * {@code residual}, when not null, makes it a residual layer a' = x + α·φ(z) over a branch of one or more layers
 * ({@link Residual}; units must equal the branch's inputs); null = plain.
 */
public record DenseSpec(int units, ActivationSpec activation, InitSpec init, InitSpec bias, double scale,
        Residual residual, int repeat) implements WeightedSpec {

    /** The scale slider's range: 1/1000 to 1000 times the initializer. */
    public static final double MIN_SCALE = 1e-3;
    public static final double MAX_SCALE = 1e3;

    public static final InitSpec DEFAULT_INIT = InitSpec.of(Scheme.TORCH_DEFAULT);
    public static final InitSpec DEFAULT_BIAS = InitSpec.of(Scheme.ZEROS);

    public DenseSpec {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(bias, "bias");
        if (units < 1) {
            throw new SpecException("units", "units must be ≥ 1, got " + units);
        }
        Limits.width("units", units);
        if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
            throw new SpecException("scale", "scale must be between " + Fmt.num(MIN_SCALE) + " and "
                    + Fmt.num(MAX_SCALE) + ", got " + Fmt.num(scale));
        }
        if (repeat < 1) {
            throw new SpecException("repeat", "repeat must be ≥ 1, got " + repeat);
        }
        if (!bias.scheme().biasScheme()) {
            throw new SpecException("bias.scheme", "'" + bias.scheme().id() + "' cannot initialize a bias; allowed: "
                    + String.join(", ", Scheme.biasIds()));
        }
    }

    public DenseSpec(int units, ActivationSpec activation, InitSpec init, InitSpec bias, double scale, int repeat) {
        this(units, activation, init, bias, scale, null, repeat);
    }

    public DenseSpec(int units, ActivationSpec activation, InitSpec init, InitSpec bias, int repeat) {
        this(units, activation, init, bias, 1.0, null, repeat);
    }

    public static DenseSpec of(int units, Activation activation, InitSpec init) {
        return new DenseSpec(units, ActivationSpec.of(activation), init, DEFAULT_BIAS, 1);
    }

    @Override
    public String type() {
        return "dense";
    }

    @Override
    public String label() {
        return "dense " + units + (residual != null ? " residual" : "");
    }

    public boolean isResidual() {
        return residual != null;
    }

    /** α of a residual layer at initialization; 0 for a plain one. */
    public double alpha() {
        return residual == null ? 0 : residual.alpha();
    }

    @Override
    public DenseSpec withRepeat(int r) {
        return new DenseSpec(units, activation, init, bias, scale, residual, r);
    }

    public DenseSpec withUnits(int u) {
        return new DenseSpec(u, activation, init, bias, scale, residual, repeat);
    }

    @Override
    public DenseSpec withActivation(ActivationSpec a) {
        return new DenseSpec(units, a, init, bias, scale, residual, repeat);
    }

    @Override
    public DenseSpec withInit(InitSpec i) {
        return new DenseSpec(units, activation, i, bias, scale, residual, repeat);
    }

    @Override
    public DenseSpec withScale(double s) {
        return new DenseSpec(units, activation, init, bias, s, residual, repeat);
    }

    @Override
    public DenseSpec withBias(InitSpec b) {
        return new DenseSpec(units, activation, init, b, scale, residual, repeat);
    }

    /** A residual layer with this skip connection, or a plain one (null). */
    public DenseSpec withResidual(Residual r) {
        return new DenseSpec(units, activation, init, bias, scale, r, repeat);
    }
}
