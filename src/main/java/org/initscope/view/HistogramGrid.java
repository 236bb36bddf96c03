package org.initscope.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Dimension2D;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.initscope.engine.Health;
import org.initscope.engine.Histogram;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.i18n.I18n;
import org.initscope.math.Normal;
import org.initscope.model.Fmt;

/**
 * Small multiples: one histogram of the chosen quantity per layer, in depth order, each with its std and badges.
 * With a shared range every cell has the same x axis, so a collapsing or saturating signal is seen cell to cell.
 */
public final class HistogramGrid extends ChartPane {
    private final ObjectProperty<PropagationResult> result = new SimpleObjectProperty<>(this, "result");
    private final ObjectProperty<Quantity> quantity = new SimpleObjectProperty<>(this, "quantity",
            Quantity.ACTIVATIONS);
    private final BooleanProperty logCount = new SimpleBooleanProperty(this, "logCount");
    private int cols;
    private int rows;
    private double cellW;
    private double cellH;
    private static final double HEAD = 18;
    private static final double FOOT = 16;
    /** The smallest histogram, in pixels of bars each way: below it the grid has fewer columns and scrolls. */
    public static final double MIN_CELL_PLOT = 60;
    private static final double SCROLL_BAR = 14;
    private final ScrollBar scroll = new ScrollBar();
    private boolean updatingScroll;
    private double offset;

