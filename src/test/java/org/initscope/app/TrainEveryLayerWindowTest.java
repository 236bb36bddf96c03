package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.initscope.config.Presets;
import org.initscope.controller.TrainingSession;
import org.initscope.data.DataSpec;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.view.train.ThroughTimeMapChart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Train tab trains every layer type from the window, on data that follows the network: an LSTM on the digits read row by row and on the adding
 * problem with the sequence length set in the window (the step × t map of ∂L/∂h_t and the forget gates follows the
 * run), and the conv preset on the digits as images.
 */
@ExtendWith(ApplicationExtension.class)
class TrainEveryLayerWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        open(stage, Presets.byFile("lstm-keras-default.json").orElseThrow().load());
    }

    private void awaitState(java.util.function.Predicate<TrainingSession.State> p) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> training.state() != null && p.test(training.state()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private void pickData(FxRobot robot, DataSpec.Kind kind) {
        robot.clickOn("#dataCombo");
        WaitForAsyncUtils.waitForFxEvents();
        var box = robot.lookup("#dataCombo").queryAs(ComboBox.class);
        robot.interact(() -> ((javafx.scene.control.ListView<?>) ((javafx.scene.control.skin.ComboBoxListViewSkin<?>)
                box.getSkin()).getPopupContent()).scrollTo(box.getItems().indexOf(kind)));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").lookup((javafx.scene.control.ListCell<?> c) -> c.getItem() == kind)
                .queryAs(javafx.scene.control.ListCell.class));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void playUntil(FxRobot robot, java.util.function.Predicate<TrainingSession.State> p) throws Exception {
        robot.clickOn("#playButton");
        awaitState(s -> s.running() && p.test(s));
        robot.clickOn("#playButton");
        awaitState(s -> !s.running());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, training::idle);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TabPane lowerTabs(FxRobot robot) {
        return robot.lookup("#trainTabs").queryAs(TabPane.class);
    }

    @Test
    void anLstmLearnsTheDigitsRowByRowAndTheMapFollowsTheRun(FxRobot robot) throws Exception {
        robot.clickOn("#trainTab");
        // the data follows the network: an lstm reads sequences, the spirals are not one
        assertEquals(DataSpec.Kind.DIGITS_ROWS, robot.lookup("#dataCombo").queryAs(ComboBox.class).getValue());
        assertFalse(robot.lookup("#seqLenGroup").query().isVisible(), "the digits' rows are always 8 steps");
        awaitState(s -> s.step() == 0 && !s.records().isEmpty() && s.records().get(0).layers().get(0).trace() != null);
        assertTrue(training.problemProperty().get().isEmpty(), training.problemProperty().get());

        // a run with a recurrent layer brings its through-time map to the front
        Tab selected = lowerTabs(robot).getSelectionModel().getSelectedItem();
        assertEquals("trainThroughTimeTab", selected.getId());
        ThroughTimeMapChart chart = view.trainingPanel().throughTimeChart();
        assertEquals(1, chart.map().rows());
        assertEquals(8, chart.map().timeSteps(), "8 rows of the digit: 8 time steps");

        playUntil(robot, s -> s.step() >= 100);
        var s = training.state();
        TrainingRecord newest = s.records().get(s.records().size() - 1);
        // TrainRecurrentTest: > 0.85 at 100 steps with the same settings and 32 units (0.93 measured)
        assertTrue(newest.testAccuracy() > 0.8, "the LSTM reads digits: " + newest.testAccuracy());
        assertEquals(s.records().size(), chart.map().rows(), "a row for every recorded step");
        assertEquals(newest.step(), chart.map().steps()[chart.shownRow()], "the newest step is outlined");
        double[] g = newest.layers().get(0).trace().gradientNorm();
        assertEquals(g[0] / g[7], chart.map().reach(chart.shownRow()), 1e-12);
        assertTrue(chart.caption().startsWith("step " + String.format(java.util.Locale.ROOT, "%,d", newest.step())
                + ": the gradient reaching t = 1 is "), chart.caption());

        // the forget gates: Keras' unit forget bias starts them near σ(1) = 0.73
        var mode = robot.lookup("#timeModeCombo").queryAs(ComboBox.class);
        assertTrue(mode.getItems().contains(ThroughTimeMapChart.Mode.FORGET), "an lstm has forget gates");
        robot.interact(() -> mode.setValue(ThroughTimeMapChart.Mode.FORGET));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(ThroughTimeMapChart.Mode.FORGET, chart.mode());
        assertEquals(0.73, chart.map().meanForget()[0][0], 0.05, "σ(1) = 0.731 before training");
        assertTrue(chart.caption().contains("forget gates' mean"), chart.caption());

        // the scrubber moves the outline to the step it shows
        robot.interact(() -> training.selectedProperty().set(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, chart.shownRow());
    }

    @Test
    void theSequenceLengthIsSetInTheWindow(FxRobot robot) throws Exception {
        robot.clickOn("#trainTab");
        pickData(robot, DataSpec.Kind.ADDING);
        assertTrue(robot.lookup("#seqLenGroup").query().isVisible(), "the adding problem has a length T");
        awaitState(s -> !s.records().isEmpty() && s.records().get(0).layers().get(0).trace() != null
                && s.records().get(0).layers().get(0).trace().gradientNorm().length == DataSpec.DEFAULT_STEPS);
        assertEquals(DataSpec.DEFAULT_STEPS, view.trainingPanel().throughTimeChart().map().timeSteps());

        robot.doubleClickOn("#seqLenField").write("20").type(KeyCode.ENTER);
        awaitState(s -> !s.records().isEmpty() && s.records().get(0).layers().get(0).trace() != null
                && s.records().get(0).layers().get(0).trace().gradientNorm().length == 20);
        assertEquals(20, training.dataProperty().get().sequenceLength());
        assertEquals(20, view.trainingPanel().throughTimeChart().map().timeSteps());
        assertEquals(20, training.state().data().train().steps(), "the data set has 20 steps");

        // out of range: refused with the reason beside the field; the data stays as it was
        robot.doubleClickOn("#seqLenField").write("5").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(20, training.dataProperty().get().sequenceLength());
        assertTrue(robot.lookup(".field-reason").queryAllAs(javafx.scene.control.Label.class).stream()
                .anyMatch(l -> l.isVisible() && l.getText().contains("T is a whole number from 10 to 1,000")));
    }

    @Test
    void theConvPresetLearnsTheDigitsAsImages(FxRobot robot) throws Exception {
        robot.interact(() -> session.replace(Presets.byFile("conv-digits.json").orElseThrow().load(), null));
        robot.clickOn("#trainTab");
        assertEquals(DataSpec.Kind.DIGITS, robot.lookup("#dataCombo").queryAs(ComboBox.class).getValue(),
                "a conv net reads the digits as images: the data follows the network");
        awaitState(s -> s.step() == 0 && !s.records().isEmpty() && s.records().get(0).layers().size() == 7);
        assertTrue(training.problemProperty().get().isEmpty(), training.problemProperty().get());
        assertFalse(lowerTabs(robot).getTabs().stream().anyMatch(t -> "trainThroughTimeTab".equals(t.getId())),
                "no recurrent layer: no through-time map");
        assertNull(training.state().records().get(0).layers().get(0).trace());
        assertEquals(8, training.state().records().get(0).layers().get(0).units(), "a conv's units are its channels");

        playUntil(robot, s -> s.step() >= 150);
        TrainingRecord newest = training.state().records().get(training.state().records().size() - 1);
        // TrainEveryLayerTest: > 0.85 at 150 steps with these settings (0.93 measured)
        assertTrue(newest.testAccuracy() > 0.85, "the conv net reads digits: " + newest.testAccuracy());
        String title = view.trainingPanel().lossChart().title();
        // the loss chart's title names the losses it draws (issue 13), at the step shown
        assertTrue(title.startsWith("Loss") && title.contains("at step " + newest.step()), title);
    }

    /**
     * Compare trains a deep conv net in lockstep: 20 ReLU conv layers with Xavier (A) against He (B) on the digits,
     * with Adam at the lesson's 0.003 (at the default 0.01 plain He is past its edge: it falls back to chance in 3 of
     * 4 data seeds, this one included). After 50 steps He is past 30 % test accuracy (65 % measured at step 50, 75 %
     * at 60) while Xavier stays at chance (at most 11 %); the soak profile runs the 100 steps of the lesson "learning".
     */
    @Test
    void twentyConvLayersTrainInLockstepXavierAgainstHe(FxRobot robot) throws Exception {
        conv20InLockstep(robot, 50, 0.3);
    }

    /** The same for 100 steps (soak profile): He past 50 % test accuracy (87 % measured), Xavier at chance. */
    @Test
    @Tag("soak")
    void twentyConvLayersTrainInLockstepForTheLessonsHundredSteps(FxRobot robot) throws Exception {
        conv20InLockstep(robot, 100, 0.5);
    }

    private void conv20InLockstep(FxRobot robot, int steps, double heAccuracy) throws Exception {
        robot.interact(() -> session.replace(Presets.byFile("conv20-xavier.json").orElseThrow().load(), null));
        robot.interact(() -> training.optimizerProperty().set(training.optimizerProperty().get()
                .withLearningRate(0.003)));
        robot.clickOn("#compareTab");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.upToDate());
        var he = new org.initscope.model.Counterpart.WithInit(org.initscope.model.InitSpec.of(
                org.initscope.model.Scheme.KAIMING_NORMAL));
        robot.interact(() -> view.comparePanel().choice().setValue(he));
        robot.clickOn("#compareTrainTab-button");
        var lockstep = view.comparison().training();
        awaitLockstep(lockstep, s -> s.step() == 0 && s.b().name().startsWith("kaiming_normal"));
        assertEquals(DataSpec.Kind.DIGITS, training.dataProperty().get().kind(), "the data follows the network");

        robot.clickOn("#comparePlay");
        awaitLockstep(lockstep, s -> s.running() && s.step() >= steps);
        robot.clickOn("#comparePlay");
        awaitLockstep(lockstep, s -> !s.running());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, lockstep::idle);
        WaitForAsyncUtils.waitForFxEvents();
        var s = lockstep.state();
        assertEquals(s.a().steps(), s.b().steps(), "lockstep: the same number of steps");
        assertEquals(s.a().newest().step(), s.b().newest().step());
        assertTrue(s.b().newest().testAccuracy() > heAccuracy, "He learns: " + s.b().newest().testAccuracy());
        assertTrue(s.a().newest().testAccuracy() < 0.2, "Xavier stays at chance: " + s.a().newest().testAccuracy());
        String verdict = view.comparePanel().verdictText();
        assertTrue(verdict.contains("B is ahead"), verdict);
    }

    private static void awaitLockstep(org.initscope.controller.LockstepTraining t,
            java.util.function.Predicate<org.initscope.controller.LockstepTraining.State> p) throws Exception {
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> t.state() != null && p.test(t.state()));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
