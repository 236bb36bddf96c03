package org.initscope.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.Health;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;

/**
 * The central picture: the variance (or std) of the forward signal and of the backward gradients at every layer,
 * on a log axis, measured (solid, dots) and predicted by the variance recursion (dashed).
 */
public final class DepthChart extends ChartPane {
    public enum Metric {
        VARIANCE("Var", "variance"), STD("std", "standard deviation");

        private final String symbol;
        private final String label;

        Metric(String symbol, String label) {
            this.symbol = symbol;
            this.label = label;
        }

        public String symbol() {
            return symbol;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One plotted line: per layer the measured and the predicted value (NaN where there is none). */
    public record Series(Quantity quantity, Color color, double[] measured, double[] predicted, boolean[] nonFinite,
            String[] gaps) {
    }

    private final ObjectProperty<PropagationResult> result = new SimpleObjectProperty<>(this, "result");
    /** During training: a recorded step instead of a propagation result (measured lines only). */
    private final ObjectProperty<TrainingRecord> record = new SimpleObjectProperty<>(this, "record");
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(this, "metric", Metric.VARIANCE);
    private final ObjectProperty<Quantity> forward = new SimpleObjectProperty<>(this, "forward", Quantity.ACTIVATIONS);
    private final ObjectProperty<Quantity> backward = new SimpleObjectProperty<>(this, "backward",
            Quantity.ACTIVATION_GRADIENTS);
    private List<Series> series = List.of();
    /** The smallest and largest positive finite value drawn, or null. */
    private final ObjectProperty<double[]> valueRange = new SimpleObjectProperty<>(this, "valueRange");
    /** Another chart's value range to include, so that two charts side by side share their decades. */
    private final ObjectProperty<double[]> alignTo = new SimpleObjectProperty<>(this, "alignTo");
    private double left;
    private double right;
    private double top;
    private double bottom;
    private double logMin;
    private double logMax;
    private int depth;

    public DepthChart() {
        setPlotMargins(80, 84);
        setId("depthChart");
        getStyleClass().add("depth-chart");
        result.addListener((o, a, b) -> update());
        record.addListener((o, a, b) -> update());
        metric.addListener((o, a, b) -> update());
        forward.addListener((o, a, b) -> update());
        backward.addListener((o, a, b) -> update());
        alignTo.addListener((o, a, b) -> redraw());
    }

    /** Give two charts the same y axis (the union of their decades), e.g. networks A and B side by side. */
    public static void align(DepthChart x, DepthChart y) {
        x.alignTo.bind(y.valueRange);
        y.alignTo.bind(x.valueRange);
    }

    /** The decades on the y axis as drawn: {log10 min, log10 max}. */
    public double[] decades() {
        return new double[] {logMin, logMax};
    }

    public ObjectProperty<PropagationResult> resultProperty() {
        return result;
    }

    public ObjectProperty<TrainingRecord> recordProperty() {
        return record;
    }

    public ObjectProperty<Metric> metricProperty() {
        return metric;
    }

    public ObjectProperty<Quantity> forwardProperty() {
        return forward;
    }

    public ObjectProperty<Quantity> backwardProperty() {
        return backward;
    }

    /** The lines currently drawn (tests compare them with the engine's numbers). */
    public List<Series> series() {
        return series;
    }

    private void update() {
        PropagationResult r = result.get();
        if (r == null && record.get() != null) {
            series = List.of(series(record.get(), forward.get(), Palette.FORWARD),
                    series(record.get(), backward.get(), Palette.BACKWARD));
        } else if (r == null) {
            series = List.of();
        } else {
            series = List.of(series(r, forward.get(), Palette.FORWARD), series(r, backward.get(), Palette.BACKWARD));
        }
        valueRange.set(range(series, null));
        redraw();
    }

    private Series series(PropagationResult r, Quantity q, Color c) {
        int n = r.layers().size();
        double[] m = new double[n];
        double[] p = new double[n];
        boolean[] bad = new boolean[n];
        String[] gaps = new String[n];
        boolean std = metric.get() == Metric.STD;
        for (int i = 0; i < n; i++) {
            LayerResult l = r.layers().get(i);
            TensorStats s = l.get(q);
            m[i] = std ? s.std() : s.var();
            double pv = l.predictedVar(q);
            p[i] = std ? Math.sqrt(pv) : pv;
            bad[i] = s.nonFinite() > 0;
            gaps[i] = l.predictionGap(q);
        }
        return new Series(q, c, m, p, bad, gaps);
    }

    private Series series(TrainingRecord r, Quantity q, Color c) {
        int n = r.layers().size();
        double[] m = new double[n];
        double[] p = new double[n];
        boolean[] bad = new boolean[n];
        boolean std = metric.get() == Metric.STD;
        for (int i = 0; i < n; i++) {
            TensorStats s = r.layers().get(i).get(q);
            m[i] = std ? s.std() : s.var();
            p[i] = Double.NaN;
            bad[i] = s.nonFinite() > 0;
        }
        return new Series(q, c, m, p, bad, new String[n]);
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        left = 64;
        right = w - 16;
        top = 44;
        bottom = h - 40;
        setPlotArea(left, top, right - left, bottom - top);
        g.setFill(strongText());
        g.setFont(Font.font(null, FontWeight.BOLD, 14));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        Metric mt = metric.get();
        // the word, not a symbol: the chart says which of the two it plots, as the diagnosis does
        fillTitle(g, I18n.f("Signal through depth: %s per layer (log scale)",
                I18n.t(mt == Metric.VARIANCE ? "variance" : "std")), 8, 6, w - 16);
        legend(g, w);
        if (series.isEmpty()) {
            g.setFont(Font.font(13));
            g.setFill(textColor());
            g.fillText(I18n.t("computing…"), left + 10, top + 10);
            return;
        }
        depth = series.get(0).measured().length;
        // y range: decades around every finite, positive value (measured and predicted), and the aligned chart's
        double[] range = range(series, alignTo.get());
        double lo = range == null ? 1e-3 : range[0];
        double hi = range == null ? 1e3 : range[1];
        logMin = Math.floor(Math.log10(lo));
        logMax = Math.ceil(Math.log10(hi));
        if (logMax - logMin < 2) {
            logMin -= 1;
            logMax += 1;
        }
        axes(g);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            line(g, s.predicted(), s.color(), true);
            line(g, s.measured(), s.color(), false);
            markers(g, s);
            gapMarkers(g, s, k);
        }
    }

