package org.initscope.view;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The small pieces every form panel is made of: a field's label, a section title, a spacer in a row. */
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
}
