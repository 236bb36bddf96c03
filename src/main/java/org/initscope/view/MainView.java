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
    private final org.initscope.view.train.TrainingPanel training;
    private final javafx.scene.control.TabPane modes = new javafx.scene.control.TabPane();

    public MainView(NetworkSession session, org.initscope.controller.TrainingSession trainingSession,
            Dialogs dialogs) {
        this.session = session;
        this.dialogs = dialogs;
        setId("mainView");
        getStyleClass().add("main-view");
        network = new NetworkPanel(session);
        inspector = new InspectorPanel(session);
        charts = new ChartsPanel(session);
        messages = new MessageBar(session);
        status = new StatusBar(session);

        var left = new ScrollPane(network);
        left.setFitToWidth(true);
        left.setFitToHeight(true);
        left.getStyleClass().add("side-pane");
        var right = new ScrollPane(inspector);
        right.setFitToWidth(true);
        right.getStyleClass().add("side-pane");
        training = new org.initscope.view.train.TrainingPanel(trainingSession);
        var explore = new javafx.scene.control.Tab("Explore", charts);
        explore.setId("exploreTab");
        explore.setGraphic(new FontIcon("mdmz-show_chart"));
        var train = new javafx.scene.control.Tab("Train", training);
        train.setId("trainTab");
        train.setGraphic(new FontIcon("mdmz-school"));
        modes.getTabs().addAll(explore, train);
        modes.setId("modeTabs");
        modes.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        modes.getStyleClass().add("mode-tabs");
        train.selectedProperty().addListener((o, a, b) -> trainingSession.setActive(b));
        var centre = new VBox(messages, modes);
        VBox.setVgrow(modes, javafx.scene.layout.Priority.ALWAYS);
        var split = new SplitPane(left, centre, right);
        split.setDividerPositions(0.245, 0.77);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        left.setMinWidth(330);
        right.setMinWidth(330);

        setTop(menus());
        setCenter(split);
        setBottom(status);

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
        file.getItems().addAll(newItem, open, save, saveAs, new SeparatorMenuItem(), quit);

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

        var layer = new Menu("Layer");
        layer.getItems().addAll(
                item("Add layer", "mdal-add", "Shortcut+L", () -> session.addLayer()),
                item("Duplicate layer", "mdal-content_copy", "Shortcut+D", () -> session.duplicateLayer()),
                item("Remove layer", "mdal-delete", "Shortcut+BACK_SPACE", () -> session.removeLayer()),
                item("Move up", "mdal-arrow_upward", "Alt+UP",
                        () -> session.moveLayer(session.selected(), session.selected() - 1)),
                item("Move down", "mdal-arrow_downward", "Alt+DOWN",
                        () -> session.moveLayer(session.selected(), session.selected() + 1)),
                new SeparatorMenuItem(),
                item("Use this initializer on all layers", null, null, () -> session.applyInitToAll()),
                item("Use this activation on all layers", null, null, () -> session.applyActivationToAll()),
                item("Use this bias on all layers", null, null, () -> session.applyBiasToAll()),
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
        var help = new Menu("Help");
        help.getItems().add(item("About InitScope", "mdal-info", "F1", () -> dialogs.about(getScene().getWindow())));
        var bar = new MenuBar(file, presets, layer, view, help);
        bar.setId("menuBar");
        return bar;
    }

    private static MenuItem item(String text, String icon, String accelerator, Runnable action) {
        var m = new MenuItem(text, icon == null ? null : new FontIcon(icon));
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    /** True when there is nothing unsaved, or the user agrees to drop it. */
    public boolean confirmDiscard() {
        if (!session.isDirty()) {
            return true;
        }
        String what = session.fileProperty().get() == null ? "\"" + session.spec().name() + "\""
                : session.fileProperty().get().getFileName().toString();
        return dialogs.confirmDiscard(getScene().getWindow(), what);
    }

    public void newNetwork() {
        if (confirmDiscard()) {
            session.replace(NetworkSpec.defaultNetwork(), null);
        }
    }

    public void loadPreset(Presets.Preset p) {
        if (confirmDiscard()) {
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
            return t + (session.isDirty() ? " •" : "");
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
        return training;
    }

    /** Show the Explore (0) or the Train (1) mode. */
    public void showMode(int index) {
        modes.getSelectionModel().select(index);
    }
}
