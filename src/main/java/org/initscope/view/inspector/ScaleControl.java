package org.initscope.view.inspector;

import static org.initscope.view.Forms.section;
import static org.initscope.view.Forms.spacer;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;

/**
 * The scale slider: multiplies every weight of the selected layer's initializer (or of every layer's), on a log
 * axis from ×0.001 to ×1000; a drag is one undo step, a double-click resets to ×1.
 */
final class ScaleControl extends VBox {
    private final Slider scale = new Slider(-3, 3, 0);
    private final Label value = new Label();
    private final ToggleButton all = new ToggleButton("all layers");

    ScaleControl(InspectorContext ctx) {
        super(8);
        scale.setId("scaleSlider");
        scale.setShowTickMarks(true);
        scale.setShowTickLabels(true);
        scale.setMajorTickUnit(1);
        scale.setMinorTickCount(0);
        scale.setLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                int e = (int) Math.round(v);
                return e < 0 ? "1/" + (int) Math.pow(10, -e) : Integer.toString((int) Math.pow(10, e));
            }

            @Override
            public Double fromString(String s) {
                return 0.0;
            }
        });
        scale.setTooltip(new Tooltip("multiplies every weight of the initializer (log scale, ×0.001 to ×1000): drag "
                + "from vanishing through stable to exploding; double-click resets to ×1"));
        scale.valueProperty().addListener((o, a, b) -> {
            value.setText(String.format(Locale.ROOT, "× %s", Fmt.sig(Math.pow(10, b.doubleValue()), 3)));
            if (!ctx.updating) {
                double s = clamp(Math.pow(10, b.doubleValue()));
                ctx.apply(all.isSelected() ? ctx.session.editAllWeighted(l -> l.withScale(s))
                        : ctx.session.editWeighted(ctx.session.selected(), l -> l.withScale(s)));
            }
        });
        // a drag is one undo step
        scale.valueChangingProperty().addListener((o, a, dragging) -> {
            if (dragging) {
                ctx.session.history().beginGesture();
            } else {
                ctx.session.history().endGesture();
            }
        });
        scale.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                scale.setValue(0);
            }
        });
        value.setId("scaleValue");
        value.getStyleClass().add("scale-value");
        value.setMinWidth(64);
        all.setId("scaleAll");
        all.setMinWidth(Region.USE_PREF_SIZE);
        all.setTooltip(new Tooltip("the slider sets the scale of every layer instead of the selected one"));
        var row = new HBox(6, scale, value);
        HBox.setHgrow(scale, Priority.ALWAYS);
        row.setAlignment(Pos.CENTER_LEFT);
        var head = new HBox(8, section("Scale"), spacer(), all);
        head.setAlignment(Pos.CENTER_LEFT);
        all.disableProperty().bind(ctx.locked());
        row.disableProperty().bind(ctx.locked());
        getChildren().addAll(head, row);
    }

    /** Show the selected layer's scale (while the inspector fills its controls). */
    void show(double s) {
        scale.setValue(Math.log10(s));
        value.setText("× " + Fmt.sig(s, 3));
    }

    private static double clamp(double s) {
        return Math.max(DenseSpec.MIN_SCALE, Math.min(DenseSpec.MAX_SCALE, s));
    }
}
