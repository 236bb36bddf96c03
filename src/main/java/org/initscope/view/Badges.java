package org.initscope.view;

import java.util.Locale;
import java.util.Set;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.initscope.engine.Health;
import org.initscope.i18n.I18n;

/** Small coloured labels for a layer's health: vanishing, exploding, saturated, dead, Inf/NaN. */
public final class Badges {
    private Badges() {
    }

    public static HBox of(Set<Health> health) {
        var box = new HBox(4);
        box.getStyleClass().add("badges");
        for (Health h : health) {
            var l = new Label(I18n.t(h.label()));
            l.getStyleClass().addAll("badge", "badge-" + h.name().toLowerCase(Locale.ROOT));
            l.setTooltip(new Tooltip(I18n.t(h.description())));
            box.getChildren().add(l);
        }
        return box;
    }
}
