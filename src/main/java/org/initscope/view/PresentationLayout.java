package org.initscope.view;

import java.util.Set;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.initscope.config.Scenario;

/**
 * Presentation mode for a projector: while a lesson step is shown, its text and question sit in a column beside
 * the charts (on a landscape screen; above them on a portrait one), the charts the step points at get the room
 * (the others collapse), and a control the step asks the class to use (the scale slider, the weight formula, the
 * inspector, the layer list) is shown beside the charts and scrolled into sight. Off, or without a lesson, the
 * window is laid out as at a desk.
 */
final class PresentationLayout {
    /** Look-targets that live in the inspector, and in the network pane. */
    private static final Set<String> IN_INSPECTOR = Set.of("inspector", "weightFormula", "scaleSlider");
    private static final Set<String> IN_NETWORK = Set.of("layerTable");
    /** The lesson column's width: a share of the window between these bounds. */
    private static final double COLUMN_SHARE = 0.3;
    private static final double COLUMN_MIN = 330;
    private static final double COLUMN_MAX = 480;

    private final MainView view;
    private final BorderPane centre;
    private final VBox top;
    private final ScrollPane column = new ScrollPane();
    private boolean pending;

    PresentationLayout(MainView view, BorderPane centre) {
        this.view = view;
        this.centre = centre;
        this.top = (VBox) centre.getTop();
        column.setId("lessonColumn");
        column.getStyleClass().add("lesson-column");
        column.setFitToWidth(true);
        column.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        view.widthProperty().addListener(o -> later());
        view.heightProperty().addListener(o -> later());
    }

    /** Once, after the current changes (a resize sends many). */
    private void later() {
        if (!pending) {
            pending = true;
            Platform.runLater(() -> {
                pending = false;
                update();
            });
        }
    }

    /** Arrange the window for the current mode and lesson step. */
    void update() {
        boolean on = view.presentationProperty().get();
        Scenario.Step step = view.lessons().stepProperty().get();
        Set<String> looks = on && step != null ? Set.copyOf(step.look()) : Set.of();
        placeLesson(on && step != null && view.getWidth() > view.getHeight() * 1.15);
        // the step chooses the mode: its tabs make room
        var modes = view.modesPane().getStyleClass();
        modes.remove("presenting-lesson");
        if (on && step != null) {
            modes.add("presenting-lesson");
        }
        view.charts().focus(looks.contains("depthChart"), looks.stream().anyMatch(ChartsPanel.VIEW_IDS::contains));
        if (view.trainingPanelIfBuilt() != null) {
            view.trainingPanelIfBuilt().present(on, looks);
        }
        if (view.comparePanelIfBuilt() != null) {
            view.comparePanelIfBuilt().present(on, looks);
        }
        SidePanes.Need need = looks.stream().anyMatch(IN_INSPECTOR::contains) ? SidePanes.Need.INSPECTOR
                : looks.stream().anyMatch(IN_NETWORK::contains) ? SidePanes.Need.NETWORK : SidePanes.Need.NONE;
        view.sidePanes().needProperty().set(need);
        // a control an earlier step asked for is no longer kept in sight
        stopFollowingUnder(view);
        if (need != SidePanes.Need.NONE) {
            // after the pane is laid out: scroll the control into sight. Texts that wrap and tables that fit their
            // columns settle over more than one layout pass, so the window is laid out to the end first (else the
            // control can end up a few pixels out of sight)
            Platform.runLater(() -> {
                for (int pass = 0; pass < 3; pass++) {
                    view.applyCss();
                    view.layout();
                }
                looks.stream().filter(id -> IN_INSPECTOR.contains(id) || IN_NETWORK.contains(id))
                        .map(id -> shown(view, id)).filter(n -> n != null).forEach(PresentationLayout::reveal);
            });
        }
    }

