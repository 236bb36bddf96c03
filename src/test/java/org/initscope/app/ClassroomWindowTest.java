package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.initscope.config.Presets;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Lessons, presentation mode and locking, clicked through in the real window. */
@ExtendWith(ApplicationExtension.class)
class ClassroomWindowTest extends WindowTestBase {
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static NetworkSpec preset(String file) {
        return Presets.byFile(file).orElseThrow().load().expanded();
    }

    /** Shown on screen: the node and every parent visible (a node in an unselected tab is not). */
    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    @Test
    void theVanishingLessonStepsThroughNetworksViewsAndHighlights(FxRobot robot) throws Exception {
        awaitResult();
        assertFalse(view.lessonBar().isVisible());
        robot.clickOn("Lessons").clickOn("#lesson-vanishing");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.lessonBar().isVisible());
        assertEquals("step 1 of 4", robot.lookup("#lessonProgress").queryLabeled().getText());
        assertEquals(preset("cs231n-tanh-xavier-gain.json"), session.spec());
        assertTrue(robot.lookup("#lessonQuestion").queryLabeled().getText().startsWith("Ask the class: "));
        assertTrue(robot.lookup("#lessonBack").queryButton().isDisabled());
        Node depth = view.charts().depthChart();
        assertTrue(depth.getStyleClass().contains("lesson-look"));
        assertFalse(view.charts().histogramGrid().getStyleClass().contains("lesson-look"));

        robot.clickOn("#lessonNext");
        awaitResult();
        assertEquals("step 2 of 4", robot.lookup("#lessonProgress").queryLabeled().getText());
        assertEquals(preset("cs231n-tanh-small.json"), session.spec());
        assertTrue(view.charts().histogramGrid().getStyleClass().contains("lesson-look"));
        assertTrue(robot.lookup("#sharedRange").queryAs(javafx.scene.control.ToggleButton.class).isSelected(),
                "the collapse is shown on one x-range");
        // the charts show the lesson's network: ten decades of vanishing variance
        var r = session.result();
        assertTrue(r.layers().get(9).get(org.initscope.engine.Quantity.ACTIVATIONS).var() < 1e-10);

        robot.clickOn("#lessonNext");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Theory", view.charts().tabs().getSelectionModel().getSelectedItem().getText());
        assertTrue(view.charts().theoryPanel().getStyleClass().contains("lesson-look"));
        assertTrue(showing(view.charts().theoryPanel()));

        robot.clickOn("#lessonBack");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("step 2 of 4", robot.lookup("#lessonProgress").queryLabeled().getText());
        assertFalse(view.charts().theoryPanel().getStyleClass().contains("lesson-look"), "old highlights go");

