package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.initscope.engine.Quantity;
import org.initscope.model.Conv2dSpec;
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
import org.initscope.config.View;

/** Conv, pooling, normalization and recurrent layers in the real window: presets, the builder and the inspector. */
@ExtendWith(ApplicationExtension.class)
class LayersWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryLabeled().getText();
    }

    /**
     * Residual initializations in the inspector: a Fixup preset's layers with their rule and numbers and their place
     * in the branches; ReZero on every branch in one click, undoable.
     */
    @Test
    void fixupAndReZeroAreShownWithTheirNumbersAndSetInOneClick(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("#presetsMenu").clickOn("Training").clickOn("16 Fixup blocks (ReLU, then linear)");
        awaitResult();
        robot.interact(() -> session.selectedProperty().set(2));
        WaitForAsyncUtils.waitForFxEvents();
        String formula = text(robot, "#weightFormula");
        assertTrue(formula.startsWith("fixup: Fixup, rule 1: the last layer of residual branch 1 of 16 (m = 2 layers)"),
                formula);
        String about = text(robot, "#residualAbout");
        assertTrue(about.startsWith("Layer 3 closes residual branch 1 of 16 (layers 2–3): a' = x + α·φ(z), x the "
                + "input of layer 2.") && about.contains("α = 1, learned"), about);
        robot.interact(() -> session.selectedProperty().set(1));
        WaitForAsyncUtils.waitForFxEvents();
        formula = text(robot, "#weightFormula");
        assertTrue(formula.contains("1.414/√32 = 0.25, × L^(−1/(2m−2)) = 16^(−1/2) = 0.25")
                && formula.endsWith("std = 0.0625"), formula);
        assertTrue(text(robot, "#residualAbout").startsWith("Layer 2 is layer 1 of 2 of residual branch 1 of 16: layer "
                + "3 closes the branch"), text(robot, "#residualAbout"));

        robot.clickOn("#rezeroAll");
        awaitResult();
        for (int i = 2; i < session.depth(); i += 2) {
            var r = ((org.initscope.model.DenseSpec) session.layerSpec(i)).residual();
            assertTrue(r.rezero() && r.branch() == 2, "layer " + (i + 1) + ": " + r);
        }
        robot.interact(() -> session.selectedProperty().set(4));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#residualAbout").contains("α = 0, learned: ReZero (Bachlechner et al. 2020)"),
                text(robot, "#residualAbout"));
        ComboBox<?> kind = robot.lookup("#residualKind").queryAs(ComboBox.class);
        assertEquals("REZERO", String.valueOf(kind.getValue()));
        var undone = new java.util.concurrent.atomic.AtomicReference<java.util.Optional<String>>();
        robot.interact(() -> undone.set(session.undo()));
        assertTrue(undone.get().isEmpty(), "one undoable edit");
        assertTrue(((org.initscope.model.DenseSpec) session.layerSpec(4)).residual().alpha() == 1);
    }

    /**
     * The parameterization is the network's: chosen in the Network panel, its numbers in the inspector, refused with
     * the reason for a network it does not scale.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theParameterizationIsChosenInTheNetworkPanelAndExplainedInTheInspector(FxRobot robot) throws Exception {
        awaitResult();
        ComboBox<org.initscope.model.Parameterization.Kind> kind = robot.lookup("#parameterizationCombo")
                .queryAs(ComboBox.class);
        // SP does not depend on a base width: no n₀ and no output multiplier to set
        assertEquals(org.initscope.model.Parameterization.Kind.SP, session.spec().parameterization().kind());
        assertFalse(ScreenFit.showing(robot.lookup("#baseWidthField").query()), "no n₀ under SP");
        assertFalse(ScreenFit.showing(robot.lookup("#outputMultiplierField").query()), "no multiplier under SP");
        robot.clickOn(kind).clickOn("μP");
        awaitResult();
        assertTrue(ScreenFit.showing(robot.lookup("#baseWidthField").query()), "n₀ under μP");
        assertEquals(org.initscope.model.Parameterization.Kind.MUP, session.spec().parameterization().kind());
        robot.doubleClickOn("#outputMultiplierField").write("2").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, session.spec().parameterization().outputMultiplier());
        // the default network: 10 × 500 tanh on 500 features, n₀ = 128: m = 500/128 = 3.906
        robot.interact(() -> session.selectedProperty().set(9));
        WaitForAsyncUtils.waitForFxEvents();
        String note = text(robot, "#parameterizationAbout");
        assertTrue(note.startsWith("μP (base width 128, output multiplier 2): layer 10 is a hidden layer (500 → 500): "
                + "m_in = 3.906, m_out = 3.906") && note.contains("weights × 0.256 with Adam")
                && note.contains("forward pass (output multiplier 2 / m)"), note);
        // a conv layer: μP scales plain dense stacks only, and says so
        robot.clickOn("#addLayerType").clickOn("#add-flatten");
        WaitForAsyncUtils.waitForFxEvents();
        String refused = text(robot, "#networkError");
        assertTrue(refused.contains("μP scales stacks of plain dense layers on vectors"), refused);
        assertEquals(10, session.depth(), "nothing changed");
    }

    @Test
    void convPresetShowsFansWithTheReceptiveFieldAndEditsGeometry(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("#presetsMenu").clickOn("Convolution").clickOn("3→16 3×3 conv, kaiming_normal(mode='fan_out')");
        awaitResult();
        assertInstanceOf(Conv2dSpec.class, session.layerSpec(0));
        TableView<?> table = robot.lookup("#layerTable").queryAs(TableView.class);
        assertEquals(9, table.getItems().size());
        robot.clickOn("#layerTable .table-row-cell");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text(robot, "#inspectorTitle").contains("conv2d"));
        String fans = robot.lookup("#inspector .text-muted").queryLabeled().getText();
        assertTrue(fans.contains("fan_out = C_out·kH·kW = 16·3·3 = 144"), fans);
        assertTrue(text(robot, "#weightFormula").contains("1.414/√144"), text(robot, "#weightFormula"));

        // a 5×5 kernel: the fans and the formula follow
        robot.doubleClickOn("#kernelField").write("5").type(KeyCode.ENTER);
        awaitResult();
        assertEquals(5, ((Conv2dSpec) session.layerSpec(0)).kernelH());
        assertTrue(text(robot, "#weightFormula").contains("√400"), text(robot, "#weightFormula"));

        // 3 input channels cannot be split into 2 groups: refused with the reason, nothing lost
        robot.doubleClickOn("#groupsField").write("2").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, ((Conv2dSpec) session.layerSpec(0)).groups());
        String error = robot.lookup("#groupsField").queryAs(org.initscope.view.NumberField.class).errorProperty()
                .get();
        assertTrue(error != null && error.contains("groups"), "the refusal is shown: " + error);

        // the depth chart and histograms show the conv layers like dense ones
        var r = session.result();
        assertEquals(r.layer(1).stats().get(Quantity.ACTIVATIONS).var(),
                view.charts().depthChart().series().get(0).measured()[0]);
        // weights: pooling and flatten have none, drawn as empty panels, not as an error
        robot.interact(() -> session.quantityProperty().set(Quantity.WEIGHTS));
        WaitForAsyncUtils.waitForFxEvents();
        var hist = view.charts().histogramGrid().histograms();
        assertEquals(9, hist.size());
        assertEquals(0, r.layer(7).stats().get(Quantity.WEIGHTS).count(), "maxpool2d has no weights");
        assertEquals(16 * 3 * 5 * 5, r.layer(1).stats().get(Quantity.WEIGHTS).count(), "conv weights 16·3·5·5 after the edit");
        for (String tab : new String[] {"ridgeline", "table", "theory", "phase", "jacobian", "activation",
            "through-time"}) {
            robot.interact(() -> view.charts().showView(View.byKey(tab).orElseThrow()));
            WaitForAsyncUtils.waitForFxEvents();
        }
        robot.interact(() -> session.quantityProperty().set(Quantity.ACTIVATIONS));
    }

    @Test
    void addLayerMenuAddsEveryType(FxRobot robot) throws Exception {
        awaitResult();
        int before = session.depth();
        addLayer(robot, "batchnorm");
        awaitResult();
        assertEquals(before + 1, session.depth());
        assertInstanceOf(NormSpec.class, session.layerSpec(before));
        assertEquals(before, session.selected(), "the new layer is selected");
        assertTrue(text(robot, "#layerAbout").contains("BatchNorm"), text(robot, "#layerAbout"));
        assertFalse(robot.lookup("#schemeCombo").query().getParent().isVisible(), "no weights to initialize");
        var bn = session.result().layer(before + 1).stats().get(Quantity.ACTIVATIONS);
        assertEquals(1, bn.var(), 1e-3, "BatchNorm output has unit variance");

        // a conv layer cannot follow vectors: refused with the reason, the network unchanged
        addLayer(robot, "conv2d");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, session.depth());
        assertTrue(text(robot, "#networkError").contains("image"), text(robot, "#networkError"));
    }

    @Test
    void lstmDefaultsButtonsAndRecurrentParameters(FxRobot robot) throws Exception {
        awaitResult();
        // (the Presets menu is clicked through in the conv test; popups of an earlier test confuse a second lookup)
        robot.interact(() -> session.replace(preset("lstm-pytorch-default.json"), null));
        awaitResult();
        robot.clickOn("#layerTable .table-row-cell");
        WaitForAsyncUtils.waitForFxEvents();
        RecurrentSpec lstm = (RecurrentSpec) session.layerSpec(0);
        assertEquals(Scheme.TORCH_DEFAULT, lstm.weightHh().scheme());
        assertNull(lstm.forgetBias());
        assertTrue(text(robot, "#weightFormula").contains("1/√64"), text(robot, "#weightFormula"));

        robot.clickOn("#kerasDefaults");
        awaitResult();
        lstm = (RecurrentSpec) session.layerSpec(0);
        assertEquals(Scheme.ORTHOGONAL, lstm.weightHh().scheme());
        assertEquals(1.0, lstm.forgetBias());
        assertTrue(robot.lookup("#forgetCheck").queryAs(javafx.scene.control.CheckBox.class).isSelected());
        double forget = mean(session.result().layer(1).trace().meanForget());
        assertEquals(0.73, forget, 0.03, "the forget gates open to σ(1)");

        // the editor switches to weight_ih: Keras' glorot_uniform on (4·64, 20)
        @SuppressWarnings("unchecked")
        ComboBox<String> param = robot.lookup("#recurrentParam").queryAs(ComboBox.class);
        robot.interact(() -> param.setValue("weight_ih"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Scheme.XAVIER_UNIFORM, robot.lookup("#schemeCombo").queryAs(ComboBox.class).getValue());
        assertTrue(text(robot, "#weightFormula").contains("276"), text(robot, "#weightFormula"));

        // per gate: each H×F block gets its own fans
        var perGate = robot.lookup("#perGate").queryAs(javafx.scene.control.CheckBox.class);
        robot.interact(perGate::fire);
        awaitResult();
        assertTrue(((RecurrentSpec) session.layerSpec(0)).perGate());
        assertTrue(text(robot, "#weightFormula").contains("84"), "fan_in + fan_out = 20 + 64: "
                + text(robot, "#weightFormula"));
    }

    private static NetworkSpec preset(String file) {
        return org.initscope.config.Presets.byFile(file).orElseThrow().load();
    }

    /** Choose an entry of the add-layer menu (fired: menu popups outlive their test window under Monocle). */
    private static void addLayer(FxRobot robot, String type) {
        var menu = robot.lookup("#addLayerType").queryAs(javafx.scene.control.MenuButton.class);
        var item = menu.getItems().stream().filter(i -> ("add-" + type).equals(i.getId())).findFirst().orElseThrow();
        robot.interact(item::fire);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
