package org.initscope.view;

import java.util.function.DoubleUnaryOperator;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.Histogram;

/**
 * Draws a {@link HistogramShape} — as bars (the grid of histograms) or as a filled step outline (the ridgeline, the
 * histograms over training time) — with its spikes clipped at the top, a break across each clipped bar and its share
 * of the values written on it. Every histogram of the app is drawn here.
 */
public final class HistogramPainter {
    private HistogramPainter() {
    }

    /**
     * Bars from {@code bottom} up to {@code bottom − height·shape.height(b)}, at x = {@code xOf(edge)}; clipped
     * spikes get a break (a gap through which the card's background shows) and their share above the break.
     */
    public static void bars(GraphicsContext g, HistogramShape shape, DoubleUnaryOperator xOf, double bottom,
            double height, Color fill, Color text) {
        Histogram h = shape.histogram();
        // a clipped spike is darker: it is not on the same vertical scale as the other bars
        Color spikeFill = fill.deriveColor(0, 1, 0.7, 1);
        for (int b = 0; b < h.bins(); b++) {
            if (h.count(b) == 0) {
                continue;
            }
            double x0 = xOf.applyAsDouble(h.edge(b));
            double x1 = xOf.applyAsDouble(h.edge(b + 1));
            double bh = Math.max(1, height * shape.height(b));
            g.setFill(shape.spike(b) ? spikeFill : fill);
            g.fillRect(x0, bottom - bh, Math.max(1, x1 - x0 - 0.5), bh);
        }
        for (int b = 0; b < h.bins(); b++) {
            if (shape.spike(b)) {
                double x0 = xOf.applyAsDouble(h.edge(b));
                double x1 = xOf.applyAsDouble(h.edge(b + 1));
                double top = bottom - height;
                // the break: the bar goes on beyond the plot
                double gapY = top + Math.max(3, 0.1 * height);
                g.clearRect(x0 - 1, gapY, Math.max(2, x1 - x0) + 2, 2.5);
                label(g, shape.share(b), (x0 + x1) / 2, gapY + 3, text);
            }
        }
    }

    /**
     * A filled step outline on a baseline (each ridge scaled to its own body, spikes clipped at {@code height});
     * {@code alpha} is the fill's opacity (1: an opaque light fill that hides the ridges behind it).
     */
    public static void ridge(GraphicsContext g, HistogramShape shape, DoubleUnaryOperator xOf, double baseY,
            double height, Color colour, Color fill, double lineWidth, Color text) {
        Histogram h = shape.histogram();
        if (h.isEmpty()) {
            return;
        }
        g.beginPath();
        g.moveTo(xOf.applyAsDouble(h.lo()), baseY);
        for (int b = 0; b < h.bins(); b++) {
            double y = baseY - height * shape.height(b);
            g.lineTo(xOf.applyAsDouble(h.edge(b)), y);
            g.lineTo(xOf.applyAsDouble(h.edge(b + 1)), y);
        }
        g.lineTo(xOf.applyAsDouble(h.hi()), baseY);
        g.closePath();
        g.setFill(fill);
        g.fill();
        g.setStroke(colour);
        g.setLineWidth(lineWidth);
        g.stroke();
        for (int b = 0; b < h.bins(); b++) {
            if (shape.spike(b)) {
                double xc = (xOf.applyAsDouble(h.edge(b)) + xOf.applyAsDouble(h.edge(b + 1))) / 2;
                // a dashed cap: the ridge goes on above it
                g.setLineDashes(2, 2);
                g.strokeLine(xc, baseY - height, xc, baseY - height - 4);
                g.setLineDashes();
                label(g, shape.share(b), xc, baseY - height + 1, text);
            }
        }
    }

    /** A spike's share on a small opaque tag, centred on x (kept readable over bars and lines). */
    private static void label(GraphicsContext g, String s, double x, double y, Color text) {
        g.setFont(Font.font(10));
        double w = 6.2 * s.length() + 4;
        g.setFill(text.getBrightness() > 0.5 ? Color.web("#161b22", 0.85) : Color.web("#ffffff", 0.85));
        g.fillRoundRect(x - w / 2, y, w, 12, 4, 4);
        g.setFill(text);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText(s, x, y);
    }
}
