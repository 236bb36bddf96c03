package org.initscope.view;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.initscope.config.Mode;
import org.initscope.config.Presets;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.config.View;
import org.initscope.controller.AppSettings;
import org.initscope.controller.LessonSession;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.Quantity;
import org.initscope.engine.sweep.Reproductions;
import org.initscope.i18n.I18n;
import org.initscope.model.Printable;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The window's menus: File, Edit, Presets, Layer, View, Lessons and Help. Each item calls a session or an action
 * of the {@link MainView} it belongs to; the menus hold no state of their own.
 */
final class Menus {
    private final MainView view;
    private final NetworkSession session;
    private final LessonSession lessons;
    private final Dialogs dialogs;
    private final MenuBar menuBar;

    Menus(MainView view, NetworkSession session, LessonSession lessons, Dialogs dialogs) {
        this.view = view;
        this.session = session;
        this.lessons = lessons;
        this.dialogs = dialogs;
        menuBar = build();
    }

    /** The menu bar. */
    MenuBar bar() {
        return menuBar;
    }

    private MenuBar build() {
        var file = new Menu("File");
        MenuItem newItem = item("New", "mdal-insert_drive_file", "Shortcut+N", view.files()::newNetwork);
        MenuItem open = item("Open…", "mdal-folder_open", "Shortcut+O", view.files()::open);
        MenuItem save = item("Save", "mdmz-save", "Shortcut+S", view.files()::save);
        MenuItem saveAs = item("Save As…", null, "Shortcut+Shift+S", view.files()::saveAs);
        MenuItem quit = item("Quit", null, "Shortcut+Q", () -> {
            Window w = view.getScene().getWindow();
            w.fireEvent(new WindowEvent(w, WindowEvent.WINDOW_CLOSE_REQUEST));
        });
        var recent = new Menu("Open Recent", new FontIcon("mdal-history"));
        recent.setId("recentMenu");
        fillRecent(recent);
        file.setOnShowing(e -> fillRecent(recent));
        file.getItems().addAll(newItem, open, recent, save, saveAs, new SeparatorMenuItem(), exportMenu(),
                new SeparatorMenuItem(), quit);

        var edit = new Menu("Edit");
        edit.setId("editMenu");
        MenuItem undo = item("Undo", "mdmz-undo", "Shortcut+Z", () -> session.undo().ifPresent(session::report));
        undo.setId("undoItem");
        undo.disableProperty().bind(session.canUndoProperty().not().or(session.lockedProperty()));
        MenuItem redo = item("Redo", "mdmz-redo", "Shortcut+Shift+Z", () -> session.redo().ifPresent(session::report));
        redo.setId("redoItem");
        redo.disableProperty().bind(session.canRedoProperty().not().or(session.lockedProperty()));
        // Ctrl+Y as well, as many Windows programs do
        MenuItem redoY = item("Redo (Ctrl+Y)", null, "Shortcut+Y", () -> session.redo().ifPresent(session::report));
        redoY.setVisible(false);
        edit.getItems().addAll(undo, redo, redoY);
        // "Undo change std of layer 3": what each would do, in the language of the moment
        edit.setOnShowing(e -> {
            undo.setText(session.history().undoText());
            redo.setText(session.history().redoText());
        });

        var presets = new Menu("Presets");
        presets.setId("presetsMenu");
        var groups = new LinkedHashMap<String, Menu>();
        for (Presets.Preset p : Presets.all()) {
            Menu g = groups.computeIfAbsent(p.group(), Menu::new);
            var item = new MenuItem(p.title());
            item.setId("preset-" + p.file().replace(".json", ""));
            item.setOnAction(e -> view.files().loadPreset(p));
            g.getItems().add(item);
        }
        presets.getItems().addAll(groups.values());

        var addType = new Menu("Add");
        addType.setId("addTypeMenu");
        for (var t : LayerTypes.all()) {
            addType.getItems().add(item(t.title(), null, null, () -> session.addLayer(t.create().apply(session.spec()))
                    .ifPresent(m -> session.report("Not added: " + m))));
        }
        var layer = new Menu("Layer");
        layer.getItems().addAll(
                item("Add layer", "mdal-add", "Shortcut+L", () -> session.addLayer()),
                addType,
                item("Duplicate layer", "mdal-content_copy", "Shortcut+D", () -> session.duplicateLayer()),
                item("Remove layer", "mdal-delete", "Shortcut+Backspace", () -> session.removeLayer()),
                item("Move up", "mdal-arrow_upward", "Alt+UP",
                        () -> session.moveLayer(session.selected(), session.selected() - 1)),
                item("Move down", "mdal-arrow_downward", "Alt+DOWN",
                        () -> session.moveLayer(session.selected(), session.selected() + 1)),
                new SeparatorMenuItem(),
                item("Use this initializer on all layers", null, null, () -> session.applyInitToAll()),
                item("Use this activation on all layers", null, null, () -> session.applyActivationToAll()),
                item("Use this bias on all layers", null, null, () -> session.applyBiasToAll()),
                item("LSUV on all layers (Mishkin & Matas 2016)", null, null, () -> session.applyLsuv()),
                new SeparatorMenuItem(),
                item("New seed", "mdal-casino", "Shortcut+R", () -> session.newSeed()),
                item("Same seed again", "mdmz-replay", "Shortcut+Shift+R", session::sameSeedAgain));

        var viewMenu = new Menu("View");
        var group = new ToggleGroup();
        for (Quantity q : session.histogramQuantities()) {
            var r = new RadioMenuItem(q.label());
            r.setToggleGroup(group);
            r.setSelected(q == session.quantityProperty().get());
            r.setOnAction(e -> session.quantityProperty().set(q));
            session.quantityProperty().addListener((o, a, b) -> r.setSelected(b == q));
            viewMenu.getItems().add(r);
        }
        viewMenu.getItems().add(new SeparatorMenuItem());
        var present = new CheckMenuItem("Presentation mode", new FontIcon("mdmz-slideshow"));
        present.setId("presentationItem");
        present.setAccelerator(KeyCombination.keyCombination("F5"));
        present.selectedProperty().bindBidirectional(view.presentationProperty());
        var panes = new CheckMenuItem("Show network and inspector");
        panes.setId("sidePanesItem");
        panes.setAccelerator(KeyCombination.keyCombination("F6"));
        panes.selectedProperty().bindBidirectional(view.sidePanesShownProperty());
        var lock = new CheckMenuItem("Lock editing", new FontIcon("mdal-lock"));
        lock.setId("lockItem");
        lock.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+L"));
        lock.selectedProperty().bindBidirectional(session.lockedProperty());
        viewMenu.getItems().addAll(present, panes, lock, new SeparatorMenuItem(), themeMenu(), languageMenu());

        var lessonMenu = new Menu("Lessons");
        lessonMenu.setId("lessonsMenu");
        List<Scenario> builtIn = Scenarios.builtIn();
        for (int i = 0; i < builtIn.size(); i++) {
            var lesson = builtIn.get(i);
            var m = new MenuItem((i + 1) + ". " + I18n.t(lesson.title()));
            m.setId("lesson-" + Scenarios.BUILT_IN.get(i).replace(".json", ""));
            m.setOnAction(e -> view.startLesson(lesson));
            lessonMenu.getItems().add(m);
        }
        var next = item("Next step", "mdal-arrow_forward", "Shortcut+RIGHT", lessons::next);
        next.disableProperty().bind(lessons.hasNextProperty().not());
        var back = item("Previous step", "mdal-arrow_back", "Shortcut+LEFT", lessons::previous);
        back.disableProperty().bind(lessons.hasPreviousProperty().not());
        var end = item("End lesson", "mdal-close", null, lessons::stop);
        end.disableProperty().bind(lessons.lessonProperty().isNull());
        var exportLesson = item("Export lesson…", "mdal-image", null, () -> LessonExport.ask(view, dialogs, session,
                view.exports()));
        exportLesson.setId("exportLessonItem");
        lessonMenu.getItems().addAll(new SeparatorMenuItem(),
                item("Open lesson file…", "mdal-folder_open", null, view::openLesson), next, back, end,
                new SeparatorMenuItem(), exportLesson);

        var help = new Menu("Help");
        var shortcuts = item("Keyboard shortcuts", "mdal-keyboard", "F1", () -> HelpDialog.shortcuts(view, menuBar));
        shortcuts.setId("shortcutsItem");
        var formulas = item("Formulas and references", "mdal-functions", "Shift+F1", () -> HelpDialog.formulas(view));
        formulas.setId("formulasItem");
        // the classic papers, reproduced in the Experiments mode with their checked numbers
        var reproduce = new Menu("Reproduce", new FontIcon("mdmz-science"));
        reproduce.setId("reproduceMenu");
        for (var r : Reproductions.all()) {
            var it = new MenuItem(r.title());
            it.setId("reproduce-" + r.id());
            it.setOnAction(e -> {
                view.showMode(Mode.EXPERIMENTS);
                view.experimentsPanel().reproduce(r);
            });
            reproduce.getItems().add(it);
        }
        help.getItems().addAll(shortcuts, formulas, reproduce, new SeparatorMenuItem(),
                item("About InitScope", "mdal-info", null, () -> dialogs.about(view.getScene().getWindow())));
        layer.disableProperty().bind(session.lockedProperty());
        var bar = new MenuBar(file, edit, presets, layer, viewMenu, lessonMenu, help);
        bar.setId("menuBar");
        // names show as written: "kaiming_normal(mode='fan_out')" keeps its underscores (no mnemonic parsing)
        bar.getMenus().forEach(Menus::plainText);
        return bar;
    }

