package org.initscope.view.inspector;

import javafx.scene.Node;
import javafx.scene.layout.Region;
import org.initscope.i18n.I18n;
import org.initscope.model.Explanations;
import org.initscope.model.FlattenSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.ResolvedLayer;

/** nn.Flatten: nothing to set. */
final class FlattenSection implements LayerSection {
    private final Region fields = new Region();

    @Override
    public Class<FlattenSpec> type() {
        return FlattenSpec.class;
    }

    @Override
    public Node fields() {
        return fields;
    }

    @Override
    public String show(LayerSpec layer, ResolvedLayer resolved) {
        return Sections.shapes(resolved) + I18n.t(" · no parameters");
    }

    @Override
    public String about(LayerSpec layer, ResolvedLayer resolved) {
        return Explanations.flatten();
    }
}
