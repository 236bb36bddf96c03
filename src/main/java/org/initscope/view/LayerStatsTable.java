package org.initscope.view;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;
import org.initscope.engine.Health;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;

/** Per layer, the chosen quantity's statistics: measured next to predicted, with the health badges. */
public final class LayerStatsTable extends FitTable<LayerResult> {
    private final ObjectProperty<PropagationResult> result = new SimpleObjectProperty<>(this, "result");
    private final ObjectProperty<Quantity> quantity = new SimpleObjectProperty<>(this, "quantity",
            Quantity.ACTIVATIONS);

    public LayerStatsTable() {
        setId("statsTable");
        getColumns().add(text("layer", "1-based position in the network", l -> Integer.toString(l.index()), 52));
        getColumns().add(text("mean", "mean of the finite values", l -> Fmt.compact(stats(l).mean()), 82));
        getColumns().add(text("std", "standard deviation (unbiased, as torch.std)", l -> Fmt.compact(stats(l).std()),
                82));
        getColumns().add(text("var", "variance measured", l -> Fmt.compact(stats(l).var()), 82));
        TableColumn<LayerResult, String> theory = text("var theory", "variance the recursion predicts",
                l -> l.predictionGap(quantity.get()) != null ? I18n.t("n/a") : Fmt.compact(l.predictedVar(
                        quantity.get())), 86);
        // where the theory does not apply, the cell says n/a and its tooltip why
        theory.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                LayerResult row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String gap = row == null ? null : row.predictionGap(quantity.get());
                setTooltip(gap == null ? null : new Tooltip(I18n.t(gap)));
            }
        });
        getColumns().add(theory);
        getColumns().add(text("ratio", "measured variance / predicted variance", l -> {
            double p = l.predictedVar(quantity.get());
            double m = stats(l).var();
            return p > 0 && Double.isFinite(m) ? "×" + Fmt.sig(m / p, 3) : "–";
        }, 66));
        getColumns().add(text("zero %", "fraction of entries exactly 0", l -> pct(stats(l).zeroFraction()), 62));
        getColumns().add(text("dead %", "units that output 0 for every example of the batch (activations)",
                l -> pct(l.deadUnitFraction()), 62));
        getColumns().add(text("sat %", "saturated units: |tanh| > 0.97 or sigmoid outside [0.03, 0.97]",
                l -> pct(stats(l).saturatedFraction()), 56));
        getColumns().add(text("NaN", "entries that are not a number", l -> Long.toString(stats(l).nan()), 50));
        getColumns().add(text("±Inf", "entries that overflowed", l -> Long.toString(stats(l).posInf() + stats(l).negInf()),
                50));
        TableColumn<LayerResult, LayerResult> health = new TableColumn<>("health");
        health.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        health.setCellFactory(c -> new TableCell<>() {
            /** The badges shown: new ones only when they change (each result refills every row). */
            private Set<Health> shown;

            @Override
            protected void updateItem(LayerResult item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                Set<Health> h = empty || item == null ? null : Health.of(item);
                if (h == null) {
                    setGraphic(null);
                } else if (!h.equals(shown) || getGraphic() == null) {
                    setGraphic(Badges.of(h));
                }
                shown = h;
            }
        });
        health.setPrefWidth(200);
        getColumns().add(health);
        result.addListener((o, a, b) -> refill());
        quantity.addListener((o, a, b) -> refresh());
        setPlaceholder(new Label("computing…"));
    }

    public ObjectProperty<PropagationResult> resultProperty() {
        return result;
    }

    public ObjectProperty<Quantity> quantityProperty() {
        return quantity;
    }

    private void refill() {
        PropagationResult r = result.get();
        // the same list, refilled: a new list made the table throw its cells away and build and style new ones
        getItems().setAll(r == null ? List.of() : r.layers());
    }

    private TensorStats stats(LayerResult l) {
        return l.get(quantity.get());
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f", 100 * f);
    }

    private static TableColumn<LayerResult, String> text(String title, String tip, Function<LayerResult, String> f,
            double width) {
        TableColumn<LayerResult, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        var measure = new Text(title);
        c.setPrefWidth(Math.max(width, measure.getLayoutBounds().getWidth() * 1.1 + 30));
        c.setSortable(false);
        var label = new Label(title);
        label.setTooltip(new Tooltip(tip));
        c.setText(null);
        c.setGraphic(label);
        c.getStyleClass().add("numeric");
        return c;
    }
}
