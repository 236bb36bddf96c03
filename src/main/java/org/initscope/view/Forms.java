package org.initscope.view;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.initscope.i18n.I18n;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The small pieces every form panel is made of: a field's label, a section title, a spacer in a row, a button with
 * an icon, the check of a whole number.
 */
public final class Forms {
    private Forms() {
    }

    /** A field's label: never shortened with "…" (the field beside it gives way instead). */
    public static Label label(String text) {
        var l = new Label(text);
        l.getStyleClass().add("field-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A section's title. */
    public static Label section(String text) {
        var l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    /** Takes the free width of an HBox row (pushes what follows it to the right). */
    public static Node spacer() {
        var r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** A button with an icon and a tooltip that says what it does. */
    public static Button button(String text, String icon, String tip) {
        var b = new Button(text, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** Why {@code v} is refused as {@code what}: not a whole number from {@code min} to {@code max}; empty if it is one. */
    public static Optional<String> whole(double v, int min, int max, String what) {
        if (v != Math.rint(v) || v < min || v > max) {
            return Optional.of(I18n.f("%s must be a whole number from %,d to %,d", what, min, max));
        }
        return Optional.empty();
    }
}
