package org.initscope.view.theory;

import java.util.function.DoubleUnaryOperator;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.Histogram;
import org.initscope.engine.LayerResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;
import org.initscope.view.Palette;

/**
 * The selected layer's pre-activation histogram under its activation function φ and derivative φ': where the
 * values fall on φ shows why large weights saturate tanh (the mass sits where φ' ≈ 0) and small ones keep it linear.
 */
public final class ActivationChart extends ChartPane {
    private LayerResult layer;
    private double left;
    private double right;
    private double lo;
    private double hi;

    public ActivationChart() {
        setPlotMargins(66, 58);
        setId("activationChart");
    }

    public void show(LayerResult l) {
        layer = l;
        redraw();
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        if (layer == null) {
            fillTitle(g, "Activation", 8, 6, w - 16);
            return;
        }
        ActivationSpec act = layer.layer().activation();
        TensorStats z = layer.get(Quantity.PRE_ACTIVATIONS);
        g.fillText("Layer " + layer.index() + ": where z falls on " + act.label() + " (black φ, dashed φ'; bars: z)",
                8, 6);
        Histogram hz = z.histogram();
        if (hz.isEmpty()) {
            return;
        }
        // show at least [−3, 3] so that the shape of φ is visible even when z is tiny
        lo = Math.min(hz.lo(), -3);
        hi = Math.max(hz.hi(), 3);
        left = 50;
        right = w - 16;
        double top = 30;
        double bottom = h - 28;
        setPlotArea(left, top, right - left, bottom - top);
        long max = Math.max(1, hz.maxCount());
        g.setFill(Palette.FORWARD.deriveColor(0, 1, 1, 0.35));
        for (int b = 0; b < hz.bins(); b++) {
            double x0 = xOf(hz.edge(b));
            double x1 = xOf(hz.edge(b + 1));
            double bh = (bottom - top) * 0.9 * hz.count(b) / max;
            g.fillRect(x0, bottom - bh, Math.max(1, x1 - x0), bh);
        }
        if (act.kind().saturates()) {
            // the flat tails where a unit counts as saturated
            double zs = act.kind() == Activation.TANH ? 0.5 * Math.log(1.97 / 0.03)
                    : Math.log(0.97 / 0.03);
            g.setFill(Color.web("#f08c00", 0.12));
            g.fillRect(left, top, Math.max(0, xOf(-zs) - left), bottom - top);
            g.fillRect(xOf(zs), top, Math.max(0, right - xOf(zs)), bottom - top);
        }
        double fmin = Double.POSITIVE_INFINITY;
        double fmax = Double.NEGATIVE_INFINITY;
        int n = 400;
        double[] fx = new double[n];
        double[] dx = new double[n];
        for (int i = 0; i < n; i++) {
            double x = lo + (hi - lo) * i / (n - 1);
            fx[i] = act.apply(x);
            dx[i] = act.derivative(x);
            fmin = Math.min(fmin, Math.min(fx[i], dx[i]));
            fmax = Math.max(fmax, Math.max(fx[i], dx[i]));
        }
        double fm = fmin;
        double fM = fmax;
        DoubleUnaryOperator y = v -> bottom - (bottom - top) * (v - fm) / Math.max(1e-12, fM - fm);
        g.setStroke(gridColor());
        g.setLineWidth(1);
        g.strokeLine(left, y.applyAsDouble(0), right, y.applyAsDouble(0));
        g.strokeLine(xOf(0), top, xOf(0), bottom);
        for (int pass = 0; pass < 2; pass++) {
            double[] v = pass == 0 ? fx : dx;
            g.setStroke(pass == 0 ? strongText() : Palette.BACKWARD);
            g.setLineWidth(2.5);
            if (pass == 1) {
                g.setLineDashes(6, 4);
            }
            g.beginPath();
            for (int i = 0; i < n; i++) {
                double px = left + (right - left) * i / (n - 1);
                if (i == 0) {
                    g.moveTo(px, y.applyAsDouble(v[i]));
                } else {
                    g.lineTo(px, y.applyAsDouble(v[i]));
                }
            }
            g.stroke();
            g.setLineDashes();
        }
        g.setFont(Font.font(11));
        g.setFill(textColor());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(Fmt.sig(lo, 3), left, bottom + 3);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Fmt.sig(hi, 3), right, bottom + 3);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("z (std " + Fmt.sig(z.std(), 3) + ", saturated " + Fmt.sig(100 * z.saturatedFraction(), 3) + " %)",
                (left + right) / 2, bottom + 3);
    }

    private double xOf(double v) {
        return left + (right - left) * (v - lo) / (hi - lo);
    }

    @Override
    protected String hoverText(double x, double yy) {
        if (layer == null || x < left || x > right) {
            return null;
        }
        double z = lo + (hi - lo) * (x - left) / (right - left);
        ActivationSpec act = layer.layer().activation();
        return "z = " + Fmt.sig(z, 3) + "\nφ(z) = " + Fmt.sig(act.apply(z), 4) + "\nφ'(z) = " + Fmt.sig(act.derivative(z),
                4);
    }
}
