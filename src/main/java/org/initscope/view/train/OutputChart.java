package org.initscope.view.train;

import java.util.function.DoubleUnaryOperator;
import org.initscope.i18n.I18n;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.initscope.data.Dataset;
import org.initscope.data.Datasets;
import org.initscope.engine.train.OutputView;
import org.initscope.model.Fmt;
import org.initscope.view.ChartPane;
import org.initscope.view.Palette;

/**
 * What the network computes: the decision map under the data points for 2-D sets (training points filled, test
 * points hollow), the fitted curve for 1-D regression, or test digits with their predicted labels.
 */
public final class OutputChart extends ChartPane {
    private static final Color[] CLASSES = {Palette.FORWARD, Palette.BACKWARD, Palette.WEIGHTS, Color.web("#9c36b5"),
        Color.web("#0c8599"), Color.web("#e67700"), Color.web("#c2255c"), Color.web("#5c940d"), Color.web("#364fc7"),
        Color.web("#862e9c")};
    private OutputView view = OutputView.none();
    private Datasets.Split data;
    private String caption = "";
    private double plotX;
    private double plotY;
    private double plotW;
    private double plotH;

    public OutputChart() {
        setPlotMargins(16, 36);
        setId("outputChart");
    }

    public void show(OutputView v, Datasets.Split d, String text) {
        view = v == null ? OutputView.none() : v;
        data = d;
        caption = text;
        redraw();
    }

    public OutputView view() {
        return view;
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        titleStyle(g);
        String title = switch (view.kind()) {
            case MAP -> data != null && data.train().isClassification() ? "Decision boundary" : "Prediction";
            case CURVE -> "Fitted curve";
            case DIGITS -> "Test digits and predicted labels";
            case NONE -> "Output";
        };
        fillTitle(g, I18n.t(title) + (caption.isEmpty() ? "" : " · " + caption), 8, 6, w - 16);
        if (data == null || view.kind() == OutputView.Kind.NONE) {
            g.setFont(Font.font(12));
            g.setFill(textColor());
            var d = data == null ? null : data.train();
            g.fillText(d == null ? "" : d.sequence() ? I18n.f("no picture for sequences (%d steps × %d)", d.steps(),
                    d.stepFeatures()) : I18n.f("no picture for %d-D inputs", d.d()), 8, 30);
            return;
        }
        double side = Math.min(w - 16, h - 36);
        plotX = (w - side) / 2;
        plotY = 28;
        plotW = side;
        plotH = side;
        setPlotArea(plotX, plotY, plotW, plotH);
        switch (view.kind()) {
            case MAP -> map(g);
            case CURVE -> curve(g, w, h);
            case DIGITS -> digits(g, w, h);
            default -> {
            }
        }
    }

