package org.initscope.controller;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.initscope.i18n.I18n;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;

/**
 * What an edit did, in words, from the networks before and after it: "change std of layer 3", "add layer 4",
 * "remove layer 2", "swap layers 2 and 3", "change the initializer of 5 layers". Read off the specs themselves (the fields
 * of the layer records that differ), so every edit gets a true label without each control naming its own.
 */
public final class EditLabels {
    /** A label in English with its numbers, shown translated in the language of the moment. */
    public record Label(String format, List<Object> args) {
        Label(String format, Object... args) {
            this(format, List.of(args));
        }

        /** The label in the current language (a field's English name translated, PyTorch's names kept). */
        public String text() {
            return I18n.f(format, args.stream().map(x -> x instanceof String w ? I18n.t(w)
                    : x instanceof Label l ? l.text() : x).toArray());
        }
    }

    /** PyTorch's names for the fields of the layer records (the others are shown as they are named). */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("units", "out_features"), Map.entry("outChannels", "out_channels"),
            Map.entry("kernelH", "kernel_size"), Map.entry("kernelW", "kernel_size"),
            Map.entry("strideH", "stride"), Map.entry("strideW", "stride"), Map.entry("padH", "padding"),
            Map.entry("padW", "padding"), Map.entry("hiddenSize", "hidden_size"),
            Map.entry("nonlinearity", "nonlinearity"), Map.entry("weightIh", "weight_ih"),
            Map.entry("weightHh", "weight_hh"), Map.entry("forgetBias", "forget-gate bias"),
            Map.entry("perGate", "per-gate initialization"), Map.entry("init", "weight initializer"),
            Map.entry("bias", "bias"), Map.entry("scale", "scale"), Map.entry("activation", "activation"),
            Map.entry("residual", "residual"), Map.entry("eps", "eps"), Map.entry("kind", "kind"),
            Map.entry("cell", "cell"), Map.entry("groups", "groups"), Map.entry("kernel", "kernel_size"),
            Map.entry("stride", "stride"));

    private EditLabels() {
    }

    static Label describe(NetworkSpec before, NetworkSpec after) {
        List<LayerSpec> a = before.layers();
        List<LayerSpec> b = after.layers();
        if (a.size() != b.size()) {
            int first = firstDifference(a, b);
            int n = Math.abs(a.size() - b.size());
            if (b.size() > a.size()) {
                return n == 1 ? new Label("add layer %d", first + 1) : new Label("add %d layers", n);
            }
            return n == 1 ? new Label("remove layer %d", first + 1) : new Label("remove %d layers", n);
        }
        var changed = new ArrayList<Integer>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed.add(i);
            }
        }
        if (changed.isEmpty()) {
            if (before.seed() != after.seed()) {
                return new Label("draw with a new seed");
            }
            if (!before.input().equals(after.input())) {
                return new Label("change the input");
            }
            return new Label("rename the network");
        }
        if (changed.size() == 2 && changed.get(1) == changed.get(0) + 1
                && a.get(changed.get(0)).equals(b.get(changed.get(1)))
                && a.get(changed.get(1)).equals(b.get(changed.get(0)))) {
            return new Label("swap layers %d and %d", changed.get(0) + 1, changed.get(1) + 1);
        }
        // the same field changed on every changed layer: name it
        Object what = null;
        for (int i : changed) {
            Object w = field(a.get(i), b.get(i));
            if (what != null && !what.equals(w) || w == null) {
                what = null;
                break;
            }
            what = w;
        }
        if (changed.size() == 1) {
            int layer = changed.get(0) + 1;
            return what == null ? new Label("change layer %d", layer) : new Label("change %s of layer %d", what, layer);
        }
        return what == null ? new Label("change %d layers", changed.size())
                : new Label("change %s of %d layers", what, changed.size());
    }

    private static int firstDifference(List<LayerSpec> a, List<LayerSpec> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    /**
     * The one field of a layer an edit changed, in PyTorch's words ("std" for an initializer's parameter, "weight
     * initializer" for its scheme, "std of the bias"): a String or a Label; null when the type or several fields
     * changed.
     */
    static Object field(LayerSpec a, LayerSpec b) {
        if (a.getClass() != b.getClass() || !a.getClass().isRecord()) {
            return null;
        }
        Object found = null;
        try {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                Object x = c.getAccessor().invoke(a);
                Object y = c.getAccessor().invoke(b);
                if (Objects.equals(x, y)) {
                    continue;
                }
                Object name = x instanceof InitSpec i && y instanceof InitSpec j ? initField(c.getName(), i, j)
                        : NAMES.getOrDefault(c.getName(), c.getName());
                if (found != null && !found.equals(name)) {
                    return null;
                }
                found = name;
            }
        } catch (ReflectiveOperationException e) {
            return null;
        }
        return found;
    }

    /** An initializer's one changed parameter ("std"), or the initializer itself when its scheme changed. */
    private static Object initField(String component, InitSpec a, InitSpec b) {
        String whole = NAMES.getOrDefault(component, component);
        if (a.scheme() != b.scheme()) {
            return whole;
        }
        String found = null;
        var names = new LinkedHashSet<String>(a.params().keySet());
        names.addAll(b.params().keySet());
        for (String p : names) {
            if (!Objects.equals(a.params().get(p), b.params().get(p))) {
                if (found != null) {
                    return whole;
                }
                found = p;
            }
        }
        if (found == null) {
            return whole;
        }
        return component.equals("init") ? found : new Label("%s of the %s", found, whole);
    }
}
