package org.initscope.view.theory;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;
import org.initscope.view.Palette;

/**
 * The singular values of the input–output Jacobian at one example, as a histogram: all at 1 is dynamical isometry
 * (an orthogonal linear network); a wide spread stretches some directions and crushes others.
 */
public final class JacobianChart extends ChartPane {
    private double[] values;
    private int depth;
    private double left;
    private double right;
    private double hi;
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
        fillTitle(g, org.initscope.i18n.I18n.t("Singular values of the input–output Jacobian ∂a_L/∂x at one example"), 8, 6, w - 16);
        if (unavailable != null || values == null || values.length == 0) {
            g.setFont(Font.font(12));
            g.setFill(textColor());
            g.fillText(org.initscope.i18n.I18n.t(unavailable != null ? unavailable : "computing…"), 8, 30);
            return;
        }
        double m = 0;
        for (double v : values) {
            m += v * v;
        }
        m /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v * v - m) * (v * v - m);
        }
        var /= values.length;
        g.setFont(Font.font(12));
        g.fillText(String.format(Locale.ROOT, "%d values · largest %s · smallest %s · mean s² %s · variance of s² %s "
                        + "(orthogonal linear: all 1; Gaussian linear: variance %d = L)", values.length,
                Fmt.sig(values[0], 3), Fmt.sig(values[values.length - 1], 3), Fmt.sig(m, 3), Fmt.sig(var, 3), depth),
                8, 24);
        left = 50;
        right = w - 16;
        double top = 48;
        double bottom = h - 30;
        setPlotArea(left, top, right - left, bottom - top);
        hi = Math.max(values[0] * 1.05, 1e-12);
        int bins = 60;
        counts = new long[bins];
        for (double v : values) {
            counts[Math.min(bins - 1, (int) (v / hi * bins))]++;
        }
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        double bw = (right - left) / bins;
        g.setFill(Palette.FORWARD.deriveColor(0, 1, 1, 0.85));
        for (int b = 0; b < bins; b++) {
            if (counts[b] > 0) {
                double bh = (bottom - top) * counts[b] / max;
                g.fillRect(left + b * bw, bottom - bh, Math.max(1, bw - 1), bh);
            }
        }
        double x1 = left + (right - left) * (1 / hi);
        if (1 <= hi) {
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
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("0", left, bottom + 3);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(tick(hi), right, bottom + 3);
    }

    @Override
    protected String hoverText(double x, double y) {
        if (counts == null || x < left || x > right) {
            return null;
        }
        int b = Math.min(counts.length - 1, (int) ((x - left) / (right - left) * counts.length));
        return String.format(Locale.ROOT, "s in [%s, %s): %d", Fmt.sig(hi * b / counts.length, 3),
                Fmt.sig(hi * (b + 1) / counts.length, 3), counts[b]);
    }
}
