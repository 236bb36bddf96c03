package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.initscope.engine.Quantity;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * LSUV chosen in the inspector like any initializer: its procedure with the layer's numbers, its reference, and what
 * the run found (the factor, the passes, Var[z] within the tolerance); a recurrent layer refuses it with the reason.
 */
@ExtendWith(ApplicationExtension.class)
class LsuvWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        open(stage, new NetworkSpec("tanh", 3, new InputSpec(64, 256, InputDistribution.NORMAL), List.of(
                new DenseSpec(128, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.NORMAL, "std", 1.0),
                        DenseSpec.DEFAULT_BIAS, 6))));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    @Test
    @SuppressWarnings("unchecked")
    void chosenInTheInspectorItShowsItsProcedureReferenceAndWhatTheRunFound(FxRobot robot) throws Exception {
        awaitResult();
        robot.interact(() -> session.selectedProperty().set(2));
        var scheme = (ComboBox<Scheme>) robot.lookup("#schemeCombo").query();
        robot.interact(() -> scheme.setValue(Scheme.LSUV));
        awaitResult();
        assertEquals(Scheme.LSUV, ((DenseSpec) session.spec().expandedLayers().get(2)).init().scheme());
        String formula = text(robot, "#weightFormula");
        // 128 × 128: std = 1/√128 before the rescaling
        assertTrue(formula.startsWith("lsuv: LSUV: W = Q orthonormal, std = 1/√max(128, 128) = 0.08839; then W ÷ "
                + "√Var[z]"), formula);
        assertTrue(formula.contains("until |Var[z] − 1| < 0.1 (at most 10 passes)"), formula);
        assertTrue(text(robot, "#initOrigin").startsWith("Mishkin & Matas 2016, “All you need is a good init”"),
                text(robot, "#initOrigin"));
        // what this run found for layer 3, and the run's Var[z] there within the tolerance
        var run = session.result();
        var layer = run.layers().get(2);
        double var = layer.get(Quantity.PRE_ACTIVATIONS).var();
        assertTrue(Math.abs(var - 1) < 0.1, "Var[z] " + var);
        String effect = text(robot, "#initEffect");
        assertTrue(effect.startsWith("LSUV: × " + org.initscope.model.Fmt.sig(layer.layer().weight().gain().value(), 4)
                + " after "), effect);
        assertTrue(effect.contains("|Var − 1| < 0.1"), effect);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRecurrentLayerRefusesItWithTheReason(FxRobot robot) throws Exception {
        awaitResult();
        var spec = new NetworkSpec("lstm", 3, InputSpec.sequence(6, 4, 8, InputDistribution.NORMAL), List.of(
                RecurrentSpec.torchDefault(RecurrentSpec.Cell.LSTM, 5)));
        robot.interact(() -> session.replace(spec, null));
        awaitResult();
        robot.interact(() -> session.selectedProperty().set(0));
        WaitForAsyncUtils.waitForFxEvents();
        var scheme = (ComboBox<Scheme>) robot.lookup("#schemeCombo").query();
        robot.interact(() -> scheme.setValue(Scheme.LSUV));
        WaitForAsyncUtils.waitForFxEvents();
        String refused = text(robot, "#inspectorError");
        assertTrue(refused.startsWith("Not applied: ") && refused.contains("lsuv rescales dense and conv layers; a "
                + "recurrent layer's weights are applied at every step"), refused);
        assertEquals(spec, session.spec(), "nothing changed");
        assertEquals(Scheme.TORCH_DEFAULT, scheme.getValue(), "the combo goes back");
    }
}
