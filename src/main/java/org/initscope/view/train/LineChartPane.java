package org.initscope.view.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;
import org.initscope.view.Ticks;

/**
 * A line chart over training steps on a canvas: several series, a linear or log y axis, optional horizontal
 * guide lines and a vertical marker at the step the scrubber shows.
 */
public class LineChartPane extends ChartPane {
    public LineChartPane() {
        setPlotMargins(70, 74);
    }

    /** One line: y values at the x values; NaN leaves a gap. */
    public record Line(String name, Color color, double[] x, double[] y, boolean dashed) {
    }

    private String title = "";
    private String yLabel = "";
    private boolean logY;
    private List<Line> lines = List.of();
    private List<Double> guides = List.of();
    private double marker = Double.NaN;
    private double fixedMin = Double.NaN;
    private double fixedMax = Double.NaN;
    private double left;
    private double right;
    private double top;
    private double bottom;
    private double x0;
    private double x1;
    private double y0;
    private double y1;

    public void setTitle(String t) {
        title = t;
    }

    /** The title as drawn (with its numbers). */
    public String title() {
        return title;
    }

    public void setYLabel(String l) {
        yLabel = l;
    }

    public void setLogY(boolean log) {
        logY = log;
    }

    /** A fixed y range (NaN for automatic). */
    public void setYRange(double min, double max) {
        fixedMin = min;
        fixedMax = max;
    }

    public void setData(List<Line> data, List<Double> guideLines, double markerX) {
        lines = List.copyOf(data);
        guides = List.copyOf(guideLines);
        marker = markerX;
        redraw();
    }

    public List<Line> lines() {
        return lines;
    }

    private double ty(double v) {
        double t = logY ? (Math.log10(v) - y0) / (y1 - y0) : (v - y0) / (y1 - y0);
        return bottom - t * (bottom - top);
    }

