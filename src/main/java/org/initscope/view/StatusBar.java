package org.initscope.view;

import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.PropagationResult;
import org.initscope.i18n.I18n;

/** The bottom line: how the last result was computed, and a busy indicator that only shows for slow runs. */
public final class StatusBar extends HBox {
    /** A computation must take at least this long before the busy indicator appears. */
    public static final Duration BUSY_DELAY = Duration.millis(300);

    private final Label text = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();

    public StatusBar(NetworkSession session) {
        setId("statusBar");
        getStyleClass().add("status-bar");
        setSpacing(10);
        setPadding(new Insets(4, 12, 4, 12));
        setAlignment(Pos.CENTER_LEFT);
        text.setId("statusText");
        // a narrow window (1024×768) puts the timings on a second line rather than cutting them to "..."
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        busy.setId("busy");
        busy.setPrefSize(16, 16);
        busy.setMaxSize(16, 16);
        busy.setVisible(false);
        var busyLabel = new Label("computing…");
        busyLabel.visibleProperty().bind(busy.visibleProperty());
        // a long computation can be stopped without another edit: the charts keep the last result
        var stop = new Button("Stop");
        stop.setId("stopCompute");
        stop.getStyleClass().add("small");
        stop.setTooltip(new Tooltip("stop this computation; the charts keep the last result"));
        stop.visibleProperty().bind(busy.visibleProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(e -> session.cancelCompute());
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(text, spacer, busyLabel, busy, stop);
        var delay = new PauseTransition(BUSY_DELAY);
        delay.setOnFinished(e -> busy.setVisible(session.computingProperty().get()));
        session.computingProperty().addListener((o, was, now) -> {
            if (now) {
                delay.playFromStart();
            } else {
                delay.stop();
                busy.setVisible(false);
            }
        });
        session.resultProperty().addListener((o, a, r) -> show(r));
        // a window rebuilt (a language switch) shows the result it already has
        show(session.result());
    }

    private void show(PropagationResult r) {
        if (r == null) {
            return;
        }
        var t = r.timings();
        long values = (long) r.network().input().batch() * r.network().layers().get(0).units();
        text.setText(I18n.f("%d layers · seed %d · batch %,d (%,d values per activation tensor) · "
                + "computed in %.0f ms (sample %.0f, forward %.0f, backward %.0f, statistics %.0f)",
                r.network().depth(), r.seed(), r.network().input().batch(), values, t.totalMs(), t.sampleMs(),
                t.forwardMs(), t.backwardMs(), t.statsMs()));
    }

    public boolean busyShown() {
        return busy.isVisible();
    }
}
