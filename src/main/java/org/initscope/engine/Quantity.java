package org.initscope.engine;

import java.util.Arrays;
import java.util.Optional;

/** The tensors of a layer that the engine measures, with their JSON names and how they are shown. */
public enum Quantity {
    WEIGHTS("weights", "weights W", "W"),
    BIASES("biases", "biases b", "b"),
    PRE_ACTIVATIONS("preActivations", "pre-activations z", "z"),
    ACTIVATIONS("activations", "activations a", "a"),
    ACTIVATION_GRADIENTS("activationGradients", "activation gradients ∂L/∂a", "∂L/∂a"),
    PRE_ACTIVATION_GRADIENTS("preActivationGradients", "pre-activation gradients ∂L/∂z", "∂L/∂z"),
    WEIGHT_GRADIENTS("weightGradients", "weight gradients ∂L/∂W", "∂L/∂W"),
    BIAS_GRADIENTS("biasGradients", "bias gradients ∂L/∂b", "∂L/∂b");

    private final String key;
    private final String label;
    private final String symbol;

    Quantity(String key, String label, String symbol) {
        this.key = key;
        this.label = label;
        this.symbol = symbol;
    }

    /** The JSON key, e.g. {@code preActivations}. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String symbol() {
        return symbol;
    }

    public static Optional<Quantity> byKey(String key) {
        return Arrays.stream(values()).filter(q -> q.key.equals(key)).findFirst();
    }
}
