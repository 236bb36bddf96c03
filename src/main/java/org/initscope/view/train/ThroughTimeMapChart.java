package org.initscope.view.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.train.LayerSnapshot;
import org.initscope.engine.train.ThroughTimeMap;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;

/**
 * A recurrent layer through time while it learns: a heat map of recorded training steps (rows, later steps lower)
 * × time steps t (columns) — how much of the gradient at the last time step reaches each earlier one
 * (‖∂L/∂h_t‖ / ‖∂L/∂h_T‖), the gradient itself, or an LSTM's mean forget gate. The row of the step the scrubber
 * shows is outlined, and a line above the map states its numbers against step 0.
 */
public final class ThroughTimeMapChart extends ChartPane {
    /** What the colours show. */
    public enum Mode {
        RELATIVE("‖∂L/∂h_t‖ / ‖∂L/∂h_T‖", true), GRADIENT("‖∂L/∂h_t‖", true), FORGET("forget gate mean", false);

        private final String label;
        private final boolean log;

        Mode(String label, boolean log) {
            this.label = label;
            this.log = log;
        }

        @Override
        public String toString() {
            return label;
        }

        /** Coloured on a log scale (the gradients), or linearly from 0 to 1 (the forget gate). */
        public boolean log() {
            return log;
        }
    }

    /** The most decades a log colour scale spans: smaller values get the darkest colour. */
    static final double DECADES = 12;
    /** Viridis (matplotlib's perceptually uniform map), dark for small values: readable in grey and on a projector. */
    private static final Color[] MAP = {Color.web("#440154"), Color.web("#482878"), Color.web("#3e4989"),
        Color.web("#31688e"), Color.web("#26828e"), Color.web("#1f9e89"), Color.web("#35b779"), Color.web("#6ece58"),
        Color.web("#b5de2b"), Color.web("#fde725")};
    /** A gradient that is exactly 0 (or not finite): no colour of the scale. */
    private static final Color NONE = Color.web("#ced4da");

    private ThroughTimeMap map;
    private String layerName = "";
    private Mode mode = Mode.RELATIVE;
    private int shownRow = -1;
    private double[][] values = new double[0][];
    private double lo;
    private double hi;
    private double left;
    private double right;
    private double top;
    private double bottom;
    private String caption = "";
    /** Half a window wide (Compare's A and B): the layer's name as the title, a shorter line of numbers. */
    private boolean compact;
    /** Room for the training steps at the left, for the colour bar at the right, and the edge without them. */
    private static final double LEFT = 64;
    private static final double RIGHT = 74;
    private static final double EDGE = 10;
    /** A second line of numbers (compact). */
    private static final double LINE = 14;
    private boolean stepLabels = true;
    private boolean legend = true;
    /** What the chart says while it has no map (null: that the network has no recurrent layer). */
    private String nothing;
    /** A map drawn beside this one on the same colour scale (Compare's A and B), or null. */
    private ThroughTimeMapChart partner;

    public ThroughTimeMapChart() {
        margins();
        setId("throughTimeMap");
    }

    /**
     * Two maps side by side (Compare's A and B) share one colour scale: the union of both maps' values when they show
     * the same quantity, so that one colour is one number on both sides.
     */
    public static void align(ThroughTimeMapChart a, ThroughTimeMapChart b) {
        a.partner = b;
        b.partner = a;
    }

    /** "L1 · lstm 64": a recurrent layer as the maps name it. */
    public static String layerName(LayerSnapshot l) {
        return I18n.f("%s · %s %d", l.name(), l.trace().meanForget() != null ? "lstm" : "rnn", l.units());
    }

    /** What a map can be coloured by: an rnn has no forget gates. */
    public static List<Mode> modes(boolean lstm) {
        return Arrays.stream(Mode.values()).filter(m -> lstm || m != Mode.FORGET).toList();
    }

