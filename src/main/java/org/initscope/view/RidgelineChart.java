package org.initscope.view;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.Histogram;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;

/**
 * Every layer's histogram of the chosen quantity stacked by depth on one x axis (the union of the layers'
 * ranges), each ridge scaled to its own peak: a signal that collapses to a spike or piles up at ±1 is seen at a
 * glance.
 */
public final class RidgelineChart extends ChartPane {
    private static final double OVERLAP = 2.2;
    private final ObjectProperty<PropagationResult> result = new SimpleObjectProperty<>(this, "result");
    private final ObjectProperty<Quantity> quantity = new SimpleObjectProperty<>(this, "quantity",
            Quantity.ACTIVATIONS);
    private final BooleanProperty logCount = new SimpleBooleanProperty(this, "logCount");
    private double left;
    private double right;
    private double top;
    private double rowH;
    private double lo;
    private double hi;

    public RidgelineChart() {
        setPlotMargins(68, 60);
        setId("ridgeline");
        result.addListener((o, a, b) -> redraw());
        quantity.addListener((o, a, b) -> redraw());
        logCount.addListener((o, a, b) -> redraw());
    }

    /** Counts on a log axis (then no spike needs clipping). */
    public BooleanProperty logCountProperty() {
        return logCount;
    }

    public ObjectProperty<PropagationResult> resultProperty() {
        return result;
    }

    public ObjectProperty<Quantity> quantityProperty() {
        return quantity;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        PropagationResult r = result.get();
        if (r == null) {
            g.setFill(textColor());
            g.fillText(I18n.t("computing…"), 12, 24);
            return;
        }
        List<LayerResult> layers = r.layers();
        int n = layers.size();
        lo = Double.POSITIVE_INFINITY;
        hi = Double.NEGATIVE_INFINITY;
        for (LayerResult l : layers) {
            Histogram hg = l.get(quantity.get()).histogram();
            if (!hg.isEmpty()) {
                lo = Math.min(lo, hg.lo());
                hi = Math.max(hi, hg.hi());
            }
        }
        left = 52;
        right = w - 16;
        top = 30;
        double bottom = h - 30;
        setPlotArea(left, top, right - left, bottom - top);
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        fillTitle(g, I18n.f("Ridgeline: %s by depth (layer 1 at the top), each ridge on its own "
                + "scale; spikes clipped, with their share", I18n.t(quantity.get().label())), 8, 6, w - 16);
        if (lo == Double.POSITIVE_INFINITY) {
            return;
        }
        // values at the ends (saturated ±1) are drawn inside the axis, not on its ends
        double[] padded = HistogramShape.padded(lo, hi);
        lo = padded[0];
        hi = padded[1];
        rowH = (bottom - top) / (n + OVERLAP - 1);
        Color base = Palette.of(quantity.get());
        for (int i = 0; i < n; i++) {
            double baseY = top + (i + OVERLAP) * rowH;
            ridge(g, layers.get(i), baseY, rowH * OVERLAP, base, i, n);
        }
        // x axis
        g.setStroke(textColor());
        g.setLineWidth(1);
        g.strokeLine(left, bottom, right, bottom);
        g.setFont(Font.font(11));
        g.setFill(textColor());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (double v : Ticks.nice(lo, hi, Math.max(3, (int) ((right - left) / 90)))) {
            double x = xOf(v);
            g.strokeLine(x, bottom, x, bottom + 3);
            g.fillText(tick(v), x, bottom + 4);
        }
    }

    private void ridge(GraphicsContext g, LayerResult l, double baseY, double height, Color base, int i, int n) {
        Histogram hg = l.get(quantity.get()).histogram();
        // deeper layers darker: depth reads top to bottom
        Color c = base.deriveColor(0, 1, 1.0 - 0.45 * i / Math.max(1, n - 1), 1);
        g.setFont(Font.font(10.5));
        g.setFill(textColor());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        if (n <= 40 || i % (int) Math.ceil(n / 40.0) == 0) {
            g.fillText("L" + l.index(), left - 8, baseY);
        }
        if (hg.isEmpty()) {
            return;
        }
        HistogramPainter.ridge(g, HistogramShape.of(hg, logCount.get()), this::xOf, baseY, height, dark() ? c.brighter()
                : c.darker(), c.deriveColor(0, 1, 1, 0.55), 1.2, strongText());
    }

    private double xOf(double v) {
        return hi == lo ? (left + right) / 2 : left + (right - left) * (v - lo) / (hi - lo);
    }

    @Override
    protected String hoverText(double mx, double my) {
        PropagationResult r = result.get();
        if (r == null || rowH <= 0 || mx < left || mx > right) {
            return null;
        }
        int i = (int) Math.floor((my - top) / rowH - OVERLAP + 1);
        if (i < 0 || i >= r.layers().size()) {
            return null;
        }
        LayerResult l = r.layers().get(i);
        Histogram hg = l.get(quantity.get()).histogram();
        double v = lo + (hi - lo) * (mx - left) / (right - left);
        String head = "layer " + l.index() + " · " + quantity.get().symbol() + " ≈ " + Fmt.f4(v);
        if (hg.isEmpty() || v < hg.lo() || v > hg.hi()) {
            return head;
        }
        int b = Math.min(hg.bins() - 1, (int) ((v - hg.lo()) / (hg.hi() - hg.lo()) * hg.bins()));
        return head + "\nbin [" + Fmt.f4(hg.edge(b)) + ", " + Fmt.f4(hg.edge(b + 1)) + "): "
                + String.format(Locale.ROOT, "%,d", hg.count(b));
    }
}