    private double tx(double v) {
        return x1 == x0 ? (left + right) / 2 : left + (right - left) * (v - x0) / (x1 - x0);
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        left = 58;
        right = w - 12;
        top = 46;
        bottom = h - 28;
        setPlotArea(left, top, right - left, bottom - top);
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        fillTitle(g, title, 8, 6, w - 16);
        legend(g, w);
        x0 = Double.POSITIVE_INFINITY;
        x1 = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                double y = l.y()[i];
                if (Double.isFinite(y) && (!logY || y > 0)) {
                    x0 = Math.min(x0, l.x()[i]);
                    x1 = Math.max(x1, l.x()[i]);
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        for (double gy : guides) {
            lo = Math.min(lo, gy);
            hi = Math.max(hi, gy);
        }
        if (x0 == Double.POSITIVE_INFINITY) {
            g.setFont(Font.font(12));
            g.setFill(textColor());
            g.fillText(I18n.t("no data yet: press Play or Step"), left + 8, top + 8);
            return;
        }
        if (!Double.isNaN(fixedMin)) {
            lo = fixedMin;
            hi = fixedMax;
        }
        if (logY) {
            y0 = Math.floor(Math.log10(lo));
            y1 = Math.ceil(Math.log10(hi));
            if (y1 - y0 < 1) {
                y1 += 1;
            }
        } else {
            double pad = hi == lo ? Math.max(1e-9, Math.abs(hi) * 0.1 + 0.1) : (hi - lo) * 0.08;
            y0 = lo - pad;
            y1 = hi + pad;
        }
        axes(g);
        for (double gy : guides) {
            g.setStroke(textColor());
            g.setLineDashes(4, 4);
            g.setLineWidth(1);
            g.strokeLine(left, ty(gy), right, ty(gy));
            g.setLineDashes();
        }
        for (Line l : lines) {
            g.setStroke(l.color());
            g.setLineWidth(2);
            if (l.dashed()) {
                g.setLineDashes(6, 4);
            }
            // no more than one point per two pixels (and always the last): the path is what software rendering
            // spends its time on
            int n = l.x().length;
            int every = Math.max(1, (int) Math.ceil(n / Math.max(1.0, (right - left) / 2)));
            int[] points = IntStream.iterate(0, i -> i < n,
                    i -> i + ((i + every < n || i == n - 1) ? every : Math.max(1, n - 1 - i))).toArray();
            double[] ys = l.y();
            strokeWithGaps(g, points, i -> Double.isFinite(ys[i]) && (!logY || ys[i] > 0), i -> tx(l.x()[i]),
                    i -> Math.max(top, Math.min(bottom, ty(ys[i]))));
            g.setLineDashes();
        }
        if (Double.isFinite(marker) && marker >= x0 && marker <= x1) {
            g.setStroke(strongText());
            g.setLineWidth(1.5);
            g.setGlobalAlpha(0.6);
            g.strokeLine(tx(marker), top, tx(marker), bottom);
            g.setGlobalAlpha(1);
        }
    }

    /** Below the title: every line's name, or a colour ramp from the first to the last when there are many. */
    private void legend(GraphicsContext g, double w) {
        g.setFont(Font.font(11.5));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        double y = 32;
        double x = 10;
        if (lines.size() > 4) {
            Line first = lines.get(0);
            Line last = lines.get(lines.size() - 1);
            g.setFill(strongText());
            g.fillText(first.name(), x, y);
            x += 8 + new Text(first.name()).getLayoutBounds().getWidth();
            for (int i = 0; i < lines.size(); i++) {
                g.setStroke(lines.get(i).color());
                g.setLineWidth(4);
                g.strokeLine(x + i * 14, y, x + i * 14 + 12, y);
            }
            x += lines.size() * 14 + 6;
            g.fillText(last.name(), x, y);
            return;
        }
        for (Line l : lines) {
            g.setStroke(l.color());
            g.setLineWidth(2.5);
            if (l.dashed()) {
                g.setLineDashes(5, 3);
            }
            g.strokeLine(x, y, x + 18, y);
            g.setLineDashes();
            g.setFill(strongText());
            g.fillText(l.name(), x + 22, y);
            x += 22 + new Text(l.name()).getLayoutBounds().getWidth() + 18;
        }
    }

    private void axes(GraphicsContext g) {
        g.setFont(Font.font(11));
        g.setLineWidth(1);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        if (logY) {
            int step = Math.max(1, (int) Math.ceil((y1 - y0) / Math.max(1, (bottom - top) / 26)));
            for (int e = (int) y0; e <= y1; e += step) {
                double y = ty(Math.pow(10, e));
                g.setStroke(gridColor());
                g.strokeLine(left, y, right, y);
                g.setFill(textColor());
                g.fillText(pow10(e), left - 6, y);
            }
        } else {
            for (double v : Ticks.nice(y0, y1, Math.max(3, (int) ((bottom - top) / 32)))) {
                double y = ty(v);
                g.setStroke(gridColor());
                g.strokeLine(left, y, right, y);
                g.setFill(textColor());
                g.fillText(tick(v), left - 6, y);
            }
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double v : Ticks.nice(x0, x1, Math.max(3, (int) ((right - left) / 80)))) {
            double x = tx(v);
            g.setStroke(gridColor());
            g.strokeLine(x, bottom, x, bottom + 4);
            g.setFill(textColor());
            g.fillText(String.format(Locale.ROOT, "%,d", (long) v), x, bottom + 5);
        }
        g.setStroke(textColor());
        g.strokeLine(left, top, left, bottom);
        g.strokeLine(left, bottom, right, bottom);
        if (!yLabel.isEmpty()) {
            g.save();
            g.translate(12, (top + bottom) / 2);
            g.rotate(-90);
            g.setFill(textColor());
            g.fillText(yLabel, 0, -6);
            g.restore();
        }
    }

    @Override
    protected String hoverText(double mx, double my) {
        if (lines.isEmpty() || x0 == Double.POSITIVE_INFINITY || mx < left || mx > right) {
            return null;
        }
        double xv = x0 + (x1 - x0) * (mx - left) / (right - left);
        var sb = new StringBuilder();
        for (Line l : lines) {
            int best = -1;
            double d = Double.POSITIVE_INFINITY;
            for (int i = 0; i < l.x().length; i++) {
                if (Math.abs(l.x()[i] - xv) < d) {
                    d = Math.abs(l.x()[i] - xv);
                    best = i;
                }
            }
            if (best >= 0) {
                if (sb.length() == 0) {
                    sb.append("step ").append((long) l.x()[best]);
                }
                sb.append('\n').append(l.name()).append(": ").append(Fmt.f4(l.y()[best]));
            }
        }
        return sb.toString();
    }
}
