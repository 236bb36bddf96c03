package org.initscope.view;

import java.util.Optional;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.controlsfx.validation.ValidationSupport;
import org.initscope.controller.NetworkSession;
import org.initscope.model.Parameterization;

/**
 * The network's parameterization in the Network panel: SP, NTK or μP (Yang &amp; Hu 2021; Tensor Programs V, Table
 * 3), the base width n₀ at which they coincide, and μP's output multiplier. Saved with the network and used by
 * training; the inspector says what it does to the selected layer, with the numbers.
 */
final class ParameterizationControls extends FlowPane {
    private final NetworkSession session;
    private final ComboBox<Parameterization.Kind> kind = new ComboBox<>();
    private final NumberField base;
    private final NumberField multiplier;
    private final HBox multiplierBox;
    private final HBox baseBox;
    private boolean updating;

    /** @param report shows a refused edit (the Network panel's message line) */
    ParameterizationControls(NetworkSession session, ValidationSupport validation,
            Consumer<Optional<String>> report) {
        super(8, 6);
        this.session = session;
        setId("parameterizationRow");
        setAlignment(Pos.CENTER_LEFT);
        kind.setId("parameterizationCombo");
        kind.getItems().setAll(Parameterization.Kind.values());
        kind.setConverter(UiText.shownAs(Parameterization.Kind::label));
        kind.setTooltip(new Tooltip("how the widths scale training: SP (every layer as initialized, one learning "
                + "rate), NTK, or μP (Tensor Programs V, Table 3: per-layer learning rates, and the output layer's "
                + "multiplier and initial scale); NTK and μP for stacks of plain dense layers"));
        kind.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                Optional<String> outcome = session.edit(s -> s.withParameterization(new Parameterization(b,
                        s.parameterization().baseWidth(), b == Parameterization.Kind.MUP
                        ? s.parameterization().outputMultiplier() : 1)));
                report.accept(outcome);
                if (outcome.isPresent()) {
                    refresh();
                }
            }
        });
        base = new NumberField(validation, "the base width n₀ at which NTK and μP equal SP (mup's base shape); the "
                + "width multiplier of a layer is m = fan/n₀");
        base.setId("baseWidthField");
        base.setPrefColumnCount(5);
        base.setApply(v -> v != Math.rint(v) || v < 1 || v > Parameterization.MAX_BASE_WIDTH
                ? Optional.of("the base width is a whole number from 1 to " + Parameterization.MAX_BASE_WIDTH)
                : session.edit(s -> s.withParameterization(new Parameterization(s.parameterization().kind(), (int) v,
                        s.parameterization().outputMultiplier()))));
        multiplier = new NumberField(validation, "μP's output multiplier (mup's output_mult): the output layer "
                + "computes W·(output_mult·x/m) + b");
        multiplier.setId("outputMultiplierField");
        multiplier.setPrefColumnCount(5);
        multiplier.setApply(v -> !(v > 0 && v <= Parameterization.MAX_OUTPUT_MULTIPLIER)
                ? Optional.of("the output multiplier must be above 0")
                : session.edit(s -> s.withParameterization(new Parameterization(s.parameterization().kind(),
                        s.parameterization().baseWidth(), v))));
        multiplierBox = new HBox(6, label("output ×"), multiplier.withReason());
        multiplierBox.setAlignment(Pos.CENTER_LEFT);
        multiplierBox.managedProperty().bind(multiplierBox.visibleProperty());
        var kindBox = new HBox(6, label("parameterization"), kind);
        kindBox.setAlignment(Pos.CENTER_LEFT);
        baseBox = new HBox(6, label("n₀"), base.withReason());
        baseBox.setAlignment(Pos.CENTER_LEFT);
        // SP does not depend on a base width: n₀ is shown for NTK and μP only
        baseBox.managedProperty().bind(baseBox.visibleProperty());
        getChildren().addAll(kindBox, baseBox, multiplierBox);
        disableProperty().bind(session.lockedProperty());
        session.specProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    private static Label label(String text) {
        var l = new Label(text);
        l.getStyleClass().add("field-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private void refresh() {
        updating = true;
        try {
            Parameterization p = session.spec().parameterization();
            kind.setValue(p.kind());
            base.show(p.baseWidth());
            multiplier.show(p.outputMultiplier());
            multiplierBox.setVisible(p.kind() == Parameterization.Kind.MUP);
            baseBox.setVisible(p.kind() != Parameterization.Kind.SP);
        } finally {
            updating = false;
        }
    }
}
