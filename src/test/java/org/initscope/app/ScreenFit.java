package org.initscope.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import org.initscope.view.ChartPane;
import org.initscope.view.HistogramGrid;

/**
 * What "fits the screen" means, checked on the laid-out scene graph: a node is on screen when it and its parents are
 * visible and it lies inside the window; a control is reachable when it lies inside the window, inside the containers
 * around it, or inside a scroll pane that can scroll to it; a label (button, combo, table cell, …) is elided when its
 * skin draws less than its text (JavaFX ends it with "..."). Every check returns the problems it found, in words, so
 * that a failing test says which node at which size.
 */
final class ScreenFit {
    private ScreenFit() {
    }

    /** A node's bounds in scene coordinates. */
    static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    static Bounds window(Scene s) {
        return new BoundingBox(0, 0, s.getWidth(), s.getHeight());
    }

    /** Inside with half a pixel of slack for rounding. */
    static boolean inside(Bounds inner, Bounds outer) {
        return inner.getMinX() >= outer.getMinX() - 0.5 && inner.getMinY() >= outer.getMinY() - 0.5
                && inner.getMaxX() <= outer.getMaxX() + 0.5 && inner.getMaxY() <= outer.getMaxY() + 0.5;
    }

    static Bounds intersect(Bounds a, Bounds b) {
        double x0 = Math.max(a.getMinX(), b.getMinX());
        double y0 = Math.max(a.getMinY(), b.getMinY());
        double x1 = Math.min(a.getMaxX(), b.getMaxX());
        double y1 = Math.min(a.getMaxY(), b.getMaxY());
        return new BoundingBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    /** The node and every parent visible, and in a scene. */
    static boolean showing(Node n) {
        if (n.getScene() == null) {
            return false;
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The part of the node the user can see: its bounds cut by every scroll pane viewport around it and the window. */
    static Bounds visiblePart(Node n) {
        Bounds b = intersect(inScene(n), window(n.getScene()));
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp && sp.lookup(".viewport") != null) {
                Node vp = sp.lookup(".viewport");
                b = intersect(b, inScene(vp));
            }
        }
        return b;
    }

    /** The nearest scroll pane around the node (not counting the node itself), or null. */
    static ScrollPane scrollPaneAround(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp) {
                return sp;
            }
        }
        return null;
    }

    /**
     * A label (or button, combo's button cell, table cell, …) whose skin shows its text shortened: the text its
     * skin draws (the LabeledText node) is not its text (less the mnemonic's underscore) and is shorter or carries
     * the ellipsis string (JavaFX's default is "...", three dots, not "…").
     */
    static boolean elided(Labeled l) {
        String full = l.getText();
        String shown = shownText(l);
        if (full == null || full.isEmpty() || shown == null || shown.equals(full)) {
            return false;
        }
        String plain = l.isMnemonicParsing() ? withoutMnemonic(full) : full;
        if (shown.equals(plain)) {
            return false;
        }
        String ellipsis = l.getEllipsisString();
        return cutOf(shown, plain, ellipsis == null || plain.contains(ellipsis) ? "" : ellipsis);
    }

    /**
     * Whether {@code shown} is {@code full} cut short, as a skin cuts it: pieces of the text in their order with
     * the ellipsis string between them ("Layer 1 of...", "...of 10", "La...10"), or, without an ellipsis (overrun
     * style CLIP), a strict beginning of the text. A skin that still draws an older text ("computing…" for "0.51",
     * just after the text changed and before the next layout) is not a cut and not elision.
     */
    static boolean cutOf(String shown, String full, String ellipsis) {
        if (ellipsis.isEmpty() || !shown.contains(ellipsis)) {
            return shown.length() < full.length() && full.startsWith(shown);
        }
        int from = 0;
        int kept = 0;
        for (String piece : shown.split(java.util.regex.Pattern.quote(ellipsis), -1)) {
            String p = piece.strip();
            int at = full.indexOf(p, from);
            if (at < 0) {
                return false;
            }
            from = at + p.length();
            kept += p.length();
        }
        return kept < full.length();
    }

    /** The text as a skin shows it with mnemonic parsing: the first "_x" is the mnemonic, "__" one underscore. */
    static String withoutMnemonic(String s) {
        var b = new StringBuilder();
        boolean mnemonic = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' && i + 1 < s.length()) {
                if (s.charAt(i + 1) == '_') {
                    b.append('_');
                    i++;
                    continue;
                }
                if (!mnemonic) {
                    mnemonic = true;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * Every showing labeled node under {@code root} (also inside controls' skins: a combo's button cell, a table's
     * cells and column headers) whose text is elided. Rows a table keeps aside (invisible) are not looked at.
     */
    static List<String> elidedTexts(Node root) {
        var out = new ArrayList<String>();
        walkAll(root, n -> {
            if (n instanceof Labeled l && showing(l) && elided(l)) {
                out.add(describe(l) + " shows \"" + shownText(l) + "\" for \"" + l.getText() + "\"");
            }
            return n.isVisible();
        });
        return out;
    }

    /** The text the skin draws, or null before it has a skin. */
    private static String shownText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.getClass().getSimpleName().equals("LabeledText")) {
                return t.getText();
            }
        }
        return null;
    }

    /** Depth-first over everything under root (skins included); the predicate says whether to go into a node. */
    static void walkAll(Node root, Predicate<Node> enter) {
        if (!enter.test(root)) {
            return;
        }
        if (root instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                walkAll(c, enter);
            }
        }
    }

    /** A column's title: its text, or the text of the label that is its header (a header with a tooltip). */
    private static String columnTitle(javafx.scene.control.TableColumnBase<?, ?> c) {
        return c.getText() == null && c.getGraphic() instanceof Labeled l ? l.getText() : c.getText();
    }

    static String describe(Node n) {
        String id = n.getId() != null ? "#" + n.getId() : "";
        if (n instanceof javafx.scene.control.IndexedCell<?> cell) {
            // a cell: say whose (a table's column, a combo's button)
            Node owner = n.getParent();
            while (owner != null && (!(owner instanceof Control)
                    || owner instanceof javafx.scene.control.IndexedCell<?>)) {
                owner = owner.getParent();
            }
            String col = cell instanceof javafx.scene.control.TableCell<?, ?> tc && tc.getTableColumn() != null
                    ? " column \"" + columnTitle(tc.getTableColumn()) + "\" row " + (cell.getIndex() + 1) : "";
            return n.getClass().getSimpleName() + col + (owner != null ? " of " + describe(owner) : "")
                    + (cell.getText() != null ? " \"" + cell.getText() + "\"" : "");
        }
        String text = n instanceof Labeled l && l.getText() != null ? " \"" + l.getText() + "\"" : "";
        return n.getClass().getSimpleName() + id + text;
    }

    /**
     * The controls a user works with under {@code root}: buttons, fields, combos, sliders, toggles, spinners,
     * tables. Containers (scroll, split, tab and titled panes) are gone into; a control's own skin is not.
     */
    static List<Control> controls(Node root) {
        var out = new ArrayList<Control>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Control> out) {
        if (!n.isVisible() || n instanceof ScrollBar || n instanceof MenuBar) {
            return;
        }
        if (n instanceof ScrollPane sp) {
            if (sp.getContent() != null) {
                collect(sp.getContent(), out);
            }
            return;
        }
        if (n instanceof TabPane tp) {
            var tab = tp.getSelectionModel().getSelectedItem();
            if (tab != null && tab.getContent() != null) {
                collect(tab.getContent(), out);
            }
            return;
        }
        if (n instanceof SplitPane sp) {
            sp.getItems().forEach(i -> collect(i, out));
            return;
        }
        if (n instanceof TitledPane tp) {
            if (tp.getContent() != null && tp.isExpanded()) {
                collect(tp.getContent(), out);
            }
            return;
        }
        if (n instanceof Control c && !(n instanceof ChartPane)) {
            // a plain label is text, not something to work with; a control's own skin is not gone into
            if (!(c instanceof javafx.scene.control.Label)) {
                out.add(c);
            }
            return;
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }

    /**
     * Problems with reaching {@code c}: it must lie inside the window, and inside every sized container around it
     * up to the nearest scroll pane; inside a scroll pane, the scroll pane must lie inside the window and, if the
     * control is outside its viewport, be able to scroll there (its content larger than the viewport that way).
     */
    static List<String> reachProblems(Control c) {
        var out = new ArrayList<String>();
        Bounds b = inScene(c);
        if (c.getWidth() < 1 || c.getHeight() < 1) {
            out.add(describe(c) + " has no size (" + c.getWidth() + "×" + c.getHeight() + ")");
            return out;
        }
        ScrollPane sp = scrollPaneAround(c);
        for (Node p = c.getParent(); p != null && p != sp; p = p.getParent()) {
            if (p instanceof Region r && r.getWidth() > 0 && !(p instanceof ChartPane)
                    && !inside(b, inScene(p)) && !p.getStyleClass().contains("tab-header-area")) {
                out.add(describe(c) + " sticks out of its container " + describe(p) + ": " + fmt(b) + " not in "
                        + fmt(inScene(p)));
                break;
            }
            if (sp != null && p == sp.getContent()) {
                break; // the scroll pane's own parts around its content are the viewport, checked below
            }
        }
        if (sp == null) {
            if (!inside(b, window(c.getScene()))) {
                out.add(describe(c) + " is outside the window: " + fmt(b));
            }
            return out;
        }
        if (!inside(inScene(sp), window(c.getScene()))) {
            out.add(describe(c) + " is in a scroll pane outside the window: " + fmt(inScene(sp)));
        }
        Node vp = sp.lookup(".viewport");
        if (vp != null && !inside(b, inScene(vp))) {
            Bounds content = sp.getContent().getLayoutBounds();
            Bounds view = sp.getViewportBounds();
            boolean canX = content.getWidth() > view.getWidth() + 0.5 && sp.getHbarPolicy() != ScrollPane.ScrollBarPolicy.NEVER;
            boolean canY = content.getHeight() > view.getHeight() + 0.5
                    && sp.getVbarPolicy() != ScrollPane.ScrollBarPolicy.NEVER;
            Bounds v = inScene(vp);
            boolean outX = b.getMinX() < v.getMinX() - 0.5 || b.getMaxX() > v.getMaxX() + 0.5;
            boolean outY = b.getMinY() < v.getMinY() - 0.5 || b.getMaxY() > v.getMaxY() + 0.5;
            if (outX && !canX || outY && !canY) {
                out.add(describe(c) + " is cut off by a scroll pane that cannot scroll to it");
            }
        }
        return out;
    }

    /** Every tab header of a showing tab pane under root lies in its header area: none behind the overflow menu. */
    static List<String> hiddenTabs(Node root) {
        var out = new ArrayList<String>();
        walkAll(root, n -> {
            if (n instanceof TabPane tp && showing(tp)) {
                for (Node area : tp.getChildrenUnmodifiable()) {
                    if (!area.getStyleClass().contains("tab-header-area") || !area.isVisible()
                            || ((Region) area).getHeight() <= 1) {
                        continue;
                    }
                    Bounds a = inScene(area);
                    for (Node region : ((Parent) area).getChildrenUnmodifiable()) {
                        if (region.getStyleClass().contains("headers-region")) {
                            for (Node h : ((Parent) region).getChildrenUnmodifiable()) {
                                if (!inside(inScene(h), a)) {
                                    out.add("tab header " + describe(h) + " of " + describe(tp) + " is cut off");
                                }
                            }
                        }
                    }
                }
            }
            return n.isVisible();
        });
        return out;
    }

    /** The minimum-size problems of a chart: its plot area (a histogram grid: one histogram's bars). */
    static List<String> chartTooSmall(ChartPane chart) {
        var out = new ArrayList<String>();
        Bounds plot = chart.plotArea();
        if (plot.getWidth() < ChartPane.MIN_PLOT - 0.5 || plot.getHeight() < ChartPane.MIN_PLOT - 0.5) {
            out.add(describe(chart) + " has a plot area of " + fmt(plot) + " (less than " + ChartPane.MIN_PLOT
                    + " px)");
        }
        if (chart instanceof HistogramGrid g) {
            var cell = g.cellPlotSize();
            if (cell.getWidth() < HistogramGrid.MIN_CELL_PLOT - 0.5
                    || cell.getHeight() < HistogramGrid.MIN_CELL_PLOT - 0.5) {
                out.add(describe(chart) + " draws histograms of " + Math.round(cell.getWidth()) + "×"
                        + Math.round(cell.getHeight()) + " px (less than " + HistogramGrid.MIN_CELL_PLOT + ")");
            }
        }
        return out;
    }

    static String fmt(Bounds b) {
        return String.format(java.util.Locale.ROOT, "[%.0f,%.0f %.0f×%.0f]", b.getMinX(), b.getMinY(), b.getWidth(),
                b.getHeight());
    }
}
