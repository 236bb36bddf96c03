package org.initscope.view.compare;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.initscope.controller.LockstepTraining;
import org.initscope.engine.train.LayerSnapshot;
import org.initscope.engine.train.ThroughTimeMap;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.i18n.I18n;
import org.initscope.view.UiText;
import org.initscope.view.train.ThroughTimeMapChart;
import org.initscope.view.train.ThroughTimeMapChart.Mode;

/**
 * Compare's through-time maps: the step × t map of A's recurrent layer beside B's, on one colour scale, so a class
 * sees on which side the gradient reaches the early time steps as both learn in lockstep. Both record at the same
 * steps, so the maps' rows line up: A's map labels them, B's carries the colour bar. The layer (when A has
 * several recurrent layers, B shows its recurrent layer of the same rank) and the colour are chosen once for both.
 */
final class ThroughTimePair extends VBox {
    private final ThroughTimeMapChart mapA = new ThroughTimeMapChart();
    private final ThroughTimeMapChart mapB = new ThroughTimeMapChart();
    private final ComboBox<Mode> mode = new ComboBox<>();
    private final ComboBox<String> layer = new ComboBox<>();
    private final HBox layerGroup;
    private LockstepTraining.State shown;
    private boolean updating;

    ThroughTimePair() {
        setId("compareThroughTime");
        setSpacing(2);
        mapA.setId("compareTimeA");
        mapB.setId("compareTimeB");
        ThroughTimeMapChart.align(mapA, mapB);
        mapA.setCompact(true);
        mapB.setCompact(true);
        // one figure: A labels the steps (the same rows on both sides), B carries the shared colour bar
        mapA.setAxes(true, false);
        mapB.setAxes(false, true);
        mode.setId("compareTimeMode");
        mode.getItems().setAll(Mode.values());
        mode.setValue(Mode.RELATIVE);
        mode.setConverter(UiText.shownAs(Mode::toString));
        mode.setMinWidth(Region.USE_PREF_SIZE);
        mode.setTooltip(new Tooltip("how much of the gradient at the last time step reaches step t, the gradient "
                + "itself (log colour scales), or an LSTM's forget gates (0 to 1); one colour scale for A and B"));
        layer.setId("compareTimeLayer");
        layer.setMinWidth(Region.USE_PREF_SIZE);
        layer.setTooltip(new Tooltip("A's recurrent layer; B shows its recurrent layer of the same rank"));
        mode.valueProperty().addListener((o, a, b) -> redraw());
        layer.valueProperty().addListener((o, a, b) -> redraw());
        layerGroup = group(label("layer"), layer);
        // shown when A has several recurrent layers
        layerGroup.setVisible(false);
        layerGroup.setManaged(false);
        var title = new Label("Through time while learning");
        title.getStyleClass().add("field-label");
        title.setMinWidth(Region.USE_PREF_SIZE);
        var note = label("one colour scale for A and B");
        var bar = new FlowPane(10, 4, title, layerGroup, group(label("colour"), mode), note);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 4, 0, 4));
        var maps = new GridPane();
        maps.setHgap(10);
        for (int c = 0; c < 2; c++) {
            var cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            maps.getColumnConstraints().add(cc);
        }
        var row = new RowConstraints();
        row.setVgrow(Priority.ALWAYS);
        maps.getRowConstraints().add(row);
        maps.add(mapA, 0, 0);
        maps.add(mapB, 1, 0);
        VBox.setVgrow(maps, Priority.ALWAYS);
        getChildren().addAll(bar, maps);
    }

    private static Label label(String text) {
        var l = new Label(text);
        l.getStyleClass().add("field-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static HBox group(Node... nodes) {
        var box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    ThroughTimeMapChart mapA() {
        return mapA;
    }

    ThroughTimeMapChart mapB() {
        return mapB;
    }

    ComboBox<Mode> mode() {
        return mode;
    }

    /** Both runs at the lockstep's step (null: nothing trained yet). */
    void show(LockstepTraining.State s) {
        shown = s;
        redraw();
    }

    private void redraw() {
        if (updating) {
            return;
        }
        updating = true;
        try {
            LockstepTraining.State s = shown;
            List<LayerSnapshot> inA = s == null ? List.of() : recurrent(s.a().newest());
            List<LayerSnapshot> inB = s == null ? List.of() : recurrent(s.b().newest());
            if (inA.isEmpty() || inB.isEmpty()) {
                // before the first record of a new pair (or while one side cannot train)
                mapA.showNothing("A", "no data yet: press Play or Step");
                mapB.showNothing("B", "no data yet: press Play or Step");
                return;
            }
            var names = inA.stream().map(ThroughTimeMapChart::layerName).toList();
            if (!names.equals(layer.getItems())) {
                String keep = layer.getValue();
                layer.getItems().setAll(names);
                layer.setValue(keep != null && names.contains(keep) ? keep : names.get(0));
            }
            layerGroup.setVisible(names.size() > 1);
            layerGroup.setManaged(names.size() > 1);
            int rank = Math.max(0, names.indexOf(layer.getValue()));
            LayerSnapshot la = inA.get(rank);
            LayerSnapshot lb = inB.get(Math.min(rank, inB.size() - 1));
            ThroughTimeMap a = ThroughTimeMap.of(s.a().records(), la.index());
            ThroughTimeMap b = ThroughTimeMap.of(s.b().records(), lb.index());
            // the forget gates only when both sides have them: one colour, one quantity on both maps
            var modes = ThroughTimeMapChart.modes(a.meanForget() != null && b.meanForget() != null);
            if (!modes.equals(mode.getItems())) {
                Mode keep = mode.getValue();
                mode.getItems().setAll(modes);
                mode.setValue(modes.contains(keep) ? keep : Mode.RELATIVE);
            }
            mapA.show(a, I18n.f("A · %s", ThroughTimeMapChart.layerName(la)), s.a().newest().step(), mode.getValue());
            mapB.show(b, I18n.f("B · %s", ThroughTimeMapChart.layerName(lb)), s.b().newest().step(), mode.getValue());
        } finally {
            updating = false;
        }
    }

    private static List<LayerSnapshot> recurrent(TrainingRecord r) {
        return r == null ? List.of() : r.layers().stream().filter(l -> l.trace() != null).toList();
    }
}