    /**
     * Where the theory does not apply (max-pool forward, recurrent layers, a restart from measured values), a hollow
     * diamond just above the axis instead of a line: the hover says why.
     */
    private void gapMarkers(GraphicsContext g, Series s, int k) {
        if (s.gaps() == null) {
            return;
        }
        g.setStroke(s.color());
        g.setLineWidth(1.8);
        g.setLineDashes();
        for (int i = 0; i < s.gaps().length; i++) {
            if (s.gaps()[i] != null) {
                double x = x(i);
                double y = bottom - 9 - 12 * k;
                g.strokePolygon(new double[] {x, x + 5, x, x - 5}, new double[] {y - 5, y, y + 5, y}, 4);
            }
        }
    }

    /** Whether the theory is missing at some layer of the shown series (the legend then explains the diamonds). */
    public boolean showsGaps() {
        return series.stream().anyMatch(s -> s.gaps() != null && Arrays.stream(s.gaps()) .anyMatch(Objects::nonNull));
    }

    private static double[] range(List<Series> series, double[] other) {
        double lo = other == null ? Double.POSITIVE_INFINITY : other[0];
        double hi = other == null ? Double.NEGATIVE_INFINITY : other[1];
        for (Series s : series) {
            for (double[] arr : new double[][] {s.measured(), s.predicted()}) {
                for (double v : arr) {
                    if (v > 0 && Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        return lo == Double.POSITIVE_INFINITY ? null : new double[] {lo, hi};
    }

    private void legend(GraphicsContext g, double w) {
        g.setFont(Font.font(12));
        g.setTextBaseline(VPos.CENTER);
        double x = 8;
        double y = 32;
        Metric mt = metric.get();
        for (Series s : series.isEmpty()
                ? List.of(new Series(forward.get(), Palette.FORWARD, null, null, null, null),
                        new Series(backward.get(), Palette.BACKWARD, null, null, null, null))
                : series) {
            String name = mt.symbol() + "[" + s.quantity().symbol() + "]";
            g.setStroke(s.color());
            g.setLineWidth(2.5);
            g.setLineDashes();
            g.strokeLine(x, y, x + 22, y);
            g.setFill(s.color());
            g.fillOval(x + 8, y - 3.5, 7, 7);
            g.setFill(strongText());
            g.fillText(name + I18n.t(" measured"), x + 28, y);
            x += 28 + textWidth(name + I18n.t(" measured")) + 16;
            g.setStroke(s.color());
            g.setLineDashes(7, 5);
            g.strokeLine(x, y, x + 26, y);
            g.setLineDashes();
            g.setFill(strongText());
            g.fillText(I18n.t("theory"), x + 32, y);
            x += 32 + textWidth(I18n.t("theory")) + 28;
        }
        if (showsGaps()) {
            g.setStroke(strongText());
            g.setLineWidth(1.8);
            g.strokePolygon(new double[] {x + 6, x + 11, x + 6, x + 1}, new double[] {y - 5, y, y + 5, y}, 4);
            g.setFill(strongText());
            g.fillText(I18n.t("no theory at this layer (hover)"), x + 16, y);
        }
    }

    private static double textWidth(String s) {
        var t = new Text(s);
        t.setFont(Font.font(12));
        return t.getLayoutBounds().getWidth();
    }

    private void axes(GraphicsContext g) {
        g.setLineWidth(1);
        g.setFont(Font.font(12));
        logGrid(g, logMin, logMax, left, right, top, bottom, this::y);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        int every = Math.max(1, (int) Math.ceil(depth / Math.max(1.0, (right - left) / 36)));
        for (int i = 0; i < depth; i++) {
            if ((i + 1) % every == 0 || i == 0) {
                double x = x(i);
                g.setStroke(gridColor());
                g.strokeLine(x, bottom, x, bottom + 4);
                g.setFill(textColor());
                g.fillText(Integer.toString(i + 1), x, bottom + 6);
            }
        }
        g.fillText(I18n.t("layer"), (left + right) / 2, bottom + 22);
        g.setStroke(textColor());
        g.strokeLine(left, top, left, bottom);
        g.strokeLine(left, bottom, right, bottom);
    }

    /** Where layer {@code index} (1-based) is drawn, in this pane's coordinates (tests hover there). */
    public double xOfLayer(int index) {
        return x(index - 1) * zoom();
    }

    private double x(int i) {
        return depth == 1 ? (left + right) / 2 : left + 12 + (right - left - 24) * i / (double) (depth - 1);
    }

    private double y(double v) {
        double t = (Math.log10(v) - logMin) / (logMax - logMin);
        return bottom - t * (bottom - top);
    }

    private void line(GraphicsContext g, double[] values, Color c, boolean dashed) {
        g.setStroke(c);
        g.setLineWidth(dashed ? 2 : 2.5);
        g.setLineCap(StrokeLineCap.ROUND);
        if (dashed) {
            g.setLineDashes(7, 5);
            g.setGlobalAlpha(0.85);
        } else {
            g.setLineDashes();
        }
        strokeLogLine(g, values, this::x, this::y, top, bottom);
        g.setLineDashes();
        g.setGlobalAlpha(1);
    }

    private void markers(GraphicsContext g, Series s) {
        for (int i = 0; i < s.measured().length; i++) {
            double v = s.measured()[i];
            double x = x(i);
            if (s.nonFinite()[i]) {
                // overflowed values: a red cross at the top of the chart
                g.setStroke(Palette.of(Health.NON_FINITE));
                g.setLineWidth(2.5);
                g.strokeLine(x - 5, top - 5, x + 5, top + 5);
                g.strokeLine(x - 5, top + 5, x + 5, top - 5);
            }
            if (v > 0 && Double.isFinite(v)) {
                double y = y(v);
                g.setFill(s.color());
                g.fillOval(x - 4, y - 4, 8, 8);
            } else if (v == 0) {
                // exactly zero (zero init, dead layer): a hollow marker on the bottom axis
                g.setStroke(s.color());
                g.setLineWidth(2);
                g.strokeOval(x - 4, bottom - 4, 8, 8);
            }
        }
    }

    @Override
    protected String hoverText(double mx, double my) {
        if (series.isEmpty() || depth == 0 || mx < left - 10 || mx > right + 10) {
            return null;
        }
        int best = 0;
        double bestDx = Double.POSITIVE_INFINITY;
        for (int i = 0; i < depth; i++) {
            double dx = Math.abs(x(i) - mx);
            if (dx < bestDx) {
                bestDx = dx;
                best = i;
            }
        }
        if (bestDx > Math.max(12, (right - left) / depth / 2)) {
            return null;
        }
        var lines = new ArrayList<String>();
        lines.add("layer " + (best + 1));
        String sym = metric.get().symbol();
        for (Series s : series) {
            double m = s.measured()[best];
            double p = s.predicted()[best];
            String ratio = m > 0 && p > 0 ? "  (×" + Fmt.f4(m / p) + ")" : "";
            String gap = s.gaps() == null ? null : s.gaps()[best];
            lines.add(sym + "[" + s.quantity().symbol() + "] = " + Fmt.f4(m) + (gap != null ? "" : "   theory "
                    + Fmt.f4(p) + ratio) + (s.nonFinite()[best] ? "   has Inf/NaN" : ""));
            if (gap != null) {
                lines.add("   " + I18n.f("no theory: %s", I18n.t(gap)));
            }
        }
        return String.join("\n", lines);
    }
}
