package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.stage.Stage;
import org.initscope.config.Presets;
import org.initscope.controller.LockstepTraining;
import org.initscope.data.DataSpec;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.Counterpart;
import org.initscope.model.InitSpec;
import org.initscope.model.Scheme;
import org.initscope.view.train.ThroughTimeMapChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Compare in lockstep shows a through-time map per side when both networks are recurrent — the LSTM with zero biases
 * (A) beside Keras' forget bias 1 (B), each map its own run's ‖∂L/∂h_t‖ on one colour scale — and none for two dense
 * networks, which keep their output charts.
 */
@ExtendWith(ApplicationExtension.class)
class CompareThroughTimeWindowTest extends WindowTestBase {
    /** A short adding problem: a step of both LSTMs takes milliseconds. */
    private static final int T = 12;

    @Start
    void start(Stage stage) {
        open(stage, Presets.byFile("lstm-adding-xavier-zero.json").orElseThrow().load());
    }

    private static void awaitLockstep(LockstepTraining t, Predicate<LockstepTraining.State> p) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> t.state() != null && p.test(t.state()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static double[] gradient(TrainingRecord r) {
        return r.layers().get(0).trace().gradientNorm();
    }

    @Test
    void twoLstmsShowAMapEachAndTwoDenseNetworksNone(FxRobot robot) throws Exception {
        robot.interact(() -> training.dataProperty().set(DataSpec.of(DataSpec.Kind.ADDING).withSequenceLength(T)
                .withSamples(400)));
        // a record at every step (the Train tab's "record every")
        robot.interact(() -> training.recordEveryProperty().set(1));
        robot.clickOn("#compareTab");
        var keras = view.comparePanel().choice().getItems().stream().filter(c -> c.label().startsWith("Preset: ")
                && c.label().contains("adding problem: Keras")).findFirst().orElseThrow();
        robot.interact(() -> view.comparePanel().choice().setValue(keras));
        robot.clickOn("#compareTrainTab-button");
        LockstepTraining lockstep = view.comparison().training();
        awaitLockstep(lockstep, s -> s.step() == 0 && s.b().name().contains("Keras") && s.a().newest() != null
                && gradient(s.a().newest()).length == T);
        assertTrue(view.comparePanel().showsThroughTime(), "two LSTMs: their maps replace the output charts");
        assertTrue(robot.lookup("#compareTimeA").query().isVisible() && robot.lookup("#compareTimeB").query()
                .isVisible());
        assertTrue(robot.lookup("#compareOutputA").tryQuery().isEmpty(), "a sequence has no output picture");

        robot.clickOn("#compareStep").clickOn("#compareStep").clickOn("#compareStep");
        awaitLockstep(lockstep, s -> s.step() == 3 && s.a().newest().step() == 3 && s.b().newest().step() == 3);
        var s = lockstep.state();
        ThroughTimeMapChart a = view.comparePanel().throughTimeA();
        ThroughTimeMapChart b = view.comparePanel().throughTimeB();
        // each map is its own side's run: a row per record, the newest outlined, its numbers A's and B's own
        assertEquals(4, s.a().records().size(), "steps 0 to 3");
        assertEquals(s.a().records().size(), a.map().rows());
        assertEquals(s.b().records().size(), b.map().rows());
        assertEquals(T, a.map().timeSteps());
        assertEquals(3, a.map().steps()[a.shownRow()]);
        double[] ga = gradient(s.a().newest());
        double[] gb = gradient(s.b().newest());
        assertEquals(ga[0] / ga[T - 1], a.map().reach(a.shownRow()), 1e-12);
        assertEquals(gb[0] / gb[T - 1], b.map().reach(b.shownRow()), 1e-12);
        assertNotEquals(a.map().reach(a.shownRow()), b.map().reach(b.shownRow()), "two different networks");
        assertTrue(a.caption().startsWith("step 3: ‖∂L/∂h_1‖ = " + org.initscope.model.Fmt.sig(ga[0] / ga[T - 1], 2)
                + " × ‖∂L/∂h_12‖ (step 0: "), a.caption());
        // one colour scale for both: one colour is one number on both sides
        assertArrayEquals(a.colourRange(), b.colourRange());
        double lowest = Arrays.stream(new double[][] {ga, gb}).mapToDouble(g -> Math.log10(g[0] / g[T - 1])).min()
                .orElseThrow();
        assertTrue(a.colourRange()[0] <= lowest + 1e-9, "the scale reaches the smaller side's reach");

        // the forget gates, for both: zero biases start them near σ(0) = 0.5, Keras' forget bias 1 near σ(1) = 0.73
        robot.interact(() -> view.comparePanel().throughTimeMode().setValue(ThroughTimeMapChart.Mode.FORGET));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(ThroughTimeMapChart.Mode.FORGET, a.mode());
        assertEquals(ThroughTimeMapChart.Mode.FORGET, b.mode());
        assertEquals(0.5, Arrays.stream(a.map().meanForget()[0]).average().orElseThrow(), 0.05);
        assertEquals(0.73, Arrays.stream(b.map().meanForget()[0]).average().orElseThrow(), 0.05);
        assertTrue(b.caption().contains("forget gates' mean"), b.caption());

        // two dense networks (6 × 64 tanh, Xavier against He): no maps, the output charts are back
        robot.interact(() -> session.replace(Presets.byFile("train-tanh-xavier.json").orElseThrow().load(), null));
        robot.interact(() -> view.comparePanel().choice().setValue(new Counterpart.WithInit(InitSpec.of(
                Scheme.KAIMING_NORMAL))));
        awaitLockstep(lockstep, st -> st.step() == 0 && st.b().name().startsWith("kaiming_normal")
                && st.a().newest() != null && st.a().newest().layers().get(0).trace() == null);
        assertFalse(view.comparePanel().showsThroughTime());
        assertTrue(robot.lookup("#compareThroughTime").tryQuery().isEmpty(), "no map for dense networks");
        assertTrue(robot.lookup("#compareOutputA").query().isVisible());
        assertEquals(DataSpec.Kind.SPIRAL, training.dataProperty().get().kind(), "the data follows the network");
    }
}
