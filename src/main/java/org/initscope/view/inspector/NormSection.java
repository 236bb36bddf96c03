package org.initscope.view.inspector;

import static org.initscope.view.Forms.label;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.layout.GridPane;
import org.initscope.i18n.I18n;
import org.initscope.model.Explanations;
import org.initscope.model.LayerSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.view.NumberField;

/** A normalization layer (nn.BatchNorm, nn.LayerNorm): its eps; γ = 1 and β = 0 are not drawn. */
final class NormSection implements LayerSection {
    private final NumberField eps;
    private final GridPane fields;

    NormSection(InspectorContext ctx) {
        eps = new NumberField(ctx.validation, "eps added to the variance (PyTorch's default 1e-5)");
        eps.setId("epsField");
        eps.setApply(v -> !(v > 0 && v <= 1) ? Optional.of("eps must be in (0, 1]") : ctx.edit(
                l -> new NormSpec(((NormSpec) l).kind(), v, 1)));
        fields = Sections.geometry(ctx);
        fields.addRow(0, label("eps"), eps.withReason());
    }

    @Override
    public Class<NormSpec> type() {
        return NormSpec.class;
    }

    @Override
    public Node fields() {
        return fields;
    }

    @Override
    public String show(LayerSpec layer, ResolvedLayer resolved) {
        eps.show(((NormSpec) layer).eps());
        return Sections.shapes(resolved) + I18n.f(" · γ = 1, β = 0 (%s each)", resolved.param("weight").rows());
    }

    @Override
    public String about(LayerSpec layer, ResolvedLayer resolved) {
        return Explanations.norm(((NormSpec) layer).kind());
    }
}
