package org.initscope.view;

import java.util.List;
import java.util.function.Function;
import org.initscope.model.Activation;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.FlattenSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Scheme;

/** The layer types the builder can add, each with the defaults a new layer of that type starts from. */
final class LayerTypes {
    record Type(String id, String title, Function<NetworkSpec, LayerSpec> create) {
    }

    private static final InitSpec HE = InitSpec.of(Scheme.KAIMING_NORMAL, "mode", "fan_in", "nonlinearity", "relu");

    private static final List<Type> ALL = List.of(
            new Type("dense", "dense (nn.Linear + activation)", s -> DenseSpec.of(64, Activation.RELU, HE)),
            new Type("conv2d", "conv2d 16, 3×3, padding 1 (images)",
                    s -> Conv2dSpec.of(16, 3, 1, 1, Activation.RELU, HE)),
            new Type("maxpool2d", "maxpool2d 2×2 (images)", s -> MaxPool2dSpec.of(2)),
            new Type("flatten", "flatten (image → vector)", s -> new FlattenSpec(1)),
            new Type("batchnorm", "batchnorm", s -> NormSpec.of(NormSpec.Kind.BATCH)),
            new Type("layernorm", "layernorm", s -> NormSpec.of(NormSpec.Kind.LAYER)),
            new Type("rnn", "rnn 64, tanh (sequences; PyTorch's default init)",
                    s -> RecurrentSpec.torchDefault(RecurrentSpec.Cell.RNN, 64)),
            new Type("lstm", "lstm 64 (sequences; PyTorch's default init)",
                    s -> RecurrentSpec.torchDefault(RecurrentSpec.Cell.LSTM, 64)));

    private LayerTypes() {
    }

    static List<Type> all() {
        return ALL;
    }
}