    /** A menu item and everything under it without mnemonic parsing, also for items added later. */
    private static void plainText(MenuItem i) {
        i.setMnemonicParsing(false);
        if (i instanceof Menu m) {
            m.getItems().forEach(Menus::plainText);
            m.getItems().addListener((ListChangeListener<MenuItem>) c -> {
                while (c.next()) {
                    c.getAddedSubList().forEach(Menus::plainText);
                }
            });
        }
    }

    /** The recent files, newest first; a file that no longer exists is left out. */
    private void fillRecent(Menu recent) {
        recent.getItems().clear();
        var files = AppSettings.get().recentFiles();
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            var parent = p.getParent() == null ? "" : "  —  " + p.getParent();
            var m = new MenuItem(Printable.of((i + 1) + "  " + p.getFileName() + parent));
            m.setId("recent-" + i);
            m.setMnemonicParsing(false);
            m.setOnAction(e -> {
                if (view.confirmDiscard()) {
                    session.open(p);
                }
            });
            recent.getItems().add(m);
        }
        if (files.isEmpty()) {
            var none = new MenuItem("no recent files");
            none.setDisable(true);
            recent.getItems().add(none);
        } else {
            recent.getItems().addAll(new SeparatorMenuItem(), item("Clear the list", null, null,
                    () -> AppSettings.get().clearRecent()));
        }
    }

    /** View ▸ Language: the window is rebuilt in the new language; the network, file and results stay. */
    private Menu languageMenu() {
        var menu = new Menu("Language", new FontIcon("mdmz-translate"));
        menu.setId("languageMenu");
        var group = new ToggleGroup();
        for (var l : I18n.Language.values()) {
            var r = new RadioMenuItem(l.label());
            r.setId("language-" + l.tag());
            r.setToggleGroup(group);
            r.setSelected(I18n.language() == l);
            r.setOnAction(e -> view.switchLanguage(l));
            menu.getItems().add(r);
        }
        return menu;
    }

    /** View ▸ Theme: light or dark, remembered for the next start. */
    private Menu themeMenu() {
        var menu = new Menu("Theme");
        var group = new ToggleGroup();
        for (Theme t : Theme.values()) {
            var r = new RadioMenuItem(t.label());
            r.setId("theme-" + t.name().toLowerCase(Locale.ROOT));
            r.setUserData(t);
            r.setToggleGroup(group);
            r.setSelected(Theme.current() == t);
            r.setOnAction(e -> {
                Theme.apply(t, view.getScene());
                AppSettings.get().setTheme(t.name());
            });
            menu.getItems().add(r);
        }
        // read when opened, not through a listener on the static theme (which would keep every window ever built)
        menu.setOnShowing(e -> menu.getItems().forEach(i -> ((RadioMenuItem) i).setSelected(
                i.getUserData() == Theme.current())));
        return menu;
    }

    private Menu exportMenu() {
        var export = new Menu("Export", new FontIcon("mdal-image"));
        export.setId("exportMenu");
        MenuItem depth = item("Depth chart as PNG…", null, null, () -> view.exporter().png("depth chart", "depth",
                view.charts().depthChart(), () -> view.showMode(Mode.EXPLORE)));
        depth.setId("exportDepth");
        MenuItem hist = item("Histograms as PNG…", null, null, () -> view.exporter().png("histograms", "histograms",
                view.charts().histogramGrid(), () -> {
                    view.showMode(Mode.EXPLORE);
                    view.charts().showView(View.HISTOGRAMS);
                }));
        hist.setId("exportHistograms");
        MenuItem ridge = item("Ridgeline as PNG…", null, null, () -> view.exporter().png("ridgeline", "ridgeline",
                view.charts().ridgeline(), () -> {
                    view.showMode(Mode.EXPLORE);
                    view.charts().showView(View.RIDGELINE);
                }));
        ridge.setId("exportRidgeline");
        MenuItem dash = item("Dashboard as PNG…", null, null, () -> view.exporter().png("dashboard", "dashboard", view.charts(),
                () -> view.showMode(Mode.EXPLORE)));
        dash.setId("exportDashboard");
        MenuItem csv = item("Layer statistics as CSV…", null, null, view.exporter()::csv);
        csv.setId("exportCsv");
        MenuItem npy = item("Weights as NumPy .npy…", null, null, view.exporter()::npy);
        npy.setId("exportNpy");
        export.getItems().addAll(depth, hist, ridge, dash, new SeparatorMenuItem(), csv, npy);
        return export;
    }

    private static MenuItem item(String text, String icon, String accelerator, Runnable action) {
        var m = new MenuItem(text, icon == null ? null : new FontIcon(icon));
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }
}
