package org.initscope.app;

import javafx.geometry.Insets;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.initscope.i18n.I18n;
import org.initscope.view.Theme;

/**
 * The first frame: a small window that appears as soon as JavaFX runs, while ND4J loads and the first network is
 * computed (the main window appears with real charts, and this one goes).
 */
final class Splash {
    private Splash() {
    }

    static Stage show() {
        var stage = new Stage(StageStyle.UNDECORATED);
        stage.setTitle("InitScope");
        var title = new Label("InitScope");
        title.getStyleClass().add("splash-title");
        var line = new Label(I18n.t("Starting the engine and computing the first network…"));
        line.getStyleClass().add("splash-text");
        var bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.setMaxWidth(Double.MAX_VALUE);
        var box = new VBox(14, title, line, bar);
        box.setId("splash");
        box.getStyleClass().add("splash");
        box.setPadding(new Insets(28, 32, 28, 32));
        var scene = new Scene(box, 440, 170);
        scene.getStylesheets().setAll(Theme.appStylesheets());
        stage.setScene(scene);
        Rectangle2D v = Screen.getPrimary().getVisualBounds();
        stage.setX(v.getMinX() + (v.getWidth() - 440) / 2);
        stage.setY(v.getMinY() + (v.getHeight() - 170) / 2);
        stage.show();
        return stage;
    }
}
