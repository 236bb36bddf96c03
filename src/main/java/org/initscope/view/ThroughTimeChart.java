package org.initscope.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.Health;
import org.initscope.engine.Histogram;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.TensorStats;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;

/**
 * The recurrent layers' view through time: how ‖∂L/∂h_t‖ shrinks or grows as the gradient travels back from the last
 * step to the first (one line per rnn/lstm layer, log scale), for an LSTM also the cell path ∏ f and ‖∂L/∂c_t‖, and
 * the histograms of its four gates. A caption above spells out the numbers, so they can be read aloud.
 */
public final class ThroughTimeChart extends BorderPane {
    static final String NO_RECURRENT =
            "No recurrent layer: add an rnn or lstm layer (Layer ▸ Add ▸ rnn / lstm, for a sequence input), or open a "
                    + "Recurrent preset.";

    private final ObjectProperty<PropagationResult> result = new SimpleObjectProperty<>(this, "result");
    private final Label caption = new Label();
    private final Label message = new Label();
    private final Plot plot = new Plot();

    public ThroughTimeChart() {
        setId("throughTimeChart");
        getStyleClass().add("through-time-chart");
        caption.setId("throughTimeCaption");
        caption.getStyleClass().add("through-time-caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setPadding(new Insets(6, 10, 0, 10));
        message.setId("throughTimeMessage");
        message.getStyleClass().add("through-time-message");
        message.setWrapText(true);
        message.setTextAlignment(TextAlignment.CENTER);
        message.setPadding(new Insets(16));
        setTop(caption);
        setCenter(new StackPane(plot, message));
        result.addListener((o, a, b) -> update());
        update();
    }

    public ObjectProperty<PropagationResult> resultProperty() {
        return result;
    }

    /** The recurrent layers drawn, in depth order (tests compare them with the engine's traces). */
    public List<LayerResult> recurrentLayers() {
        return plot.layers;
    }

    /** The centred message shown instead of the chart ("computing…", no recurrent layer), or "" when none. */
    public String messageText() {
        return message.isVisible() ? message.getText() : "";
    }

    /** The chart's canvas part (hover card, zoom). */
    public ChartPane plot() {
        return plot;
    }

    private void update() {
        PropagationResult r = result.get();
        List<LayerResult> recurrent = r == null ? List.of()
                : r.layers().stream().filter(l -> l.trace() != null).toList();
        String note = r == null ? "computing…" : recurrent.isEmpty() ? NO_RECURRENT : null;
        message.setText(note == null ? "" : note);
        message.setVisible(note != null);
        plot.setVisible(note == null);
        caption.setText(caption(recurrent));
        caption.setVisible(note == null);
        caption.setManaged(note == null);
        plot.show(recurrent);
    }

    /** One line per recurrent layer, worded as the {@code stats} command's "Through time" lines. */
    static String caption(List<LayerResult> recurrent) {
        var lines = new ArrayList<String>();
        for (LayerResult l : recurrent) {
            RecurrentTrace t = l.trace();
            int n = t.steps();
            if (n == 0) {
                continue;
            }
            var sb = new StringBuilder(String.format(Locale.ROOT,
                    "layer %d (%s): ‖∂L/∂h_t‖ %s at t = %d → %s at t = 1 (× %s)", l.index(),
                    l.layer().spec().label(), Fmt.sig(t.gradientNorm()[n - 1], 3), n,
                    Fmt.sig(t.gradientNorm()[0], 3), Fmt.sig(t.endToEndRatio(), 3)));
            if (t.meanForget() != null) {
                sb.append("; mean forget gate ").append(Fmt.sig(t.forgetGateMean(), 3));
                sb.append("; cell path ∏ f from t = 1 to ").append(n).append(": ")
                        .append(Fmt.sig(t.cellPath()[0], 3));
            }
            lines.add(sb.toString());
        }
        return String.join("\n", lines);
    }

    /** The canvas: the lines through time on the left, the LSTM gates' histograms on the right (or below). */
    private static final class Plot extends ChartPane {
        /** Distinct colours per layer; the first is the gradients' orange, as everywhere else. */
        private static final Color[] LAYER_COLOURS = {Palette.BACKWARD, Color.web("#0c8599"), Color.web("#862e9c"),
            Color.web("#c2255c"), Color.web("#5c940d"), Color.web("#495057")};
        private static final String[] GATE_NAMES = {"i", "f", "g", "o"};
        private static final String[] GATE_MEANINGS = {"input gate: how much new content is written",
            "forget gate: how much of the previous cell state is kept", "candidate values (tanh)",
            "output gate: how much of the cell is shown"};
        /** The same, short enough for a small cell. */
        private static final String[] GATE_HINTS = {"how much is written", "how much of the cell is kept",
            "candidate values (tanh)", "how much of the cell is shown"};
        private static final double[] DASHED = {7, 5};
        private static final double[] DOTTED = {1.5, 5};

        /** A gate histogram's place on the canvas, for the hover card. */
        private record GateCell(LayerResult layer, int gate, double x, double y, double w, double h) {
            boolean contains(double mx, double my) {
                return mx >= x && mx <= x + w && my >= y && my <= y + h;
            }
        }

        private enum Style {
            SOLID, DASHED, DOTTED
        }

        private record LegendEntry(Color color, Style style, String text) {
        }

        private List<LayerResult> layers = List.of();
        private final List<GateCell> gateCells = new ArrayList<>();
        private double left;
        private double right;
        private double top;
        private double bottom;
        private double logMin;
        private double logMax;
        private int steps;

        Plot() {
            getStyleClass().add("through-time-plot");
        }

        void show(List<LayerResult> recurrent) {
            layers = List.copyOf(recurrent);
            redraw();
        }

        private static Color colour(int i) {
            return LAYER_COLOURS[i % LAYER_COLOURS.length];
        }

        private static String name(LayerResult l) {
            return "layer " + l.index() + " (" + l.layer().spec().label() + ")";
        }

        @Override
        protected void draw(GraphicsContext g, double w, double h) {
            gateCells.clear();
            if (layers.isEmpty()) {
                return;
            }
            steps = layers.stream().mapToInt(l -> l.trace().steps()).max().orElse(0);
            List<LayerResult> lstms = layers.stream().filter(l -> !l.trace().gates().isEmpty()).toList();
            // the gates beside the lines when there is room, below them otherwise
            boolean side = w >= 620;
            double gatesW = side ? Math.max(240, Math.min(440, w * 0.36)) : w;
            double gatesH = side ? h : Math.min(h * 0.42, 150.0 * lstms.size());
            double plotW = lstms.isEmpty() ? w : side ? w - gatesW - 12 : w;
            double plotH = lstms.isEmpty() || side ? h : h - gatesH - 8;

            g.setFill(strongText());
            g.setFont(Font.font(null, FontWeight.BOLD, 14));
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(I18n.t("Gradient through time: ‖∂L/∂h_t‖ per time step (log scale)"), 8, 6);
            left = 64;
            right = plotW - 16;
            top = legend(g, 8, 32, plotW - 8) + 12;
            bottom = plotH - 40;
            if (bottom - top > 30 && right - left > 60) {
                lines(g);
            }
            if (!lstms.isEmpty()) {
                double gx = side ? w - gatesW : 0;
                double gy = side ? 4 : plotH + 8;
                gates(g, lstms, gx + 4, gy, gatesW - 12, gatesH - (side ? 8 : 4));
            }
        }

        // ---- the lines through time ----

        /** Draw the legend as a flow of entries from (x, y) that wraps before maxX; returns the bottom. */
        private double legend(GraphicsContext g, double x0, double y, double maxX) {
            Font font = Font.font(12);
            g.setFont(font);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            double x = x0;
            for (int i = 0; i < layers.size(); i++) {
                LayerResult l = layers.get(i);
                var group = new ArrayList<LegendEntry>();
                group.add(new LegendEntry(colour(i), Style.SOLID, name(l) + " ‖∂L/∂h_t‖"));
                if (l.trace().cellPath() != null) {
                    group.add(new LegendEntry(colour(i), Style.DASHED, "cell path ∏ f"));
                }
                if (l.trace().cellGradientNorm() != null) {
                    group.add(new LegendEntry(colour(i), Style.DOTTED, "‖∂L/∂c_t‖"));
                }
                // a layer's entries stay on one row when they fit in one
                double groupW = group.stream().mapToDouble(e -> entryWidth(e, font)).sum();
                if (x > x0 && x + groupW > maxX) {
                    x = x0;
                    y += 20;
                }
                for (LegendEntry e : group) {
                    if (x > x0 && x + entryWidth(e, font) > maxX) {
                        x = x0;
                        y += 20;
                    }
                    stroke(g, e.color(), e.style());
                    g.strokeLine(x, y, x + 24, y);
                    g.setLineDashes();
                    g.setFill(strongText());
                    g.fillText(e.text(), x + 30, y);
                    x += entryWidth(e, font);
                }
                x += 12;
            }
            return y + 8;
        }

        private static double entryWidth(LegendEntry e, Font font) {
            return 30 + textWidth(e.text(), font) + 20;
        }

        private void stroke(GraphicsContext g, Color c, Style style) {
            g.setStroke(c);
            g.setLineCap(StrokeLineCap.ROUND);
            switch (style) {
                case SOLID -> {
                    g.setLineWidth(2.5);
                    g.setLineDashes();
                }
                case DASHED -> {
                    g.setLineWidth(2);
                    g.setLineDashes(DASHED);
                }
                case DOTTED -> {
                    g.setLineWidth(2.5);
                    g.setLineDashes(DOTTED);
                }
            }
        }

        private void lines(GraphicsContext g) {
            double[] range = range();
            if (range == null) {
                g.setFont(Font.font(13));
                g.setFill(textColor());
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText("nothing to draw on a log scale: every value is 0 or Inf/NaN", left + 10, top + 10);
                return;
            }
            logMin = Math.floor(Math.log10(range[0]));
            logMax = Math.ceil(Math.log10(range[1]));
            if (logMax - logMin < 2) {
                logMin -= 1;
                logMax += 1;
            }
            axes(g);
            for (int i = 0; i < layers.size(); i++) {
                RecurrentTrace t = layers.get(i).trace();
                Color c = colour(i);
                line(g, t.cellPath(), c, Style.DASHED);
                line(g, t.cellGradientNorm(), c, Style.DOTTED);
                line(g, t.gradientNorm(), c, Style.SOLID);
                markers(g, t.gradientNorm(), c);
            }
        }

        /** The smallest and largest drawable value (positive and finite: log 0 has no place), or null. */
        private double[] range() {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (LayerResult l : layers) {
                RecurrentTrace t = l.trace();
                for (double[] values : new double[][] {t.gradientNorm(), t.cellGradientNorm(), t.cellPath()}) {
                    if (values == null) {
                        continue;
                    }
                    for (double v : values) {
                        if (drawable(v)) {
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                }
            }
            return lo == Double.POSITIVE_INFINITY ? null : new double[] {lo, hi};
        }

        private static boolean drawable(double v) {
            return v > 0 && Double.isFinite(v);
        }

        private void axes(GraphicsContext g) {
            g.setLineWidth(1);
            g.setLineDashes();
            g.setFont(Font.font(12));
            // decades as in the depth chart: every one a grid line, labels thinned out when crowded
            logGrid(g, logMin, logMax, left, right, top, bottom, this::y);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            for (int t : timeTicks()) {
                double x = x(t);
                g.setStroke(gridColor());
                g.strokeLine(x, bottom, x, bottom + 4);
                g.setFill(textColor());
                g.fillText(Integer.toString(t), x, bottom + 6);
            }
            g.fillText(I18n.f("time step t   (backpropagation runs from t = %d back to t = 1)", steps),
                    (left + right) / 2, bottom + 22);
            g.setStroke(textColor());
            g.strokeLine(left, top, left, bottom);
            g.strokeLine(left, bottom, right, bottom);
        }

        /** Round steps (1, 2 or 5 × 10^k apart), with t = 1 and t = T added where they do not crowd a label. */
        private List<Integer> timeTicks() {
            var ticks = new ArrayList<Integer>();
            int most = Math.max(2, (int) ((right - left) / 48));
            for (double v : Ticks.nice(1, Math.max(1, steps), most)) {
                int t = (int) Math.round(v);
                if (t >= 1 && t <= steps && Math.abs(v - t) < 1e-9 && !ticks.contains(t)) {
                    ticks.add(t);
                }
            }
            double room = 28;
            if (ticks.isEmpty() || x(ticks.get(0)) - x(1) > room) {
                ticks.add(0, 1);
            }
            if (steps > 1 && x(steps) - x(ticks.get(ticks.size() - 1)) > room) {
                ticks.add(steps);
            }
            return ticks;
        }

        private double x(double t) {
            return steps <= 1 ? (left + right) / 2 : left + 12 + (right - left - 24) * (t - 1) / (steps - 1);
        }

        private double y(double v) {
            double f = (Math.log10(v) - logMin) / (logMax - logMin);
            return bottom - f * (bottom - top);
        }

        /** One line over t = 1…T; values that cannot be drawn (0, Inf, NaN) leave a gap. */
        private void line(GraphicsContext g, double[] values, Color c, Style style) {
            if (values == null) {
                return;
            }
            stroke(g, c, style);
            g.setGlobalAlpha(style == Style.SOLID ? 1 : 0.9);
            strokeLogLine(g, values, i -> x(i + 1), this::y, top, bottom);
            g.setLineDashes();
            g.setGlobalAlpha(1);
        }

        /** Dots where the steps are far enough apart, and the depth chart's marks for overflow and exact zero. */
        private void markers(GraphicsContext g, double[] values, Color c) {
            boolean dots = steps <= 1 || (right - left - 24) / (steps - 1) >= 9;
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                double x = x(i + 1);
                if (drawable(v)) {
                    if (dots) {
                        g.setFill(c);
                        g.fillOval(x - 3, y(v) - 3, 6, 6);
                    }
                } else if (v == 0) {
                    g.setStroke(c);
                    g.setLineWidth(2);
                    g.setLineDashes();
                    g.strokeOval(x - 4, bottom - 4, 8, 8);
                } else {
                    g.setStroke(Palette.of(Health.NON_FINITE));
                    g.setLineWidth(2.5);
                    g.setLineDashes();
                    g.strokeLine(x - 5, top - 5, x + 5, top + 5);
                    g.strokeLine(x - 5, top + 5, x + 5, top - 5);
                }
            }
        }

        // ---- the gates ----

        /** For each LSTM layer a block of four gate histograms: 2 × 2 when tall enough, else a row of four. */
        private void gates(GraphicsContext g, List<LayerResult> lstms, double x, double y, double w, double h) {
            double blockH = h / lstms.size();
            for (int b = 0; b < lstms.size(); b++) {
                LayerResult l = lstms.get(b);
                double by = y + b * blockH;
                g.setFont(Font.font(null, FontWeight.BOLD, 12.5));
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.setFill(colour(layers.indexOf(l)));
                g.fillRect(x, by + 4, 10, 10);
                g.setFill(strongText());
                g.fillText(name(l) + ": gates over all steps", x + 16, by + 2);
                double cellsY = by + 22;
                double cellsH = blockH - 26;
                boolean square = cellsH >= 190 || w < 320;
                int cols = square ? 2 : 4;
                int rows = square ? 2 : 1;
                double cw = w / cols;
                double ch = cellsH / rows;
                List<TensorStats> gates = l.trace().gates();
                for (int k = 0; k < gates.size() && k < GATE_NAMES.length; k++) {
                    double cx = x + (k % cols) * cw;
                    double cy = cellsY + (k / cols) * ch;
                    gateCells.add(new GateCell(l, k, cx, cy, cw, ch));
                    gate(g, gates.get(k), k, cx + 2, cy + 2, cw - 10, ch - 6);
                }
            }
        }

        private void gate(GraphicsContext g, TensorStats s, int k, double x, double y, double w, double h) {
            Histogram hist = s.histogram();
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.setFont(Font.font(null, FontWeight.BOLD, 12));
            g.setFill(strongText());
            g.fillText(GATE_NAMES[k] + ": mean " + Fmt.sig(s.mean(), 3), x, y);
            double head = 17;
            Font small = Font.font(10.5);
            // the gate's meaning when it fits on one line and leaves room for bars
            if (h >= 80 && textWidth(GATE_HINTS[k], small) <= w) {
                g.setFont(small);
                g.setFill(textColor());
                g.fillText(GATE_HINTS[k], x, y + head);
                head += 15;
            }
            double barsTop = y + head;
            double barsBottom = y + h - 14;
            double barsH = barsBottom - barsTop;
            g.setStroke(gridColor());
            g.setLineWidth(1);
            g.setLineDashes();
            g.strokeLine(x, barsBottom, x + w, barsBottom);
            g.setFont(Font.font(10.5));
            g.setFill(textColor());
            if (hist.isEmpty() || barsH < 6) {
                if (hist.isEmpty()) {
                    g.fillText(s.nonFinite() > 0 ? "all values Inf/NaN" : "no values", x + 4, barsTop + 2);
                }
                return;
            }
            long max = Math.max(1, hist.maxCount());
            double bw = w / hist.bins();
            g.setFill(Palette.FORWARD.deriveColor(0, 1, 1, 0.85));
            for (int b = 0; b < hist.bins(); b++) {
                long count = hist.count(b);
                if (count > 0) {
                    double bh = Math.max(1, barsH * count / max);
                    g.fillRect(x + b * bw, barsBottom - bh, Math.max(1, bw - 0.5), bh);
                }
            }
            g.setFill(textColor());
            g.setTextBaseline(VPos.TOP);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(tick(hist.lo()), x, barsBottom + 2);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(tick(hist.hi()), x + w, barsBottom + 2);
        }

        private static double textWidth(String s, Font font) {
            var t = new Text(s);
            t.setFont(font);
            return t.getLayoutBounds().getWidth();
        }

        // ---- hover ----

        @Override
        protected String hoverText(double mx, double my) {
            for (GateCell c : gateCells) {
                if (c.contains(mx, my)) {
                    TensorStats s = c.layer().trace().gates().get(c.gate());
                    return name(c.layer()) + " · " + GATE_NAMES[c.gate()] + ", " + GATE_MEANINGS[c.gate()]
                            + "\nmean " + Fmt.f4(s.mean()) + ", std " + Fmt.f4(s.std()) + ", min "
                            + Fmt.f4(s.min()) + ", max " + Fmt.f4(s.max());
                }
            }
            if (layers.isEmpty() || steps == 0 || mx < left - 10 || mx > right + 10 || my > bottom + 10) {
                return null;
            }
            int t = steps <= 1 ? 1
                    : (int) Math.round(1 + (mx - left - 12) / (right - left - 24) * (steps - 1));
            t = Math.max(1, Math.min(steps, t));
            var lines = new ArrayList<String>();
            lines.add("t = " + t);
            for (LayerResult l : layers) {
                RecurrentTrace tr = l.trace();
                if (t > tr.steps()) {
                    continue;
                }
                int i = t - 1;
                var sb = new StringBuilder(name(l) + ": ‖∂L/∂h_t‖ " + Fmt.f4(tr.gradientNorm()[i]));
                if (tr.cellGradientNorm() != null) {
                    sb.append(", ‖∂L/∂c_t‖ ").append(Fmt.f4(tr.cellGradientNorm()[i]));
                }
                if (tr.cellPath() != null) {
                    sb.append(", ∏ f ").append(Fmt.f4(tr.cellPath()[i]));
                }
                if (tr.meanForget() != null) {
                    sb.append(", forget gate ").append(Fmt.f4(tr.meanForget()[i]));
                }
                lines.add(sb.toString());
            }
            return String.join("\n", lines);
        }
    }
}
