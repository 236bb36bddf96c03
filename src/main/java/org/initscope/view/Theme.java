package org.initscope.view;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;

/**
 * Light and dark themes: AtlantaFX's Primer pair for the controls, the app's stylesheet (which uses AtlantaFX's
 * colour variables) and the canvas charts' own grid and text colours.
 */
public enum Theme {
    LIGHT("Light"), DARK("Dark");

    private static final ReadOnlyObjectWrapper<Theme> CURRENT = new ReadOnlyObjectWrapper<>(LIGHT);
    /** AtlantaFX's light theme, for a scene that is always light (a lesson export's slides). */
    public static final String LIGHT_STYLESHEET = new PrimerLight().getUserAgentStylesheet();

    /** The app's own stylesheets, in order: the ControlsFX bridge, then InitScope's. */
    public static List<String> appStylesheets() {
        return List.of(
                Objects.requireNonNull(Theme.class.getResource("/org/initscope/css/bridge.css")).toExternalForm(),
                Objects.requireNonNull(Theme.class.getResource("/org/initscope/css/app.css")).toExternalForm());
    }
    private final String label;

    Theme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Theme current() {
        return CURRENT.get();
    }

    public static ReadOnlyObjectProperty<Theme> currentProperty() {
        return CURRENT.getReadOnlyProperty();
    }

    public static Theme parse(String name) {
        try {
            return Theme.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            return LIGHT;
        }
    }

    /** Switch the whole app (every window shares the user-agent stylesheet); {@code scene} gets the dark class. */
    public static void apply(Theme t, Scene scene) {
        Application.setUserAgentStylesheet(t == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        CURRENT.set(t);
        ChartPane.darkThemeProperty().set(t == DARK);
        if (scene != null && scene.getRoot() != null) {
            scene.getRoot().getStyleClass().remove("dark");
            if (t == DARK) {
                scene.getRoot().getStyleClass().add("dark");
            }
        }
    }
}
