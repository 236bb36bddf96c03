package org.initscope.view.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.initscope.controller.TheoryService;
import org.initscope.engine.MeanField;
import org.initscope.engine.sweep.Measure;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepResult;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.i18n.I18n;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;
import org.initscope.view.Palette;

/**
 * A sweep's measure over its grid: a heat map for two axes (the first across, the second up; cells not measured yet
 * are left grey, so partial results show as they arrive) or, for one axis, the mean over the seeds with an error bar
 * (± one std of the seeds) and the variance recursion's prediction as a dashed line. Ratios and sizes are coloured on
 * a log scale with white at 1 (blue below, red above, as the phase diagram); fractions, losses and accuracies from
 * their lowest to their highest value. The theory is drawn over the measurements where it applies: the edge of chaos
 * χ₁ = 1 on a σ_w² × σ_b² map, the trainable depth 6·ξ_c on a σ_w² × depth map (Schoenholz et al. 2017: networks
 * deeper than about 6ξ_c do not train).
 */
public final class SweepChart extends ChartPane {
    /** The multiple of ξ_c drawn on a σ_w² × depth map. */
    public static final double XI_MULTIPLE = 6;

    private SweepResult result;
    private Measure measure;
    private double left;
    private double right;
    private double top;
    private double bottom;
    /** What the theory overlay drew (tests read it): a text, or "" for none. */
    private String overlay = "";
    /** The title and the key (or legend) drawn last, in the window's language (tests read them). */
    private String title = "";
    private String key = "";

    public SweepChart() {
        setId("sweepChart");
        setPlotMargins(90, 80);
    }

    public void show(SweepResult r, Measure m) {
        result = r;
        measure = m;
        redraw();
    }

    /** How a measure is titled, in the window's language: "χ₁ measured", "mean |z| at layer 2, step 3". */
    static String label(Measure m) {
        return m.kind() == Measure.Kind.COORDINATE ? I18n.f("mean |z| at layer %d, step %d", m.layer(), m.step())
                : I18n.t(m.kind().label());
    }

    /** "tanh 8 × 64: χ₁ measured (geometric mean of 2 seeds) — 15 of 15 cells". */
    static String title(SweepResult result, Measure measure) {
        SweepSpec s = result.spec();
        String seeds = s.repeats() < 2 ? "" : measure.log() ? I18n.f(" (geometric mean of %d seeds)", s.repeats())
                : I18n.f(" (mean of %d seeds)", s.repeats());
        return (s.name().isEmpty() ? "" : s.name() + ": ") + label(measure) + seeds
                + I18n.f(" — %d of %d cells", result.done(), s.cells());
    }

    /** A cell's place: "σ_w² = 3, σ_b² = 0", the parameters' names in the window's language. */
    static String describe(SweepSpec s, int cell) {
        int[] at = s.at(cell);
        var parts = new ArrayList<String>();
        for (int a = 0; a < s.axes().size(); a++) {
            SweepAxis axis = s.axis(a);
            parts.add(I18n.t(axis.param().label()) + " = " + axis.label(at[a]));
        }
        return String.join(", ", parts);
    }

    /** The title drawn last. */
    public String title() {
        return title;
    }

    /** The colour key (map) or the legend (curve) drawn last. */
    public String key() {
        return key;
    }

    /** The theory curve drawn over the map ("χ₁ = 1", "6·ξ_c") or "" when none applies. */
    public String overlay() {
        return overlay;
    }

    /** Where the centre of a cell is drawn, in this pane's coordinates (tests click there). */
    public Point2D cellCentre(int i, int j) {
        SweepSpec s = result.spec();
        double x = xOf(i, s.axis(0).size());
        double y = s.axes().size() > 1 ? yOfIndex(j, s.axis(1).size()) : (top + bottom) / 2;
        return new Point2D(x * zoom(), y * zoom());
    }

    private double xOf(double index, int n) {
        return left + (right - left) * (index + 0.5) / n;
    }

    private double yOfIndex(double index, int n) {
        return bottom - (bottom - top) * (index + 0.5) / n;
    }

