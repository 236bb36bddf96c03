package org.initscope.view.train;

import org.initscope.i18n.I18n;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.Histogram;
import org.initscope.engine.Quantity;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;
import org.initscope.view.HistogramPainter;
import org.initscope.view.HistogramShape;
import org.initscope.view.Palette;

/**
 * One layer's histograms of one quantity over training time: stacked by step with an offset (TensorBoard's offset
 * mode, per layer), or three steps overlaid (the first, the one shown, the newest). The shown step is highlighted.
 */
public final class TimeHistogramChart extends ChartPane {
    public enum Mode { OFFSET, OVERLAY }

    private List<TrainingRecord> records = List.of();
    private int layer;
    private Quantity quantity = Quantity.WEIGHTS;
    private int shown = -1;
    private Mode mode = Mode.OFFSET;
    private boolean logCount;
    private double left;
    private double right;
    private double lo;
    private double hi;

    public TimeHistogramChart() {
        setPlotMargins(76, 54);
        setId("timeHistograms");
    }

    public void show(List<TrainingRecord> r, int layerIndex, Quantity q, int shownRecord, Mode m, boolean log) {
        logCount = log;
        records = r;
        layer = layerIndex;
        quantity = q;
        shown = shownRecord;
        mode = m;
        redraw();
    }

    private Histogram hist(TrainingRecord r) {
        return layer < r.layers().size() ? r.layers().get(layer).get(quantity).histogram() : Histogram.empty();
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        String name = records.isEmpty() || layer >= records.get(0).layers().size() ? ""
                : records.get(0).layers().get(layer).name();
        fillTitle(g, I18n.f(mode == Mode.OFFSET ? "%s of %s over training (later steps lower)"
                : "%s of %s over training (first · shown · newest)", quantity.symbol(), name), 8, 6, w - 16);
        if (records.isEmpty()) {
            return;
        }
        lo = Double.POSITIVE_INFINITY;
        hi = Double.NEGATIVE_INFINITY;
        for (TrainingRecord r : records) {
            Histogram hg = hist(r);
            if (!hg.isEmpty()) {
                lo = Math.min(lo, hg.lo());
                hi = Math.max(hi, hg.hi());
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            return;
        }
        double[] padded = HistogramShape.padded(lo, hi);
        lo = padded[0];
        hi = padded[1];
        left = 64;
        right = w - 12;
        double top = 30;
        double bottom = h - 24;
        setPlotArea(left, top, right - left, bottom - top);
        Color base = Palette.of(quantity);
        int cur = shown < 0 || shown >= records.size() ? records.size() - 1 : shown;
        if (mode == Mode.OFFSET) {
            int n = records.size();
            // at most ~32 ridges: thin out evenly, always keeping the shown one
            int stride = Math.max(1, (int) Math.ceil(n / 32.0));
            int rows = (n + stride - 1) / stride;
            double rowH = (bottom - top) / (rows + 2.0);
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (i % stride != 0 && i != cur) {
                    continue;
                }
                double baseY = top + (Math.min(k, rows - 1) + 3) * rowH;
                boolean highlight = i == cur;
                Color c = highlight ? strongText() : base.deriveColor(0, 1, 1.0 - 0.4 * i / Math.max(1, n - 1), 1);
                // opaque fills: each ridge hides the ones behind it, and software rendering skips blending
                ridge(g, hist(records.get(i)), baseY, rowH * 3, c, highlight ? 0.25 : 1, highlight);
                if (i % Math.max(1, stride * Math.max(1, rows / 8)) == 0 || highlight) {
                    g.setFont(Font.font(10.5));
                    g.setFill(highlight ? strongText() : textColor());
                    g.setTextAlign(TextAlignment.RIGHT);
                    g.setTextBaseline(VPos.BOTTOM);
                    g.fillText(String.format(Locale.ROOT, "%,d", records.get(i).step()), left - 6, baseY);
                }
                if (i % stride == 0) {
                    k++;
                }
            }
        } else {
            int[] which = {0, cur, records.size() - 1};
            Color[] colors = {Palette.GRID_DARK, base, Palette.BACKWARD};
            String[] names = {"first", "shown", "newest"};
            for (int j = 0; j < 3; j++) {
                ridge(g, hist(records.get(which[j])), bottom, bottom - top - 10, colors[j], 0.25, true);
                g.setFont(Font.font(11));
                g.setFill(colors[j]);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText(names[j] + ": step " + records.get(which[j]).step(), left + 6, top + 4 + j * 14);
            }
        }
        g.setStroke(textColor());
        g.setLineWidth(1);
        g.strokeLine(left, bottom, right, bottom);
        g.setFont(Font.font(11));
        g.setFill(textColor());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(tick(lo), left, bottom + 3);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(tick(hi), right, bottom + 3);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(I18n.t("step"), left - 30, top);
    }

    private double xOf(double v) {
        return hi == lo ? (left + right) / 2 : left + (right - left) * (v - lo) / (hi - lo);
    }

    private void ridge(GraphicsContext g, Histogram hg, double baseY, double height, Color c, double alpha,
            boolean thick) {
        // opaque: a light fill under a darker outline reads like a stack of ridges (software rendering skips blending)
        Color fill = alpha >= 1 ? c.interpolate(dark() ? Color.BLACK : Color.WHITE, 0.55) : c.deriveColor(0, 1, 1, alpha);
        HistogramPainter.ridge(g, HistogramShape.of(hg, logCount), this::xOf,
                baseY, height, c, fill, alpha >= 1 ? 1 : thick ? 2 : 1, strongText());
    }

    @Override
    protected String hoverText(double x, double y) {
        if (records.isEmpty() || x < left || x > right || hi <= lo) {
            return null;
        }
        return quantity.symbol() + " ≈ " + Fmt.f4(lo + (hi - lo) * (x - left) / (right - left));
    }
}
