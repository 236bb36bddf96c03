package org.initscope.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableDoubleProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableDoubleProperty;
import javafx.css.StyleableProperty;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A chart drawn on a canvas that follows the size of its region (canvas drawing is ~20× faster than JavaFX's
 * charts for dozens of histograms), with a hover card that subclasses fill in.
 */
public abstract class ChartPane extends Region {
    protected final Canvas canvas = new Canvas();
    private final Label hover = new Label();
    private boolean dark;
    /**
     * Drawing scale: 1 on a desk, larger in presentation mode (CSS {@code -initscope-chart-zoom}), so that text,
     * lines and markers all grow together and stay sharp (the drawing is scaled, not the bitmap).
     */
    private final StyleableDoubleProperty zoom = new SimpleStyleableDoubleProperty(ZOOM, this, "zoom", 1.0) {
        @Override
        protected void invalidated() {
            // the minimum size follows the zoom
            requestLayout();
            redraw();
        }
    };

    private static final CssMetaData<ChartPane, Number> ZOOM = new CssMetaData<>("-initscope-chart-zoom",
            StyleConverter.getSizeConverter(), 1.0) {
        @Override
        public boolean isSettable(ChartPane c) {
            return !c.zoom.isBound();
        }

        @Override
        public StyleableProperty<Number> getStyleableProperty(ChartPane c) {
            return c.zoom;
        }
    };
    private static final List<CssMetaData<? extends Styleable, ?>> CSS;

    static {
        var all = new ArrayList<>(Region.getClassCssMetaData());
        all.add(ZOOM);
        CSS = List.copyOf(all);
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return CSS;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS;
    }

    public StyleableDoubleProperty zoomProperty() {
        return zoom;
    }

    /** The drawing scale; subclasses divide mouse coordinates by it. */
    protected double zoom() {
        double z = zoom.get();
        return z > 0.2 && z < 5 ? z : 1;
    }

    /** The style class a lesson step puts on what the class should look at. */
    public static final String HIGHLIGHT = "lesson-look";

    /** The app's theme for every chart: dark grid and text colours when true (see {@link Theme}). */
    private static final BooleanProperty DARK_THEME = new SimpleBooleanProperty(false);
    /** Kept strongly by the chart so the weak listener lives exactly as long as the chart. */
    private final InvalidationListener themeListener = o -> setDark(DARK_THEME.get());

    public static BooleanProperty darkThemeProperty() {
        return DARK_THEME;
    }

    protected ChartPane() {
        dark = DARK_THEME.get();
        DARK_THEME.addListener(new WeakInvalidationListener(themeListener));
        getStyleClass().add("chart-pane");
        getStyleClass().addListener((ListChangeListener<String>) c -> redraw());
        getChildren().addAll(canvas, hover);
        hover.getStyleClass().add("hover-card");
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        hover.setManaged(false);
        setMinSize(USE_COMPUTED_SIZE, USE_COMPUTED_SIZE);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> showHover(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
    }

    /**
     * A line on a log axis through the values that can be drawn there (positive and finite); a zero, NaN or Inf
     * leaves a gap (the charts mark those separately). Points are clamped just above the top of the plot.
     */
    protected static void strokeLogLine(GraphicsContext g, double[] values, IntToDoubleFunction x,
            DoubleUnaryOperator y, double top, double bottom) {
        strokeWithGaps(g, IntStream.range(0, values.length).toArray(),
                i -> values[i] > 0 && Double.isFinite(values[i]), x,
                i -> Math.max(top - 2, Math.min(bottom, y.applyAsDouble(values[i]))));
    }

    /**
     * A polyline through the points {@code points} (indices, in order) that {@code drawable} accepts, at
     * ({@code x(i)}, {@code y(i)}); a point it refuses ends the line there and the next accepted one starts anew.
     */
    protected static void strokeWithGaps(GraphicsContext g, int[] points, IntPredicate drawable,
            IntToDoubleFunction x, IntToDoubleFunction y) {
        boolean open = false;
        for (int i : points) {
            if (drawable.test(i)) {
                double px = x.applyAsDouble(i);
                double py = y.applyAsDouble(i);
                if (!open) {
                    g.beginPath();
                    g.moveTo(px, py);
                    open = true;
                } else {
                    g.lineTo(px, py);
                }
            } else if (open) {
                g.stroke();
                open = false;
            }
        }
        if (open) {
            g.stroke();
        }
    }

    /** Dark backgrounds get lighter grid and axis colours. */
    public void setDark(boolean d) {
        dark = d;
        redraw();
    }

    protected boolean dark() {
        return dark;
    }

    protected Color gridColor() {
        return dark ? Palette.GRID_DARK : Palette.GRID;
    }

    protected Color textColor() {
        return dark ? Palette.AXIS_TEXT_DARK : Palette.AXIS_TEXT;
    }

    protected Color strongText() {
        return dark ? Color.web("#e6edf3") : Color.web("#1f2328");
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            redraw();
        }
    }