    /** The fractional index of a value on a numeric axis: linear between its (sorted) values; NaN outside them. */
    static double indexOf(SweepAxis a, double v) {
        int n = a.size();
        if (n == 1) {
            return v == a.number(0) ? 0 : Double.NaN;
        }
        boolean up = a.number(n - 1) > a.number(0);
        for (int i = 0; i + 1 < n; i++) {
            double lo = a.number(i);
            double hi = a.number(i + 1);
            if (up ? v >= lo && v <= hi : v <= lo && v >= hi) {
                boolean log = lo > 0 && hi > 0 && logSpaced(a);
                double t = log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
                return i + t;
            }
        }
        return Double.NaN;
    }

    /** Whether the values are evenly spaced on a log axis rather than a linear one. */
    static boolean logSpaced(SweepAxis a) {
        int n = a.size();
        if (n < 3 || !(a.number(0) > 0)) {
            return false;
        }
        double r = a.number(1) / a.number(0);
        double d = a.number(1) - a.number(0);
        double rErr = Math.abs(a.number(n - 1) / a.number(n - 2) - r) / r;
        double dErr = Math.abs(a.number(n - 1) - a.number(n - 2) - d) / Math.abs(d);
        return rErr < dErr;
    }

    /**
     * Blue below 1, white at 1, red above, on a log scale that reaches full colour at 10^±{@code decades} (the map's
     * largest distance from 1, so that a map of χ₁ from 0.6 to 1.6 is as vivid as one of std ratios over decades).
     */
    static Color logColour(double v, double decades) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return Color.web("#a61e4d");
        }
        double t = Math.max(-1, Math.min(1, Math.log10(v) / decades));
        return t < 0 ? Color.WHITE.interpolate(Palette.FORWARD, -t) : Color.WHITE.interpolate(Color.web("#e03131"), t);
    }

    static Color linearColour(double v, double lo, double hi) {
        if (!Double.isFinite(v)) {
            return Color.web("#a61e4d");
        }
        double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        return Color.web("#f8f9fa").interpolate(Color.web("#2b8a3e"), Math.max(0, Math.min(1, t)));
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        left = 64;
        right = w - 20;
        top = 34;
        bottom = h - 46;
        setPlotArea(left, top, right - left, bottom - top);
        overlay = "";
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        if (result == null || measure == null) {
            fillTitle(g, I18n.t("Set up a sweep and press Run: its cells appear here as they are "
                    + "measured."), 8, 8, w - 16);
            return;
        }
        SweepSpec s = result.spec();
        int m = result.indexOf(measure);
        title = title(result, measure);
        fillTitle(g, title, 8, 8, w - 16);
        if (m < 0) {
            return;
        }
        if (s.axes().size() == 2) {
            drawMap(g, s, m);
        } else {
            drawCurve(g, s, m);
        }
    }

    private void drawMap(GraphicsContext g, SweepSpec s, int m) {
        SweepAxis x = s.axis(0);
        SweepAxis y = s.axis(1);
        int nx = x.size();
        int ny = y.size();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (SweepResult.Cell c : result.cells()) {
            if (c != null) {
                double v = c.summary(m, measure.log()).mean();
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        // the log scale's reach: the largest distance from 1 on the map (at least a factor 1.05)
        double decades = Math.max(Math.log10(1.05), Math.max(Math.abs(Math.log10(lo)), Math.abs(Math.log10(hi))));
        double cw = (right - left) / nx;
        double ch = (bottom - top) / ny;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                SweepResult.Cell c = result.cell(s.cell(i, j));
                double x0 = left + i * cw;
                double y0 = bottom - (j + 1) * ch;
                if (c == null) {
                    g.setFill(gridColor());
                } else {
                    double v = c.summary(m, measure.log()).mean();
                    g.setFill(measure.log() ? logColour(v, decades) : linearColour(v, lo, hi));
                }
                g.fillRect(x0, y0, cw + 0.5, ch + 0.5);
            }
        }
        drawTheoryOnMap(g, s);
        g.setStroke(textColor());
        g.setLineWidth(1);
        g.strokeRect(left, top, right - left, bottom - top);
        axisLabels(g, x, true);
        axisLabels(g, y, false);
        // the colour key
        g.setFont(Font.font(11));
        g.setFill(textColor());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.TOP);
        key = !(lo <= hi) ? "" : measure.log()
                ? I18n.f("blue %s · white 1 · red %s (log scale; measured %s … %s)", Fmt.sig(Math.pow(10, -decades), 3),
                        Fmt.sig(Math.pow(10, decades), 3), Fmt.sig(lo, 3), Fmt.sig(hi, 3))
                : I18n.f("light %s … green %s", Fmt.sig(lo, 3), Fmt.sig(hi, 3));
        g.fillText(key, right, bottom + 30);
    }

    /** The theory over a σ_w² × σ_b² or σ_w² × depth map of one activation. */
    private void drawTheoryOnMap(GraphicsContext g, SweepSpec s) {
        SweepAxis x = s.axis(0);
        SweepAxis y = s.axis(1);
        ActivationSpec act = activation(s);
        if (act == null || x.param() != SweepAxis.Param.SIGMA_W2) {
            return;
        }
        var pts = new ArrayList<double[]>();
        String label;
        if (y.param() == SweepAxis.Param.SIGMA_B2) {
            label = "χ₁ = 1";
            int steps = 60;
            double b0 = Math.min(y.number(0), y.number(y.size() - 1));
            double b1 = Math.max(y.number(0), y.number(y.size() - 1));
            for (int k = 0; k <= steps; k++) {
                double sb2 = b0 + (b1 - b0) * k / steps;
                double sw2 = TheoryService.criticalWeightVariance(act, sb2);
                double ix = indexOf(x, sw2);
                double iy = indexOf(y, sb2);
                pts.add(new double[] {ix, iy});
            }
        } else if (y.param() == SweepAxis.Param.DEPTH) {
            label = Fmt.num(XI_MULTIPLE) + "·ξ_c";
            double sb2 = biasVariance(s);
            int steps = 120;
            double a0 = Math.min(x.number(0), x.number(x.size() - 1));
            double a1 = Math.max(x.number(0), x.number(x.size() - 1));
            for (int k = 0; k <= steps; k++) {
                double sw2 = a0 + (a1 - a0) * k / steps;
                double q = TheoryService.fixedPoint(act, sw2, sb2);
                double xi = TheoryService.depthScales(act, sw2, sb2, q).xiC();
                double depth = XI_MULTIPLE * xi;
                double deepest = y.number(y.size() - 1);
                pts.add(new double[] {indexOf(x, sw2), Double.isFinite(depth) ? indexOf(y, Math.min(depth, deepest))
                        : Double.isInfinite(depth) ? indexOf(y, deepest) : Double.NaN});
            }
        } else {
            return;
        }
        int nx = x.size();
        int ny = y.size();
        g.setStroke(strongText());
        g.setLineWidth(2.5);
        g.setLineDashes(8, 5);
        strokeWithGaps(g, IntStream.range(0, pts.size()).toArray(),
                k -> Double.isFinite(pts.get(k)[0]) && Double.isFinite(pts.get(k)[1]),
                k -> xOf(pts.get(k)[0], nx), k -> yOfIndex(pts.get(k)[1], ny));
        g.setLineDashes();
        // the label beside the curve's first drawn point
        for (double[] p : pts) {
            if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                overlay = label;
                g.setFill(strongText());
                g.setFont(Font.font(null, FontWeight.BOLD, 12));
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText(label, Math.min(right - 50, xOf(p[0], nx) + 6), Math.max(top + 14, yOfIndex(p[1], ny)
                        - 4));
                break;
            }
        }
    }

    /** The one activation of the sweep's weighted layers (none when an axis varies it or layers differ). */
    static ActivationSpec activation(SweepSpec s) {
        if (s.axes().stream().anyMatch(a -> a.param() == SweepAxis.Param.ACTIVATION)) {
            return null;
        }
        var rows = TheoryService.layers(s.network(0, 0).resolve());
        List<ActivationSpec> acts = rows.stream().filter(MeanField.LayerTheory::applies)
                .map(r -> r.layer().activation()).distinct().toList();
        return acts.size() == 1 ? acts.get(0) : null;
    }

    /** σ_b² of the sweep's network (its first weighted layer). */
    static double biasVariance(SweepSpec s) {
        return TheoryService.layers(s.network(0, 0).resolve()).stream().filter(MeanField.LayerTheory::applies)
                .mapToDouble(MeanField.LayerTheory::sigmaB2).findFirst().orElse(0);
    }

    private void axisLabels(GraphicsContext g, SweepAxis a, boolean across) {
        int n = a.size();
        g.setFont(Font.font(11));
        g.setFill(textColor());
        double room = across ? (right - left) : (bottom - top);
        int every = Math.max(1, (int) Math.ceil(n / Math.max(1, room / (across ? 52 : 20))));
        Font font = g.getFont();
        for (int i = 0; i < n; i += every) {
            String text = a.param().numeric() ? Fmt.sig(a.number(i), 3) : a.label(i);
            if (across) {
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.TOP);
                double column = (right - left) / n * every;
                g.fillText(fit(text, column - 6, t -> textWidth(t, font)), xOf(i, n), bottom + 3, column);
            } else {
                g.setTextAlign(TextAlignment.RIGHT);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(text, left - 5, yOfIndex(i, n), left - 24);
            }
        }
        if (across) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            g.fillText(I18n.t(a.param().label()), (left + right) / 2, bottom + 17);
        } else {
            g.save();
            g.translate(12, (top + bottom) / 2);
            g.rotate(-90);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(I18n.t(a.param().label()), 0, 0);
            g.restore();
        }
    }

    /**
     * A tick label that fits {@code room} px without being squeezed: as it is; else without its parameters
     * ("orthogonal(gain=auto)" → "orthogonal"); else cut with "…" (the hover card gives the whole value).
     */
    static String fit(String text, double room, ToDoubleFunction<String> width) {
        if (width.applyAsDouble(text) <= room) {
            return text;
        }
        int paren = text.indexOf('(');
        String shorter = paren > 0 ? text.substring(0, paren) : text;
        if (width.applyAsDouble(shorter) <= room) {
            return shorter;
        }
        for (int k = shorter.length() - 1; k > 1; k--) {
            String cut = shorter.substring(0, k) + "…";
            if (width.applyAsDouble(cut) <= room) {
                return cut;
            }
        }
        return shorter.substring(0, Math.min(shorter.length(), 2)) + "…";
    }

    private static double textWidth(String s, Font font) {
        var t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }

    private void drawCurve(GraphicsContext g, SweepSpec s, int m) {
        SweepAxis x = s.axis(0);
        int n = x.size();
        boolean log = measure.log();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] mean = new double[n];
        double[] low = new double[n];
        double[] high = new double[n];
        double[] theory = new double[n];
        for (int i = 0; i < n; i++) {
            SweepResult.Cell c = result.cell(s.cell(i));
            if (c == null) {
                mean[i] = low[i] = high[i] = theory[i] = Double.NaN;
                continue;
            }
            SweepResult.Summary sum = c.summary(m, log);
            mean[i] = sum.mean();
            low[i] = sum.low();
            high[i] = sum.high();
            theory[i] = c.predicted(m, log);
            for (double v : new double[] {low[i], high[i], theory[i], mean[i]}) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (measure.kind() == Measure.Kind.CHI1) {
            lo = Math.min(lo, 1);
            hi = Math.max(hi, 1);
        }
        if (!(lo <= hi)) {
            lo = log ? 0.1 : 0;
            hi = log ? 10 : 1;
        }
        if (log) {
            lo = Math.pow(10, Math.floor(Math.log10(lo) * 4) / 4);
            hi = Math.pow(10, Math.ceil(Math.log10(hi) * 4) / 4);
            if (hi <= lo) {
                hi = lo * 10;
            }
        } else if (hi == lo) {
            lo -= 0.5;
            hi += 0.5;
        } else {
            double pad = (hi - lo) * 0.06;
            lo -= pad;
            hi += pad;
        }
        double flo = lo;
        double fhi = hi;
        DoubleUnaryOperator py = v -> log ? bottom - (bottom - top) * Math.log(v / flo) / Math.log(fhi / flo)
                : bottom - (bottom - top) * (v - flo) / (fhi - flo);
        // grid and y ticks
        g.setFont(Font.font(11));
        g.setLineWidth(1);
        for (int k = 0; k <= 4; k++) {
            double v = log ? lo * Math.pow(hi / lo, k / 4.0) : lo + (hi - lo) * k / 4;
            double yy = py.applyAsDouble(v);
            g.setStroke(gridColor());
            g.strokeLine(left, yy, right, yy);
            g.setFill(textColor());
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(Fmt.sig(v, 3), left - 5, yy);
        }
        if (measure.kind() == Measure.Kind.CHI1 && 1 >= lo && 1 <= hi) {
            overlay = "χ₁ = 1";
            g.setStroke(strongText());
            g.setLineDashes(3, 3);
            g.strokeLine(left, py.applyAsDouble(1), right, py.applyAsDouble(1));
            g.setLineDashes();
        }
        int[] all = IntStream.range(0, n).toArray();
        // the measurement: line, points and error bars
        g.setStroke(Palette.FORWARD);
        g.setLineWidth(2);
        strokeWithGaps(g, all, i -> Double.isFinite(mean[i]) && (!log || mean[i] > 0), i -> xOf(i, n),
                i -> py.applyAsDouble(mean[i]));
        g.setFill(Palette.FORWARD);
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(mean[i]) && (!log || mean[i] > 0)) {
                double xx = xOf(i, n);
                if (s.repeats() > 1 && Double.isFinite(low[i]) && Double.isFinite(high[i])) {
                    g.setLineWidth(1.5);
                    g.strokeLine(xx, py.applyAsDouble(low[i]), xx, py.applyAsDouble(high[i]));
                    g.strokeLine(xx - 4, py.applyAsDouble(low[i]), xx + 4, py.applyAsDouble(low[i]));
                    g.strokeLine(xx - 4, py.applyAsDouble(high[i]), xx + 4, py.applyAsDouble(high[i]));
                }
                g.fillOval(xx - 3.5, py.applyAsDouble(mean[i]) - 3.5, 7, 7);
            }
        }
        // the recursion's prediction: dashed, over the measurement (they often coincide)
        g.setStroke(strongText());
        g.setLineWidth(1.5);
        g.setLineDashes(7, 5);
        strokeWithGaps(g, all, i -> Double.isFinite(theory[i]) && (!log || theory[i] > 0), i -> xOf(i, n),
                i -> py.applyAsDouble(theory[i]));
        g.setLineDashes();
        if (Arrays.stream(theory).anyMatch(Double::isFinite)) {
            overlay = overlay.isEmpty() ? "theory" : overlay + ", theory";
        }
        g.setStroke(textColor());
        g.setLineWidth(1);
        g.strokeRect(left, top, right - left, bottom - top);
        axisLabels(g, x, true);
        g.setFill(textColor());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.TOP);
        key = I18n.t("● measured") + (s.repeats() > 1 ? I18n.t(" (bars: ± one std of the seeds)") : "")
                + I18n.t("   - - variance recursion") + (log ? I18n.t("   log scale") : "");
        g.fillText(key, right, bottom + 30);
    }

    @Override
    protected String hoverText(double x, double y) {
        if (result == null || measure == null || x < left || x > right || y < top || y > bottom) {
            return null;
        }
        SweepSpec s = result.spec();
        int i = (int) Math.min(s.axis(0).size() - 1, (x - left) / (right - left) * s.axis(0).size());
        int j = s.axes().size() < 2 ? 0 : (int) Math.min(s.axis(1).size() - 1, (bottom - y) / (bottom - top)
                * s.axis(1).size());
        int cell = s.axes().size() < 2 ? s.cell(i) : s.cell(i, j);
        SweepResult.Cell c = result.cell(cell);
        if (c == null) {
            return describe(s, cell) + "\n" + I18n.t("not measured yet");
        }
        int m = result.indexOf(measure);
        SweepResult.Summary sum = c.summary(m, measure.log());
        String text = describe(s, cell) + "\n" + label(measure) + " = " + Fmt.sig(sum.mean(), 4);
        if (sum.n() > 1) {
            text += I18n.f(" (%s … %s over %d seeds)", Fmt.sig(sum.low(), 3), Fmt.sig(sum.high(), 3), sum.n());
        }
        double p = c.predicted(m, measure.log());
        if (Double.isFinite(p)) {
            text += "\n" + I18n.f("variance recursion: %s", Fmt.sig(p, 4));
        }
        if (c.error() != null) {
            text += "\n" + c.error();
        }
        return text;
    }
}
