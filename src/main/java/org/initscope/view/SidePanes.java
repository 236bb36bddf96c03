package org.initscope.view;

import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * How the network builder (left) and the inspector (right) sit beside the centre: both beside it in a wide
 * window; in a narrow one (below {@link #COMPACT_WIDTH}) one sidebar with a tab for each, so that the charts keep
 * their room; hidden (F6, presentation mode) — except the pane a lesson step asks the class to use, which then
 * shows beside the charts.
 */
public final class SidePanes {
    /** Below this window width the two panes share one sidebar. */
    public static final double COMPACT_WIDTH = 1280;

    /** A pane a lesson step needs on screen. */
    public enum Need {
        NONE, NETWORK, INSPECTOR
    }

    private final SplitPane split;
    private final ScrollPane left;
    private final ScrollPane right;
    private final Node centre;
    private final TabPane sidebar = new TabPane();
    private final Tab networkTab = new Tab("Network");
    private final Tab layerTab = new Tab("Layer");
    private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
    private final BooleanProperty compact = new SimpleBooleanProperty(this, "compact", false);
    private final ObjectProperty<Need> need = new SimpleObjectProperty<>(this, "need", Need.NONE);
    private List<Node> arranged = List.of();

    public SidePanes(SplitPane split, ScrollPane left, ScrollPane right, Node centre) {
        this.split = split;
        this.left = left;
        this.right = right;
        this.centre = centre;
        sidebar.setId("sidebar");
        sidebar.getStyleClass().add("sidebar");
        sidebar.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        networkTab.setId("networkTab");
        layerTab.setId("layerTab");
        sidebar.getTabs().addAll(networkTab, layerTab);
        left.setMinWidth(330);
        right.setMinWidth(300);
        sidebar.setMinWidth(340);
        shown.addListener((o, a, b) -> arrange());
        compact.addListener((o, a, b) -> arrange());
        need.addListener((o, a, b) -> arrange());
        // after the split's own layout for the new width (which would keep the panes' old proportions)
        split.widthProperty().addListener((o, a, b) -> Platform.runLater(this::placeDividers));
        arrange();
    }

    /** The panes are shown (View ▸ Show network and inspector, F6). */
    public BooleanProperty shownProperty() {
        return shown;
    }

    /** One sidebar with two tabs instead of two panes (a narrow window). */
    public BooleanProperty compactProperty() {
        return compact;
    }

    /** The pane a lesson step asks the class to use: shown even when the panes are hidden. */
    public ObjectProperty<Need> needProperty() {
        return need;
    }

    /** The tab pane of the compact sidebar (tests). */
    public TabPane sidebar() {
        return sidebar;
    }

    private void arrange() {
        List<Node> want;
        Need n = need.get();
        if (!shown.get()) {
            want = switch (n) {
                case NONE -> List.of(centre);
                case NETWORK -> List.of(left, centre);
                case INSPECTOR -> List.of(centre, right);
            };
        } else if (compact.get()) {
            want = List.of(sidebar, centre);
        } else {
            want = List.of(left, centre, right);
        }
        if (want.equals(arranged)) {
            if (compact.get() && shown.get() && n != Need.NONE) {
                sidebar.getSelectionModel().select(n == Need.NETWORK ? networkTab : layerTab);
            }
            return;
        }
        // a node lives in one place at a time: out of the sidebar's tabs before it goes into the split, and back
        networkTab.setContent(null);
        layerTab.setContent(null);
        split.getItems().setAll(want);
        if (want.contains(sidebar)) {
            networkTab.setContent(left);
            layerTab.setContent(right);
            if (n != Need.NONE) {
                sidebar.getSelectionModel().select(n == Need.NETWORK ? networkTab : layerTab);
            }
        }
        arranged = want;
        placeDividers();
    }

    /**
     * The side panes at about their minimum widths, a little wider on a large screen; the charts get the rest.
     * Set again whenever the window's width changes (the split otherwise keeps the panes' old pixel widths).
     */
    private void placeDividers() {
        double w = split.getWidth();
        if (w <= 0) {
            return;
        }
        if (arranged.size() == 3) {
            double l = Math.max(330, Math.min(420, w * 0.24));
            double r = Math.max(330, Math.min(400, w * 0.22));
            split.setDividerPositions(l / w, 1 - r / w);
        } else if (arranged.size() == 2) {
            double side = Math.min(w / 3, arranged.contains(right) ? 330 : arranged.contains(sidebar) ? 350 : 360);
            split.setDividerPositions(arranged.get(0) == centre ? 1 - side / w : side / w);
        }
    }
}
