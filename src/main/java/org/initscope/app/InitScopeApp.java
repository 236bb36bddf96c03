package org.initscope.app;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.util.Duration;
import org.initscope.Launcher;
import org.initscope.config.Mode;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.controller.AppSettings;
import org.initscope.controller.Autosave;
import org.initscope.controller.NetworkSession;
import org.initscope.controller.Sessions;
import org.initscope.engine.KernelWarmUp;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.sweep.Reproductions;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.i18n.I18n;
import org.initscope.model.NetworkSpec;
import org.initscope.view.Dialogs;
import org.initscope.view.MainView;
import org.initscope.view.Theme;

/**
 * The desktop app. The engine starts on its background thread while the window is built, and the window is
 * shown when the first result is in (or after 8 s at the latest), so that its first frame has real charts.
 */
public final class InitScopeApp extends Application {
    private Autosave autosave;
    /** A dead window's copy offered at the start and not answered yet (released at the end if never answered). */
    private Autosave.Recovered recovered;
    private static volatile Path initialFile;
    private static volatile StartOptions options = StartOptions.NONE;
    private Sessions sessions;
    private NetworkSession session;
    private MainView view;

    /** How the window starts: a lesson at a step, presentation mode, editing locked (from the command line). */
    public record StartOptions(Scenario lesson, int step, boolean presentation,
            boolean locked, SweepSpec sweep,
            Reproductions.Reproduction reproduce) {
        public static final StartOptions NONE = new StartOptions(null, 0, false, false);

        public StartOptions(Scenario lesson, int step, boolean presentation, boolean locked) {
            this(lesson, step, presentation, locked, null, null);
        }
    }

    /** Start the app (blocks until the window is closed); {@code file}, if not null, is opened first. */
    public static void open(Path file, StartOptions start) {
        initialFile = file;
        options = start;
        startEngine();
        Application.launch(InitScopeApp.class);
    }

    /**
     * Start ND4J and compile the engine's vector kernels on a background thread, while JavaFX builds the window
     * (KernelWarmUp: without it the first half-minute of edits ran in the Vector API's slow fallback).
     */
    public static void startEngine() {
        Thread warm = new Thread(() -> {
            // the Lessons menu's lessons, parsed here rather than on the FX thread while it builds the window
            Scenarios.builtIn();
            Nd4jRuntime.start();
            phase("ND4J ready");
            KernelWarmUp.run();
            phase("kernels compiled");
        }, "initscope-engine-start");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
    }

    @Override
    public void start(Stage stage) {
        phase("JavaFX started");
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        var language = I18n.Language.byTag(AppSettings.get().language());
        I18n.setLanguage(language != null ? language : I18n.Language.ofSystem());
        // a first frame at once; the window is built on the next frame, after the splash is drawn
        Stage splash = Splash.show();
        phase("splash shown");
        var next = new PauseTransition(Duration.millis(40));
        next.setOnFinished(e -> build(stage, splash));
        next.play();
    }

    /**
     * What the answer to "restore your unsaved network?" does with the copy: restored (this window's autosave takes
     * it over), deleted (Discard, and only then), or kept for the next start (Decide later, Esc; also when the
     * restore is refused).
     */
    static void answerRestore(Dialogs.RestoreChoice choice, Autosave.Recovered r, NetworkSession session,
            Autosave autosave) {
        switch (choice) {
            case RESTORE -> {
                Optional<String> refused = session.restore(r.spec(), r.origin());
                if (refused.isEmpty()) {
                    autosave.adopt(r);
                } else {
                    r.close();
                }
            }
            case DISCARD -> r.discard();
            case LATER -> r.close();
        }
    }

