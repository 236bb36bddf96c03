package org.initscope.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole network as the user builds and saves it: a name, the seed that fixes every random draw, the probe
 * input, the layers (each possibly repeated) and how its widths scale its training ({@link Parameterization}: SP,
 * NTK or μP, the latter two for dense networks). Immutable; every edit makes a new spec.
 */
public record NetworkSpec(String name, long seed, InputSpec input, List<LayerSpec> layers,
        Parameterization parameterization) {

    /** More layers than this (after repeat) is refused: {@link Limits#MAX_DEPTH}. */
    public static final int MAX_DEPTH = Limits.MAX_DEPTH;

    public NetworkSpec {
        Objects.requireNonNull(input, "input");
        name = name == null ? "" : name;
        layers = List.copyOf(layers);
        parameterization = parameterization == null ? Parameterization.STANDARD : parameterization;
        if (layers.isEmpty()) {
            throw new SpecException("layers", "a network needs at least one layer");
        }
        long depth = layers.stream().mapToLong(LayerSpec::repeat).sum();
        if (depth > MAX_DEPTH) {
            throw new SpecException("layers", "the network has " + depth + " layers after repeat; at most "
                    + MAX_DEPTH + " are supported");
        }
        if (!parameterization.standard() && (input.image() || input.sequence() || !layers.stream().allMatch(
                l -> l instanceof DenseSpec d && !d.isResidual()))) {
            LayerSpec other = layers.stream().filter(l -> !(l instanceof DenseSpec d) || d.isResidual()).findFirst()
                    .orElse(null);
            throw new SpecException("parameterization", parameterization.kind().label() + " scales stacks of plain "
                    + "dense layers on vectors, and this network " + (other != null ? "has a " + other.label()
                    + " layer" : "takes " + (input.image() ? "images" : "sequences")) + ": choose SP for it");
        }
    }

    /** A network in the standard parameterization. */
    public NetworkSpec(String name, long seed, InputSpec input, List<LayerSpec> layers) {
        this(name, seed, input, layers, Parameterization.STANDARD);
    }

    /**
     * The default network: 10 tanh layers of 500 with Xavier (gain 5/3), the CS231n-style experiment, on a batch
     * of 256 (128,000 values per tensor: statistics to three digits, and an edit recomputes in a few tens of ms).
     */
    public static NetworkSpec defaultNetwork() {
        var dense = new DenseSpec(500, ActivationSpec.of(Activation.TANH),
                InitSpec.of(Scheme.XAVIER_NORMAL, "gain", ParamDef.AUTO), DenseSpec.DEFAULT_BIAS, 10);
        return new NetworkSpec("tanh, Xavier (gain 5/3)", 7, new InputSpec(500, 256, InputDistribution.NORMAL),
                List.of(dense));
    }

    /** The number of layers after expanding repeat. */
    public int depth() {
        return layers.stream().mapToInt(LayerSpec::repeat).sum();
    }

    /** One entry per actual layer (repeat expanded), each with repeat 1. */
    public List<LayerSpec> expandedLayers() {
        var out = new ArrayList<LayerSpec>();
        for (LayerSpec l : layers) {
            for (int i = 0; i < l.repeat(); i++) {
                out.add(l.withRepeat(1));
            }
        }
        return out;
    }

    /** The same network with one entry per actual layer (repeat expanded): the form the app edits. */
    public NetworkSpec expanded() {
        return withLayers(expandedLayers());
    }

    /** The same network with runs of identical consecutive layers folded into one entry with repeat. */
    public NetworkSpec compressed() {
        var out = new ArrayList<LayerSpec>();
        for (LayerSpec l : expandedLayers()) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).withRepeat(1).equals(l)) {
                out.set(last, out.get(last).withRepeat(out.get(last).repeat() + 1));
            } else {
                out.add(l);
            }
        }
        return withLayers(out);
    }

    /** Resolve every layer's shapes, fans and initializers; throws {@link SpecException} naming the layer and field. */
    public ResolvedNetwork resolve() {
        var resolved = new ArrayList<ResolvedLayer>();
        List<LayerSpec> all = expandedLayers();
        List<Integer> specIndex = new ArrayList<>();
        for (int s = 0; s < layers.size(); s++) {
            for (int r = 0; r < layers.get(s).repeat(); r++) {
                specIndex.add(s);
            }
        }
        Branch[] branches = branches(all, specIndex);
        Shape shape = input.shape();
        var inputs = new ArrayList<Shape>();
        for (int i = 0; i < all.size(); i++) {
            inputs.add(shape);
            boolean nextRecurrent = i + 1 < all.size() && all.get(i + 1) instanceof RecurrentSpec;
            Branch b = branches[i];
            ResolvedLayer l = LayerResolver.resolve(i + 1, specIndex.get(i), all.get(i), shape, nextRecurrent, b,
                    b != null && b.last() ? inputs.get(b.first()) : null);
            resolved.add(l);
            shape = l.out();
        }
        return new ResolvedNetwork(this, resolved);
    }

    /**
     * Every layer's place in the residual branches (null outside them): a residual layer closes a branch of
     * {@code residual.branch} layers, itself and the dense layers just before it, which must not close branches of
     * their own (branches neither nest nor overlap).
     */
    private static Branch[] branches(List<LayerSpec> all, List<Integer> specIndex) {
        int count = 0;
        for (LayerSpec l : all) {
            if (l instanceof DenseSpec d && d.isResidual()) {
                count++;
            }
        }
        var out = new Branch[all.size()];
        int number = 0;
        for (int i = 0; i < all.size(); i++) {
            if (!(all.get(i) instanceof DenseSpec d) || !d.isResidual()) {
                continue;
            }
            number++;
            int m = d.residual().branch();
            int first = i - m + 1;
            String field = "layers[" + specIndex.get(i) + "].residual.branch";
            if (first < 0) {
                throw new SpecException(field, "layer " + (i + 1) + " closes a residual branch of " + m + " layers, but "
                        + "only " + (i + 1) + " layer(s) lead up to it");
            }
            for (int j = first; j < i; j++) {
                if (!(all.get(j) instanceof DenseSpec inner)) {
                    throw new SpecException(field, "the residual branch of layer " + (i + 1) + " spans layers "
                            + (first + 1) + " to " + (i + 1) + ", but layer " + (j + 1) + " is a " + all.get(j).type()
                            + " layer: a branch spans dense layers only");
                }
                if (inner.isResidual()) {
                    throw new SpecException(field, "the residual branch of layer " + (i + 1) + " spans layers "
                            + (first + 1) + " to " + (i + 1) + ", but layer " + (j + 1) + " closes a branch of its own: "
                            + "branches do not nest or overlap");
                }
            }
            for (int j = first; j <= i; j++) {
                out[j] = new Branch(number, count, m, j - first + 1, first);
            }
        }
        return out;
    }

    /**
     * Whether every layer is a plain dense layer on a vector of N(0, 1) or uniform inputs: the fast engine's and the
     * mean-field theory's case.
     */
    public boolean allDense() {
        return !input.image() && !input.sequence() && input.distribution() != InputDistribution.DIGITS
                && layers.stream().allMatch(l -> l instanceof DenseSpec d
                && !d.isResidual());
    }

    /** Whether a layer is an rnn or lstm (what happens through time can be shown). */
    public boolean hasRecurrent() {
        return layers.stream().anyMatch(l -> l instanceof RecurrentSpec);
    }

    public NetworkSpec withName(String n) {
        return new NetworkSpec(n, seed, input, layers, parameterization);
    }

    public NetworkSpec withSeed(long s) {
        return new NetworkSpec(name, s, input, layers, parameterization);
    }

    public NetworkSpec withInput(InputSpec i) {
        return new NetworkSpec(name, seed, i, layers, parameterization);
    }

    public NetworkSpec withLayers(List<? extends LayerSpec> l) {
        return new NetworkSpec(name, seed, input, List.copyOf(l), parameterization);
    }

    public NetworkSpec withParameterization(Parameterization p) {
        return new NetworkSpec(name, seed, input, layers, p);
    }
}