    private void map(GraphicsContext g) {
        int n = view.size();
        var img = new WritableImage(n, n);
        PixelWriter pw = img.getPixelWriter();
        boolean classification = data.train().isClassification();
        int k = data.train().classes();
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : view.values()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                float v = view.values()[r * n + c];
                Color col;
                if (classification && k == 2) {
                    col = Palette.FORWARD.interpolate(Palette.BACKWARD, v);
                } else if (classification) {
                    col = CLASSES[((int) v) % CLASSES.length];
                } else {
                    double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
                    col = Palette.FORWARD.interpolate(Palette.BACKWARD, t);
                }
                pw.setColor(c, r, col.deriveColor(0, 0.55, 1.25, 0.55));
            }
        }
        g.setImageSmoothing(true);
        g.drawImage(img, plotX, plotY, plotW, plotH);
        double[] e = view.extent();
        for (Dataset d : new Dataset[] {data.train(), data.test()}) {
            boolean test = d == data.test();
            for (int i = 0; i < d.n(); i++) {
                double px = plotX + plotW * (d.feature(i, 0) - e[0]) / (e[1] - e[0]);
                double py = plotY + plotH * (e[3] - d.feature(i, 1)) / (e[3] - e[2]);
                Color col = classification ? CLASSES[d.labels()[i] % CLASSES.length]
                        : Palette.FORWARD.interpolate(Palette.BACKWARD, hi > lo ? (d.y()[i] - lo) / (hi - lo) : 0.5);
                if (test) {
                    g.setStroke(col.darker());
                    g.setLineWidth(1.5);
                    g.strokeOval(px - 3.5, py - 3.5, 7, 7);
                } else {
                    g.setFill(col);
                    g.fillOval(px - 3, py - 3, 6, 6);
                    g.setStroke(Color.WHITE);
                    g.setLineWidth(0.6);
                    g.strokeOval(px - 3, py - 3, 6, 6);
                }
            }
        }
        g.setStroke(gridColor());
        g.setLineWidth(1);
        g.strokeRect(plotX, plotY, plotW, plotH);
    }

    private void curve(GraphicsContext g, double w, double h) {
        plotX = 50;
        plotW = w - 64;
        plotH = h - 60;
        double[] e = view.extent();
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (Dataset d : new Dataset[] {data.train(), data.test()}) {
            for (float v : d.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (float v : view.values()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float l = lo;
        float r = hi;
        DoubleUnaryOperator ty = v -> plotY + plotH * (r - v) / Math.max(1e-9, r - l);
        for (Dataset d : new Dataset[] {data.train(), data.test()}) {
            g.setFill(d == data.test() ? Palette.BACKWARD : Palette.FORWARD.deriveColor(0, 1, 1, 0.6));
            for (int i = 0; i < d.n(); i++) {
                double px = plotX + plotW * (d.feature(i, 0) - e[0]) / (e[1] - e[0]);
                g.fillOval(px - 2.5, ty.applyAsDouble(d.y()[i]) - 2.5, 5, 5);
            }
        }
        g.setStroke(strongText());
        g.setLineWidth(2.5);
        g.beginPath();
        for (int i = 0; i < view.size(); i++) {
            double px = plotX + plotW * i / (view.size() - 1);
            double py = ty.applyAsDouble(view.values()[i]);
            if (i == 0) {
                g.moveTo(px, py);
            } else {
                g.lineTo(px, py);
            }
        }
        g.stroke();
        g.setStroke(gridColor());
        g.setLineWidth(1);
        g.strokeRect(plotX, plotY, plotW, plotH);
        g.setFont(Font.font(11));
        g.setFill(textColor());
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Fmt.sig(hi, 3), plotX - 4, plotY);
        g.fillText(Fmt.sig(lo, 3), plotX - 4, plotY + plotH - 12);
    }

    private void digits(GraphicsContext g, double w, double h) {
        Dataset test = data.test().n() > 0 ? data.test() : data.train();
        int k = view.imageRows().length;
        int cols = 6;
        int rows = (int) Math.ceil(k / (double) cols);
        double cell = Math.min((w - 16) / cols, (h - 40) / rows);
        double img = cell - 22;
        int side = test.imageSide();
        float[][] m = data.moments();
        for (int i = 0; i < k; i++) {
            double x = 8 + (i % cols) * cell;
            double y = 30 + (i / cols) * cell;
            int row = view.imageRows()[i];
            double px = img / side;
            for (int p = 0; p < side * side; p++) {
                // undo the standardization: the original 0..16 ink
                double ink = test.feature(row, p) * m[1][p] + m[0][p];
                double t = Math.max(0, Math.min(1, ink / 16));
                g.setFill(Color.gray(1 - t));
                g.fillRect(x + (p % side) * px, y + (p / side) * px, px + 0.5, px + 0.5);
            }
            int truth = test.labels()[row];
            int pred = view.predictedLabels()[i];
            g.setFill(pred == truth ? Palette.WEIGHTS : Color.web("#e03131"));
            g.setFont(Font.font(null, FontWeight.BOLD, 12));
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText((pred == truth ? "✓ " : "✗ ") + pred, x, y + img + 2);
        }
    }

    @Override
    protected String hoverText(double x, double y) {
        if (view.kind() != OutputView.Kind.MAP || x < plotX || y < plotY || x > plotX + plotW || y > plotY + plotH) {
            return null;
        }
        int n = view.size();
        int c = Math.min(n - 1, (int) ((x - plotX) / plotW * n));
        int r = Math.min(n - 1, (int) ((y - plotY) / plotH * n));
        float v = view.values()[r * n + c];
        boolean binary = data.train().isClassification() && data.train().classes() == 2;
        return binary ? "P(class 1) = " + Fmt.sig(v, 3) : data.train().isClassification() ? "class " + (int) v
                : "prediction " + Fmt.sig(v, 4);
    }
}
