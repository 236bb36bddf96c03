package org.initscope.view.inspector;

import static org.initscope.view.Forms.label;

import java.util.Optional;
import java.util.function.BiFunction;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.initscope.i18n.I18n;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.Explanations;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.view.Forms;
import org.initscope.view.NumberField;

/** A conv layer (nn.Conv2d and its activation): out_channels, activation, kernel, stride, padding and groups. */
final class Conv2dSection implements LayerSection {
    private final InspectorContext ctx;
    private final LayerGrid grid;
    private final NumberField kernel;
    private final NumberField stride;
    private final NumberField padding;
    private final NumberField groups;
    private final Label kernelNote = new Label();
    private final VBox fields;

    Conv2dSection(InspectorContext ctx) {
        this.ctx = ctx;
        grid = new LayerGrid(ctx, new LayerProperty<>("out_channels", l -> ((Conv2dSpec) l).outChannels(),
                (l, v) -> ((Conv2dSpec) l).withOutChannels(v)), LayerProperty.ACTIVATION);
        kernel = field("kernelField", "kernel_size k (square k×k); 1 to " + Conv2dSpec.MAX_KERNEL,
                (c, v) -> c.withGeometry(v, c.strideH(), c.padH(), c.groups()));
        stride = field("strideField", "stride (both directions)", (c, v) -> c.withGeometry(c.kernelH(), v,
                c.padH(), c.groups()));
        padding = field("paddingField", "zero padding on every side", (c, v) -> c.withGeometry(c.kernelH(),
                c.strideH(), v, c.groups()));
        groups = field("groupsField", "groups: C_in and C_out split into this many independent convolutions "
                + "(fan_in = C_in/groups·k·k; fan_out is not divided)", (c, v) -> c.withGeometry(c.kernelH(),
                        c.strideH(), c.padH(), v));
        var geometry = Sections.geometry(ctx);
        geometry.addRow(0, label("kernel"), kernel.withReason(), label("stride"), stride.withReason());
        geometry.addRow(1, label("padding"), padding.withReason(), label("groups"), groups.withReason());
        kernelNote.getStyleClass().add("text-muted");
        kernelNote.setWrapText(true);
        kernelNote.managedProperty().bind(kernelNote.visibleProperty());
        fields = new VBox(8, grid, geometry, kernelNote);
    }

    private NumberField field(String id, String help, BiFunction<Conv2dSpec, Integer, Conv2dSpec> change) {
        var f = new NumberField(ctx.validation, help);
        f.setId(id);
        f.setPrefColumnCount(4);
        f.setApply(v -> Forms.whole(v, 0, 4096, "the value").or(() -> ctx.edit(
                l -> change.apply((Conv2dSpec) l, (int) v))));
        return f;
    }

    @Override
    public Class<Conv2dSpec> type() {
        return Conv2dSpec.class;
    }

    @Override
    public Node fields() {
        return fields;
    }

    @Override
    public String show(LayerSpec layer, ResolvedLayer resolved) {
        var c = (Conv2dSpec) layer;
        grid.show(c.outChannels(), c.activation(), true);
        kernel.show(c.kernelH());
        stride.show(c.strideH());
        padding.show(c.padH());
        groups.show(c.groups());
        boolean square = c.kernelH() == c.kernelW() && c.strideH() == c.strideW() && c.padH() == c.padW();
        kernelNote.setText(square ? "" : I18n.f("Non-square kernel, stride or padding (%s×%s): editing a field "
                + "here makes it square; the config keeps pairs.", c.kernelH(), c.kernelW()));
        kernelNote.setVisible(!square);
        return Sections.shapes(resolved) + I18n.f(" · weight %s×%s×%s×%s", c.outChannels(),
                resolved.in().channels() / c.groups(), c.kernelH(), c.kernelW()) + "\n" + Sections.fans(resolved.fans());
    }

    @Override
    public String about(LayerSpec layer, ResolvedLayer resolved) {
        var c = (Conv2dSpec) layer;
        return Explanations.conv2d(c.kernelH(), c.kernelW(), resolved.in().channels() / c.groups());
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
