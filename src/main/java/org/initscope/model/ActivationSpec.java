package org.initscope.model;

import java.util.Objects;

/**
 * An activation with its parameter: {@code negative_slope} for leaky_relu, {@code alpha} for elu; NaN for the
 * activations that take none.
 */
public record ActivationSpec(Activation kind, double param) {
    public ActivationSpec {
        Objects.requireNonNull(kind, "kind");
        if (kind.paramName().isEmpty()) {
            param = Double.NaN;
        } else if (!Double.isFinite(param)) {
            throw new IllegalArgumentException(kind.paramName().get() + " must be a finite number, got " + param);
        }
    }

    /** The activation with its default parameter (PyTorch's default). */
    public static ActivationSpec of(Activation kind) {
        return new ActivationSpec(kind, kind.paramDefault());
    }

    public double apply(double x) {
        return kind.apply(x, param);
    }

    public double derivative(double x) {
        return kind.derivative(x, param);
    }

    /** e.g. {@code tanh} or {@code leaky_relu(negative_slope=0.2)}. */
    public String label() {
        return kind.paramName().map(p -> kind.id() + "(" + p + "=" + Fmt.num(param) + ")").orElse(kind.id());
    }
}
