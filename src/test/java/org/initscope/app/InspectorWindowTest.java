package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.initscope.model.Activation;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Explanations;
import org.initscope.model.FlattenSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The inspector shows every layer type through its own section: the type's fields, its explanation (the text of
 * {@code Explanations}, with the layer's numbers), and the shared initializer editors only where the layer has
 * parameters — weight_ih or weight_hh of a recurrent layer, as chosen.
 */
@ExtendWith(ApplicationExtension.class)
class InspectorWindowTest extends WindowTestBase {
    private static final InitSpec HE = InitSpec.of(Scheme.KAIMING_NORMAL);

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private Node node(String id) {
        return view.lookup(id);
    }

    /** The text of the first labeled node the query finds ("#weightFormula", "#inspector .section-title"). */
    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    /** Shown on screen: in the scene, the node and every parent visible. */
    private boolean showing(String id) {
        Node n = view.lookup(id);
        if (n == null) {
            return false;
        }
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private void select(FxRobot robot, int layer) throws Exception {
        robot.interact(() -> session.selectedProperty().set(layer));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void everyImageLayerTypeHasItsSection(FxRobot robot) throws Exception {
        awaitResult();
        var spec = new NetworkSpec("every type", 3, InputSpec.image(1, 8, 8, 16, InputDistribution.NORMAL), List.of(
                Conv2dSpec.of(4, 3, 1, 1, Activation.RELU, HE), NormSpec.of(NormSpec.Kind.BATCH),
                MaxPool2dSpec.of(2), new FlattenSpec(), DenseSpec.of(10, Activation.TANH, HE)));
        robot.interact(() -> session.replace(spec, null));
        awaitResult();

        select(robot, 0);
        assertTrue(text(robot, "#inspectorTitle").endsWith("conv2d"), text(robot, "#inspectorTitle"));
        assertEquals("out_channels", ((Labeled) ((GridPane) node("#unitsField").getParent().getParent()).getChildren()
                .get(0)).getText());
        assertTrue(showing("#kernelField") && showing("#schemeCombo") && showing("#biasCombo")
                && showing("#scaleSlider"));
        assertEquals(Explanations.conv2d(3, 3, 1), text(robot, "#layerAbout"));

        select(robot, 1);
        assertTrue(showing("#epsField") && showing("#layerAbout"));
        assertEquals(Explanations.norm(NormSpec.Kind.BATCH), text(robot, "#layerAbout"));
        assertFalse(showing("#schemeCombo") || showing("#biasCombo") || showing("#scaleSlider") || showing(
                "#kernelField"), "no initializer to edit, and no conv fields");

        select(robot, 2);
        assertTrue(showing("#poolKernelField") && showing("#poolStrideField"));
        assertEquals(Explanations.maxPool2d(), text(robot, "#layerAbout"));
        assertFalse(showing("#schemeCombo") || showing("#unitsField"));

        select(robot, 3);
        assertEquals(Explanations.flatten(), text(robot, "#layerAbout"));
        assertFalse(showing("#schemeCombo") || showing("#unitsField") || showing("#epsField"));

        select(robot, 4);
        assertTrue(showing("#unitsField") && showing("#activationCombo") && showing("#residualCheck")
                && showing("#schemeCombo"));
        assertFalse(showing("#layerAbout"), "a plain dense layer needs no explanation");
        assertTrue(text(robot, "#weightFormula").startsWith("kaiming_normal: "), text(robot, "#weightFormula"));

        // back to the conv layer: its section again, with its numbers
        select(robot, 0);
        assertTrue(showing("#kernelField") && !showing("#residualCheck"));
        assertEquals("3", ((javafx.scene.control.TextField) node("#kernelField")).getText());
    }

    @Test
    void aRecurrentLayerEditsWeightIhOrWeightHhWithTheSameEditor(FxRobot robot) throws Exception {
        awaitResult();
        var spec = new NetworkSpec("lstm", 3, InputSpec.sequence(6, 4, 8, InputDistribution.NORMAL), List.of(
                RecurrentSpec.torchDefault(RecurrentSpec.Cell.LSTM, 5)));
        robot.interact(() -> session.replace(spec, null));
        awaitResult();
        select(robot, 0);
        assertEquals("Weights (weight_hh)", text(robot, "#inspector .section-title"));
        assertTrue(showing("#torchDefaults") && showing("#forgetCheck") && showing("#perGate"));
        assertFalse(showing("#activationCombo"), "an lstm has no activation to choose");
        assertEquals(Explanations.lstm(false), text(robot, "#layerAbout"));
        assertTrue(text(robot, "#inspector .text-muted").contains("weight_hh 20×5"), text(robot, "#inspector .text-muted"));

        // the same editor now edits weight_ih: another scheme there leaves weight_hh as it was
        @SuppressWarnings("unchecked")
        var which = (ComboBox<String>) node("#recurrentParam");
        robot.interact(() -> which.setValue("weight_ih"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Weights (weight_ih)", text(robot, "#inspector .section-title"));
        assertTrue(text(robot, "#inspector .text-muted").contains("weight_ih 20×4"), text(robot, "#inspector .text-muted"));
        @SuppressWarnings("unchecked")
        var scheme = (ComboBox<Scheme>) node("#schemeCombo");
        robot.interact(() -> scheme.setValue(Scheme.ORTHOGONAL));
        awaitResult();
        var lstm = (RecurrentSpec) session.layerSpec(0);
        assertEquals(Scheme.ORTHOGONAL, lstm.weightIh().scheme());
        assertEquals(Scheme.TORCH_DEFAULT, lstm.weightHh().scheme());
        assertTrue(text(robot, "#weightFormula").startsWith("orthogonal: "), text(robot, "#weightFormula"));

        // an rnn chooses its nonlinearity, tanh or relu only
        var rnn = new NetworkSpec("rnn", 3, InputSpec.sequence(6, 4, 8, InputDistribution.NORMAL), List.of(
                RecurrentSpec.torchDefault(RecurrentSpec.Cell.RNN, 5)));
        robot.interact(() -> session.replace(rnn, null));
        awaitResult();
        select(robot, 0);
        assertTrue(showing("#activationCombo") && !showing("#forgetCheck"));
        assertEquals(Explanations.rnn("tanh"), text(robot, "#layerAbout"));
        @SuppressWarnings("unchecked")
        var activation = (ComboBox<Activation>) node("#activationCombo");
        robot.interact(() -> activation.setValue(Activation.SIGMOID));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Activation.TANH, ((RecurrentSpec) session.layerSpec(0)).nonlinearity().kind(), "refused");
        assertTrue(text(robot, "#inspectorError").contains("tanh or relu"), text(robot, "#inspectorError"));
        assertEquals(Activation.TANH, activation.getValue(), "the combo goes back");
    }
}