    /**
     * Show a layer's map.
     *
     * @param m        the map (null: nothing to show)
     * @param name     the layer's name ("L1 · lstm 64")
     * @param shown    the optimizer step the scrubber shows (its row is outlined)
     * @param how      what the colours show ({@link Mode#FORGET} falls back to the gradient for an rnn)
     */
    public void show(ThroughTimeMap m, String name, long shown, Mode how) {
        nothing = null;
        map = m;
        layerName = name;
        mode = how == Mode.FORGET && (m == null || m.meanForget() == null) ? Mode.RELATIVE : how;
        shownRow = m == null ? -1 : m.rowOf(shown);
        if (m != null && shownRow < 0 && m.rows() > 0) {
            shownRow = m.rows() - 1;
        }
        values = m == null ? new double[0][] : switch (mode) {
            case RELATIVE -> m.relativeGradient();
            case GRADIENT -> m.gradientNorm();
            case FORGET -> m.meanForget();
        };
        range();
        caption = caption();
        redraw();
        if (partner != null) {
            partner.range();
            partner.redraw();
        }
    }

    /**
     * Drawn half a window wide: the title is the layer's name alone (the colour is named by the controls above), the
     * line of numbers says the same in fewer words.
     */
    public void setCompact(boolean on) {
        compact = on;
        margins();
        caption = caption();
        redraw();
    }

    /**
     * Two maps side by side as one figure: the left one labels the training steps (the rows are the same steps on
     * both sides of a lockstep run), the right one carries the colour bar of their shared scale.
     */
    public void setAxes(boolean steps, boolean colourBar) {
        stepLabels = steps;
        legend = colourBar;
        margins();
        redraw();
    }

    /** The room around the plot, for the layout's minimum size. */
    private void margins() {
        setPlotMargins((stepLabels ? LEFT : EDGE) + (legend ? RIGHT : EDGE) + 12, 96 + (compact ? LINE : 0));
    }

    /** No map, and why (e.g. nothing trained yet). */
    public void showNothing(String name, String why) {
        show(null, name, 0, mode);
        nothing = why;
        redraw();
    }

    public ThroughTimeMap map() {
        return map;
    }

    public Mode mode() {
        return mode;
    }

    /** The row outlined: the record the scrubber shows (−1 when nothing is shown). */
    public int shownRow() {
        return shownRow;
    }

    /** The line above the map, with the shown step's numbers. */
    public String caption() {
        if (map == null || map.rows() == 0 || shownRow < 0) {
            return "";
        }
        int last = map.timeSteps();
        long step = map.steps()[shownRow];
        if (mode == Mode.FORGET) {
            double[] f = map.meanForget()[shownRow];
            double[] f0 = map.meanForget()[0];
            if (compact) {
                return I18n.f("step %,d: forget gates' mean %s … %s (step %,d: %s … %s)", step, Fmt.sig(f[0], 2),
                        Fmt.sig(f[last - 1], 2), map.steps()[0], Fmt.sig(f0[0], 2), Fmt.sig(f0[last - 1], 2));
            }
            return I18n.f("step %,d: forget gates' mean %s at t = 1 … %s at t = %d (step %,d: %s … %s)", step,
                    Fmt.sig(f[0], 2), Fmt.sig(f[last - 1], 2), last, map.steps()[0], Fmt.sig(f0[0], 2),
                    Fmt.sig(f0[last - 1], 2));
        }
        if (compact) {
            return I18n.f("step %,d: ‖∂L/∂h_1‖ = %s × ‖∂L/∂h_%d‖ (step %,d: %s ×)", step, Fmt.sig(map.reach(shownRow),
                    2), last, map.steps()[0], Fmt.sig(map.reach(0), 2));
        }
        return I18n.f("step %,d: the gradient reaching t = 1 is %s × the one at t = %d (step %,d: %s ×)", step,
                Fmt.sig(map.reach(shownRow), 2), last, map.steps()[0], Fmt.sig(map.reach(0), 2));
    }

    /** The colour scale's ends: log₁₀ of the smallest and largest value coloured (0 and 1 for the forget gate). */
    public double[] colourRange() {
        return new double[] {lo, hi};
    }

