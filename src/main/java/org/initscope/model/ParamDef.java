package org.initscope.model;

import java.util.List;

/**
 * One parameter of an initializer: its name as in PyTorch/Keras, its kind, and its default (null when required).
 *
 * @param autoAllowed for numbers: whether {@code "auto"} is accepted (gain from the layer's activation)
 */
public record ParamDef(String name, Kind kind, Object defaultValue, List<String> choices, boolean autoAllowed,
        String help) {

    public static final String AUTO = "auto";

    public enum Kind { NUMBER, CHOICE }

    public ParamDef {
        choices = List.copyOf(choices);
    }

    static ParamDef number(String name, Double defaultValue, String help) {
        return new ParamDef(name, Kind.NUMBER, defaultValue, List.of(), false, help);
    }

    static ParamDef gain(String name, String help) {
        return new ParamDef(name, Kind.NUMBER, 1.0, List.of(), true, help);
    }

    static ParamDef choice(String name, String defaultValue, List<String> choices, String help) {
        return new ParamDef(name, Kind.CHOICE, defaultValue, choices, false, help);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The default as text, e.g. {@code 0.01}, {@code fan_in}, or {@code (required)}. */
    public String defaultText() {
        if (defaultValue == null) {
            return "(required)";
        }
        return defaultValue instanceof Double d ? Fmt.num(d) : defaultValue.toString();
    }

    /** What values are accepted, for error messages and the {@code schemes} listing. */
    public String allowedText() {
        if (kind == Kind.CHOICE) {
            return String.join(" | ", choices);
        }
        return autoAllowed ? "a number or \"auto\"" : "a number";
    }
}
