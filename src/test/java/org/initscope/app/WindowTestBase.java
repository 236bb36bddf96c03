package org.initscope.app;

import atlantafx.base.theme.PrimerLight;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.initscope.controller.NetworkSession;
import org.initscope.controller.Sessions;
import org.initscope.controller.TrainingSession;
import org.initscope.model.NetworkSpec;
import org.initscope.view.MainView;
import org.junit.jupiter.api.AfterEach;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window around a fresh session, as the app builds it, with file dialogs answered by a fake. TestFX only
 * looks for {@code @Start} among a test class's own methods, so each class declares one that calls {@link #open}.
 */
abstract class WindowTestBase {
    protected Sessions sessions;
    protected NetworkSession session;
    protected TrainingSession training;
    protected MainView view;
    protected final MainWindowTest.FakeDialogs dialogs = new MainWindowTest.FakeDialogs();

    protected void open(Stage stage) {
        open(stage, NetworkSpec.defaultNetwork());
    }

    protected void open(Stage stage, NetworkSpec initial) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        sessions = Sessions.create(initial, Platform::runLater);
        session = sessions.network();
        training = sessions.training();
        view = InitScopeApp.createWindow(stage, sessions, dialogs);
        // a language switch rebuilds the window: follow it
        view.setOnRebuilt(v -> view = v);
        stage.show();
    }

    @AfterEach
    void closeWindow() {
        sessions.close();
    }

    /** Until the window shows the result of the current network. */
    protected void awaitResult() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.upToDate());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
