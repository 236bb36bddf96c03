package org.initscope.view.inspector;

import static org.initscope.view.Forms.label;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.FlowPane;
import org.initscope.i18n.I18n;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Limits;
import org.initscope.view.Forms;
import org.initscope.view.NumberField;

/**
 * The rows of a layer with units: its width (units, out_channels, hidden_size) and its activation with the
 * activation's parameter (negative_slope, alpha) when it has one. An lstm has no activation to choose.
 */
final class LayerGrid extends GridPane {
    private final InspectorContext ctx;
    private final NumberField width;
    private final ComboBox<Activation> activation = new ComboBox<>();
    private final NumberField activationParam;
    private final Label activationParamLabel = new Label();
    private final Label activationLabel = label("activation");
    private final FlowPane actRow;
    private final LayerProperty<ActivationSpec> act;

    /**
     * @param width the layer's width, named as PyTorch names it
     * @param act   its activation, or null when it has none to choose
     */
    LayerGrid(InspectorContext ctx, LayerProperty<Integer> width, LayerProperty<ActivationSpec> act) {
        this.ctx = ctx;
        this.act = act;
        setHgap(8);
        setVgap(6);
        this.width = new NumberField(ctx.validation, I18n.f("units in this layer (fan_out of its weight); 1 to %,d",
                Limits.MAX_WIDTH));
        this.width.setId("unitsField");
        this.width.setApply(v -> Forms.whole(v, 1, Limits.MAX_WIDTH, "units").or(() -> ctx.edit(
                l -> width.set(l, (int) v))));
        addRow(0, label(width.name()), this.width.withReason());
        activationParam = new NumberField(ctx.validation, "negative_slope of leaky_relu / alpha of elu");
        activationParam.setId("activationParam");
        Button actAll = Forms.button("all layers", "mdal-content_copy", "give every layer this activation");
        actAll.setId("applyActivationAll");
        actAll.setOnAction(e -> ctx.report(ctx.session.applyActivationToAll()));
        // the button goes under the combo when the pane is too narrow for both (never "all lay...")
        activation.setMinWidth(Region.USE_PREF_SIZE);
        actAll.setMinWidth(Region.USE_PREF_SIZE);
        actRow = new FlowPane(6, 6, activation, actAll);
        actRow.setAlignment(Pos.CENTER_LEFT);
        if (act == null) {
            actRow.setVisible(false);
            activationParam.setVisible(false);
        } else {
            activation.setId("activationCombo");
            activation.getItems().setAll(Activation.values());
            activation.setCellFactory(c -> activationCell());
            activation.setButtonCell(activationCell());
            activation.setTooltip(new Tooltip("the layer's nonlinearity φ, as in torch.nn.functional"));
            activation.valueProperty().addListener((o, a, b) -> {
                if (!ctx.updating && b != null) {
                    ctx.apply(ctx.edit(l -> act.set(l, ActivationSpec.of(b))));
                }
            });
            activationParam.setApply(v -> ctx.edit(l -> act.set(l, new ActivationSpec(act.get(l).kind(), v))));
            addRow(1, activationLabel, actRow);
            // with the button under the combo, the label stays beside the combo (not between the two lines)
            GridPane.setValignment(activationLabel, VPos.TOP);
            GridPane.setValignment(actRow, VPos.TOP);
            activationLabel.getStyleClass().add("beside-first-line");
            addRow(2, activationParamLabel, activationParam.withReason());
        }
        for (Node n : List.of(activationLabel, actRow, activationParamLabel)) {
            n.managedProperty().bind(n.visibleProperty());
        }
        disableProperty().bind(ctx.locked());
    }

    /** Fill the rows from the selected layer: its width, and its activation where it has one to choose. */
    void show(int units, ActivationSpec a, boolean activationShown) {
        width.show(units);
        boolean shown = act != null && activationShown;
        activationLabel.setVisible(shown);
        actRow.setVisible(shown);
        activation.setValue(a.kind());
        Optional<String> p = shown ? a.kind().paramName() : Optional.empty();
        activationParam.setVisible(p.isPresent());
        activationParamLabel.setVisible(p.isPresent());
        activationParamLabel.setText(p.orElse(""));
        if (p.isPresent()) {
            activationParam.show(a.param());
        }
    }

    private static ListCell<Activation> activationCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Activation a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : a.id());
                setTooltip(empty || a == null ? null : new Tooltip(a.formula()));
            }
        };
    }
}