    private void range() {
        if (!mode.log) {
            lo = 0;
            hi = 1;
            return;
        }
        lo = Double.POSITIVE_INFINITY;
        hi = Double.NEGATIVE_INFINITY;
        boolean shared = partner != null && partner.map != null && partner.mode == mode;
        for (double[][] all : shared ? List.<double[][]>of(values, partner.values) : List.<double[][]>of(values)) {
            for (double[] row : all) {
                for (double v : row) {
                    if (v > 0 && Double.isFinite(v)) {
                        lo = Math.min(lo, Math.log10(v));
                        hi = Math.max(hi, Math.log10(v));
                    }
                }
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = -1;
            hi = 0;
        }
        lo = Math.max(lo, hi - DECADES);
        if (hi - lo < 1) {
            // at least one decade: a map of equal values is one colour, not noise stretched over the scale
            double mid = (hi + lo) / 2;
            lo = mid - 0.5;
            hi = mid + 0.5;
        }
    }

    /** Where a value sits on the colour scale, 0 to 1; NaN for a value without a colour (0, NaN, Inf). */
    double position(double v) {
        if (mode.log) {
            if (!(v > 0) || !Double.isFinite(v)) {
                return Double.NaN;
            }
            return Math.max(0, Math.min(1, (Math.log10(v) - lo) / (hi - lo)));
        }
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : Double.NaN;
    }

    static Color colour(double position) {
        if (Double.isNaN(position)) {
            return NONE;
        }
        double x = position * (MAP.length - 1);
        int i = Math.min(MAP.length - 2, (int) Math.floor(x));
        return MAP[i].interpolate(MAP[i + 1], x - i);
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        titleStyle(g);
        fillTitle(g, compact ? layerName : I18n.f("%s of %s over training (later steps lower)", I18n.t(mode.label),
                layerName), 8, 6, w - 16);
        if (map == null || map.rows() == 0 || map.timeSteps() == 0) {
            g.setFont(Font.font(12));
            g.setFill(textColor());
            g.fillText(nothing != null ? I18n.t(nothing)
                    : I18n.t("no recurrent layer: the map shows an rnn or lstm layer through time"), 8, 30);
            return;
        }
        g.setFont(Font.font(11.5));
        g.setFill(textColor());
        // half a window wide the line of numbers goes on two lines rather than being cut
        var line = new Text(caption);
        line.setFont(g.getFont());
        int cut = caption.indexOf(" (");
        boolean two = compact && cut > 0 && line.getLayoutBounds().getWidth() > w - 16;
        fillTitle(g, two ? caption.substring(0, cut) : caption, 8, 25, w - 16);
        if (two) {
            fillTitle(g, caption.substring(cut + 1), 8, 25 + LINE, w - 16);
        }
        left = stepLabels ? LEFT : EDGE;
        right = w - (legend ? RIGHT : EDGE);
        top = 46 + (two ? LINE : 0);
        bottom = h - 36;
        if (right - left < 20 || bottom - top < 20) {
            return;
        }
        setPlotArea(left, top, right - left, bottom - top);
        int rows = map.rows();
        int cols = map.timeSteps();
        var img = new WritableImage(cols, rows);
        PixelWriter px = img.getPixelWriter();
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < cols; t++) {
                px.setColor(t, r, colour(position(values[r][t])));
            }
        }
        g.setImageSmoothing(false);
        g.drawImage(img, left, top, right - left, bottom - top);
        g.setImageSmoothing(true);
        double rowH = (bottom - top) / rows;
        // the shown step: outlined across the map, its step number in bold beside it
        if (shownRow >= 0) {
            double y = top + shownRow * rowH;
            g.setStroke(dark() ? Color.WHITE : Color.BLACK);
            g.setLineWidth(2);
            g.strokeRect(left - 1, y - 1, right - left + 2, Math.max(2, rowH) + 2);
        }
        if (stepLabels) {
            yAxis(g, rows, rowH);
        }
        xAxis(g, cols);
        if (legend) {
            legend(g);
        }
    }

    private void yAxis(GraphicsContext g, int rows, double rowH) {
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        int every = Math.max(1, (int) Math.ceil(rows / Math.max(1.0, (bottom - top) / 22)));
        for (int r = 0; r < rows; r++) {
            boolean shownHere = r == shownRow;
            if (r % every != 0 && !shownHere) {
                continue;
            }
            if (!shownHere && shownRow >= 0 && Math.abs(r - shownRow) * rowH < 14) {
                continue;
            }
            g.setFont(shownHere ? Font.font(null, FontWeight.BOLD, 11) : Font.font(10.5));
            g.setFill(shownHere ? strongText() : textColor());
            g.fillText(String.format(Locale.ROOT, "%,d", map.steps()[r]), left - 6, top + (r + 0.5) * rowH);
        }
        g.save();
        g.translate(12, (top + bottom) / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.setFont(Font.font(11));
        g.setFill(textColor());
        g.fillText(I18n.t("training step"), 0, 0);
        g.restore();
    }

    private void xAxis(GraphicsContext g, int cols) {
        double colW = (right - left) / cols;
        int every = niceStep(cols, Math.max(2, (int) ((right - left) / 48)));
        g.setFont(Font.font(10.5));
        g.setFill(textColor());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setStroke(textColor());
        g.setLineWidth(1);
        for (int t = 1; t <= cols; t++) {
            if (t != 1 && t % every != 0 && t != cols) {
                continue;
            }
            if (t != cols && t != 1 && (cols - t) * colW < 24) {
                continue;
            }
            double x = left + (t - 0.5) * colW;
            g.strokeLine(x, bottom, x, bottom + 3);
            g.fillText(Integer.toString(t), x, bottom + 4);
        }
        g.setFont(Font.font(11));
        g.fillText(I18n.t("time step t (the loss reads h_T)"), (left + right) / 2, bottom + 19);
    }

    /** A tick step of 1, 2 or 5 × 10ᵏ that gives at most {@code max} ticks over {@code n}. */
    static int niceStep(int n, int max) {
        for (int p = 1; ; p *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (n / (m * p) <= max) {
                    return m * p;
                }
            }
        }
    }

    /** The colour bar at the right, with powers of ten (or 0, 0.5, 1 for the forget gate). */
    private void legend(GraphicsContext g) {
        double x = right + 10;
        double bw = 12;
        int n = 64;
        for (int i = 0; i < n; i++) {
            double y0 = bottom - (bottom - top) * (i + 1) / n;
            g.setFill(colour((i + 0.5) / n));
            g.fillRect(x, y0, bw, (bottom - top) / n + 0.5);
        }
        g.setStroke(textColor());
        g.setLineWidth(1);
        g.strokeRect(x, top, bw, bottom - top);
        g.setFont(Font.font(10.5));
        g.setFill(textColor());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        if (!mode.log) {
            for (double v : new double[] {0, 0.5, 1}) {
                g.fillText(tick(v), x + bw + 4, bottom - (bottom - top) * v);
            }
            return;
        }
        int first = (int) Math.ceil(lo);
        int last = (int) Math.floor(hi);
        int every = Math.max(1, (int) Math.ceil((last - first + 1) / Math.max(1.0, (bottom - top) / 20)));
        for (int e = first; e <= last; e++) {
            if ((e - first) % every == 0) {
                g.fillText(pow10(e), x + bw + 4, bottom - (bottom - top) * (e - lo) / (hi - lo));
            }
        }
    }

    @Override
    protected String hoverText(double x, double y) {
        if (map == null || map.rows() == 0 || x < left || x >= right || y < top || y >= bottom) {
            return null;
        }
        int cols = map.timeSteps();
        int t = Math.min(cols - 1, (int) ((x - left) / (right - left) * cols));
        int r = Math.min(map.rows() - 1, (int) ((y - top) / (bottom - top) * map.rows()));
        String head = I18n.f("step %,d · t = %d", map.steps()[r], t + 1);
        if (mode == Mode.FORGET) {
            return head + "\n" + I18n.f("forget gates' mean %s", Fmt.sig(map.meanForget()[r][t], 3));
        }
        double[] g = map.gradientNorm()[r];
        return head + "\n‖∂L/∂h_t‖ = " + Fmt.sig(g[t], 3) + "\n"
                + I18n.f("%s × ‖∂L/∂h_T‖", Fmt.sig(g[t] / g[cols - 1], 3));
    }
}
