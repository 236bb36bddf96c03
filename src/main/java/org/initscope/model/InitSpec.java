package org.initscope.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An initializer: a scheme and the parameters the user set explicitly (the others take the scheme's defaults).
 * Values are {@link Double} for numbers and {@link String} for choices and for {@code "auto"}.
 */
public record InitSpec(Scheme scheme, Map<String, Object> params) {

    public InitSpec {
        Objects.requireNonNull(scheme, "scheme");
        var checked = new LinkedHashMap<String, Object>();
        // keep the scheme's parameter order, so that saved configs and the inspector read the same way
        for (ParamDef def : scheme.params()) {
            if (params.containsKey(def.name())) {
                checked.put(def.name(), check(scheme, def, params.get(def.name())));
            }
        }
        for (String name : params.keySet()) {
            if (scheme.param(name).isEmpty()) {
                throw new SpecException(name, "unknown parameter '" + name + "' for " + scheme.id() + "; "
                        + allowedParams(scheme));
            }
        }
        for (ParamDef def : scheme.params()) {
            if (def.required() && !checked.containsKey(def.name())) {
                throw new SpecException(def.name(), scheme.id() + " needs '" + def.name() + "' (" + def.help()
                        + ")");
            }
        }
        params = Collections.unmodifiableMap(checked);
    }

    public static InitSpec of(Scheme scheme) {
        return new InitSpec(scheme, Map.of());
    }

    public static InitSpec of(Scheme scheme, Object... keyValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            map.put((String) keyValues[i], v instanceof Number n ? (Object) n.doubleValue() : v);
        }
        return new InitSpec(scheme, map);
    }

    private static String allowedParams(Scheme scheme) {
        if (scheme.params().isEmpty()) {
            return "it takes no parameters";
        }
        return "allowed: " + String.join(", ", scheme.params().stream().map(ParamDef::name).toList());
    }

    private static Object check(Scheme scheme, ParamDef def, Object value) {
        if (value instanceof Number n) {
            value = n.doubleValue();
        }
        if (def.kind() == ParamDef.Kind.NUMBER) {
            if (value instanceof Double d) {
                if (!Double.isFinite(d)) {
                    throw new SpecException(def.name(), def.name() + " must be a finite number, got " + d);
                }
                return d;
            }
            if (def.autoAllowed() && ParamDef.AUTO.equals(value)) {
                return ParamDef.AUTO;
            }
            throw new SpecException(def.name(), def.name() + " of " + scheme.id() + " must be " + def.allowedText()
                    + ", got " + describe(value));
        }
        if (value instanceof String s && def.choices().contains(s)) {
            return s;
        }
        throw new SpecException(def.name(), def.name() + " of " + scheme.id() + " must be one of "
                + def.allowedText() + ", got " + describe(value) + Suggest.didYouMean(value, def.choices()));
    }

    static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    /** The value of a parameter: the one set, or the scheme's default. */
    public Object value(String name) {
        Object v = params.get(name);
        if (v != null) {
            return v;
        }
        return scheme.param(name).orElseThrow(() -> new IllegalArgumentException(scheme.id() + " has no " + name))
                .defaultValue();
    }

    public double number(String name) {
        return (Double) value(name);
    }

    public String choice(String name) {
        return (String) value(name);
    }

    public boolean isAuto(String name) {
        return ParamDef.AUTO.equals(value(name));
    }

    /** A copy with one parameter set (validated). */
    public InitSpec with(String name, Object value) {
        var map = new LinkedHashMap<>(params);
        map.put(name, value);
        return new InitSpec(scheme, map);
    }

    /** Another scheme, keeping the parameters that it shares with this one. */
    public InitSpec withScheme(Scheme other) {
        var map = new LinkedHashMap<String, Object>();
        for (ParamDef def : other.params()) {
            Object v = params.get(def.name());
            if (v != null && def.kind() == scheme.param(def.name()).map(ParamDef::kind).orElse(null)) {
                try {
                    check(other, def, v);
                    map.put(def.name(), v);
                } catch (SpecException ignored) {
                    // not valid for the other scheme: it takes its default
                }
            }
        }
        for (ParamDef def : other.params()) {
            if (def.required() && !map.containsKey(def.name())) {
                map.put(def.name(), starterValue(def));
            }
        }
        return new InitSpec(other, map);
    }

    /** A sensible first value for a required parameter that has no default (sparse's sparsity). */
    private static Object starterValue(ParamDef def) {
        return "sparsity".equals(def.name()) ? 0.1 : 0.0;
    }

    /** e.g. {@code xavier_normal(gain=auto)} or {@code normal(std=0.01)}: the explicitly set parameters. */
    public String label() {
        if (params.isEmpty()) {
            return scheme.id();
        }
        var parts = new StringBuilder();
        params.forEach((k, v) -> {
            if (parts.length() > 0) {
                parts.append(", ");
            }
            parts.append(k).append('=').append(v instanceof Double d ? Fmt.num(d) : v);
        });
        return scheme.id() + "(" + parts + ")";
    }
}
