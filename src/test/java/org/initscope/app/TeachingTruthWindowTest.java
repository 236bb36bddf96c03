package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.initscope.config.Presets;
import org.initscope.data.DataSpec;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** What the inspector and the Train tab say is computed from the numbers of the network actually shown or trained. */
@ExtendWith(ApplicationExtension.class)
class TeachingTruthWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private String text(FxRobot robot, String id) {
        Label l = robot.lookup(id).queryAs(Label.class);
        return l.isVisible() ? l.getText() : "";
    }

    private int notes(FxRobot robot) {
        return robot.lookup("#misconceptions").queryAs(VBox.class).getChildren().size();
    }

    @Test
    void anAutoGainVisiblyFollowsTheActivationAndGlorotsGainOneIsOneClick(FxRobot robot) throws Exception {
        awaitResult();
        assertEquals(0, notes(robot), "no misconception note applies to the default tanh network");
        assertTrue(text(robot, "#initEffect").startsWith("Here one weight has std 0.07454 and σ_w² = fan_in·E[W²] = "
                + "2.78. The variance recursion predicts Var[z] = 2.78 here"), text(robot, "#initEffect"));
        assertFalse(text(robot, "#initOrigin").contains("halves"), "no unconditional ReLU sentence");

        // tanh → relu on every layer: the auto gain becomes √2, said where the user looks
        robot.interact(() -> session.editAllWeighted(w -> w.withActivation(ActivationSpec.of(Activation.RELU))));
        awaitResult();
        assertEquals("The gain follows the activation (auto): calculate_gain('tanh') = 5/3 → calculate_gain('relu') = √2,"
                + " so one weight's std 0.07454 → 0.06325.", text(robot, "#gainFollows"));
        assertEquals(0, notes(robot), "gain √2 on 500 → 500: the variance is kept, no halving note");
        String effect = text(robot, "#initEffect");
        assertTrue(effect.contains("σ_w² = fan_in·E[W²] = 2.") && effect.contains("Var[x] = 1 of the input"), effect);

        // the classic demonstration: Xavier as Glorot & Bengio wrote it, gain 1, on ReLU
        robot.clickOn("#glorotGain");
        awaitResult();
        for (var l : session.spec().resolve().layers()) {
            assertEquals(1.0, l.weight().gain().value(), 0.0, "layer " + l.index());
        }
        assertFalse(robot.lookup("#glorotGain").query().isVisible());
        assertEquals(1, notes(robot));
        Label note = (Label) robot.lookup("#misconceptions").queryAs(VBox.class).getChildren().get(0);
        assertTrue(note.getText().contains("σ_w²/2 = 0.5 (std × 0.707)"), note.getText());
        // layer 2: the recursion halves Var[z] there, and says so in both units
        robot.interact(() -> session.selectedProperty().set(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#initEffect").contains("× 0.5 in variance through this layer (std × 0.707)"),
                text(robot, "#initEffect"));
    }

    @Test
    void theTrainTabShowsTheLayersAsTrainedAndNamesBothBatches(FxRobot robot) throws Exception {
        robot.interact(() -> session.replace(Presets.byFile("train-relu-he.json").orElseThrow().load(), null));
        awaitResult();
        robot.interact(() -> training.dataProperty().set(DataSpec.of(DataSpec.Kind.DIGITS)));
        robot.clickOn("#trainTab");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> training.state() != null
                && training.state().layers().get(0).layer().inputs() == 64);
        WaitForAsyncUtils.waitForFxEvents();
        // layer 1 of the Explore network takes 2 inputs; trained on the digits it takes 64
        String trained = text(robot, "#trainedAs");
        assertTrue(trained.startsWith("In the Train tab this layer is trained as 64 → 64 (fan_in = 64, fan_out = 64): "
                + "kaiming_normal: std = gain/√fan_in = 1.414/√64 = 0.1768"), trained);
        robot.interact(() -> session.selectedProperty().set(5));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#trainedAs").contains("After it, the output layer 64 → 10: xavier_uniform: "),
                text(robot, "#trainedAs"));
        robot.clickOn("Network being trained");
        var rows = robot.lookup("#trainedNetwork").queryAs(VBox.class).getChildren();
        assertEquals(1 + 7, rows.size(), "a heading, six hidden layers, the output layer");
        assertTrue(((Label) rows.get(1)).getText().startsWith("L1 · 64 → 64 · dense 64 · relu · fan_in = 64, fan_out = "
                + "64\nkaiming_normal: std = gain/√fan_in = 1.414/√64 = 0.1768"), ((Label) rows.get(1)).getText());
        assertTrue(((Label) rows.get(7)).getText().startsWith("out · 64 → 10 · output layer"),
                ((Label) rows.get(7)).getText());
        assertTrue(robot.lookup("mini-batch").tryQuery().isPresent(), "the Train tab's batch is the mini-batch");
        assertTrue(robot.lookup("probe batch").tryQuery().isPresent(), "the network panel's is the probe batch");
        // back in Explore: nothing about training
        robot.clickOn("#exploreTab");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", text(robot, "#trainedAs"));
    }
}
