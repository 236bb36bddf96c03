package org.initscope.view.inspector;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.layout.VBox;
import org.initscope.i18n.I18n;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.ResolvedLayer;

/**
 * A dense layer (nn.Linear and its activation): units, activation, its residual skip connection
 * ({@link ResidualSection}: α, the branch, ReZero and Fixup, explained with the layer's numbers), and what the
 * network's parameterization does to it ({@link ParameterizationNote}).
 */
final class DenseSection implements LayerSection {
    private final LayerGrid grid;
    private final ResidualSection residual;
    private final ParameterizationNote scaling = new ParameterizationNote();
    private final InspectorContext ctx;
    private final VBox fields;

    DenseSection(InspectorContext ctx) {
        grid = new LayerGrid(ctx, new LayerProperty<>("units", l -> ((DenseSpec) l).units(),
                (l, v) -> ((DenseSpec) l).withUnits(v)), LayerProperty.ACTIVATION);
        residual = new ResidualSection(ctx);
        this.ctx = ctx;
        fields = new VBox(8, grid, residual, scaling);
    }

    @Override
    public Class<DenseSpec> type() {
        return DenseSpec.class;
    }

    @Override
    public Node fields() {
        return fields;
    }

    @Override
    public String show(LayerSpec layer, ResolvedLayer resolved) {
        var d = (DenseSpec) layer;
        grid.show(d.units(), d.activation(), true);
        residual.show(resolved);
        scaling.show(ctx.session.resolved(), resolved.index() - 1);
        return Sections.shapes(resolved) + I18n.f(" units · weight %s×%s · fan_in %s, fan_out %s", d.units(),
                resolved.inputs(), resolved.fans().fanIn(), resolved.fans().fanOut());
    }

    @Override
    public String about(LayerSpec layer, ResolvedLayer resolved) {
        // a residual layer's skip connection is explained, with its numbers, by the residual section
        return "";
    }

    @Override
    public Optional<LayerProperty<InitSpec>> weights(LayerSpec layer) {
        return Optional.of(LayerProperty.WEIGHT);
    }

    @Override
    public Optional<LayerProperty<InitSpec>> bias(LayerSpec layer) {
        return Optional.of(LayerProperty.BIAS);
    }
}
