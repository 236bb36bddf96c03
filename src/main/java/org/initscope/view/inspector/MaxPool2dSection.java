package org.initscope.view.inspector;

import static org.initscope.view.Forms.label;

import javafx.scene.Node;
import javafx.scene.layout.GridPane;
import org.initscope.i18n.I18n;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.Explanations;
import org.initscope.model.LayerSpec;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.view.Forms;
import org.initscope.view.NumberField;

/** A max pool (nn.MaxPool2d): its kernel and stride; no parameters. */
final class MaxPool2dSection implements LayerSection {
    private final NumberField kernel;
    private final NumberField stride;
    private final GridPane fields;

    MaxPool2dSection(InspectorContext ctx) {
        kernel = new NumberField(ctx.validation, "kernel_size of the max pool");
        kernel.setId("poolKernelField");
        kernel.setApply(v -> Forms.whole(v, 1, Conv2dSpec.MAX_KERNEL, "kernel_size").or(() -> ctx.edit(
                l -> new MaxPool2dSpec((int) v, (int) v, 1))));
        stride = new NumberField(ctx.validation, "stride of the max pool (PyTorch's default: the kernel size)");
        stride.setId("poolStrideField");
        stride.setApply(v -> Forms.whole(v, 1, Conv2dSpec.MAX_KERNEL, "stride").or(() -> ctx.edit(
                l -> new MaxPool2dSpec(((MaxPool2dSpec) l).kernel(), (int) v, 1))));
        fields = Sections.geometry(ctx);
        fields.addRow(0, label("kernel"), kernel.withReason(), label("stride"), stride.withReason());
    }

    @Override
    public Class<MaxPool2dSpec> type() {
        return MaxPool2dSpec.class;
    }

    @Override
    public Node fields() {
        return fields;
    }

    @Override
    public String show(LayerSpec layer, ResolvedLayer resolved) {
        var m = (MaxPool2dSpec) layer;
        kernel.show(m.kernel());
        stride.show(m.stride());
        return Sections.shapes(resolved) + I18n.t(" · no parameters");
    }

    @Override
    public String about(LayerSpec layer, ResolvedLayer resolved) {
        return Explanations.maxPool2d();
    }
}