    /** Draw everything again (data or size changed). */
    public final void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        plot = null;
        if (w < 10 || h < 10) {
            return;
        }
        g.setFont(Font.font(12));
        double z = zoom();
        g.save();
        g.scale(z, z);
        draw(g, w / z, h / z);
        g.restore();
        if (getStyleClass().contains(HIGHLIGHT)) {
            // drawn into the canvas: a CSS effect on a canvas redrawn 25 times a second costs most of a core
            g.setStroke(Palette.HIGHLIGHT);
            g.setLineWidth(4);
            g.setLineDashes();
            g.strokeRoundRect(2, 2, w - 4, h - 4, 10, 10);
        }
    }

    protected abstract void draw(GraphicsContext g, double w, double h);

    /** A chart title's font and colour, drawn from its top-left corner. */
    protected void titleStyle(GraphicsContext g) {
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(strongText());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
    }

    /**
     * A chart's title in the room there is: as is when it fits; squeezed a little (down to 80 % of its width) when
     * it nearly fits; otherwise cut with "…" (the pane's width decides).
     */
    protected static void fillTitle(GraphicsContext g, String text, double x, double y, double maxWidth) {
        var t = new Text(text);
        t.setFont(g.getFont());
        double tw = t.getLayoutBounds().getWidth();
        if (tw <= maxWidth) {
            g.fillText(text, x, y);
        } else if (tw * 0.8 <= maxWidth) {
            g.fillText(text, x, y, maxWidth);
        } else {
            int n = text.length();
            String cut = text;
            while (n > 1) {
                n = Math.max(1, (int) (n * Math.max(0.5, maxWidth / tw)) - 1);
                cut = text.substring(0, n).stripTrailing() + "…";
                t.setText(cut);
                tw = t.getLayoutBounds().getWidth();
                if (tw * 0.8 <= maxWidth) {
                    break;
                }
            }
            g.fillText(cut, x, y, maxWidth);
        }
    }

    /** Where the last drawing put its data, in this pane's pixels; null until a chart says (see {@link #plotArea()}). */
    private Bounds plot;

    /**
     * Called by {@link #draw} with the rectangle its data is drawn in (in drawing units, before the zoom): the
     * plot area without titles, legends and axis labels.
     */
    protected final void setPlotArea(double x, double y, double w, double h) {
        double z = zoom();
        plot = new BoundingBox(x * z, y * z, Math.max(0, w) * z, Math.max(0, h) * z);
    }

    /**
     * The plot area of the last drawing in this pane's coordinates (pixels): what the layout must keep readable
     * (at least {@link #MIN_PLOT} on each side). A chart that does not say is all plot.
     */
    public Bounds plotArea() {
        return plot != null ? plot : new BoundingBox(0, 0, getWidth(), getHeight());
    }

    /** The smallest plot area, in pixels on each side, that a layout gives a chart it shows. */
    public static final double MIN_PLOT = 160;
    private double marginW = Double.NaN;
    private double marginH;

    /**
     * The room (drawing units, before the zoom) a chart takes around its plot area for titles, legends and axes:
     * its minimum size is then {@link #MIN_PLOT} plus that room, so that layouts keep the plot readable (and
     * scroll or collapse instead of squeezing it).
     */
    protected final void setPlotMargins(double horizontal, double vertical) {
        marginW = horizontal;
        marginH = vertical;
    }

    @Override
    protected double computeMinWidth(double height) {
        return Double.isNaN(marginW) ? 120 : MIN_PLOT + marginW * zoom();
    }

    @Override
    protected double computeMinHeight(double width) {
        return Double.isNaN(marginW) ? 80 : MIN_PLOT + marginH * zoom();
    }

    /** The text to show for the mouse at (x, y), or null for none. */
    protected abstract String hoverText(double x, double y);

    private void showHover(double x, double y) {
        String text = hoverText(x / zoom(), y / zoom());
        if (text == null) {
            hover.setVisible(false);
            return;
        }
        hover.setText(text);
        hover.autosize();
        double hx = x + 14 + hover.getWidth() > getWidth() ? x - 14 - hover.getWidth() : x + 14;
        double hy = Math.min(Math.max(4, y + 10), getHeight() - hover.getHeight() - 4);
        hover.relocate(Math.max(4, hx), hy);
        hover.setVisible(true);
    }

    /** The hover card's current text (tests read it). */
    public String hoverCardText() {
        return hover.isVisible() ? hover.getText() : "";
    }

    /** Simulate the mouse at (x, y) in this pane's coordinates (tests, keyboard users). */
    public String hoverAt(double x, double y) {
        showHover(x, y);
        return hoverCardText();
    }

    protected static Insets pad(double t, double r, double b, double l) {
        return new Insets(t, r, b, l);
    }

    /**
     * The grid of a logarithmic y axis from 10^logMin to 10^logMax: a line at every decade, labelled 10ᵉ at the
     * left of the plot where there is room (one label per 28 px at most; the lines between them faint).
     * {@code y} maps a value to its pixel row.
     */
    protected void logGrid(GraphicsContext g, double logMin, double logMax, double left, double right, double top,
            double bottom, DoubleUnaryOperator y) {
        int decades = (int) (logMax - logMin);
        int every = Math.max(1, (int) Math.ceil(decades / Math.max(1.0, (bottom - top) / 28)));
        g.setLineDashes();
        for (int e = (int) logMin; e <= logMax; e++) {
            double at = y.applyAsDouble(Math.pow(10, e));
            boolean labelled = (e - (int) logMin) % every == 0;
            g.setStroke(gridColor());
            g.setGlobalAlpha(labelled ? 1 : 0.45);
            g.strokeLine(left, at, right, at);
            g.setGlobalAlpha(1);
            if (labelled) {
                g.setFill(textColor());
                g.setTextAlign(TextAlignment.RIGHT);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(pow10(e), left - 8, at);
            }
        }
    }

    /** 10⁻³-style label for a power of ten. */
    protected static String pow10(int e) {
        String sup = Integer.toString(e).chars().mapToObj(c -> switch (c) {
            case '-' -> "⁻";
            case '0' -> "⁰";
            case '1' -> "¹";
            case '2' -> "²";
            case '3' -> "³";
            case '4' -> "⁴";
            case '5' -> "⁵";
            case '6' -> "⁶";
            case '7' -> "⁷";
            case '8' -> "⁸";
            default -> "⁹";
        }).reduce("", String::concat);
        return "10" + sup;
    }

    /** A short number for axis labels: 0.25, −1.5, 3.2e-4. */
    protected static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-2 && a < 1e4) {
            String s = String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.1e", v).replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
    }
}
