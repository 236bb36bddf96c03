package org.initscope.view.inspector;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.initscope.model.ActivationSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.WeightedSpec;

/**
 * One property of a layer that an inspector control edits, named as PyTorch names it: an initializer (weight, bias,
 * a recurrent layer's weight_ih, weight_hh, bias_ih), a width (units, out_channels, hidden_size) or an activation.
 */
record LayerProperty<T>(String name, Function<LayerSpec, T> getter, BiFunction<LayerSpec, T, LayerSpec> setter) {

    /** The weight initializer of a dense or conv layer. */
    static final LayerProperty<InitSpec> WEIGHT = new LayerProperty<>("weight", l -> ((WeightedSpec) l).init(),
            (l, i) -> ((WeightedSpec) l).withInit(i));
    /** The bias initializer of a dense or conv layer. */
    static final LayerProperty<InitSpec> BIAS = new LayerProperty<>("bias", l -> ((WeightedSpec) l).bias(),
            (l, i) -> ((WeightedSpec) l).withBias(i));
    /** The activation of a dense or conv layer. */
    static final LayerProperty<ActivationSpec> ACTIVATION = new LayerProperty<>("activation",
            l -> ((WeightedSpec) l).activation(), (l, a) -> ((WeightedSpec) l).withActivation(a));

    T get(LayerSpec layer) {
        return getter.apply(layer);
    }

    LayerSpec set(LayerSpec layer, T value) {
        return setter.apply(layer, value);
    }
}
