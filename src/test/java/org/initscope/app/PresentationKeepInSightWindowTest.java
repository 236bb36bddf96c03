package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Presentation mode keeps the control a lesson step asks the class to use in sight, in a window as small as a
 * projector's: "What nn.Linear really does" names the inspector and the weight formula in it, and the formula (not
 * the top of the inspector) is what the class must see — whichever of the two the step names first. The user's own
 * scrolling then wins until another step is shown.
 */
@ExtendWith(ApplicationExtension.class)
class PresentationKeepInSightWindowTest extends WindowTestBase {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        open(stage);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1024);
        stage.setHeight(768);
    }

    @Test
    void theControlAStepAsksForIsKeptInSightUntilTheUserScrolls(FxRobot robot) throws Exception {
        awaitResult();
        Scenario lesson = Scenarios.builtIn().stream().filter(l -> l.steps().get(0).title()
                .equals("What nn.Linear really does")).findFirst().orElseThrow();
        assertEquals(java.util.List.of("inspector", "weightFormula"), lesson.steps().get(0).look(),
                "the step names the pane first, then the control in it");
        robot.interact(() -> view.presentationProperty().set(true));
        robot.interact(() -> view.lessons().start(lesson));
        robot.interact(() -> view.lessons().go(0));
        settle();
        Node formula = robot.lookup("#weightFormula").match(ScreenFit::showing).query();
        ScrollPane pane = scrollPaneAround(formula);
        robot.interact(() -> {
            // the inspector does not fit this window: keeping the formula in sight took a scroll
            assertTrue(pane.getContent().getLayoutBounds().getHeight() > pane.getViewportBounds().getHeight() + 200,
                    "the inspector is taller than its pane");
            assertTrue(pane.getVvalue() > 0, "scrolled to the formula, not left at the inspector's top");
            assertFullyInSight(formula);
        });

        // the teacher drags the inspector's scroll bar to its top: a later layout pass (here a resize) does not scroll back
        ScrollBar bar = pane.lookupAll(".scroll-bar").stream().map(ScrollBar.class::cast)
                .filter(b -> b.getOrientation() == Orientation.VERTICAL && b.isVisible()).findFirst().orElseThrow();
        robot.drag(bar.lookup(".thumb"), MouseButton.PRIMARY).moveBy(0, -1000).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, pane.getVvalue(), 1e-9, "the user's scroll");
        robot.interact(() -> stage.setHeight(760));
        settle();
        assertEquals(0, pane.getVvalue(), 1e-9, "the user's scroll stays after a layout pass");

        // the next step, and back: the formula is brought into sight again
        robot.interact(() -> view.lessons().go(1));
        settle();
        robot.interact(() -> view.lessons().go(0));
        settle();
        Node again = robot.lookup("#weightFormula").match(ScreenFit::showing).query();
        robot.interact(() -> assertFullyInSight(again));
        robot.interact(() -> view.lessons().stop());
    }

    private static ScrollPane scrollPaneAround(Node n) {
        for (Node p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp) {
                return sp;
            }
        }
        throw new AssertionError("no scroll pane around " + n);
    }

    private static void assertFullyInSight(Node n) {
        Bounds all = ScreenFit.inScene(n);
        Bounds seen = ScreenFit.visiblePart(n);
        assertTrue(Math.abs(seen.getHeight() - all.getHeight()) <= 1 && Math.abs(seen.getWidth() - all.getWidth()) <= 1,
                "the weight formula in sight: " + ScreenFit.fmt(seen) + " of " + ScreenFit.fmt(all));
    }

    private void settle() throws Exception {
        awaitResult();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.sleep(60, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
