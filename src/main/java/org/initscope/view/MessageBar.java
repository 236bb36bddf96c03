package org.initscope.view;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.initscope.controller.NetworkSession;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A banner above the charts for what went wrong — a file that could not be opened or saved, a network too large
 * to compute — that stays until dismissed, without blocking the window.
 */
public final class MessageBar extends HBox {
    private final Label text = new Label();

    public MessageBar(NetworkSession session) {
        setId("messageBar");
        getStyleClass().add("message-bar");
        setSpacing(10);
        setPadding(new Insets(8, 12, 8, 12));
        setAlignment(Pos.CENTER_LEFT);
        text.setId("messageText");
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        var close = new Button(null, new FontIcon("mdal-close"));
        close.setId("messageClose");
        close.getStyleClass().add("icon-button");
        close.setOnAction(e -> session.clearProblem());
        getChildren().addAll(new FontIcon("mdal-error_outline"), text, close);
        managedProperty().bind(visibleProperty());
        Runnable update = () -> {
            String p = session.problemProperty().get();
            String c = session.computeErrorProperty().get();
            String msg = !p.isEmpty() ? p : c;
            text.setText(msg);
            setVisible(!msg.isEmpty());
            close.setVisible(!p.isEmpty());
        };
        session.problemProperty().addListener((o, a, b) -> update.run());
        session.computeErrorProperty().addListener((o, a, b) -> update.run());
        update.run();
    }

    public String message() {
        return isVisible() ? text.getText() : "";
    }
}
