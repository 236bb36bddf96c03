package org.initscope.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Edits of a whole network that a sweep varies and the phase diagram applies: the mean-field point (σ_w², σ_b²) of
 * every weighted layer, the depth, the width of the dense layers, one initializer or activation everywhere, the scale.
 * Pure functions of a spec; each returns a new spec (which validates itself when resolved).
 */
public final class NetworkEdits {
    private NetworkEdits() {
    }

    /**
     * Every dense and conv layer's weights N(0, σ_w²/fan_in) (scale 1), so that fan_in·Var[W] = σ_w² at every layer
     * whatever its fan_in: the mean field's σ_w².
     */
    public static NetworkSpec sigmaW2(NetworkSpec spec, double sw2) {
        if (!(sw2 >= 0) || !Double.isFinite(sw2)) {
            throw new SpecException("sigma_w2", "σ_w² must be a finite number ≥ 0, got " + Fmt.num(sw2));
        }
        return perWeighted(spec, (w, l) -> w.withInit(InitSpec.of(Scheme.NORMAL, "std",
                Math.sqrt(sw2 / l.fans().fanIn()))).withScale(1.0));
    }

    /**
     * Every dense and conv layer's bias N(0, σ_b²): the mean field's σ_b²; zeros below 1e-12 (a click at the
     * bottom of the phase diagram means no bias).
     */
    public static NetworkSpec sigmaB2(NetworkSpec spec, double sb2) {
        if (!(sb2 >= 0) || !Double.isFinite(sb2)) {
            throw new SpecException("sigma_b2", "σ_b² must be a finite number ≥ 0, got " + Fmt.num(sb2));
        }
        InitSpec bias = sb2 > 1e-12 ? InitSpec.of(Scheme.NORMAL, "std", Math.sqrt(sb2)) : InitSpec.of(Scheme.ZEROS);
        return perWeighted(spec, (w, l) -> w.withBias(bias));
    }

    /** The point (σ_w², σ_b²) of the phase diagram on every weighted layer. */
    public static NetworkSpec phasePoint(NetworkSpec spec, double sw2, double sb2) {
        return sigmaB2(sigmaW2(spec, sw2), sb2);
    }

    /**
     * {@code depth} layers, one entry each: the last layer repeated, or layers dropped from the end (the depth
     * spinner's rule).
     */
    public static NetworkSpec depth(NetworkSpec spec, int depth) {
        if (depth < 1 || depth > NetworkSpec.MAX_DEPTH) {
            throw new SpecException("depth", "depth must be between 1 and " + NetworkSpec.MAX_DEPTH + ", got "
                    + depth);
        }
        var layers = new ArrayList<>(spec.expandedLayers());
        while (layers.size() < depth) {
            layers.add(layers.get(layers.size() - 1));
        }
        while (layers.size() > depth) {
            layers.remove(layers.size() - 1);
        }
        return spec.withLayers(layers);
    }

    /** Every dense layer {@code units} wide (the input keeps its features). */
    public static NetworkSpec width(NetworkSpec spec, int units) {
        if (spec.layers().stream().noneMatch(l -> l instanceof DenseSpec)) {
            throw new SpecException("width", "width sets the units of dense layers, and this network has none");
        }
        return spec.withLayers(spec.layers().stream()
                .map(l -> l instanceof DenseSpec d ? (LayerSpec) d.withUnits(units) : l).toList());
    }

    /** {@code init} (scale 1) on every dense and conv layer. */
    public static NetworkSpec init(NetworkSpec spec, InitSpec init) {
        return spec.withLayers(spec.layers().stream()
                .map(l -> l instanceof WeightedSpec w ? (LayerSpec) w.withInit(init).withScale(1.0) : l).toList());
    }

    /** {@code activation} on every dense and conv layer. */
    public static NetworkSpec activation(NetworkSpec spec, ActivationSpec activation) {
        return spec.withLayers(spec.layers().stream()
                .map(l -> l instanceof WeightedSpec w ? (LayerSpec) w.withActivation(activation) : l).toList());
    }

    /** The scale slider at {@code scale} on every dense and conv layer. */
    public static NetworkSpec scale(NetworkSpec spec, double scale) {
        return spec.withLayers(spec.layers().stream()
                .map(l -> l instanceof WeightedSpec w ? (LayerSpec) w.withScale(scale) : l).toList());
    }

    /**
     * ReZero / SkipInit on every residual branch: α = 0, learned (Bachlechner et al. 2020; De &amp; Smith 2020).
     * Refused for a network without residual layers.
     */
    public static NetworkSpec rezero(NetworkSpec spec) {
        return everyResidual(spec, "ReZero", d -> d.withResidual(Residual.rezero(d.residual().branch())));
    }

    /**
     * Fixup (Zhang et al. 2019) on the whole network: every dense layer's weights {@code fixup} (scale 1: the last
     * layer of each branch 0, the others He × L^(−1/(2m−2)), layers outside the branches He) and every branch's
     * multiplier α = 1, learned. Refused for a network without residual layers.
     */
    public static NetworkSpec fixup(NetworkSpec spec) {
        NetworkSpec withMultipliers = everyResidual(spec, "Fixup", d -> d.withResidual(Residual.fixup(
                d.residual().branch())));
        return withMultipliers.withLayers(withMultipliers.layers().stream().map(l -> l instanceof DenseSpec d
                ? (LayerSpec) d.withInit(InitSpec.of(Scheme.FIXUP)).withScale(1.0) : l).toList());
    }

    private static NetworkSpec everyResidual(NetworkSpec spec, String what,
            UnaryOperator<DenseSpec> edit) {
        if (spec.layers().stream().noneMatch(l -> l instanceof DenseSpec d && d.isResidual())) {
            throw new SpecException("residual", what + " initializes residual branches, and this network has none: "
                    + "make a dense layer residual first (its units equal to its inputs)");
        }
        return spec.withLayers(spec.layers().stream().map(l -> l instanceof DenseSpec d && d.isResidual()
                ? (LayerSpec) edit.apply(d) : l).toList());
    }

    /** A scheme as a sweep or a comparison uses it: its defaults, and the layer's own gain where it takes one. */
    public static InitSpec usualInit(Scheme scheme) {
        return scheme.param("gain").isPresent() ? InitSpec.of(scheme, "gain", ParamDef.AUTO) : InitSpec.of(scheme);
    }

    /**
     * A scheme as a list of choices offers it (the Experiments tab's initializer axis): {@link #usualInit}, but a
     * parameter a file must give (sparse's sparsity) takes the starter value the inspector gives it.
     */
    public static InitSpec choiceInit(Scheme scheme) {
        return scheme.param("gain").isPresent() ? usualInit(scheme) : InitSpec.of(Scheme.ZEROS).withScheme(scheme);
    }

    private interface LayerEdit {
        WeightedSpec apply(WeightedSpec spec, ResolvedLayer resolved);
    }

    /** An edit of every weighted layer that needs its resolved fans; the result has one entry per layer. */
    private static NetworkSpec perWeighted(NetworkSpec spec, LayerEdit edit) {
        ResolvedNetwork net = spec.expanded().resolve();
        List<LayerSpec> layers = new ArrayList<>();
        for (ResolvedLayer l : net.layers()) {
            layers.add(l.spec() instanceof WeightedSpec w ? edit.apply(w, l) : l.spec());
        }
        return spec.withLayers(layers);
    }
}
