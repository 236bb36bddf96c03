package org.initscope.view;

import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Cell;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import org.initscope.i18n.I18n;

/**
 * Puts the window's text into the chosen language after it is built: every label, button, tab, menu item,
 * column header, prompt and tooltip whose English text has a translation. Labels keep translating texts set
 * later (a status that changes), so panels only call {@link I18n#t} for texts built from numbers.
 */
public final class UiText {
    private static final String HOOKED = "initscope.i18n.hooked";

    private UiText() {
    }

    /**
     * A choice box's display of its items in the current language: {@code english} names an item, the converter
     * shows its translation. Display only — the items themselves stay what the code compares.
     */
    public static <T> StringConverter<T> shownAs(Function<T, String> english) {
        return new StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : I18n.t(english.apply(item));
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }

    public static void translate(MenuBar bar) {
        if (I18n.language() == I18n.Language.ENGLISH) {
            return;
        }
        for (Menu m : bar.getMenus()) {
            item(m);
        }
    }

    private static void item(MenuItem i) {
        if (i.getText() != null) {
            i.setText(I18n.t(i.getText()));
        }
        if (i instanceof Menu m) {
            m.getItems().forEach(UiText::item);
            // menus refilled on showing (recent files) are translated as they change
            m.getItems().addListener((ListChangeListener<MenuItem>) c -> {
                while (c.next()) {
                    c.getAddedSubList().forEach(UiText::item);
                }
            });
        }
    }

    /** Translate {@code node} and everything under it, including the content of tabs not shown yet. */
    public static void translate(Node node) {
        if (I18n.language() == I18n.Language.ENGLISH || node == null) {
            return;
        }
        if (node instanceof Cell<?>) {
            return; // table and list cells show data: layer types, scheme and activation names stay as written
        }
        if (node instanceof Labeled l) {
            hook(l);
        }
        if (node instanceof TextInputControl t && t.getPromptText() != null) {
            t.setPromptText(I18n.t(t.getPromptText()));
        }
        if (node instanceof ComboBoxBase<?> c && c.getPromptText() != null) {
            c.setPromptText(I18n.t(c.getPromptText()));
        }
        if (node instanceof Control c) {
            tooltip(c.getTooltip());
        }
        if (node instanceof MenuButton b) {
            b.getItems().forEach(UiText::item);
        }
        if (node instanceof TabPane p) {
            for (Tab t : p.getTabs()) {
                t.setText(I18n.t(t.getText()));
                tooltip(t.getTooltip());
                translate(t.getContent());
            }
        }
        if (node instanceof TableView<?> tv) {
            tv.getColumns().forEach(UiText::column);
            if (tv.getPlaceholder() != null) {
                translate(tv.getPlaceholder());
            }
        }
        if (node instanceof SplitPane s) {
            s.getItems().forEach(UiText::translate);
        }
        if (node instanceof ScrollPane s) {
            translate(s.getContent());
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                translate(child);
            }
            // children added later (a rebuilt parameter grid, a lesson card) are translated as they arrive
            if (!p.getProperties().containsKey(HOOKED)) {
                p.getProperties().put(HOOKED, true);
                p.getChildrenUnmodifiable().addListener((ListChangeListener<Node>) c -> {
                    while (c.next()) {
                        c.getAddedSubList().forEach(UiText::translate);
                    }
                });
            }
        }
    }

    private static void column(TableColumnBase<?, ?> c) {
        c.setText(I18n.t(c.getText()));
        c.getColumns().forEach(UiText::column);
    }

    private static void tooltip(Tooltip t) {
        if (t != null && t.getText() != null && !t.textProperty().isBound()) {
            t.setText(I18n.t(t.getText()));
        }
    }

    private static void hook(Labeled l) {
        if (l.textProperty().isBound()) {
            return;
        }
        if (l.getText() != null) {
            l.setText(I18n.t(l.getText()));
        }
        if (!l.getProperties().containsKey(HOOKED)) {
            l.getProperties().put(HOOKED, true);
            l.textProperty().addListener((o, a, b) -> {
                if (b != null) {
                    String tr = I18n.t(b);
                    if (!tr.equals(b)) {
                        l.setText(tr);
                    }
                }
            });
        }
    }
}
