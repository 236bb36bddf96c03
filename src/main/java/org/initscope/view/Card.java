package org.initscope.view;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.layout.BorderPane;

/**
 * A chart (or a view) with its bar of options above it. The bar may wrap onto more lines in a narrow window:
 * the card's minimum height counts the bar at the card's current width (a plain BorderPane counts it on one line,
 * and a split or grid pane then gives the chart less than its minimum).
 */
public final class Card extends BorderPane {
    public Card(Node bar, Node content) {
        super(content);
        setTop(bar);
        getStyleClass().add("chart-card");
    }

    @Override
    protected double computeMinHeight(double width) {
        double w = width > 0 ? width : getWidth();
        if (w <= 0) {
            return super.computeMinHeight(width);
        }
        Insets in = getInsets();
        double inner = Math.max(0, w - in.getLeft() - in.getRight());
        Node top = getTop();
        Node centre = getCenter();
        return in.getTop() + in.getBottom() + (top == null || !top.isManaged() ? 0 : top.prefHeight(inner))
                + (centre == null ? 0 : centre.minHeight(inner));
    }
}
