package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import javafx.stage.Stage;
import org.initscope.controller.LockstepTraining;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.Quantity;
import org.initscope.model.Counterpart;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Side-by-side mode, clicked through: B follows A, the charts share an axis, both train in lockstep. */
@ExtendWith(ApplicationExtension.class)
class CompareWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private NetworkSession b() {
        return view.comparison().b();
    }

    private void awaitBoth() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.upToDate() && b().upToDate()
                && b().spec().equals(view.comparison().specB().expanded()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void assertOnlyTheInitializerDiffers(NetworkSpec a, NetworkSpec b, InitSpec init) {
        assertEquals(a.seed(), b.seed());
        assertEquals(a.input(), b.input());
        assertEquals(a.depth(), b.depth());
        for (int i = 0; i < a.depth(); i++) {
            DenseSpec la = (DenseSpec) a.expandedLayers().get(i);
            DenseSpec lb = (DenseSpec) b.expandedLayers().get(i);
            assertEquals(la.withInit(init).withScale(1.0), lb, "layer " + (i + 1));
        }
    }

    @Test
    void bIsAWithAnotherInitializerAndFollowsEveryEdit(FxRobot robot) throws Exception {
        robot.clickOn("#compareTab");
        awaitBoth();
        // the default network is tanh with Xavier: its natural partner is He
        InitSpec he = InitSpec.of(Scheme.KAIMING_NORMAL);
        assertEquals(new Counterpart.WithInit(he), view.comparePanel().choice().getValue());
        assertOnlyTheInitializerDiffers(session.spec(), b().spec(), he);
        assertTrue(view.comparePanel().titleB().contains("kaiming_normal"), view.comparePanel().titleB());
        // B's charts show B's own numbers, on the same y axis as A's
        var rb = b().result();
        assertEquals(rb.layers().get(9).get(Quantity.ACTIVATIONS).var(),
                view.comparePanel().depthChartB().series().get(0).measured()[9]);
        assertEquals(rb.layers().stream().map(l -> l.get(Quantity.ACTIVATIONS).histogram()).toList(),
                view.comparePanel().gridB().histograms());
        assertArrayEquals(view.comparePanel().depthChartA().decades(), view.comparePanel().depthChartB().decades());

        // an edit of A (a new seed from the Network panel) reaches B
        robot.clickOn("#exploreTab").clickOn("#newSeed").clickOn("#compareTab");
        awaitBoth();
        assertOnlyTheInitializerDiffers(session.spec(), b().spec(), he);
    }

    @Test
    void choosingBInTheMenuRecomputesItAndTheAxesStayShared(FxRobot robot) throws Exception {
        robot.clickOn("#compareTab");
        awaitBoth();
        double[] before = view.comparePanel().depthChartA().decades().clone();
        InitSpec small = InitSpec.of(Scheme.NORMAL, "std", 0.01);
        pick(robot, view.comparePanel().choice(), c -> c.equals(new Counterpart.WithInit(small)));
        awaitBoth();
        assertOnlyTheInitializerDiffers(session.spec(), b().spec(), small);
        // B now vanishes: ten decades below A; both charts show the union of both ranges
        double varB = b().result().layers().get(9).get(Quantity.ACTIVATIONS).var();
        assertTrue(varB < 1e-10, "B vanishes: " + varB);
        double[] a = view.comparePanel().depthChartA().decades();
        assertArrayEquals(a, view.comparePanel().depthChartB().decades());
        assertTrue(a[0] <= Math.floor(Math.log10(varB)), "A's axis reaches down to B's values");
        assertTrue(a[0] < before[0]);

        // a preset as B keeps its own layers but takes A's seed
        pick(robot, view.comparePanel().choice(), c -> c.label().startsWith("Preset: ") && c.label().contains(
                "orthogonal"));
        awaitBoth();
        assertEquals(session.spec().seed(), b().spec().seed());
        assertEquals(Scheme.ORTHOGONAL, ((DenseSpec) b().spec().layers().get(0)).init().scheme());
    }

    @Test
    void bothNetworksTrainInLockstep(FxRobot robot) throws Exception {
        robot.interact(() -> session.replace(org.initscope.config.Presets.byFile("train-tanh-zeros.json")
                .orElseThrow().load(), null));
        robot.clickOn("#compareTab");
        awaitBoth();
        pick(robot, view.comparePanel().choice(), c -> c.equals(new Counterpart.WithInit(InitSpec.of(
                Scheme.XAVIER_NORMAL, "gain", "auto"))));
        robot.clickOn("#compareTrainTab-button");
        LockstepTraining lockstep = view.comparison().training();
        awaitState(lockstep, s -> s.step() == 0 && s.b().name().startsWith("xavier_normal"));

        robot.clickOn("#compareStep").clickOn("#compareStep").clickOn("#compareStep");
        awaitState(lockstep, s -> s.step() == 3);
        assertEquals(3, lockstep.state().b().steps());

        robot.clickOn("#comparePlay");
        // 1,500 steps take 30 s on a quiet machine and over 3 minutes when other builds share the two cores
        awaitState(lockstep, s -> s.running() && s.step() > 1500, 400);
        robot.clickOn("#comparePlay");
        awaitState(lockstep, s -> !s.running());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, lockstep::idle);
        WaitForAsyncUtils.waitForFxEvents();
        var s = lockstep.state();
        assertEquals(s.a().steps(), s.b().steps(), "lockstep: the same number of steps");
        assertEquals(s.a().newest().step(), s.b().newest().step());
        assertArrayEquals(s.a().data().train().x(), s.b().data().train().x(), "the same data");
        assertArrayEquals(s.a().data().train().labels(), s.b().data().train().labels());
        assertArrayEquals(s.a().data().test().x(), s.b().data().test().x());
        // zero weights never break the symmetry: A's loss stays near ln 2; Xavier learns
        assertEquals(Math.log(2), s.a().newest().trainLoss(), 0.05);
        // while B leaves that band by twice its width (0.54 measured at 1,550 steps)
        assertTrue(s.b().newest().trainLoss() < Math.log(2) - 0.1, "B learns: " + s.b().newest().trainLoss());
        assertEquals(4, view.comparePanel().lossChart().lines().size());
        String verdict = view.comparePanel().verdictText();
        assertTrue(verdict.contains("B is ahead"), verdict);

        // leaving the Compare mode pauses nothing that is not running, and coming back keeps the run
        long at = s.step();
        robot.clickOn("#exploreTab").clickOn("#compareTab");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, lockstep::idle);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(at, lockstep.state().step());
        robot.clickOn("#compareReset");
        awaitState(lockstep, st -> st.step() == 0);
        assertFalse(lockstep.state().running());
    }

    private static void awaitState(LockstepTraining t, Predicate<LockstepTraining.State> p) throws Exception {
        awaitState(t, p, 120);
    }

    private static void awaitState(LockstepTraining t, Predicate<LockstepTraining.State> p, int seconds)
            throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> t.state() != null && p.test(t.state()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Open the combo and click the first entry that matches, the way a user does. */
    private static void pick(FxRobot robot, ComboBox<Counterpart> box, Predicate<Counterpart> which) {
        robot.clickOn(box);
        WaitForAsyncUtils.waitForFxEvents();
        int index = box.getItems().indexOf(box.getItems().stream().filter(which).findFirst().orElseThrow());
        robot.interact(() -> ((ListView<?>) ((ComboBoxListViewSkin<?>) box.getSkin()).getPopupContent())
                .scrollTo(index));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").lookup((ListCell<?> c) -> c.getItem() != null
                && which.test((Counterpart) c.getItem())).queryAs(ListCell.class));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
