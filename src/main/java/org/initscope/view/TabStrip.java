package org.initscope.view;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A tab pane's headers as a row of toggle buttons that wraps onto another line when the pane is narrow, instead of
 * hiding tabs behind the overflow arrow. The tab pane keeps its tabs, their selection and content; its own header
 * row is hidden (style class {@code wrapped-tabs}). Each button shows its tab's text (translated with it) and has
 * the id {@code <tab id>-button}.
 */
public final class TabStrip extends FlowPane {
    private final TabPane tabs;
    private final ToggleGroup group = new ToggleGroup();
    private boolean syncing;

    private TabStrip(TabPane tabs) {
        this.tabs = tabs;
        getStyleClass().add("tab-strip");
        setHgap(2);
        setVgap(2);
        tabs.getStyleClass().add("wrapped-tabs");
        rebuild();
        tabs.getTabs().addListener((ListChangeListener<Tab>) c -> rebuild());
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> sync());
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (syncing) {
                return;
            }
            if (b == null) {
                // a selected tab stays selected: clicking it again does not leave none
                sync();
            } else {
                tabs.getSelectionModel().select((Tab) b.getUserData());
            }
        });
    }

    /**
     * A tab pane whose minimum height is that of the tab shown (a plain one takes the largest of all its tabs,
     * which keeps a short window from giving the shown chart its room).
     */
    public static TabPane tabPane() {
        var p = new TabPane() {
            @Override
            protected double computeMinHeight(double width) {
                Tab t = getSelectionModel().getSelectedItem();
                return snappedTopInset() + snappedBottomInset()
                        + (t == null || t.getContent() == null ? 0 : t.getContent().minHeight(width));
            }

            @Override
            protected double computeMinWidth(double height) {
                Tab t = getSelectionModel().getSelectedItem();
                return snappedLeftInset() + snappedRightInset()
                        + (t == null || t.getContent() == null ? 0 : t.getContent().minWidth(height));
            }
        };
        p.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> p.requestLayout());
        return p;
    }

    /** The tab pane under a wrapping strip of its headers. */
    public static VBox around(TabPane tabs) {
        var strip = new TabStrip(tabs);
        var box = new VBox(strip, tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return box;
    }

    private void rebuild() {
        getChildren().clear();
        group.getToggles().clear();
        for (Tab t : tabs.getTabs()) {
            var b = new ToggleButton();
            b.textProperty().bind(t.textProperty());
            b.setMnemonicParsing(false);
            b.setUserData(t);
            b.setToggleGroup(group);
            b.getStyleClass().add("tab-strip-button");
            b.setMinWidth(Region.USE_PREF_SIZE);
            if (t.getId() != null) {
                b.setId(t.getId() + "-button");
            }
            getChildren().add(b);
        }
        sync();
    }

    private void sync() {
        syncing = true;
        try {
            Tab sel = tabs.getSelectionModel().getSelectedItem();
            group.getToggles().forEach(b -> b.setSelected(b.getUserData() == sel));
        } finally {
            syncing = false;
        }
    }
}