    public HistogramGrid() {
        setPlotMargins(0, 0);
        setId("histogramGrid");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setId("histogramScroll");
        scroll.setManaged(false);
        scroll.setVisible(false);
        getChildren().add(scroll);
        scroll.valueProperty().addListener((o, a, b) -> {
            if (!updatingScroll) {
                redraw();
            }
        });
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (scroll.isVisible() && e.getDeltaY() != 0) {
                scroll.setValue(Math.max(0, Math.min(scroll.getMax(), scroll.getValue() - e.getDeltaY())));
                e.consume();
            }
        });
        result.addListener((o, a, b) -> redraw());
        quantity.addListener((o, a, b) -> redraw());
        logCount.addListener((o, a, b) -> redraw());
    }

    /** Counts on a log axis (then no spike needs clipping). */
    public BooleanProperty logCountProperty() {
        return logCount;
    }

    public ObjectProperty<PropagationResult> resultProperty() {
        return result;
    }

    public ObjectProperty<Quantity> quantityProperty() {
        return quantity;
    }

    /** The histograms drawn, one per layer (tests compare them with the engine's). */
    public List<Histogram> histograms() {
        PropagationResult r = result.get();
        return r == null ? List.of() : r.layers().stream().map(l -> l.get(quantity.get()).histogram()).toList();
    }

    @Override
    protected void draw(GraphicsContext g, double w, double h) {
        PropagationResult r = result.get();
        if (r == null) {
            scroll.setVisible(false);
            g.setFill(textColor());
            g.fillText(I18n.t("computing…"), 12, 24);
            return;
        }
        List<LayerResult> layers = r.layers();
        int n = layers.size();
        double z = zoom();
        // a cell must keep MIN_CELL_PLOT pixels of bars each way: fewer columns, then scrolling, never less
        double minCellW = MIN_CELL_PLOT / z + 12;
        double minCellH = MIN_CELL_PLOT / z + 8 + HEAD + FOOT;
        // as many columns as keep cells about 4:3 and at least 150 units (and the smallest cell) wide
        cols = Math.max(1, Math.min(n, (int) Math.round(Math.sqrt(n * (w / h) * 0.75))));
        cols = Math.max(1, Math.min(cols, (int) (w / Math.max(150, minCellW))));
        rows = (int) Math.ceil(n / (double) cols);
        if (h / rows < minCellH) {
            // more columns, if that keeps every histogram readable and spares a scroll bar
            int fitRows = Math.max(1, (int) (h / minCellH));
            int wide = (int) Math.ceil(n / (double) fitRows);
            if (w / wide >= minCellW) {
                cols = wide;
                rows = (int) Math.ceil(n / (double) cols);
            }
        }
        if (h / rows < minCellH) {
            // taller than the pane: as many columns as fit, the rows that fit fill the pane and the others are a
            // scroll away (room is kept for the scroll bar)
            w -= SCROLL_BAR / z;
            cols = Math.max(1, Math.min(n, (int) (w / Math.max(150, minCellW))));
            rows = (int) Math.ceil(n / (double) cols);
        }
        cellW = w / cols;
        int fit = Math.max(1, (int) (h / minCellH));
        cellH = rows <= fit ? h / rows : h / fit;
        double total = rows * cellH;
        boolean scrolling = total > h + 0.5;
        updatingScroll = true;
        try {
            scroll.setVisible(scrolling);
            scroll.setMax(scrolling ? (total - h) * z : 0);
            scroll.setVisibleAmount(h * z);
            scroll.setUnitIncrement(cellH * z / 4);
            scroll.setBlockIncrement(cellH * z);
            if (!scrolling) {
                scroll.setValue(0);
            }
        } finally {
            updatingScroll = false;
        }
        offset = scroll.getValue() / z;
        setPlotArea(0, 0, w, h);
        Color c = Palette.of(quantity.get());
        g.save();
        g.beginPath();
        g.rect(0, 0, w, h);
        g.clip();
        for (int i = 0; i < n; i++) {
            double x0 = (i % cols) * cellW;
            double y0 = (i / cols) * cellH - offset;
            if (y0 + cellH < 0 || y0 > h) {
                continue;
            }
            cell(g, layers.get(i), x0 + 6, y0 + 4, cellW - 12, cellH - 8, c);
        }
        g.restore();
    }

    /** The size of one histogram's bars in pixels (width, height) in the last drawing; tests check its minimum. */
    public Dimension2D cellPlotSize() {
        double z = zoom();
        return new Dimension2D((cellW - 12) * z, (cellH - 8 - HEAD - FOOT) * z);
    }

    /** True when the layers do not all fit and the grid scrolls (its scroll bar is shown). */
    public boolean scrolls() {
        return scroll.isVisible();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        scroll.resizeRelocate(getWidth() - SCROLL_BAR, 0, SCROLL_BAR, getHeight());
    }

    private void cell(GraphicsContext g, LayerResult l, double x, double y, double w, double h, Color c) {
        TensorStats s = l.get(quantity.get());
        Histogram hist = s.histogram();
        HistogramShape shape = HistogramShape.of(hist, logCount.get());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(null, FontWeight.BOLD, 12));
        g.setFill(strongText());
        g.fillText("L" + l.index(), x, y);
        g.setFont(Font.font(11));
        var parts = new ArrayList<String>(List.of("std " + Fmt.sig(s.std(), 3)));
        if (s.saturatedFraction() > 0.005) {
            parts.add(String.format(Locale.ROOT, "sat %.0f%%", 100 * s.saturatedFraction()));
        }
        if (s.zeroFraction() > 0.005) {
            parts.add(String.format(Locale.ROOT, "0s %.0f%%", 100 * s.zeroFraction()));
        }
        String info = String.join(" · ", parts);
        double infoEnd = x + 26 + textWidth(info);
        // the badges as words (their meaning is on the cell, not only in a tooltip), right-aligned after the numbers;
        // short words where the full ones do not fit
        var badges = Health.of(l);
        boolean shortWords = badgesWidth(badges, false) > x + w - infoEnd;
        double bx = x + w;
        g.setFont(Font.font(null, FontWeight.BOLD, 9.5));
        for (Health hh : badges) {
            String word = badgeWord(hh, shortWords);
            double tw = badgeWidth(word);
            if (bx - tw < x + 24) {
                break;
            }
            bx -= tw + 2;
            g.setFill(Palette.of(hh));
            g.fillRoundRect(bx, y + 1, tw, 12, 6, 6);
            g.setFill(Color.WHITE);
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(word, bx + tw / 2, y + 1.5);
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font(11));
        g.setFill(textColor());
        // what does not fit beside the badges is left out whole (the 0s share, then the saturated share, then the
        // std), never cut in the middle of a number ("std 0.0" for 0.0476); the hover card has them all
        while (!parts.isEmpty() && x + 26 + textWidth(info) > bx - 2) {
            parts.remove(parts.size() - 1);
            info = String.join(" · ", parts);
        }
        g.save();
        g.beginPath();
        g.rect(x + 24, y, Math.max(0, bx - x - 26), HEAD);
        g.clip();
        g.fillText(info, x + 26, y + 1);
        g.restore();
        double top = y + HEAD;
        double bottom = y + h - FOOT;
        double plotH = bottom - top;
        g.setStroke(gridColor());
        g.setLineWidth(1);
        g.strokeLine(x, bottom, x + w, bottom);
        if (hist.isEmpty()) {
            // only a tensor without a single finite value has nothing to draw
            g.setFill(textColor());
            g.fillText(s.count() == 0 ? I18n.t("no values") : I18n.t("all values Inf/NaN"), x + 4, top + 2);
            return;
        }
        double[] range = shape.range();
        DoubleUnaryOperator xOf = v -> x + w * (v - range[0]) / (range[1] - range[0]);
        HistogramPainter.bars(g, shape, xOf, bottom, plotH, c.deriveColor(0, 1, 1, 0.85), strongText());
        if (quantity.get() == Quantity.PRE_ACTIVATIONS && l.predicted() != null) {
            predictedGaussian(g, l, s, shape, xOf, bottom, plotH);
        }
        g.setFont(Font.font(10.5));
        g.setFill(textColor());
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(tick(hist.lo()), Math.max(x, xOf.applyAsDouble(hist.lo()) - 4), bottom + 2);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(tick(hist.hi()), Math.min(x + w, xOf.applyAsDouble(hist.hi()) + 4), bottom + 2);
        if (s.nonFinite() > 0) {
            g.setTextAlign(TextAlignment.CENTER);
            g.setFill(Palette.of(Health.NON_FINITE));
            g.fillText(s.nonFinite() + " Inf/NaN", x + w / 2, bottom + 2);
        }
    }

    private static final Text MEASURE = new Text();

    /** The width of a cell's info line (11 px font). */
    private static double textWidth(String text) {
        MEASURE.setFont(Font.font(11));
        MEASURE.setText(text);
        return MEASURE.getLayoutBounds().getWidth();
    }

    /** A badge's word on a cell: its label, or a short form ("sat", "van", …) where the cell is narrow. */
    static String badgeWord(Health h, boolean shortForm) {
        if (!shortForm) {
            return I18n.t(h.label());
        }
        return I18n.t(switch (h) {
            case VANISHING -> "van";
            case EXPLODING -> "exp";
            case SATURATED -> "sat";
            case DEAD -> "dead";
            case NON_FINITE -> "NaN";
        });
    }

    private static double badgeWidth(String word) {
        return 5.6 * word.codePointCount(0, word.length()) + 6;
    }

    private static double badgesWidth(Set<Health> badges, boolean shortForm) {
        double w = 0;
        for (Health h : badges) {
            w += badgeWidth(badgeWord(h, shortForm)) + 2;
        }
        return w;
    }

    /** The Gaussian the mean field predicts for z, as expected counts per bin, dashed over the bars. */
    private void predictedGaussian(GraphicsContext g, LayerResult l, TensorStats s, HistogramShape shape,
            DoubleUnaryOperator xOf, double bottom, double plotH) {
        Histogram hist = shape.histogram();
        double mean = l.predicted().preActivationMean();
        double sd = Math.sqrt(l.predicted().preActivationVar());
        if (!(sd > 0) || !Double.isFinite(sd)) {
            return;
        }
        g.setStroke(strongText());
        g.setLineWidth(1.6);
        g.setLineDashes(4, 3);
        g.beginPath();
        for (int b = 0; b < hist.bins(); b++) {
            double p = Normal.mass((hist.edge(b) - mean) / sd, (hist.edge(b + 1) - mean) / sd);
            double y = bottom - plotH * shape.height(p * s.finiteCount());
            double xc = (xOf.applyAsDouble(hist.edge(b)) + xOf.applyAsDouble(hist.edge(b + 1))) / 2;
            if (b == 0) {
                g.moveTo(xc, y);
            } else {
                g.lineTo(xc, y);
            }
        }
        g.stroke();
        g.setLineDashes();
    }

    @Override
    protected String hoverText(double mx, double my) {
        PropagationResult r = result.get();
        if (r == null || cols == 0) {
            return null;
        }
        int col = (int) (mx / cellW);
        int row = (int) ((my + offset) / cellH);
        int i = row * cols + col;
        if (col >= cols || i >= r.layers().size()) {
            return null;
        }
        LayerResult l = r.layers().get(i);
        TensorStats s = l.get(quantity.get());
        Histogram hist = s.histogram();
        double x = col * cellW + 6;
        double w = cellW - 12;
        String head = "layer " + l.index() + " · " + quantity.get().label() + "\nmean " + Fmt.f4(s.mean()) + ", std "
                + Fmt.f4(s.std()) + ", min " + Fmt.f4(s.min()) + ", max " + Fmt.f4(s.max())
                + String.format(Locale.ROOT, "\nsaturated %.1f %%, exact zeros %.1f %%", 100 * s.saturatedFraction(),
                        100 * s.zeroFraction());
        var badges = Health.of(l);
        for (Health hh : badges) {
            head += "\n" + hh.label() + ": " + hh.description();
        }
        if (hist.isEmpty() || mx < x || mx > x + w) {
            return head;
        }
        double[] range = HistogramShape.of(hist, false).range();
        double v = range[0] + (mx - x) / w * (range[1] - range[0]);
        if (v < hist.lo() || v > hist.hi()) {
            return head;
        }
        int b = Math.min(hist.bins() - 1, (int) ((v - hist.lo()) / (hist.hi() - hist.lo()) * hist.bins()));
        String close = b == hist.bins() - 1 ? "]" : ")";
        return head + "\nbin [" + Fmt.f4(hist.edge(b)) + ", " + Fmt.f4(hist.edge(b + 1)) + close + ": "
                + String.format(Locale.ROOT, "%,d", hist.count(b)) + " of " + String.format(Locale.ROOT, "%,d", s.count());
    }
}
