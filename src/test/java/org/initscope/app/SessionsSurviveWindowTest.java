package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;
import org.initscope.config.Mode;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.controller.TrainingSession;
import org.initscope.i18n.I18n;
import org.initscope.model.Counterpart;
import org.initscope.view.Theme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The sessions belong to the application, not to the view: a lesson in progress, the Compare tab's network B and a
 * training run survive a language switch (which builds the window's content again) and a theme switch.
 */
@ExtendWith(ApplicationExtension.class)
class SessionsSurviveWindowTest extends WindowTestBase {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        I18n.setLanguage(I18n.Language.ENGLISH);
        open(stage);
    }

    @AfterEach
    void backToEnglishAndLight() {
        I18n.setLanguage(I18n.Language.ENGLISH);
        Platform.runLater(() -> Theme.apply(Theme.LIGHT, null));
    }

    private void awaitState(Predicate<TrainingSession.State> p) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> training.state() != null && p.test(training.state()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aLessonNetworkBAndATrainingRunSurviveALanguageAndAThemeSwitch(FxRobot robot) throws Exception {
        awaitResult();
        Scenario lesson = Scenarios.builtIn().get(0);
        robot.interact(() -> {
            view.lessons().start(lesson);
            view.lessons().go(1);
        });
        awaitResult();
        var step = lesson.steps().get(1);
        int highlights = view.highlighted().size();
        String text = view.lessonBar().shownText();
        assertTrue(highlights > 0, "the step highlights what to look at");

        // a training run, a few steps in and paused
        robot.interact(() -> view.showMode(Mode.TRAIN));
        awaitState(s -> s.step() == 0 && !s.records().isEmpty());
        robot.clickOn("#stepButton");
        awaitState(s -> s.step() == 1);
        robot.clickOn("#epochButton");
        awaitState(s -> s.epoch() == 1 && !s.running());
        TrainingSession.State trained = training.state();
        long steps = trained.step();

        // network B chosen by hand, other than A's natural partner
        robot.interact(() -> view.showMode(Mode.COMPARE));
        Counterpart partner = Counterpart.partnerOf(session.spec());
        Counterpart chosen = Counterpart.common().stream().filter(c -> !c.equals(partner)).findFirst().orElseThrow();
        robot.interact(() -> view.comparison().counterpartProperty().set(chosen));
        WaitForAsyncUtils.waitForFxEvents();
        var network = session.spec();
        var specB = view.comparison().b().spec();

        var before = view;
        robot.interact(() -> view.switchLanguage(I18n.Language.CHINESE));
        awaitResult();
        assertNotEquals(before, view, "the window's content was built again");
        assertTrue(view.getStyleClass().contains("lang-zh"));
        String menu = robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getText();
        assertNotEquals("File", menu, "the menus are in Chinese");
        assertSurvived(lesson, step, highlights, chosen, network, specB, trained, steps);

        robot.interact(() -> Theme.apply(Theme.DARK, stage.getScene()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.getStyleClass().contains("dark"));
        assertSurvived(lesson, step, highlights, chosen, network, specB, trained, steps);

        robot.interact(() -> view.switchLanguage(I18n.Language.ENGLISH));
        awaitResult();
        assertSurvived(lesson, step, highlights, chosen, network, specB, trained, steps);
        assertEquals("File", robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getText());
        assertEquals(text, view.lessonBar().shownText(), "the step's text as before");

        // the lesson goes on from where it was, in the rebuilt window
        robot.clickOn("#lessonNext");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, view.lessons().indexProperty().get());
    }

    private void assertSurvived(Scenario lesson, Scenario.Step step, int highlights, Counterpart chosen,
            Object network, Object specB, TrainingSession.State trained, long steps) {
        assertSame(lesson, view.lessons().lessonProperty().get(), "the lesson is still in progress");
        assertEquals(1, view.lessons().indexProperty().get(), "at the same step");
        assertSame(step, view.lessons().stepProperty().get());
        assertTrue(view.lessonBar().isVisible(), "the lesson bar shows the step");
        assertFalse(view.lessonBar().shownText().isBlank(), "and its text");
        assertEquals(highlights, view.highlighted().size(), "the step's highlights come back");
        assertEquals(Mode.COMPARE, view.mode(), "the window shows what it showed");
        assertEquals(chosen, view.comparison().counterpartProperty().get(), "network B is the one chosen");
        @SuppressWarnings("unchecked")
        var choice = (ComboBox<Counterpart>) view.lookup("#compareChoice");
        assertEquals(chosen, choice.getValue(), "and the rebuilt Compare tab shows it");
        assertEquals(network, session.spec());
        assertEquals(specB, view.comparison().b().spec());
        assertEquals(steps, training.state().step(), "the training run goes on at the same step");
        assertSame(trained.records().get(0), training.state().records().get(0), "the same run, not a new one");
        assertFalse(training.state().running());
    }
}
