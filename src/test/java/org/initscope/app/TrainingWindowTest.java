package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.initscope.config.Presets;
import org.initscope.controller.TrainingSession;
import org.initscope.engine.Quantity;
import org.initscope.engine.train.OutputView;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.view.DepthChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Training mode driven through the real window: play, pause, step, epoch, reset, the scrubber. */
@ExtendWith(ApplicationExtension.class)
class TrainingWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        open(stage, Presets.byFile("train-relu-he.json").orElseThrow().load());
    }

    private void awaitState(java.util.function.Predicate<TrainingSession.State> p) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> training.state() != null && p.test(training.state()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void playPauseStepEpochAndReset(FxRobot robot) throws Exception {
        robot.clickOn("#trainTab");
        awaitState(s -> s.step() == 0 && !s.records().isEmpty());
        double initialLoss = training.state().records().get(0).trainLoss();
        assertEquals(OutputView.Kind.MAP, training.state().live().kind(), "spirals: a decision map");

        robot.clickOn("#stepButton");
        awaitState(s -> s.step() == 1);
        robot.clickOn("#epochButton");
        awaitState(s -> s.epoch() == 1);
        assertEquals(15, training.state().step(), "480 training points in batches of 32: an epoch is 15 steps");

        robot.clickOn("#playButton");
        awaitState(s -> s.running() && s.step() > 100);
        assertEquals("Pause", robot.lookup("#playButton").queryButton().getText());
        robot.clickOn("#playButton");
        awaitState(s -> !s.running());
        long paused = training.state().step();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(paused, training.state().step(), "paused: no more steps");
        assertEquals("Play", robot.lookup("#playButton").queryButton().getText());
        TrainingRecord newest = training.state().records().get(training.state().records().size() - 1);
        assertTrue(newest.trainLoss() < initialLoss, "it learnt: " + initialLoss + " → " + newest.trainLoss());

        // the learning rate changes in place: the run goes on from where it was
        robot.doubleClickOn("#lrField").write("0.005").type(KeyCode.ENTER);
        robot.clickOn("#stepButton");
        awaitState(s -> s.step() == paused + 1);

        robot.clickOn("#resetButton");
        awaitState(s -> s.step() == 0);
        assertEquals(initialLoss, training.state().records().get(0).trainLoss(), "same seed, same start");
    }

    @Test
    void theScrubberRevisitsARecordedStep(FxRobot robot) throws Exception {
        robot.clickOn("#trainTab");
        awaitState(s -> !s.records().isEmpty());
        robot.clickOn("#playButton");
        awaitState(s -> s.records().size() > 20);
        robot.clickOn("#playButton");
        awaitState(s -> !s.running());
        List<TrainingRecord> records = training.state().records();
        Slider scrubber = robot.lookup("#scrubber").queryAs(Slider.class);
        assertEquals(records.size() - 1, (int) scrubber.getMax());
        robot.interact(() -> scrubber.setValue(5));
        WaitForAsyncUtils.waitForFxEvents();
        TrainingRecord fifth = records.get(5);
        assertEquals(5, training.selectedProperty().get());
        assertFalse(robot.lookup("#liveToggle").queryAs(javafx.scene.control.ToggleButton.class).isSelected());
        assertTrue(robot.lookup("#stepLabel").queryLabeled().getText().startsWith("step " + fifth.step()));
        // the depth chart shows that step's numbers
        robot.clickOn("Depth chart at this step");
        WaitForAsyncUtils.waitForFxEvents();
        DepthChart depth = view.trainingPanel().depthChart();
        double[] shown = depth.series().get(0).measured();
        for (int l = 0; l < fifth.layers().size(); l++) {
            assertEquals(fifth.layers().get(l).get(Quantity.ACTIVATIONS).var(), shown[l]);
        }
        // the output is that step's recorded map
        assertEquals(fifth.output(), view.trainingPanel().outputChart().view());
        // "live" follows the newest step again
        robot.clickOn("#liveToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(-1, training.selectedProperty().get());
        assertEquals(records.size() - 1, (int) scrubber.getValue());
    }

    @Test
    void editingTheNetworkRebuildsTheRun(FxRobot robot) throws Exception {
        robot.clickOn("#trainTab");
        awaitState(s -> !s.records().isEmpty());
        robot.clickOn("#stepButton");
        awaitState(s -> s.step() == 1);
        robot.interact(() -> session.setDepth(3));
        awaitState(s -> s.step() == 0 && s.records().get(0).layers().size() == 4);
        assertTrue(training.problemProperty().get().isEmpty());
    }
}
