package org.initscope.view;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.Quantity;

/**
 * The centre of the window: the depth chart on top, and below it the per-layer histograms, the ridgeline and the
 * statistics table for the chosen quantity.
 */
public final class ChartsPanel extends SplitPane {
    private final DepthChart depth = new DepthChart();
    private final HistogramGrid grid = new HistogramGrid();
    private final RidgelineChart ridgeline = new RidgelineChart();
    private final LayerStatsTable table = new LayerStatsTable();
    private final TabPane tabs = new TabPane();

    public ChartsPanel(NetworkSession session) {
        setOrientation(Orientation.VERTICAL);
        getStyleClass().add("charts-panel");

        // depth chart with its options
        var metric = new ComboBox<DepthChart.Metric>();
        metric.setId("metricCombo");
        metric.getItems().setAll(DepthChart.Metric.values());
        metric.setValue(DepthChart.Metric.VARIANCE);
        metric.setTooltip(new Tooltip("plot the variance or the standard deviation"));
        depth.metricProperty().bind(metric.valueProperty());
        var forward = quantityCombo("forwardCombo", "the forward quantity (blue)", Quantity.PRE_ACTIVATIONS,
                Quantity.ACTIVATIONS);
        forward.setValue(Quantity.ACTIVATIONS);
        depth.forwardProperty().bind(forward.valueProperty());
        var backward = quantityCombo("backwardCombo", "the backward quantity (orange)", Quantity.ACTIVATION_GRADIENTS,
                Quantity.PRE_ACTIVATION_GRADIENTS, Quantity.WEIGHT_GRADIENTS);
        backward.setValue(Quantity.ACTIVATION_GRADIENTS);
        depth.backwardProperty().bind(backward.valueProperty());
        var depthBar = new HBox(8, spacer(), new Label("plot"), metric, new Label("forward"), forward,
                new Label("backward"), backward);
        depthBar.setAlignment(Pos.CENTER_RIGHT);
        depthBar.setPadding(new Insets(4, 8, 0, 8));
        var depthPane = new BorderPane(depth);
        depthPane.setTop(depthBar);
        depthPane.getStyleClass().add("chart-card");

        // the per-layer views share one quantity
        var quantity = quantityCombo("quantityCombo", "which tensor the histograms, ridgeline and table show",
                session.histogramQuantities().toArray(Quantity[]::new));
        quantity.valueProperty().bindBidirectional(session.quantityProperty());
        var shared = new ToggleButton("shared x-range");
        shared.setId("sharedRange");
        shared.setTooltip(new Tooltip("one histogram range for every layer, so that bins compare across layers"));
        shared.selectedProperty().bindBidirectional(session.sharedRangeProperty());
        grid.quantityProperty().bind(session.quantityProperty());
        grid.resultProperty().bind(session.resultProperty());
        ridgeline.quantityProperty().bind(session.quantityProperty());
        ridgeline.resultProperty().bind(session.resultProperty());
        table.quantityProperty().bind(session.quantityProperty());
        table.resultProperty().bind(session.resultProperty());
        depth.resultProperty().bind(session.resultProperty());

        tabs.setId("viewTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(new Tab("Histograms per layer", grid), new Tab("Ridgeline", ridgeline),
                new Tab("Table", table));
        var bar = new HBox(8, new Label("quantity"), quantity, shared);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 0, 8));
        var lower = new BorderPane(tabs);
        lower.setTop(bar);
        lower.getStyleClass().add("chart-card");

        getItems().addAll(depthPane, lower);
        setDividerPositions(0.46);
    }

    private static Region spacer() {
        var r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static ComboBox<Quantity> quantityCombo(String id, String tip, Quantity... items) {
        var c = new ComboBox<Quantity>();
        c.setId(id);
        c.getItems().setAll(items);
        c.setTooltip(new Tooltip(tip));
        c.setCellFactory(l -> quantityCell());
        c.setButtonCell(quantityCell());
        return c;
    }

    private static ListCell<Quantity> quantityCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Quantity q, boolean empty) {
                super.updateItem(q, empty);
                setText(empty || q == null ? null : q.label());
            }
        };
    }

    public DepthChart depthChart() {
        return depth;
    }

    public HistogramGrid histogramGrid() {
        return grid;
    }

    public RidgelineChart ridgeline() {
        return ridgeline;
    }

    public LayerStatsTable statsTable() {
        return table;
    }

    public TabPane tabs() {
        return tabs;
    }
}
