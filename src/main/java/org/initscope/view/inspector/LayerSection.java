package org.initscope.view.inspector;

import java.util.Optional;
import javafx.scene.Node;
import org.initscope.model.Explanations;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.ResolvedLayer;

/**
 * The inspector's part for one layer type: the layer's own fields, and what the parts every layer shares (the
 * line under the title, the explanation, the initializer editors) show for it. Adding a layer type to the inspector
 * is adding one of these to {@link InspectorPanel#SECTIONS}.
 */
interface LayerSection {
    /** The layers this section shows. */
    Class<? extends LayerSpec> type();

    /** The layer's own controls (width, activation, geometry, …), under the title. */
    Node fields();

    /**
     * Fill the controls from the selected layer (while the inspector fills its controls); returns the line under
     * the title: the shapes in and out, the weight's shape and its fans.
     */
    String show(LayerSpec layer, ResolvedLayer resolved);

    /** What the layer does, said for the class ({@link Explanations}); empty for nothing. */
    String about(LayerSpec layer, ResolvedLayer resolved);

    /** The weight initializer the editor shows; empty when the layer has no parameters to initialize. */
    default Optional<LayerProperty<InitSpec>> weights(LayerSpec layer) {
        return Optional.empty();
    }

    /** The bias initializer the editor shows; empty when the layer has none. */
    default Optional<LayerProperty<InitSpec>> bias(LayerSpec layer) {
        return Optional.empty();
    }

    /** Controls shown above the weight initializer (a recurrent layer's defaults, and which weight to edit), or null. */
    default Node weightOptions() {
        return null;
    }
}
