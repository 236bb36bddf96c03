package org.initscope.view.inspector;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.initscope.i18n.I18n;
import org.initscope.model.DenseSpec;
import org.initscope.model.Explanations;
import org.initscope.model.NetworkEdits;
import org.initscope.model.Residual;
import org.initscope.model.ResolvedLayer;
import org.initscope.view.Forms;
import org.initscope.view.NumberField;

/**
 * The inspector's residual part for a dense layer: whether the layer closes a residual branch, how many layers the
 * branch spans, α and whether it is learned (ReZero / SkipInit start it at 0), ReZero or Fixup on every branch at
 * once, and what the layer's place in the branches means, with its numbers ({@link Explanations#residual}).
 */
final class ResidualSection extends VBox {
    /** How α starts and whether it learns. */
    enum Alpha {
        FIXED("fixed"), REZERO("ReZero / SkipInit (0, learned)"), LEARNED("learned");

        private final String label;

        Alpha(String label) {
            this.label = label;
        }

        static Alpha of(Residual r) {
            return r.rezero() ? REZERO : r.learned() ? LEARNED : FIXED;
        }

        Residual apply(Residual r) {
            return switch (this) {
                case FIXED -> r.withLearned(false).withAlpha(r.alpha() == 0 ? 1 : r.alpha());
                case REZERO -> r.withLearned(true).withAlpha(0);
                case LEARNED -> r.withLearned(true).withAlpha(r.alpha() == 0 ? 1 : r.alpha());
            };
        }
    }

    private final InspectorContext ctx;
    private final CheckBox on = new CheckBox("residual  a' = x + α·φ(z)");
    private final ComboBox<Alpha> kind = new ComboBox<>();
    private final NumberField alpha;
    private final NumberField branch;
    private final Label about = new Label();
    private final GridPane fields = new GridPane();

    ResidualSection(InspectorContext ctx) {
        this.ctx = ctx;
        var session = ctx.session;
        setId("residualSection");
        setSpacing(6);
        managedProperty().bind(visibleProperty());

        on.setId("residualCheck");
        // a narrow pane (or presenting) wraps it rather than cutting the formula to "..."
        on.setWrapText(true);
        on.setTooltip(new Tooltip("a' = x + α·φ(W·x + b): the identity path carries signal and gradient (needs "
                + "units = the branch's inputs)"));
        on.selectedProperty().addListener((o, a, b) -> {
            if (!ctx.updating) {
                apply(session.editLayer(session.selected(), d -> d.withResidual(b ? Residual.fixed(1.0) : null)));
            }
        });
        kind.setId("residualKind");
        kind.getItems().setAll(Alpha.values());
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(Alpha a) {
                return a == null ? "" : I18n.t(a.label);
            }

            @Override
            public Alpha fromString(String s) {
                return null;
            }
        });
        kind.setTooltip(new Tooltip("fixed: α stays as set; ReZero / SkipInit: α starts at 0 and is trained, so every "
                + "block starts as the identity; learned: α starts as set and is trained (Fixup's multiplier)"));
        kind.valueProperty().addListener((o, a, b) -> {
            if (!ctx.updating && b != null) {
                apply(session.editLayer(session.selected(), d -> d.withResidual(b.apply(d.residual()))));
            }
        });
        alpha = new NumberField(ctx.validation, "α at initialization, the scale of the residual branch (0 to 1000)");
        alpha.setId("residualAlpha");
        alpha.setPrefColumnCount(5);
        alpha.setMinWidth(Region.USE_PREF_SIZE);
        alpha.setApply(v -> v < 0 || v > DenseSpec.MAX_SCALE ? Optional.of("α must be between 0 and 1000")
                : session.editLayer(session.selected(), d -> d.withResidual(d.residual().withAlpha(v))));
        branch = new NumberField(ctx.validation, "layers in the branch: this one and the dense layers just before it "
                + "(1 to " + Residual.MAX_BRANCH + ")");
        branch.setId("residualBranch");
        branch.setPrefColumnCount(3);
        branch.setApply(v -> v != Math.rint(v) || v < 1 || v > Residual.MAX_BRANCH
                ? Optional.of("the branch spans 1 to " + Residual.MAX_BRANCH + " layers")
                : session.editLayer(session.selected(), d -> d.withResidual(d.residual().withBranch((int) v))));
        fields.setHgap(8);
        fields.setVgap(6);
        // the combo shows its whole choice ("ReZero / SkipInit (0, learned)"); in a narrow pane the α field goes
        // under it, with the label level with the combo
        kind.setMinWidth(Region.USE_PREF_SIZE);
        var alphaRow = new FlowPane(6, 6, kind, alpha.withReason());
        alphaRow.setAlignment(Pos.CENTER_LEFT);
        var alphaLabel = Forms.label("α");
        alphaLabel.getStyleClass().add("beside-first-line");
        GridPane.setValignment(alphaLabel, VPos.TOP);
        GridPane.setValignment(alphaRow, VPos.TOP);
        fields.addRow(0, alphaLabel, alphaRow);
        var branchRow = new HBox(6, branch.withReason(), Forms.label("layers"));
        branchRow.setAlignment(Pos.CENTER_LEFT);
        fields.addRow(1, Forms.label("branch"), branchRow);
        fields.managedProperty().bind(fields.visibleProperty());

        Button rezero = Forms.button("ReZero on every branch", "mdal-exposure_zero", "α = 0, learned, on "
                + "every residual layer (Bachlechner et al. 2020; SkipInit, De & Smith 2020): the network starts as "
                + "the identity map of its first non-residual layers");
        rezero.setId("rezeroAll");
        rezero.setOnAction(e -> apply(session.edit(NetworkEdits::rezero)));
        Button fixup = Forms.button("Fixup on every branch", "mdal-call_split", "Zhang et al. 2019: the last "
                + "layer of every branch W = 0, the others He × L^(−1/(2m−2)), scalar biases 0 and the multiplier α = "
                + "1, learned; the trainer's output layer starts at 0");
        fixup.setId("fixupAll");
        fixup.setOnAction(e -> apply(session.edit(NetworkEdits::fixup)));
        var buttons = new FlowPane(6, 6, rezero, fixup);
        buttons.setAlignment(Pos.CENTER_LEFT);

        about.setId("residualAbout");
        about.setWrapText(true);
        about.getStyleClass().add("explanation");
        about.managedProperty().bind(about.visibleProperty());

        getChildren().addAll(on, fields, buttons, about);
        for (Node n : List.of(on, fields, buttons)) {
            n.disableProperty().bind(session.lockedProperty());
        }
    }

    /** The outcome of an edit: a refused one is shown under the title, and the inspector shows the layer again. */
    private void apply(Optional<String> outcome) {
        ctx.apply(outcome);
    }

    /** Show a dense layer (while the inspector fills its controls). */
    void show(ResolvedLayer layer) {
        DenseSpec d = layer.dense();
        setVisible(d != null);
        if (d == null) {
            return;
        }
        on.setSelected(d.isResidual());
        fields.setVisible(d.isResidual());
        if (d.isResidual()) {
            kind.setValue(Alpha.of(d.residual()));
            alpha.show(d.residual().alpha());
            branch.show(d.residual().branch());
        }
        String text = Explanations.residual(layer);
        about.setText(text);
        about.setVisible(!text.isEmpty());
    }
}
