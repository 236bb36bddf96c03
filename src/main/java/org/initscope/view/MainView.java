package org.initscope.view;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.initscope.config.Presets;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.Quantity;
import org.initscope.model.NetworkSpec;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The window's content: menus, the network builder on the left, the charts in the centre, the inspector on the
 * right, messages above the charts and the status line below.
 */
public final class MainView extends BorderPane {
    private final NetworkSession session;
    private final Dialogs dialogs;
    private final NetworkPanel network;
    private final InspectorPanel inspector;
    private final ChartsPanel charts;
    private final MessageBar messages;
    private final StatusBar status;
    /** Built when the Train tab is first shown: the window starts faster without it (see README, startup). */
    private org.initscope.view.train.TrainingPanel training;
    private javafx.scene.control.Tab trainTab;
    private final javafx.scene.control.TabPane modes = new javafx.scene.control.TabPane();
    private final org.initscope.controller.LessonSession lessons;
    private final org.initscope.controller.ComparisonSession comparison;
    private org.initscope.view.compare.ComparePanel compare;
    private javafx.scene.control.Tab compareTab;
    private final org.initscope.controller.ExperimentSession experiments =
            new org.initscope.controller.ExperimentSession(javafx.application.Platform::runLater);
    private org.initscope.view.experiments.ExperimentsPanel experimentsPanel;
    private javafx.scene.control.Tab experimentsTab;
    private final LessonBar lessonBar;
    private final Exporter exporter;
    private final SplitPane split;
    private final ScrollPane left;
    private final ScrollPane right;
    private final SidePanes sides;
    private final PresentationLayout layout;
    private final javafx.beans.property.BooleanProperty presentation =
            new javafx.beans.property.SimpleBooleanProperty(this, "presentation");
    private final javafx.beans.property.BooleanProperty sidePanesShown =
            new javafx.beans.property.SimpleBooleanProperty(this, "sidePanesShown", true);
    private final java.util.List<javafx.scene.Node> highlighted = new java.util.ArrayList<>();
    private final org.initscope.controller.TrainingSession trainingSession;

