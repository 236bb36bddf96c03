package org.initscope.model;

import java.util.List;

/**
 * Network B of a side-by-side comparison, defined against network A (the one being edited): A with another weight
 * initializer on every layer (so only the initializer differs: same widths, activations, biases, seed and input),
 * or a fixed network run with A's seed.
 */
public sealed interface Counterpart {

    /** B for this A. */
    NetworkSpec apply(NetworkSpec a);

    /** How the choice reads in a menu: "A with kaiming_normal". */
    String label();

    /** A with {@code init} (scale 1) on every layer; named after it. */
    record WithInit(InitSpec init) implements Counterpart {
        @Override
        public NetworkSpec apply(NetworkSpec a) {
            // every weight tensor: dense and conv weights, an rnn's/lstm's weight_ih and weight_hh
            List<LayerSpec> layers = a.layers().stream().map(l -> {
                if (l instanceof WeightedSpec w) {
                    return (LayerSpec) w.withInit(init).withScale(1.0);
                }
                if (l instanceof RecurrentSpec r) {
                    return r.withWeightIh(init).withWeightHh(init);
                }
                return l;
            }).toList();
            return a.withLayers(layers).withName(init.label());
        }

        @Override
        public String label() {
            return "A with " + init.label();
        }
    }

    /** A fixed network (a preset, a file), drawn with A's seed so that only the networks differ. */
    record Fixed(String label, NetworkSpec spec) implements Counterpart {
        @Override
        public NetworkSpec apply(NetworkSpec a) {
            return spec.withSeed(a.seed());
        }
    }

    /** The initializers a class compares most often, each with its usual setting. */
    static List<Counterpart> common() {
        return List.of(
                new WithInit(InitSpec.of(Scheme.KAIMING_NORMAL)),
                new WithInit(InitSpec.of(Scheme.XAVIER_NORMAL, "gain", ParamDef.AUTO)),
                new WithInit(InitSpec.of(Scheme.XAVIER_UNIFORM, "gain", ParamDef.AUTO)),
                // Glorot & Bengio's own: gain 1 whatever the activation (on ReLU: the variance halves per layer)
                new WithInit(InitSpec.of(Scheme.XAVIER_NORMAL, "gain", 1.0)),
                new WithInit(InitSpec.of(Scheme.KAIMING_UNIFORM)),
                new WithInit(InitSpec.of(Scheme.LECUN_NORMAL)),
                new WithInit(InitSpec.of(Scheme.ORTHOGONAL, "gain", ParamDef.AUTO)),
                new WithInit(InitSpec.of(Scheme.TORCH_DEFAULT)),
                new WithInit(InitSpec.of(Scheme.NORMAL, "std", 0.01)),
                new WithInit(InitSpec.of(Scheme.NORMAL, "std", 1.0)),
                new WithInit(InitSpec.of(Scheme.ZEROS)));
    }

    /**
     * The natural partner of A: He for a ReLU-family network initialized some other way, otherwise Xavier with the
     * activation's gain (and He when A already uses Xavier).
     */
    static Counterpart partnerOf(NetworkSpec a) {
        WeightedSpec first = (WeightedSpec) a.layers().stream().filter(l -> l instanceof WeightedSpec).findFirst()
                .orElse(null);
        if (first == null) {
            return common().get(1);
        }
        Scheme s = first.init().scheme();
        boolean xavier = s == Scheme.XAVIER_NORMAL || s == Scheme.XAVIER_UNIFORM || s == Scheme.GLOROT_NORMAL
                || s == Scheme.GLOROT_UNIFORM;
        boolean he = s == Scheme.KAIMING_NORMAL || s == Scheme.KAIMING_UNIFORM || s == Scheme.HE_NORMAL
                || s == Scheme.HE_UNIFORM;
        if (xavier) {
            return common().get(0);
        }
        return he ? common().get(1) : first.activation().kind().name().contains("RELU") ? common().get(0)
                : common().get(1);
    }
}
