package org.initscope.view;

import java.util.List;
import java.util.Set;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
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
    /**
     * The step whose controls are kept in sight, the ids of those controls, the one kept in sight, and the scene
     * listened to.
     */
    private Scenario.Step keptFor;
    private List<String> keptIds = List.of();
    private Node kept;
    private Scene keptIn;
    private final Runnable afterLayout = this::afterLayout;

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
        view.addEventFilter(ScrollEvent.SCROLL, this::userInput);
        view.addEventFilter(MouseEvent.MOUSE_PRESSED, this::userInput);
        view.addEventFilter(KeyEvent.KEY_PRESSED, this::userInput);
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
        // (a resize lays the window out again: a step shown before keeps what the user did since)
        Scenario.Step shownStep = on ? step : null;
        if (shownStep != keptFor) {
            keptFor = shownStep;
            keepInSight(looks.isEmpty() ? List.of() : step.look().stream()
                    .filter(id -> IN_INSPECTOR.contains(id) || IN_NETWORK.contains(id)).toList());
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
     * Keep the control a step asks the class to use in sight: after every layout pass (when every position is
     * final: texts that wrap anew when the step's result arrives and tables that fit their columns settle over more
     * than one pass) the scroll panes around it are scrolled so that it is in sight, centred if it fits — until the
     * user scrolls, clicks or types in such a pane, or another step is shown. A step may name a pane and a control
     * in it ("inspector", "weightFormula"): the innermost is kept in sight (scrolling to the whole pane would show
     * its top); of two apart, the first the step names.
     */
    private void keepInSight(List<String> ids) {
        keptIds = ids;
        kept = null;
        Scene scene = ids.isEmpty() ? null : view.getScene();
        if (keptIn != scene) {
            if (keptIn != null) {
                keptIn.removePostLayoutPulseListener(afterLayout);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(afterLayout);
            }
            keptIn = scene;
        }
        if (scene != null) {
            // a pass now: the window may have nothing left to lay out
            Platform.requestNextPulse();
        }
    }

    private void afterLayout() {
        if (kept == null || kept.getScene() != keptIn || !isShown(kept)) {
            kept = innermost(keptIds.stream().map(id -> shown(view, id)).filter(n -> n != null).toList());
        }
        if (kept != null) {
            for (Node p = kept.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane sp) {
                    scrollTo(sp, kept);
                }
            }
        }
    }

    /** The user takes over: a scroll, click or key in a scroll pane around the kept control ends the keeping. */
    private void userInput(Event e) {
        if (kept != null && e.getTarget() instanceof Node target) {
            for (Node p = kept.getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane && isWithin(target, p)) {
                    keepInSight(List.of());
                    return;
                }
            }
        }
    }

    private static boolean isWithin(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** Of these nodes, the first that contains none of the others. */
    private static Node innermost(List<Node> nodes) {
        for (Node n : nodes) {
            if (nodes.stream().noneMatch(o -> o != n && isWithin(o, n))) {
                return n;
            }
        }
        return null;
    }

    private static boolean isShown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first node with this id whose parents are all visible, or null: an id may stand on a hidden node too (a
     * section of the inspector for another layer type), and scrolling to that one would scroll to nothing.
     */
    private static Node shown(Node root, String id) {
        return root.lookupAll("#" + id).stream().filter(PresentationLayout::isShown).findFirst().orElse(null);
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