    /** The lesson card in a column at the left of the charts, or above them. */
    private void placeLesson(boolean inColumn) {
        LessonBar bar = view.lessonBar();
        bar.setColumn(inColumn);
        if (inColumn) {
            double w = Math.max(COLUMN_MIN, Math.min(COLUMN_MAX, view.getWidth() * COLUMN_SHARE));
            column.setPrefWidth(w);
            column.setMinWidth(w);
            column.setMaxWidth(w);
            if (column.getContent() != bar) {
                top.getChildren().remove(bar);
                column.setContent(bar);
                centre.setLeft(column);
            }
        } else if (column.getContent() == bar) {
            column.setContent(null);
            centre.setLeft(null);
            top.getChildren().add(0, bar);
        }
    }

    /**
     * Scroll the scroll panes around {@code n} so that it is in sight (centred if it fits), and keep it there while
     * the pane's content changes size (a text that wraps anew when the step's result arrives, a table that fits its
     * columns) until the user scrolls, clicks or types in the pane, or another control is revealed in it.
     */
    static void reveal(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp && sp.getContent() != null) {
                scrollTo(sp, n);
                follow(sp, n);
            }
        }
    }

    private static final String FOLLOWING = "initscope.revealFollowing";

    private static void follow(ScrollPane sp, Node n) {
        stopFollowing(sp);
        Scene scene = sp.getScene();
        if (scene == null) {
            return;
        }
        // after each layout pass, when every position is final (a listener on the content's size would run in the
        // middle of a pass, before the control itself has moved)
        Runnable keep = () -> {
            if (n.getScene() == scene && sp.getScene() == scene) {
                scrollTo(sp, n);
            } else {
                stopFollowing(sp);
            }
        };
        EventHandler<Event> user = e -> stopFollowing(sp);
        scene.addPostLayoutPulseListener(keep);
        // a pulse now, with the window laid out: the first scroll may have been computed before the pane had its size
        Platform.requestNextPulse();
        sp.addEventFilter(ScrollEvent.SCROLL, user);
        sp.addEventFilter(MouseEvent.MOUSE_PRESSED, user);
        sp.addEventFilter(KeyEvent.KEY_PRESSED, user);
        sp.getProperties().put(FOLLOWING, (Runnable) () -> {
            scene.removePostLayoutPulseListener(keep);
            sp.removeEventFilter(ScrollEvent.SCROLL, user);
            sp.removeEventFilter(MouseEvent.MOUSE_PRESSED, user);
            sp.removeEventFilter(KeyEvent.KEY_PRESSED, user);
        });
    }

    /**
     * The first node with this id whose parents are all visible, or null: an id may stand on a hidden node too (a
     * section of the inspector for another layer type), and scrolling to that one would scroll to nothing.
     */
    static Node shown(Node root, String id) {
        for (Node n : root.lookupAll("#" + id)) {
            boolean visible = true;
            for (Node p = n; p != null && visible; p = p.getParent()) {
                visible = p.isVisible();
            }
            if (visible) {
                return n;
            }
        }
        return null;
    }

    private static void stopFollowingUnder(Node root) {
        if (root instanceof ScrollPane sp) {
            stopFollowing(sp);
        }
        if (root instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                stopFollowingUnder(c);
            }
        }
    }

    private static void stopFollowing(ScrollPane sp) {
        if (sp.getProperties().remove(FOLLOWING) instanceof Runnable stop) {
            stop.run();
        }
    }

    private static void scrollTo(ScrollPane sp, Node n) {
        Node content = sp.getContent();
        if (content == null || n.getScene() == null) {
            return;
        }
        Bounds b = content.sceneToLocal(n.localToScene(n.getLayoutBounds()));
        double extra = content.getLayoutBounds().getHeight() - sp.getViewportBounds().getHeight();
        if (extra > 0) {
            double y = b.getMinY() - Math.max(0, (sp.getViewportBounds().getHeight() - b.getHeight()) / 2);
            sp.setVvalue(sp.getVmin() + (sp.getVmax() - sp.getVmin()) * Math.max(0, Math.min(1, y / extra)));
        }
    }
}
