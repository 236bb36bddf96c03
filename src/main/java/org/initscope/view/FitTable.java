package org.initscope.view;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

/**
 * A table whose columns are never narrower than the widest text they show (cells and header): in a narrow side
 * pane it scrolls sideways rather than cutting "10" or "xavier_normal" to "...". Columns only grow while the text
 * keeps its size; when the font changes (presentation mode's 20 px and back) they are measured again from their
 * first widths. Optionally the last column takes the room left over, as the "flex last column" resize policy
 * would, but without squeezing the others below their text.
 */
public class FitTable<S> extends TableView<S> {
    /** Slack beyond the measured text, for rounding in the skin's own measure. */
    private static final double SLACK = 2;
    private final Text measure = new Text();
    /** The widths each column had before it was fitted (to start again from when the font changes). */
    private final Map<TableColumnBase<S, ?>, double[]> first = new HashMap<>();
    private boolean fillLast;
    private double fontSize = -1;

    public FitTable() {
        setColumnResizePolicy(UNCONSTRAINED_RESIZE_POLICY);
    }

    /** The last column takes the width the others leave in the table (never less than its text). */
    public void setFillLastColumn(boolean fill) {
        fillLast = fill;
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        fit();
    }

    private void fit() {
        var need = new HashMap<TableColumnBase<?, ?>, Double>();
        double size = -1;
        for (Node n : lookupAll(".table-cell")) {
            // (rows kept aside by the virtual flow are invisible: their cells are not looked at)
            if (n instanceof TableCell<?, ?> c && c.isVisible() && !c.isEmpty() && c.getTableColumn() != null
                    && c.getTableView() == this && c.getParent() != null && c.getParent().isVisible()) {
                size = c.getFont().getSize();
                need.merge(c.getTableColumn(), width(c), Math::max);
            }
        }
        for (Node n : lookupAll(".column-header")) {
            if (n instanceof TableColumnHeader h && h.getTableColumn() instanceof TableColumn<?, ?> c
                    && c.getTableView() == this && h.lookup(".label") instanceof Labeled l) {
                need.merge(h.getTableColumn(), width(l) + h.snappedLeftInset() + h.snappedRightInset(), Math::max);
            }
        }
        if (size > 0 && fontSize > 0 && size != fontSize) {
            // another text size: every column from its first width again, measured in the next layout
            first.forEach((c, w) -> {
                c.setMinWidth(w[0]);
                c.setPrefWidth(w[1]);
            });
            fontSize = size;
            return;
        }
        if (size > 0) {
            fontSize = size;
        }
        for (TableColumn<S, ?> c : getVisibleLeafColumns()) {
            first.computeIfAbsent(c, k -> new double[] {k.getMinWidth(), k.getPrefWidth()});
            Double w = need.get(c);
            if (w != null && w > c.getMinWidth() + 0.5) {
                c.setMinWidth(Math.ceil(w));
                if (c.getPrefWidth() < c.getMinWidth()) {
                    c.setPrefWidth(c.getMinWidth());
                }
            }
        }
        if (fillLast) {
            fillLastColumn();
        }
    }

    /** The last visible column as wide as the viewport leaves (the vertical scroll bar's room excluded). */
    private void fillLastColumn() {
        var columns = getVisibleLeafColumns();
        if (columns.isEmpty() || !(lookup(".clipped-container") instanceof Region viewport)
                || viewport.getWidth() <= 0) {
            return;
        }
        double others = 0;
        for (int i = 0; i < columns.size() - 1; i++) {
            others += columns.get(i).getWidth();
        }
        TableColumn<S, ?> last = columns.get(columns.size() - 1);
        double want = Math.max(last.getMinWidth(), Math.floor(viewport.getWidth() - others) - 1);
        if (Math.abs(want - last.getPrefWidth()) > 0.5) {
            last.setPrefWidth(want);
        }
    }

    /** The width a cell or header label needs to show its text and graphic uncut. */
    private double width(Labeled l) {
        double w = l.snappedLeftInset() + l.snappedRightInset() + SLACK;
        String text = l.getText();
        boolean hasText = text != null && !text.isEmpty() && l.getContentDisplay() != ContentDisplay.GRAPHIC_ONLY;
        if (hasText) {
            measure.setFont(l.getFont());
            measure.setText(text);
            w += measure.getLayoutBounds().getWidth();
        }
        Node g = l.getGraphic();
        if (g != null && g.isManaged() && l.getContentDisplay() != ContentDisplay.TEXT_ONLY) {
            w += g.prefWidth(-1) + (hasText ? l.getGraphicTextGap() : 0);
        }
        return w;
    }
}