    private void build(Stage stage, Stage splash) {
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> splash.close());
        // the sessions belong to the application: a view built again (a language switch) finds them as they were
        sessions = Sessions.create(NetworkSpec.defaultNetwork(), Platform::runLater);
        session = sessions.network();
        var dialogs = new FxDialogs();
        var settings = AppSettings.get();
        view = createWindow(stage, sessions, dialogs);
        WindowPlacement.restore(stage, settings);
        view.setOnRebuilt(v -> view = v);
        Theme.apply(Theme.parse(
                AppSettings.get().theme()), stage.getScene());
        var home = AppSettings.home();
        // this window's autosave first: its own (live, locked) copy is never among those offered below
        autosave = new Autosave(session, home);
        var left = Autosave.pending(home);
        if (initialFile != null) {
            session.open(initialFile);
        }
        if (left.isPresent()) {
            var r = left.get();
            recovered = r;
            String what = r.origin() == null ? "an untitled network" : r.origin().getFileName().toString();
            // asked after the window shows, so the question has an owner and the window behind it
            stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> Platform.runLater(() -> {
                if (recovered != r) {
                    return;
                }
                recovered = null;
                answerRestore(dialogs.askRestore(stage, what), r, session, autosave);
            }));
        }
        StartOptions start = options;
        view.presentationProperty().set(start.presentation());
        session.lockedProperty().set(start.locked());
        if (start.sweep() != null || start.reproduce() != null) {
            // --sweep FILE / --reproduce NAME: the Experiments mode runs it once the window is up
            stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
                view.showMode(Mode.EXPERIMENTS);
                if (start.sweep() != null) {
                    view.experimentsPanel().run(start.sweep());
                } else {
                    view.experimentsPanel().reproduce(start.reproduce());
                }
            });
        }
        if (start.lesson() != null) {
            // after the window is shown: the step highlights parts of the laid-out window
            stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> {
                view.lessons().start(start.lesson());
                view.lessons().go(start.step());
            });
        }
        phase("window built");
        reportFirstFrame(stage);
        var fallback = new PauseTransition(Duration.seconds(8));
        fallback.setOnFinished(e -> stage.show());
        if (session.result() != null) {
            stage.show();
        } else {
            fallback.play();
            session.resultProperty().addListener((o, a, r) -> {
                if (!stage.isShowing()) {
                    fallback.stop();
                    stage.show();
                }
            });
        }
        Objects.requireNonNull(view);
    }

    /**
     * The startup time, from the launch to the first frame that shows real charts (the window shown with a
     * result), in the status line's tooltip and, with {@code -Dinitscope.startupTiming=true}, on stdout (and then
     * the app quits: a benchmark of the start).
     */
    private void reportFirstFrame(Stage stage) {
        Runnable check = new Runnable() {
            private boolean done;
            private boolean resultSeen;

            @Override
            public void run() {
                if (session.result() != null && !resultSeen) {
                    resultSeen = true;
                    phase("first result");
                }
                if (done || !stage.isShowing() || session.result() == null) {
                    return;
                }
                done = true;
                // after this pulse has drawn the charts
                Platform.runLater(() -> {
                    long ms = System.currentTimeMillis() - Launcher.launchedAt();
                    session.warmUp(WARM_UP_RUNS);
                    System.getLogger("initscope").log(System.Logger.Level.INFO, "first frame with charts after "
                            + ms + " ms");
                    if (Boolean.getBoolean("initscope.startupTiming")) {
                        System.out.println("startup: first frame with real charts after " + ms + " ms");
                        Platform.exit();
                    }
                });
            }
        };
        stage.showingProperty().addListener((o, a, b) -> check.run());
        session.resultProperty().addListener((o, a, b) -> check.run());
    }

    /** How often the engine runs the first network again after the first frame, before the user's first edit. */
    public static final int WARM_UP_RUNS = 3;

    /** With -Dinitscope.startupTiming=true: when each phase of the start was reached, from the launch. */
    static void phase(String what) {
        if (Boolean.getBoolean("initscope.startupTiming")) {
            System.out.println("startup: " + what + " after "
                    + (System.currentTimeMillis() - Launcher.launchedAt()) + " ms");
        }
    }

    /** Build the window around the sessions (the app and the UI tests share this). */
    public static MainView createWindow(Stage stage, Sessions sessions, Dialogs dialogs) {
        var view = new MainView(sessions, dialogs);
        WindowPlacement.fit(stage);
        // a scene of the window's size: shown, it is laid out once at that size, instead of first measuring the
        // preferred size of every control in the window (a scene without a size is sized to its content)
        var scene = new Scene(view, stage.getWidth(), stage.getHeight());
        scene.getStylesheets().addAll(Theme.appStylesheets());
        stage.setScene(scene);
        stage.titleProperty().bind(view.titleBinding());
        stage.setOnCloseRequest(e -> {
            if (!view.confirmDiscard()) {
                e.consume();
            }
        });
        return view;
    }

    @Override
    public void stop() {
        if (recovered != null) {
            recovered.close();
        }
        if (autosave != null) {
            // the window closed after the user saved or chose to discard: nothing is left to offer back
            autosave.closeCleanly();
        }
        if (sessions != null) {
            sessions.close();
        }
    }
}