    public MainView(NetworkSession session, org.initscope.controller.TrainingSession trainingSession,
            Dialogs dialogs) {
        this.session = session;
        this.dialogs = dialogs;
        this.trainingSession = trainingSession;
        setId("mainView");
        getStyleClass().add("main-view");
        network = new NetworkPanel(session);
        inspector = new InspectorPanel(session);
        charts = new ChartsPanel(session);
        messages = new MessageBar(session);
        status = new StatusBar(session);
        exporter = new Exporter(session, dialogs, () -> getScene() == null ? null : getScene().getWindow());

        left = new ScrollPane(network);
        left.setFitToWidth(true);
        left.setFitToHeight(true);
        left.getStyleClass().add("side-pane");
        right = new ScrollPane(inspector);
        right.setFitToWidth(true);
        right.getStyleClass().add("side-pane");
        var exploreScroll = new ScrollPane(charts);
        exploreScroll.setFitToWidth(true);
        exploreScroll.setFitToHeight(true);
        exploreScroll.getStyleClass().add("chart-scroll");
        var explore = new javafx.scene.control.Tab("Explore", exploreScroll);
        explore.setId("exploreTab");
        explore.setGraphic(new FontIcon("mdmz-show_chart"));
        var train = new javafx.scene.control.Tab("Train", new javafx.scene.layout.StackPane());
        trainTab = train;
        train.setId("trainTab");
        train.setGraphic(new FontIcon("mdmz-school"));
        comparison = new org.initscope.controller.ComparisonSession(session, trainingSession,
                javafx.application.Platform::runLater);
        compareTab = new javafx.scene.control.Tab("Compare", new javafx.scene.layout.StackPane());
        compareTab.setId("compareTab");
        compareTab.setGraphic(new FontIcon("mdmz-view_column"));
        compareTab.selectedProperty().addListener((o, a, b) -> {
            if (b || compare != null) {
                comparePanel().setShown(b);
            }
        });
        train.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                trainingPanel();
            }
        });
        // sweeps over many networks: built when first shown
        experimentsTab = new javafx.scene.control.Tab("Experiments", new javafx.scene.layout.StackPane());
        experimentsTab.setId("experimentsTab");
        experimentsTab.setGraphic(new FontIcon("mdal-grid_on"));
        experimentsTab.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                experimentsPanel();
            }
        });
        modes.getTabs().addAll(explore, train, compareTab, experimentsTab);
        modes.setId("modeTabs");
        modes.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        modes.getStyleClass().add("mode-tabs");
        train.selectedProperty().addListener((o, a, b) -> trainingSession.setActive(b));
        // in the Train tab the inspector also says how the selected layer is trained (the data sets its input)
        Runnable trained = () -> {
            var st = trainingSession.state();
            inspector.setTrained(train.isSelected() && st != null ? st.layers() : null);
        };
        train.selectedProperty().addListener((o, a, b) -> trained.run());
        trainingSession.stateProperty().addListener((o, a, b) -> {
            if (train.isSelected() && (a == null || b == null || a.layers() != b.layers())) {
                trained.run();
            }
        });
        lessons = new org.initscope.controller.LessonSession(session, trainingSession,
                javafx.application.Platform::runLater);
        lessonBar = new LessonBar(lessons);
        var centre = new javafx.scene.layout.BorderPane(modes);
        centre.setTop(new VBox(lessonBar, messages));
        split = new SplitPane();
        sides = new SidePanes(split, left, right, centre);
        // a narrow window: one sidebar with a tab each for the network and the inspector
        sides.compactProperty().bind(widthProperty().lessThan(SidePanes.COMPACT_WIDTH));
        sides.shownProperty().bindBidirectional(sidePanesShown);
        layout = new PresentationLayout(this, centre);

        setTop(menus());
        setCenter(split);
        setBottom(status);
        if (org.initscope.i18n.I18n.chinese()) {
            // a CJK face first; Latin text and symbols fall back to the same fonts
            getStyleClass().add("lang-zh");
        }
        UiText.translate(this);
        UiText.translate(menuBar);
        UiText.translate(sides.sidebar());

        lessons.stepProperty().addListener((o, a, step) -> showStep(step));
        // presenting: large type and thick lines; the charts a step points at get the room (PresentationLayout)
        presentation.addListener((o, a, on) -> {
            if (on) {
                getStyleClass().add("presentation");
            } else {
                getStyleClass().remove("presentation");
            }
            sidePanesShown.set(!on);
            layout.update();
        });

        // a config file dropped on the window opens it
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
        });
        setOnDragDropped(e -> {
            var files = e.getDragboard().getFiles();
            if (!files.isEmpty() && confirmDiscard()) {
                session.open(files.get(0).toPath());
            }
            e.setDropCompleted(!files.isEmpty());
        });
    }

    private MenuBar menus() {
        var file = new Menu("File");
        MenuItem newItem = item("New", "mdal-insert_drive_file", "Shortcut+N", this::newNetwork);
        MenuItem open = item("Open…", "mdal-folder_open", "Shortcut+O", this::open);
        MenuItem save = item("Save", "mdmz-save", "Shortcut+S", this::save);
        MenuItem saveAs = item("Save As…", null, "Shortcut+Shift+S", this::saveAs);
        MenuItem quit = item("Quit", null, "Shortcut+Q", () -> {
            Window w = getScene().getWindow();
            w.fireEvent(new javafx.stage.WindowEvent(w, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        });
        var recent = new Menu("Open Recent", new FontIcon("mdal-history"));
        recent.setId("recentMenu");
        fillRecent(recent);
        file.setOnShowing(e -> fillRecent(recent));
        file.getItems().addAll(newItem, open, recent, save, saveAs, new SeparatorMenuItem(), exportMenu(),
                new SeparatorMenuItem(), quit);

        var edit = new Menu("Edit");
        edit.setId("editMenu");
        MenuItem undo = item("Undo", "mdmz-undo", "Shortcut+Z", () -> session.undo().ifPresent(this::say));
        undo.setId("undoItem");
        undo.disableProperty().bind(session.canUndoProperty().not().or(session.lockedProperty()));
        MenuItem redo = item("Redo", "mdmz-redo", "Shortcut+Shift+Z", () -> session.redo().ifPresent(this::say));
        redo.setId("redoItem");
        redo.disableProperty().bind(session.canRedoProperty().not().or(session.lockedProperty()));
        // Ctrl+Y as well, as many Windows programs do
        MenuItem redoY = item("Redo (Ctrl+Y)", null, "Shortcut+Y", () -> session.redo().ifPresent(this::say));
        redoY.setVisible(false);
        edit.getItems().addAll(undo, redo, redoY);

        var presets = new Menu("Presets");
        presets.setId("presetsMenu");
        var groups = new LinkedHashMap<String, Menu>();
        for (Presets.Preset p : Presets.all()) {
            Menu g = groups.computeIfAbsent(p.group(), Menu::new);
            var item = new MenuItem(p.title());
            item.setId("preset-" + p.file().replace(".json", ""));
            item.setOnAction(e -> loadPreset(p));
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

        var view = new Menu("View");
        var group = new ToggleGroup();
        for (Quantity q : session.histogramQuantities()) {
            var r = new RadioMenuItem(q.label());
            r.setToggleGroup(group);
            r.setSelected(q == session.quantityProperty().get());
            r.setOnAction(e -> session.quantityProperty().set(q));
            session.quantityProperty().addListener((o, a, b) -> r.setSelected(b == q));
            view.getItems().add(r);
        }
        view.getItems().add(new SeparatorMenuItem());
        var present = new javafx.scene.control.CheckMenuItem("Presentation mode", new FontIcon("mdmz-slideshow"));
        present.setId("presentationItem");
        present.setAccelerator(KeyCombination.keyCombination("F5"));
        present.selectedProperty().bindBidirectional(presentation);
        var panes = new javafx.scene.control.CheckMenuItem("Show network and inspector");
        panes.setId("sidePanesItem");
        panes.setAccelerator(KeyCombination.keyCombination("F6"));
        panes.selectedProperty().bindBidirectional(sidePanesShown);
        var lock = new javafx.scene.control.CheckMenuItem("Lock editing", new FontIcon("mdal-lock"));
        lock.setId("lockItem");
        lock.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+L"));
        lock.selectedProperty().bindBidirectional(session.lockedProperty());
        view.getItems().addAll(present, panes, lock, new SeparatorMenuItem(), themeMenu(), languageMenu());

        var lessonMenu = new Menu("Lessons");
        lessonMenu.setId("lessonsMenu");
        java.util.List<org.initscope.config.Scenario> builtIn = org.initscope.config.Scenarios.builtIn();
        for (int i = 0; i < builtIn.size(); i++) {
            var lesson = builtIn.get(i);
            var m = new MenuItem((i + 1) + ". " + org.initscope.i18n.I18n.t(lesson.title()));
            m.setId("lesson-" + org.initscope.config.Scenarios.BUILT_IN.get(i).replace(".json", ""));
            m.setOnAction(e -> startLesson(lesson));
            lessonMenu.getItems().add(m);
        }
        var next = item("Next step", "mdal-arrow_forward", "Shortcut+RIGHT", lessons::next);
        next.disableProperty().bind(lessons.hasNextProperty().not());
        var back = item("Previous step", "mdal-arrow_back", "Shortcut+LEFT", lessons::previous);
        back.disableProperty().bind(lessons.hasPreviousProperty().not());
        var end = item("End lesson", "mdal-close", null, lessons::stop);
        end.disableProperty().bind(lessons.lessonProperty().isNull());
        var exportLesson = item("Export lesson…", "mdal-image", null, () -> LessonExport.ask(this, dialogs, session));
        exportLesson.setId("exportLessonItem");
        lessonMenu.getItems().addAll(new SeparatorMenuItem(),
                item("Open lesson file…", "mdal-folder_open", null, this::openLesson), next, back, end,
                new SeparatorMenuItem(), exportLesson);

        var help = new Menu("Help");
        var shortcuts = item("Keyboard shortcuts", "mdal-keyboard", "F1", () -> HelpDialog.shortcuts(this, menuBar));
        shortcuts.setId("shortcutsItem");
        var formulas = item("Formulas and references", "mdal-functions", "Shift+F1", () -> HelpDialog.formulas(this));
        formulas.setId("formulasItem");
        // the classic papers, reproduced in the Experiments mode with their checked numbers
        var reproduce = new Menu("Reproduce", new FontIcon("mdmz-science"));
        reproduce.setId("reproduceMenu");
        for (var r : org.initscope.engine.sweep.Reproductions.all()) {
            var it = new MenuItem(r.title());
            it.setId("reproduce-" + r.id());
            it.setOnAction(e -> {
                showMode(3);
                experimentsPanel().reproduce(r);
            });
            reproduce.getItems().add(it);
        }
        help.getItems().addAll(shortcuts, formulas, reproduce, new SeparatorMenuItem(),
                item("About InitScope", "mdal-info", null, () -> dialogs.about(getScene().getWindow())));
        layer.disableProperty().bind(session.lockedProperty());
        var bar = new MenuBar(file, edit, presets, layer, view, lessonMenu, help);
        bar.setId("menuBar");
        // names show as written: "kaiming_normal(mode='fan_out')" keeps its underscores (no mnemonic parsing)
        bar.getMenus().forEach(MainView::plainText);
        menuBar = bar;
        return bar;
    }

    private MenuBar menuBar;

    /** A menu item and everything under it without mnemonic parsing, also for items added later. */
    private static void plainText(MenuItem i) {
        i.setMnemonicParsing(false);
        if (i instanceof Menu m) {
            m.getItems().forEach(MainView::plainText);
            m.getItems().addListener((javafx.collections.ListChangeListener<MenuItem>) c -> {
                while (c.next()) {
                    c.getAddedSubList().forEach(MainView::plainText);
                }
            });
        }
    }

    /** The recent files, newest first; a file that no longer exists is left out. */
    private void fillRecent(Menu recent) {
        recent.getItems().clear();
        var files = org.initscope.controller.AppSettings.get().recentFiles();
        for (int i = 0; i < files.size(); i++) {
            java.nio.file.Path p = files.get(i);
            var parent = p.getParent() == null ? "" : "  —  " + p.getParent();
            var m = new MenuItem(org.initscope.model.Printable.of((i + 1) + "  " + p.getFileName() + parent));
            m.setId("recent-" + i);
            m.setMnemonicParsing(false);
            m.setOnAction(e -> {
                if (confirmDiscard()) {
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
                    () -> org.initscope.controller.AppSettings.get().clearRecent()));
        }
    }

    private void say(String message) {
        session.report(message);
    }

    /** View ▸ Language: the window is rebuilt in the new language; the network, file and results stay. */
    private Menu languageMenu() {
        var menu = new Menu("Language", new FontIcon("mdmz-translate"));
        menu.setId("languageMenu");
        var group = new ToggleGroup();
        for (var l : org.initscope.i18n.I18n.Language.values()) {
            var r = new RadioMenuItem(l.label());
            r.setId("language-" + l.tag());
            r.setToggleGroup(group);
            r.setSelected(org.initscope.i18n.I18n.language() == l);
            r.setOnAction(e -> switchLanguage(l));
            menu.getItems().add(r);
        }
        return menu;
    }

    /** Rebuild the window in another language; returns the new view (the old one is closed). */
    public MainView switchLanguage(org.initscope.i18n.I18n.Language l) {
        org.initscope.i18n.I18n.setLanguage(l);
        org.initscope.controller.AppSettings.get().setLanguage(l.tag());
        var scene = getScene();
        if (scene == null) {
            return this;
        }
        var fresh = new MainView(session, trainingSession, dialogs);
        fresh.presentation.set(presentation.get());
        close();
        scene.setRoot(fresh);
        Theme.apply(Theme.current(), scene);
        if (scene.getWindow() instanceof javafx.stage.Stage stage) {
            stage.titleProperty().unbind();
            stage.titleProperty().bind(fresh.titleBinding());
        }
        if (rebuilt != null) {
            rebuilt.accept(fresh);
        }
        return fresh;
    }

    private java.util.function.Consumer<MainView> rebuilt;

    /** Told the new view after a language switch (the app keeps a reference to the current one). */
    public void setOnRebuilt(java.util.function.Consumer<MainView> c) {
        rebuilt = c;
    }

    /** View ▸ Theme: light or dark, remembered for the next start. */
    private Menu themeMenu() {
        var menu = new Menu("Theme");
        var group = new ToggleGroup();
        for (Theme t : Theme.values()) {
            var r = new RadioMenuItem(t.label());
            r.setId("theme-" + t.name().toLowerCase(java.util.Locale.ROOT));
            r.setUserData(t);
            r.setToggleGroup(group);
            r.setSelected(Theme.current() == t);
            r.setOnAction(e -> {
                Theme.apply(t, getScene());
                org.initscope.controller.AppSettings.get().setTheme(t.name());
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
        MenuItem depth = item("Depth chart as PNG…", null, null, () -> exporter.png("depth chart", "depth",
                charts.depthChart(), () -> showMode(0)));
        depth.setId("exportDepth");
        MenuItem hist = item("Histograms as PNG…", null, null, () -> exporter.png("histograms", "histograms",
                charts.histogramGrid(), () -> {
                    showMode(0);
                    charts.showView("histograms");
                }));
        hist.setId("exportHistograms");
        MenuItem ridge = item("Ridgeline as PNG…", null, null, () -> exporter.png("ridgeline", "ridgeline",
                charts.ridgeline(), () -> {
                    showMode(0);
                    charts.showView("ridgeline");
                }));
        ridge.setId("exportRidgeline");
        MenuItem dash = item("Dashboard as PNG…", null, null, () -> exporter.png("dashboard", "dashboard", charts,
                () -> showMode(0)));
        dash.setId("exportDashboard");
        MenuItem csv = item("Layer statistics as CSV…", null, null, exporter::csv);
        csv.setId("exportCsv");
        MenuItem npy = item("Weights as NumPy .npy…", null, null, exporter::npy);
        npy.setId("exportNpy");
        export.getItems().addAll(depth, hist, ridge, dash, new SeparatorMenuItem(), csv, npy);
        return export;
    }

    /** File ▸ Export's actions (tests call them as the menu does). */
    public Exporter exporter() {
        return exporter;
    }

    private static MenuItem item(String text, String icon, String accelerator, Runnable action) {
        var m = new MenuItem(text, icon == null ? null : new FontIcon(icon));
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    /** Start a lesson (asking first if there are unsaved changes, which the lesson's networks replace). */
    public void startLesson(org.initscope.config.Scenario lesson) {
        if (confirmDiscard()) {
            lessons.start(lesson);
        }
    }

    public void openLesson() {
        if (confirmDiscard()) {
            dialogs.chooseOpen(getScene().getWindow()).ifPresent(lessons::open);
        }
    }

    /** Show a lesson step: its mode and view, and the parts it asks to look at, highlighted. */
    private void showStep(org.initscope.config.Scenario.Step step) {
        highlighted.forEach(n -> n.getStyleClass().remove("lesson-look"));
        highlighted.clear();
        if (step == null) {
            layout.update();
            return;
        }
        if (step.compare() != null) {
            comparison.counterpartProperty().set(step.compare());
        }
        // the Train and Compare panels are built on first use: build them before looking for their parts
        if (step.mode().equals("train")) {
            trainingPanel();
        } else if (step.mode().startsWith("compare")) {
            comparePanel();
        }
        showMode(switch (step.mode()) {
            case "train" -> 1;
            case "compare", "compare-train" -> 2;
            default -> 0;
        });
        if (step.mode().startsWith("compare")) {
            comparePanel().tabs().getSelectionModel().select(step.mode().equals("compare-train") ? 1 : 0);
        }
        if (!step.view().isEmpty()) {
            charts.showView(step.view());
        }
        // presenting: the parts the step points at get the room (and hidden panes it needs come back) before they
        // are looked up; a panel built just now has no skins yet: lay it out so that its parts can be found
        layout.update();
        applyCss();
        layout();
        for (String id : step.look()) {
            for (javafx.scene.Node n : lookupAll("#" + id)) {
                n.getStyleClass().add("lesson-look");
                highlighted.add(n);
            }
        }
        layout.update();
    }

    /** The parts the current lesson step highlights. */
    public java.util.List<javafx.scene.Node> highlighted() {
        return java.util.List.copyOf(highlighted);
    }

    public org.initscope.controller.LessonSession lessons() {
        return lessons;
    }

    public LessonBar lessonBar() {
        return lessonBar;
    }

    public javafx.beans.property.BooleanProperty presentationProperty() {
        return presentation;
    }

    /** The Explore / Train / Compare tabs (a lesson export draws them for the handout). */
    javafx.scene.Node modesPane() {
        return modes;
    }

    /** How the network and inspector panes sit beside the charts. */
    public SidePanes sidePanes() {
        return sides;
    }

    /** The built Train panel, or null before the Train tab is first shown. */
    org.initscope.view.train.TrainingPanel trainingPanelIfBuilt() {
        return training;
    }

    /** The built Compare panel, or null before the Compare tab is first shown. */
    org.initscope.view.compare.ComparePanel comparePanelIfBuilt() {
        return compare;
    }

    public javafx.beans.property.BooleanProperty sidePanesShownProperty() {
        return sidePanesShown;
    }

    /** True when there is nothing unsaved, or the user saved it or chose not to. */
    public boolean confirmDiscard() {
        if (!session.isDirty()) {
            return true;
        }
        String what = org.initscope.model.Printable.of(session.fileProperty().get() == null ? "\""
                + session.spec().name() + "\"" : session.fileProperty().get().getFileName().toString());
        return switch (dialogs.askToSave(getScene().getWindow(), what)) {
            // saved (a cancelled Save As or a failed save keeps the changes and stops here)
            case SAVE -> save();
            case DONT_SAVE -> true;
            case CANCEL -> false;
        };
    }

    public void newNetwork() {
        if (confirmDiscard()) {
            session.replace(NetworkSpec.defaultNetwork(), null);
        }
    }

    public void loadPreset(Presets.Preset p) {
        if (confirmDiscard()) {
            // the x-range that shows the preset's story (a collapse is only seen on a shared range)
            session.sharedRangeProperty().set(p.sharedRange());
            session.replace(p.load(), null);
        }
    }

    public void open() {
        if (!confirmDiscard()) {
            return;
        }
        dialogs.chooseOpen(getScene().getWindow()).ifPresent(session::open);
    }

    public boolean save() {
        Path f = session.fileProperty().get();
        if (f == null) {
            return saveAs();
        }
        return session.save(f).isEmpty();
    }

    public boolean saveAs() {
        String name = session.spec().name().isBlank() ? "network" : session.spec().name();
        Optional<Path> target = dialogs.chooseSave(getScene().getWindow(),
                name.replaceAll("[^A-Za-z0-9_.-]+", "-") + ".json");
        return target.map(p -> session.save(p).isEmpty()).orElse(false);
    }

    /** "InitScope — name (file.json) •": the file and whether there are unsaved changes. */
    public StringBinding titleBinding() {
        return Bindings.createStringBinding(() -> {
            Path f = session.fileProperty().get();
            String name = session.spec().name();
            String t = "InitScope — " + (name.isBlank() ? "untitled" : name);
            if (f != null) {
                t += " (" + f.getFileName() + ")";
            }
            // a name or file name from a file never sends control characters to the window manager
            return org.initscope.model.Printable.of(t + (session.isDirty() ? " •" : ""));
        }, session.fileProperty(), session.dirtyProperty(), session.specProperty());
    }

    public NetworkPanel networkPanel() {
        return network;
    }

    public InspectorPanel inspector() {
        return inspector;
    }

    public ChartsPanel charts() {
        return charts;
    }

    public MessageBar messageBar() {
        return messages;
    }

    public StatusBar statusBar() {
        return status;
    }

    public org.initscope.view.train.TrainingPanel trainingPanel() {
        if (training == null) {
            training = new org.initscope.view.train.TrainingPanel(trainingSession);
            trainTab.setContent(training);
            UiText.translate(training);
        }
        return training;
    }

    public org.initscope.controller.ComparisonSession comparison() {
        return comparison;
    }

    public org.initscope.view.compare.ComparePanel comparePanel() {
        if (compare == null) {
            compare = new org.initscope.view.compare.ComparePanel(comparison);
            compareTab.setContent(compare);
            UiText.translate(compare);
        }
        return compare;
    }

    public org.initscope.view.experiments.ExperimentsPanel experimentsPanel() {
        if (experimentsPanel == null) {
            experimentsPanel = new org.initscope.view.experiments.ExperimentsPanel(experiments, session,
                    trainingSession, dialogs, () -> getScene() == null ? null : getScene().getWindow());
            experimentsTab.setContent(experimentsPanel);
            UiText.translate(experimentsPanel);
        }
        return experimentsPanel;
    }

    /** Stop the comparison's threads and a running sweep (the window is closing). */
    public void close() {
        comparison.close();
        experiments.close();
        exporter.close();
    }

    /** Show the Explore (0), Train (1), Compare (2) or Experiments (3) mode. */
    public void showMode(int index) {
        modes.getSelectionModel().select(index);
    }
}