        // the keyboard works too, and the last step cannot go further
        robot.press(KeyCode.CONTROL, KeyCode.RIGHT).release(KeyCode.RIGHT, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.RIGHT).release(KeyCode.RIGHT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("step 4 of 4", robot.lookup("#lessonProgress").queryLabeled().getText());
        assertTrue(robot.lookup("#lessonNext").queryButton().isDisabled());
        assertTrue(robot.lookup("#scaleSlider").query().getStyleClass().contains("lesson-look"));

        robot.clickOn("#lessonClose");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.lessonBar().isVisible());
        assertTrue(view.highlighted().isEmpty());
        assertFalse(robot.lookup("#scaleSlider").query().getStyleClass().contains("lesson-look"));
        assertEquals(preset("cs231n-tanh-small.json"), session.spec(), "ending a lesson keeps the network");
    }

    @Test
    void everyStepOfEveryLessonShowsWhatItAsksToLookAt(FxRobot robot) throws Exception {
        awaitResult();
        for (Scenario lesson : Scenarios.builtIn()) {
            robot.interact(() -> view.lessons().start(lesson));
            for (int i = 0; i < lesson.steps().size(); i++) {
                if (i > 0) {
                    robot.clickOn("#lessonNext");
                }
                WaitForAsyncUtils.waitForFxEvents();
                Scenario.Step step = lesson.steps().get(i);
                String where = lesson.title() + " / " + step.title();
                assertEquals(step.network().expanded(), session.spec(), where);
                assertEquals(step.look().size(), step.look().stream().filter(id -> view.highlighted().stream()
                        .anyMatch(n -> id.equals(n.getId()) && showing(n))).count(),
                        where + ": every highlighted part is on screen");
                assertTrue(view.lessonBar().shownText().contains(step.text()), where);
            }
        }
        robot.interact(() -> view.lessons().stop());
    }

    @Test
    void aTeachersLessonFileOpensAndABrokenOneSaysWhere(FxRobot robot) throws Exception {
        awaitResult();
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"title\": \"mine\",\n \"steps\": [{\"title\": \"a\", \"text\": \"x\", "
                + "\"preset\": \"orthogonal.json\", \"view\": \"pie\"}]}");
        dialogs.opens.add(broken);
        robot.clickOn("Lessons").clickOn("Open lesson file…");
        WaitForAsyncUtils.waitForFxEvents();
        String msg = view.messageBar().message();
        assertTrue(msg.contains("broken.json:2") && msg.contains("steps[0].view"), msg);
        assertFalse(view.lessonBar().isVisible());

        Path good = dir.resolve("good.json");
        Files.writeString(good, """
                {"title": "Mine", "steps": [{"title": "Orthogonal", "text": "look", "preset": "orthogonal.json",
                  "view": "jacobian", "look": ["jacobianChart"], "question": "all ones?"}]}""");
        dialogs.opens.add(good);
        robot.clickOn("Lessons").clickOn("Open lesson file…");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.lessonBar().isVisible());
        assertEquals("Mine", robot.lookup("#lessonTitle").queryLabeled().getText());
        assertEquals("Jacobian", view.charts().tabs().getSelectionModel().getSelectedItem().getText());
        assertEquals(preset("orthogonal.json"), session.spec());
    }

    @Test
    void aLessonFileWhoseClaimsDoNotHoldIsFlaggedForTheTeacher(FxRobot robot) throws Exception {
        awaitResult();
        Path mine = dir.resolve("mine.json");
        Files.writeString(mine, """
                {"title": "Mine", "steps": [
                  {"title": "A sensible start", "text": "Xavier with tanh's gain 5/3", "preset": "cs231n-tanh-xavier.json",
                   "expect": [{"measure": "gain", "layer": 1, "equals": 1.6667, "tolerance": 0.001},
                              {"measure": "std ratio", "from": 1, "to": 10, "between": [0.25, 4]}]},
                  {"title": "Train", "text": "it learns", "preset": "train-relu-he.json", "mode": "train",
                   "train": {"optimizer": "sgd", "lr": 0.05, "batch": 64},
                   "expect": [{"measure": "train loss", "after": 20, "below": "start"}]}]}""");
        dialogs.opens.add(mine);
        robot.clickOn("Lessons").clickOn("Open lesson file…");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !view.lessons().checkingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        String shown = view.lessonBar().problemsText();
        assertTrue(shown.startsWith("1 statement of this lesson does not hold for its networks:"), shown);
        assertTrue(shown.contains("step 1 “A sensible start”: expected the initializer's gain at layer 1 equals 1.6667 "
                + "± 0.001; measured 1"), shown);
        assertTrue(robot.lookup("#lessonProblems").query().isVisible());
        assertTrue(view.messageBar().message().contains("step 1 “A sensible start”"), view.messageBar().message());

        // the training step trains with its own settings: the Train tab shows them
        robot.clickOn("#lessonNext");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(org.initscope.engine.train.OptimizerSpec.Kind.SGD, training.optimizerProperty().get().kind());
        assertEquals(64, training.batchSizeProperty().get());
        assertEquals(org.initscope.engine.train.OptimizerSpec.Kind.SGD, robot.lookup("#optimizerCombo")
                .queryComboBox().getValue());
        assertEquals(64, robot.lookup("#batchSpinner").queryAs(javafx.scene.control.Spinner.class).getValue());

        // a lesson whose statements hold says nothing
        robot.interact(() -> view.lessons().stop());
        Files.writeString(mine, Files.readString(mine).replace("\"equals\": 1.6667", "\"equals\": 1"));
        dialogs.opens.add(mine);
        robot.clickOn("Lessons").clickOn("Open lesson file…");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !view.lessons().checkingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", view.lessonBar().problemsText());
        assertFalse(robot.lookup("#lessonProblems").query().isVisible());
    }

    @Test
    void presentationModeEnlargesTextAndChartsAndStillHitsTheRightPoint(FxRobot robot) throws Exception {
        awaitResult();
        Labeled title = robot.lookup("#inspectorTitle").queryLabeled();
        double deskFont = title.getFont().getSize();
        double deskLabel = robot.lookup("#lessonNext").queryButton().getFont().getSize();
        robot.press(KeyCode.F5).release(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.getStyleClass().contains("presentation"));
        assertEquals(1.3, view.charts().depthChart().zoomProperty().get(), 1e-9);
        assertEquals(20.0 / 13.0, robot.lookup("#lessonNext").queryButton().getFont().getSize() / deskLabel, 1e-6);
        // the editing panes make room for the charts, and F6 brings them back where they were
        SplitPane split = (SplitPane) view.getCenter();
        assertEquals(1, split.getItems().size());
        robot.press(KeyCode.F6).release(KeyCode.F6);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, split.getItems().size());
        assertTrue(title.getFont().getSize() > deskFont * 1.3, "titles grow with the root size");

        // the zoomed phase diagram still sets the point under the mouse
        robot.clickOn("Phase diagram");
        var phase = view.charts().phaseDiagram();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, phase::ready);
        robot.clickOn(phase.localToScreen(phase.pointOf(2.0, 0.25)));
        awaitResult();
        for (var l : session.spec().resolve().layers()) {
            assertEquals(2.0, l.fans().fanIn() * l.weight().variance(), 0.05);
            assertEquals(0.25, l.bias().variance(), 0.02);
        }
        robot.press(KeyCode.F5).release(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.0, view.charts().depthChart().zoomProperty().get(), 1e-9);
        assertEquals(3, split.getItems().size());
        assertEquals(deskFont, title.getFont().getSize(), 1e-9);
    }

    @Test
    void lockedEditingRefusesChangesButLessonsStillLoad(FxRobot robot) throws Exception {
        awaitResult();
        NetworkSpec before = session.spec();
        robot.clickOn("View").clickOn("Lock editing");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(session.lockedProperty().get());
        assertTrue(robot.lookup("#schemeCombo").query().isDisabled());
        assertTrue(robot.lookup("#addLayer").queryAs(Button.class).isDisabled());
        assertFalse(robot.lookup("#layerTable").query().isDisabled(), "layers can still be selected");
        robot.clickOn("Phase diagram");
        var phase = view.charts().phaseDiagram();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, phase::ready);
        robot.clickOn(phase.localToScreen(phase.pointOf(1.0, 0.5)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, session.spec());
        assertTrue(view.messageBar().message().contains("locked"), view.messageBar().message());

        robot.interact(() -> view.lessons().start(Scenarios.builtIn().get(0)));
        assertEquals(preset("cs231n-tanh-xavier-gain.json"), session.spec(), "the teacher's lesson still drives");
        robot.clickOn("View").clickOn("Lock editing");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#schemeCombo").query().isDisabled());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> session.edit(s -> s.withSeed(99))).get().isEmpty());
    }
}
