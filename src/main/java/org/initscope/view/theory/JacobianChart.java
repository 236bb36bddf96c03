package org.initscope.view.theory;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.SingularValueMoments;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;
import org.initscope.view.Palette;
import org.initscope.view.Ticks;

/**
 * The singular values of the input–output Jacobian at one example, as a histogram: all at 1 is dynamical isometry
 * (an orthogonal linear network); a wide spread stretches some directions and crushes others. When they span more
 * than two decades the axis is logarithmic (N(0, 1) tanh: from ≈ 0 to 10⁶, one bar on a linear axis).
 */
public final class JacobianChart extends ChartPane {
    private double[] values;
    private int depth;
    private double left;
    private double right;
    private long[] counts;

    private String unavailable;

    public JacobianChart() {
        setPlotMargins(66, 78);
        setId("jacobianChart");
    }

    /** Why there is no spectrum for this network, or null when there is one. */
    public void setUnavailable(String why) {
        unavailable = why;
        redraw();
    }

    public void show(double[] singularValues, int layers) {
        values = singularValues == null ? null : singularValues.clone();
        depth = layers;
        redraw();
    }

    public double[] values() {
        return values == null ? null : values.clone();
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        fillTitle(g, I18n.t("Singular values of the input–output Jacobian ∂a_L/∂x at one example"), 8, 6, w - 16);
        if (unavailable != null || values == null || values.length == 0) {
            g.setFont(Font.font(12));
            g.setFill(textColor());
            g.fillText(I18n.t(unavailable != null ? unavailable : "computing…"), 8, 30);
            return;
        }
        var moments = SingularValueMoments.of(values);
        double m = moments.meanSquare();
        double var = moments.varianceOfSquares();
        g.setFont(Font.font(12));
        Axis axis = axis(values);
        g.fillText(String.format(Locale.ROOT, "%d values · largest %s · smallest %s · mean s² %s · variance of s² %s "
                        + "(orthogonal linear: all 1; Gaussian linear: variance ≈ L = %d)", values.length,
                Fmt.sig(values[0], 3), Fmt.sig(values[values.length - 1], 3), Fmt.sig(m, 3), Fmt.sig(var, 3), depth),
                8, 24);
        left = 50;
        right = w - 16;
        double top = 48;
        double bottom = h - 44;
        setPlotArea(left, top, right - left, bottom - top);
        shown = axis;
        counts = axis.counts();
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        g.setFill(Palette.FORWARD.deriveColor(0, 1, 1, 0.85));
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                double x0 = xOf(axis.edge(b));
                double x1 = xOf(axis.edge(b + 1));
                double bh = Math.max(1, (bottom - top) * counts[b] / max);
                g.fillRect(x0, bottom - bh, Math.max(1, x1 - x0 - 1), bh);
            }
        }
        if (axis.contains(1)) {
            double x1 = xOf(axis.log() ? 0 : 1);
            g.setStroke(strongText());
            g.setLineDashes(5, 4);
            g.strokeLine(x1, top, x1, bottom);
            g.setLineDashes();
            g.setFill(strongText());
            g.fillText("s = 1", x1 + 4, top);
        }
        g.setStroke(textColor());
        g.strokeLine(left, bottom, right, bottom);
        g.setFill(textColor());
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        if (axis.log()) {
            int step = Math.max(1, (int) Math.ceil((axis.hi() - axis.lo()) / Math.max(2, (right - left) / 60)));
            for (int e = (int) axis.lo(); e <= axis.hi(); e += step) {
                g.strokeLine(xOf(e), bottom, xOf(e), bottom + 3);
                g.fillText(pow10(e), xOf(e), bottom + 4);
            }
        } else {
            for (double v : Ticks.nice(axis.lo(), axis.hi(), Math.max(3, (int) ((right - left) / 90)))) {
                g.strokeLine(xOf(v), bottom, xOf(v), bottom + 3);
                g.fillText(tick(v), xOf(v), bottom + 4);
            }
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(I18n.t(axis.log() ? "s, log axis: the singular values span more than two decades"
                : "s, linear axis") + (axis.below() > 0 ? I18n.f(" · %d values below %s (in the "
                        + "first bar)", axis.below(), pow10((int) axis.lo())) : ""), left, bottom + 20);
    }

    /** The binning of the singular values: linear from 0, or over the decades when they span more than two. */
    record Axis(boolean log, double lo, double hi, long[] counts, long below) {
        double edge(int b) {
            return lo + (hi - lo) * b / counts.length;
        }

        boolean contains(double s) {
            double v = log ? Math.log10(s) : s;
            return v >= lo && v <= hi;
        }
    }

    /** At most this many decades are drawn: smaller values go to the first bar (and are counted). */
    static final int MAX_DECADES = 16;

    static Axis axis(double[] sorted) {
        double max = sorted[0];
        double minPositive = Double.NaN;
        for (double v : sorted) {
            if (v > 0) {
                minPositive = v;
            }
        }
        int bins = 60;
        long[] counts = new long[bins];
        // exact zeros (a saturated layer's φ' underflows) do not decide the axis: the positive values do
        if (minPositive > 0 && max / minPositive > 100) {
            double hi = Math.ceil(Math.log10(max) + 1e-9);
            double lo = Math.max(Math.floor(Math.log10(minPositive)), hi - MAX_DECADES);
            long below = 0;
            for (double v : sorted) {
                double e = v > 0 ? Math.log10(v) : Double.NEGATIVE_INFINITY;
                if (e < lo) {
                    below++;
                    e = lo;
                }
                counts[Math.min(bins - 1, (int) ((e - lo) / (hi - lo) * bins))]++;
            }
            return new Axis(true, lo, hi, counts, below);
        }
        double hi = Math.max(max * 1.05, 1e-12);
        for (double v : sorted) {
            counts[Math.min(bins - 1, (int) (v / hi * bins))]++;
        }
        return new Axis(false, 0, hi, counts, 0);
    }

    private Axis shown;

    private double xOf(double v) {
        return left + (right - left) * (v - shown.lo()) / (shown.hi() - shown.lo());
    }

    @Override
    protected String hoverText(double x, double y) {
        if (counts == null || shown == null || x < left || x > right) {
            return null;
        }
        int b = Math.min(counts.length - 1, (int) ((x - left) / (right - left) * counts.length));
        double a = shown.edge(b);
        double z = shown.edge(b + 1);
        return String.format(Locale.ROOT, "s in [%s, %s): %d", Fmt.sig(shown.log() ? Math.pow(10, a) : a, 3),
                Fmt.sig(shown.log() ? Math.pow(10, z) : z, 3), counts[b]);
    }
}
