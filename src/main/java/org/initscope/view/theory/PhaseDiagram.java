package org.initscope.view.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.initscope.controller.TheoryService;
import org.initscope.engine.MeanField;
import org.initscope.i18n.I18n;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;

/**
 * The (σ_w², σ_b²) plane of an activation coloured by χ₁ at the fixed point — blue ordered (gradients vanish),
 * red chaotic (they explode), white the edge of chaos, drawn as a curve — with the network's layers as points.
 * Clicking the plane asks to set the network there. The map is computed by {@link TheoryService} (latest request
 * wins) and kept while the activation and the range stay.
 */
public final class PhaseDiagram extends ChartPane {
    private static final int NX = 48;
    private static final int NY = 32;

    /** A layer drawn on the plane. */
    public record Point(String label, double sigmaW2, double sigmaB2) {
    }

    private ActivationSpec activation;
    private List<Point> points = List.of();
    private final TheoryService theory;
    /** The map on screen: of the current activation and range, or null while it is computed. */
    private TheoryService.PhaseMap map;
    private double xMax = 4;
    private double yMax = 1;
    private double left;
    private double right;
    private double top;
    private double bottom;
    private BiConsumer<Double, Double> onPick = (a, b) -> { };

    /** A diagram whose maps {@code theory} computes. */
    public PhaseDiagram(TheoryService theory) {
        this.theory = theory;
        setPlotMargins(72, 66);
        setId("phaseDiagram");
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            double[] v = valueAt(e.getX() / zoom(), e.getY() / zoom());
            if (v != null) {
                onPick.accept(v[0], v[1]);
            }
        });
    }

    /** Called with (σ_w², σ_b²) when the user clicks the plane. */
    public void setOnPick(BiConsumer<Double, Double> pick) {
        onPick = pick;
    }

    public void show(ActivationSpec act, List<Point> layerPoints) {
        points = List.copyOf(layerPoints);
        double px = points.stream().mapToDouble(Point::sigmaW2).max().orElse(0);
        double py = points.stream().mapToDouble(Point::sigmaB2).max().orElse(0);
        // round ranges, so that editing a layer does not re-compute the map at every step
        double nx = Math.min(12, Math.max(4, Math.ceil(px * 1.25)));
        double ny = Math.min(4, Math.max(1, Math.ceil(py * 1.25)));
        if (!act.equals(activation) || nx != xMax || ny != yMax) {
            activation = act;
            xMax = nx;
            yMax = ny;
            map = null;
            compute();
        }
        redraw();
    }

    /** Whether the coloured map for the current activation and range is ready (tests wait for it). */
    public boolean ready() {
        return map != null;
    }

    private void compute() {
        var asked = new TheoryService.PhaseRequest(activation, xMax, yMax, NX, NY);
        theory.phaseMap(asked, done -> {
            map = done;
            redraw();
        });
    }

    private double px(double sw2) {
        return left + (right - left) * sw2 / xMax;
    }

    private double py(double sb2) {
        return bottom - (bottom - top) * sb2 / yMax;
    }

    /** Where (σ_w², σ_b²) is drawn, in this pane's coordinates (the drawing may be zoomed). */
    public Point2D pointOf(double sw2, double sb2) {
        return new Point2D(px(sw2) * zoom(), py(sb2) * zoom());
    }

    private double[] valueAt(double x, double y) {
        if (x < left || x > right || y < top || y > bottom) {
            return null;
        }
        return new double[] {xMax * (x - left) / (right - left), yMax * (bottom - y) / (bottom - top)};
    }

    static Color colour(double chi) {
        if (!Double.isFinite(chi)) {
            return Color.web("#a61e4d");
        }
        double t = Math.max(-1, Math.min(1, Math.log(chi) / Math.log(2) / 2));
        return t < 0 ? Color.WHITE.interpolate(Color.web("#1c6fd8"), -t) : Color.WHITE.interpolate(Color.web("#e03131"), t);
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        left = 56;
        right = w - 16;
        top = 30;
        bottom = h - 36;
        setPlotArea(left, top, right - left, bottom - top);
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        fillTitle(g, "Phase diagram of " + (activation == null ? "" : activation.label())
                + ": χ₁ at the fixed point (blue ordered · white edge of chaos · red chaotic) — click to set the "
                + "network there", 8, 6, w - 16);
        if (activation == null) {
            return;
        }
        if (map != null) {
            var img = new WritableImage(NX, NY);
            PixelWriter pw = img.getPixelWriter();
            for (int j = 0; j < NY; j++) {
                for (int i = 0; i < NX; i++) {
                    pw.setColor(i, j, colour(map.chi()[j * NX + i]));
                }
            }
            g.setImageSmoothing(true);
            g.drawImage(img, left, top, right - left, bottom - top);
            // the edge of chaos: solid where its fixed point attracts, dashed where it repels (there a network
            // leaves q*, and the colours, computed from a unit signal, jump elsewhere)
            g.setStroke(strongText());
            g.setLineWidth(2.5);
            for (int j = 0; j < NY; j++) {
                MeanField.Edge a = map.edge()[j];
                MeanField.Edge b = map.edge()[j + 1];
                if (a.exists() && b.exists() && a.sigmaW2() <= xMax && b.sigmaW2() <= xMax) {
                    if (a.stable() && b.stable()) {
                        g.setLineDashes();
                    } else {
                        g.setLineDashes(6, 5);
                    }
                    g.strokeLine(px(a.sigmaW2()), py(a.sigmaB2()), px(b.sigmaW2()), py(b.sigmaB2()));
                }
            }
            g.setLineDashes();
        } else {
            g.setFill(textColor());
            g.setFont(Font.font(12));
            g.fillText(I18n.t("computing the map…"), left + 10, top + 10);
        }
        // axes
        g.setStroke(textColor());
        g.setLineWidth(1);
        g.strokeRect(left, top, right - left, bottom - top);
        g.setFont(Font.font(11));
        g.setFill(textColor());
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int k = 0; k <= (int) xMax; k++) {
            g.fillText(Integer.toString(k), px(k), bottom + 3);
        }
        g.fillText("σ_w² = fan_in·Var[W]", (left + right) / 2, bottom + 17);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int k = 0; k <= 4; k++) {
            double v = yMax * k / 4;
            g.fillText(Fmt.sig(v, 2), left - 5, py(v));
        }
        g.save();
        g.translate(12, (top + bottom) / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("σ_b² = Var[b]", 0, 0);
        g.restore();
        // the network's layers: identical points share one marker
        var drawn = new ArrayList<Point>();
        for (Point p : points) {
            boolean dup = drawn.stream().anyMatch(d -> Math.abs(d.sigmaW2() - p.sigmaW2()) < 1e-9
                    && Math.abs(d.sigmaB2() - p.sigmaB2()) < 1e-9);
            if (dup) {
                continue;
            }
            drawn.add(p);
            double x = px(Math.min(p.sigmaW2(), xMax));
            double y = py(Math.min(p.sigmaB2(), yMax));
            g.setFill(Color.WHITE);
            g.fillOval(x - 6, y - 6, 12, 12);
            g.setStroke(Color.BLACK);
            g.setLineWidth(2);
            g.strokeOval(x - 6, y - 6, 12, 12);
            long same = points.stream().filter(q -> Math.abs(q.sigmaW2() - p.sigmaW2()) < 1e-9
                    && Math.abs(q.sigmaB2() - p.sigmaB2()) < 1e-9).count();
            g.setFill(Color.BLACK);
            g.setFont(Font.font(null, FontWeight.BOLD, 11));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(same > 1 ? p.label() + " (+" + (same - 1) + ")" : p.label(), x + 8, y - 8);
        }
    }

    @Override
    protected String hoverText(double x, double y) {
        double[] v = valueAt(x, y);
        if (v == null || activation == null) {
            return null;
        }
        double chi = theory.chi1AtFixedPoint(activation, v[0], v[1]);
        String text = String.format(Locale.ROOT, "σ_w² = %s, σ_b² = %s%nχ₁ = %s: %s%nclick: set every layer here",
                Fmt.sig(v[0], 3), Fmt.sig(v[1], 3), Fmt.sig(chi, 3), MeanField.Phase.of(chi).meaning());
        if (map != null) {
            MeanField.Edge e = map.edge()[(int) Math.round(v[1] / map.request().yMax() * NY)];
            if (e.exists() && !e.stable()) {
                text += I18n.f("%nedge of chaos at this σ_b²: σ_w² = %s with q* = %s, a fixed point "
                        + "that repels (dashed): from a unit signal the network jumps past it", Fmt.sig(e.sigmaW2(),
                        3), Fmt.sig(e.qStar(), 3));
            }
        }
        return text;
    }
}
