package org.initscope.view;

import javafx.beans.property.ObjectProperty;
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
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import org.initscope.config.View;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.i18n.I18n;
import org.initscope.model.NetworkEdits;
import org.initscope.view.theory.ActivationChart;
import org.initscope.view.theory.JacobianChart;
import org.initscope.view.theory.PhaseDiagram;
import org.initscope.view.theory.TheoryPanel;

/**
 * The centre of the window: the depth chart on top, and below it the per-layer histograms, the ridgeline and the
 * statistics table for the chosen quantity.
 */
public final class ChartsPanel extends SplitPane {
    private final DepthChart depth = new DepthChart();
    private final HistogramGrid grid = new HistogramGrid();
    private final RidgelineChart ridgeline = new RidgelineChart();
    private final LayerStatsTable table = new LayerStatsTable();
    private final TabPane tabs = TabStrip.tabPane();
    private final TheoryPanel theory;
    private final PhaseDiagram phase;
    private final JacobianChart jacobian = new JacobianChart();
    private final ActivationChart activation = new ActivationChart();
    private final ThroughTimeChart throughTime = new ThroughTimeChart();

    public ChartsPanel(NetworkSession session) {
        theory = new TheoryPanel(session);
        phase = new PhaseDiagram(session.theory());
        setOrientation(Orientation.VERTICAL);
        getStyleClass().add("charts-panel");

        // depth chart with its options
        var metric = new ComboBox<DepthChart.Metric>();
        metric.setId("metricCombo");
        metric.getItems().setAll(DepthChart.Metric.values());
        metric.setValue(DepthChart.Metric.VARIANCE);
        metric.setConverter(UiText.shownAs(DepthChart.Metric::toString));
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
        // the options wrap onto a second line in a narrow window rather than squeezing their combos
        var depthBar = new FlowPane(8, 4, group(new Label("plot"), metric), group(new Label("forward"), forward),
                group(new Label("backward"), backward));
        depthBar.setAlignment(Pos.CENTER_RIGHT);
        depthBar.setPadding(new Insets(4, 8, 0, 8));
        var depthPane = new Card(depthBar, depth);
        this.depthBar = depthBar;

        // the per-layer views share one quantity
        var quantity = quantityCombo("quantityCombo", "which tensor the histograms, ridgeline and table show",
                session.histogramQuantities().toArray(Quantity[]::new));
        quantity.valueProperty().bindBidirectional(session.quantityProperty());
        var shared = new ToggleButton("shared x-range");
        shared.setId("sharedRange");
        shared.setTooltip(new Tooltip("one histogram range for every layer, so that bins compare across layers"));
        shared.selectedProperty().bindBidirectional(session.sharedRangeProperty());
        var logCount = new ToggleButton("log count");
        logCount.setId("logCount");
        logCount.setTooltip(new Tooltip("counts on a log axis: tall spikes (ReLU's zeros, saturated ±1) and the rest "
                + "of the distribution on one scale; off, a spike is drawn clipped with its share written on it"));
        grid.logCountProperty().bind(logCount.selectedProperty());
        ridgeline.logCountProperty().bind(logCount.selectedProperty());
        grid.quantityProperty().bind(session.quantityProperty());
        grid.resultProperty().bind(session.resultProperty());
        ridgeline.quantityProperty().bind(session.quantityProperty());
        table.quantityProperty().bind(session.quantityProperty());
        depth.resultProperty().bind(session.resultProperty());

        tabs.setId("viewTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        var theoryTab = new Tab("Theory", new ScrollPane(theory));
        ((ScrollPane) theoryTab.getContent()).setFitToWidth(true);
        ((ScrollPane) theoryTab.getContent()).setFitToHeight(true);
        var phaseTab = new Tab("Phase diagram", phase);
        var jacobianTab = new Tab("Jacobian", jacobian);
        var activationTab = new Tab("Activation", activation);
        var throughTimeTab = new Tab("Through time", throughTime);
        throughTimeTab.setId("through-time-tab");
        for (Tab t : List.of(theoryTab, phaseTab, jacobianTab, activationTab)) {
            t.setId(t.getText().toLowerCase(Locale.ROOT).replace(' ', '-') + "-tab");
        }
        var ridgelineTab = new Tab("Ridgeline", ridgeline);
        var tableTab = new Tab("Table", table);
        tabs.getTabs().addAll(new Tab("Histograms", grid), ridgelineTab, tableTab, theoryTab, phaseTab, jacobianTab,
                activationTab, throughTimeTab);
        // the views in tabs not shown take the newest result when their tab is chosen, not with every result: the
        // steps of a drag refilled the hidden statistics table and redrew the hidden ridgeline (bench --ui's profile)
        showWhenChosen(ridgelineTab, ridgeline.resultProperty(), session);
        showWhenChosen(tableTab, table.resultProperty(), session);
        showWhenChosen(throughTimeTab, throughTime.resultProperty(), session);
        // the Jacobian's SVD costs a few hundred ms on wide layers: only while its tab is shown
        session.jacobianWantedProperty().bind(tabs.getSelectionModel().selectedItemProperty().isEqualTo(jacobianTab));
        session.jacobianProperty().addListener((o, a, b) -> jacobian.show(b, session.depth()));
        session.resultProperty().addListener((o, a, b) -> jacobian.setUnavailable(b != null && !b.network().denseStack()
                ? "Only for networks of dense layers (plain or residual): conv, pooling, normalization and "
                        + "recurrent layers are not covered." : null));
        Runnable theoryUpdate = () -> {
            var r = session.result();
            if (r == null) {
                return;
            }
            // the selected item, not Tab.isSelected(): that flag is updated after this listener runs
            Tab shown = tabs.getSelectionModel().getSelectedItem();
            if (shown == theoryTab) {
                theory.show(r);
            }
            int sel = Math.min(session.selected(), r.layers().size() - 1);
            if (shown == activationTab) {
                activation.show(r.layers().get(sel));
            }
            if (shown == phaseTab) {
                var net = session.resolved();
                var points = net.layers().stream().filter(l -> l.weighted() != null).map(l -> new PhaseDiagram.Point(
                        "L" + l.index(), l.fans().fanIn() * l.weight().secondMoment(), l.bias().variance())).toList();
                phase.show(net.layers().get(Math.min(session.selected(), net.depth() - 1)).activation(), points);
            }
        };
        session.resultProperty().addListener((o, a, b) -> theoryUpdate.run());
        session.selectedProperty().addListener((o, a, b) -> theoryUpdate.run());
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> theoryUpdate.run());
        phase.setOnPick((sw2, sb2) -> session.edit(spec -> NetworkEdits.phasePoint(spec, sw2,
                sb2)).ifPresent(why -> session.report("The phase diagram did not change the network: " + why + ".")));
        var bar = new FlowPane(8, 4, group(new Label("quantity"), quantity), shared, logCount);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 0, 8));
        // the eight views' headers wrap onto a second line in a narrow window (none behind an overflow arrow)
        var views = TabStrip.around(tabs);
        lower = new Card(bar, views);
        viewStrip = views.getChildren().get(0);
        this.depthPane = depthPane;

        getItems().addAll(depthPane, lower);
        setDividerPositions(DIVIDER);
    }

    private static final double DIVIDER = 0.46;
    private final Card depthPane;
    private final Card lower;
    private final FlowPane depthBar;
    private final Node viewStrip;

    /**
     * The split keeps each part at least its minimum height (a bar that wrapped onto a second line makes the
     * depth chart's minimum taller after the split had placed its divider): the divider moves as needed.
     */
    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        if (getItems().size() != 2 || getHeight() <= 0 || !isVisible()) {
            return;
        }
        double total = getHeight();
        double minTop = depthPane.minHeight(getWidth());
        double minBottom = lower.minHeight(getWidth());
        double pos = getDividerPositions()[0];
        double want = pos;
        // (the split places a part that does not fit its share against the divider, sticking out at the far side)
        double divider = 8;
        // (when both cannot have their minimum, the depth chart keeps its: never moved back and forth)
        if (pos * total < minTop + 1) {
            want = Math.min(1, (minTop + 2) / total);
        } else if ((1 - pos) * total - divider < minBottom + 1 && total - minBottom - divider - 2 >= minTop + 2) {
            want = Math.max(0, 1 - (minBottom + divider + 2) / total);
        }
        if (Math.abs(want - pos) > 1e-3) {
            setDividerPosition(0, want);
        }
    }

    /** A label and its control, kept together when a bar wraps. */
    private static HBox group(Label label, Node control) {
        label.setMinWidth(Region.USE_PREF_SIZE);
        var box = new HBox(6, label, control);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /**
     * Which of the two parts to show (a lesson step in presentation mode gives the charts it points at all the
     * room): the depth chart, the views below it, or both (both false: both, as at a desk).
     */
    public void focus(boolean depthChart, boolean views) {
        // a step shows its own view and options: their bars make room for the charts
        boolean lesson = depthChart || views;
        for (var bar : List.of(depthBar, viewStrip)) {
            bar.setVisible(!lesson);
            bar.setManaged(!lesson);
        }
        var want = depthChart == views ? List.of(depthPane, lower) : List.of(depthChart ? depthPane : lower);
        if (!getItems().equals(want)) {
            getItems().setAll(want);
            if (want.size() == 2) {
                setDividerPositions(DIVIDER);
            }
        }
    }

    /** The lower views a lesson step can point at (their ids), shown under the depth chart. */
    public static final Set<String> VIEW_IDS = Set.of("histogramGrid", "ridgeline", "statsTable",
            "theoryPanel", "phaseDiagram", "jacobianChart", "activationChart", "throughTimeChart");

    private static ComboBox<Quantity> quantityCombo(String id, String tip, Quantity... items) {
        var c = new ComboBox<Quantity>();
        c.setId(id);
        c.getItems().setAll(items);
        c.setTooltip(new Tooltip(tip));
        c.setCellFactory(l -> quantityCell());
        c.setButtonCell(quantityCell());
        return c;
    }

    /** {@code target} follows the session's result while {@code tab} is the one shown, and takes it when chosen. */
    private void showWhenChosen(Tab tab, ObjectProperty<PropagationResult> target, NetworkSession session) {
        Runnable sync = () -> {
            // the selected item, not Tab.isSelected(): that flag is updated after the selection's listeners run
            if (tabs.getSelectionModel().getSelectedItem() == tab) {
                target.set(session.result());
            }
        };
        session.resultProperty().addListener((o, a, b) -> sync.run());
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> sync.run());
        sync.run();
    }

    private static ListCell<Quantity> quantityCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Quantity q, boolean empty) {
                super.updateItem(q, empty);
                setText(empty || q == null ? null : I18n.t(q.label()));
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

    public PhaseDiagram phaseDiagram() {
        return phase;
    }

    public TheoryPanel theoryPanel() {
        return theory;
    }

    public JacobianChart jacobianChart() {
        return jacobian;
    }

    public ThroughTimeChart throughTimeChart() {
        return throughTime;
    }

    /** Show a view (its tab; the tabs are in the order of {@link View}). */
    public void showView(View view) {
        tabs.getSelectionModel().select(view.ordinal());
    }

    /** The view shown. */
    public View view() {
        return View.values()[Math.max(0, tabs.getSelectionModel().getSelectedIndex())];
    }

    public TabPane tabs() {
        return tabs;
    }
}
