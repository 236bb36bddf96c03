package org.initscope.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.initscope.config.Mode;
import org.initscope.config.Scenario;
import org.initscope.config.View;
import org.initscope.controller.AppSettings;
import org.initscope.controller.ComparisonSession;
import org.initscope.controller.ExportService;
import org.initscope.controller.LessonSession;
import org.initscope.controller.NetworkSession;
import org.initscope.controller.Sessions;
import org.initscope.controller.TrainingSession;
import org.initscope.engine.Quantity;
import org.initscope.i18n.I18n;
import org.initscope.view.compare.ComparePanel;
import org.initscope.view.experiments.ExperimentsPanel;
import org.initscope.view.inspector.InspectorPanel;
import org.initscope.view.train.TrainingPanel;
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
    private TrainingPanel training;
    private Tab trainTab;
    private final TabPane modes = new TabPane();
    private final LessonSession lessons;
    private final ComparisonSession comparison;
    private ComparePanel compare;
    private Tab compareTab;
    private ExperimentsPanel experimentsPanel;
    private final Tab experimentsTab;
    private final LessonBar lessonBar;
    private final Exporter exporter;
    private final NetworkFiles files;
    private final SplitPane split;
    private final ScrollPane left;
    private final ScrollPane right;
    private final SidePanes sides;
    private final PresentationLayout layout;
    private final BooleanProperty presentation = new SimpleBooleanProperty(this, "presentation");
    private final BooleanProperty sidePanesShown = new SimpleBooleanProperty(this, "sidePanesShown", true);
    private final List<Node> highlighted = new ArrayList<>();
    private final TrainingSession trainingSession;

    private final Sessions sessions;
    private final MenuBar menuBar;
    /** Shows each new lesson step; removed when this view is replaced ({@link #dispose()}). */
    private final ChangeListener<Scenario.Step> stepShown = (o, a, step) -> showStep(step);

    /**
     * The window's content around the application's sessions: it keeps no state of its own that a session should
     * hold, so that it can be built again (a language switch) without losing the lesson, the comparison or the run.
     */
    public MainView(Sessions sessions, Dialogs dialogs) {
        this.sessions = sessions;
        this.session = sessions.network();
        this.dialogs = dialogs;
        this.trainingSession = sessions.training();
        setId("mainView");
        getStyleClass().add("main-view");
        network = new NetworkPanel(session);
        inspector = new InspectorPanel(session);
        charts = new ChartsPanel(session);
        messages = new MessageBar(session);
        status = new StatusBar(session);
        exporter = new Exporter(session, sessions.exports(), dialogs,
                () -> getScene() == null ? null : getScene().getWindow());
        files = new NetworkFiles(session, dialogs, () -> getScene() == null ? null : getScene().getWindow());

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
        var explore = new Tab("Explore", exploreScroll);
        explore.setId("exploreTab");
        explore.setGraphic(new FontIcon("mdmz-show_chart"));
        var train = new Tab("Train", new StackPane());
        trainTab = train;
        train.setId("trainTab");
        train.setGraphic(new FontIcon("mdmz-school"));
        comparison = sessions.comparison();
        compareTab = new Tab("Compare", new StackPane());
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
        experimentsTab = new Tab("Experiments", new StackPane());
        experimentsTab.setId("experimentsTab");
        experimentsTab.setGraphic(new FontIcon("mdal-grid_on"));
        experimentsTab.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                experimentsPanel();
            }
        });
        modes.getTabs().addAll(explore, train, compareTab, experimentsTab);
        modes.setId("modeTabs");
        modes.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
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
        lessons = sessions.lessons();
        lessonBar = new LessonBar(lessons);
        var centre = new BorderPane(modes);
        centre.setTop(new VBox(lessonBar, messages));
        split = new SplitPane();
        sides = new SidePanes(split, left, right, centre);
        // a narrow window: one sidebar with a tab each for the network and the inspector
        sides.compactProperty().bind(widthProperty().lessThan(SidePanes.COMPACT_WIDTH));
        sides.shownProperty().bindBidirectional(sidePanesShown);
        layout = new PresentationLayout(this, centre);

        menuBar = new Menus(this, session, lessons, dialogs).bar();
        setTop(menuBar);
        setCenter(split);
        setBottom(status);
        if (I18n.chinese()) {
            // a CJK face first; Latin text and symbols fall back to the same fonts
            getStyleClass().add("lang-zh");
        }
        UiText.translate(this);
        UiText.translate(menuBar);
        UiText.translate(sides.sidebar());

        lessons.stepProperty().addListener(stepShown);
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
            var dropped = e.getDragboard().getFiles();
            if (!dropped.isEmpty() && confirmDiscard()) {
                session.open(dropped.get(0).toPath());
            }
            e.setDropCompleted(!dropped.isEmpty());
        });
    }

    /** Rebuild the window in another language; returns the new view (the old one is closed). */
    public MainView switchLanguage(I18n.Language l) {
        I18n.setLanguage(l);
        AppSettings.get().setLanguage(l.tag());
        var scene = getScene();
        if (scene == null) {
            return this;
        }
        var fresh = new MainView(sessions, dialogs);
        fresh.presentation.set(presentation.get());
        fresh.sidePanesShown.set(sidePanesShown.get());
        // what the window showed: the mode and the Explore view
        fresh.charts.showView(charts.view());
        fresh.showMode(mode());
        dispose();
        scene.setRoot(fresh);
        Theme.apply(Theme.current(), scene);
        if (lessons.stepProperty().get() != null) {
            // during a lesson: the step's highlights come back (once the new view has its skins), and what the
            // class chose since the step began (network B, the mode) stays
            fresh.highlight(lessons.stepProperty().get());
        }
        if (scene.getWindow() instanceof Stage stage) {
            stage.titleProperty().unbind();
            stage.titleProperty().bind(fresh.titleBinding());
        }
        // the next switch, from the new view, tells the same listener (before, only the first switch did)
        fresh.rebuilt = rebuilt;
        if (rebuilt != null) {
            rebuilt.accept(fresh);
        }
        return fresh;
    }

    private Consumer<MainView> rebuilt;

    /** Told the new view after a language switch (the app keeps a reference to the current one). */
    public void setOnRebuilt(Consumer<MainView> c) {
        rebuilt = c;
    }

    /** File ▸ Export's actions (tests call them as the menu does). */
    /** The window's export worker (File ▸ Export, Lessons ▸ Export lesson…). */
    ExportService exports() {
        return sessions.exports();
    }

    public Exporter exporter() {
        return exporter;
    }

    /** Start a lesson (asking first if there are unsaved changes, which the lesson's networks replace). */
    public void startLesson(Scenario lesson) {
        if (confirmDiscard()) {
            lessons.start(lesson);
        }
    }

    public void openLesson() {
        if (confirmDiscard()) {
            dialogs.chooseOpen(getScene().getWindow()).ifPresent(lessons::open);
        }
    }

    /** Show a new lesson step: its network B, mode and view, and the parts it asks to look at, highlighted. */
    private void showStep(Scenario.Step step) {
        if (step != null) {
            if (step.compare() != null) {
                comparison.counterpartProperty().set(step.compare());
            }
            showMode(step.mode());
            if (step.view() != null) {
                charts.showView(step.view());
            }
        }
        highlight(step);
    }

    /** Highlight the parts {@code step} asks to look at (none when it is null). */
    private void highlight(Scenario.Step step) {
        highlighted.forEach(n -> n.getStyleClass().remove("lesson-look"));
        highlighted.clear();
        if (step == null) {
            layout.update();
            return;
        }
        // the Train and Compare panels are built on first use: build them before looking for their parts
        if (step.mode() == Mode.TRAIN) {
            trainingPanel();
        } else if (step.mode().compares()) {
            comparePanel();
        }
        // presenting: the parts the step points at get the room (and hidden panes it needs come back) before they
        // are looked up; a panel built just now has no skins yet: lay it out so that its parts can be found
        layout.update();
        applyCss();
        layout();
        for (String id : step.look()) {
            for (Node n : lookupAll("#" + id)) {
                n.getStyleClass().add("lesson-look");
                highlighted.add(n);
            }
        }
        layout.update();
    }

    /** The parts the current lesson step highlights. */
    public List<Node> highlighted() {
        return List.copyOf(highlighted);
    }

    public LessonSession lessons() {
        return lessons;
    }

    public LessonBar lessonBar() {
        return lessonBar;
    }

    public BooleanProperty presentationProperty() {
        return presentation;
    }

    /** The Explore / Train / Compare tabs (a lesson export draws them for the handout). */
    Node modesPane() {
        return modes;
    }

    /** How the network and inspector panes sit beside the charts. */
    public SidePanes sidePanes() {
        return sides;
    }

    /** The built Train panel, or null before the Train tab is first shown. */
    TrainingPanel trainingPanelIfBuilt() {
        return training;
    }

    /** The built Compare panel, or null before the Compare tab is first shown. */
    ComparePanel comparePanelIfBuilt() {
        return compare;
    }

    public BooleanProperty sidePanesShownProperty() {
        return sidePanesShown;
    }

    /** File ▸ New, Open, Save, Save As and the presets (asking before unsaved changes are replaced). */
    public NetworkFiles files() {
        return files;
    }

    /** True when there is nothing unsaved, or the user saved it or chose not to. */
    public boolean confirmDiscard() {
        return files.confirmDiscard();
    }

    /** The window's title: the network, its file and whether it has unsaved changes. */
    public StringBinding titleBinding() {
        return files.titleBinding();
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

    public TrainingPanel trainingPanel() {
        if (training == null) {
            training = new TrainingPanel(trainingSession);
            trainTab.setContent(training);
            UiText.translate(training);
        }
        return training;
    }

    public ComparisonSession comparison() {
        return comparison;
    }

    public ComparePanel comparePanel() {
        if (compare == null) {
            compare = new ComparePanel(comparison);
            compareTab.setContent(compare);
            UiText.translate(compare);
        }
        return compare;
    }

    public ExperimentsPanel experimentsPanel() {
        if (experimentsPanel == null) {
            experimentsPanel = new ExperimentsPanel(sessions.experiments(), session,
                    trainingSession, dialogs, () -> getScene() == null ? null : getScene().getWindow());
            experimentsTab.setContent(experimentsPanel);
            UiText.translate(experimentsPanel);
        }
        return experimentsPanel;
    }

    /**
     * This view is replaced (a language switch): it stops following the lesson. The sessions stay with the
     * application, which closes them with the window.
     */
    public void dispose() {
        lessons.stepProperty().removeListener(stepShown);
    }

    /** The mode shown: Explore, Train, Compare with its networks or their training, or Experiments. */
    public Mode mode() {
        return switch (modes.getSelectionModel().getSelectedIndex()) {
            case 1 -> Mode.TRAIN;
            case 2 -> compare != null && compare.tabs().getSelectionModel().getSelectedIndex() == 1
                    ? Mode.COMPARE_TRAIN : Mode.COMPARE;
            case 3 -> Mode.EXPERIMENTS;
            default -> Mode.EXPLORE;
        };
    }

    /** Show a mode (the Train, Compare and Experiments panels are built on first use). */
    public void showMode(Mode mode) {
        if (mode == Mode.TRAIN) {
            trainingPanel();
        }
        modes.getSelectionModel().select(switch (mode) {
            case EXPLORE -> 0;
            case TRAIN -> 1;
            case COMPARE, COMPARE_TRAIN -> 2;
            case EXPERIMENTS -> 3;
        });
        if (mode.compares()) {
            comparePanel().tabs().getSelectionModel().select(mode == Mode.COMPARE_TRAIN ? 1 : 0);
        }
    }
}
