package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.initscope.config.Presets;
import org.initscope.config.View;
import org.initscope.engine.MeanField;
import org.initscope.engine.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 14 in the real window: the theory says where it does not apply instead of drawing a line (the max-pools of
 * conv-digits), and the mean-field table reads ReLU/He as critical with χ₁(q*) = 1 and ∞ depth scales, with the
 * meaning of the symbols under it.
 */
@ExtendWith(ApplicationExtension.class)
class TheoryWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private void load(FxRobot robot, String preset) throws Exception {
        robot.interact(() -> session.replace(Presets.byFile(preset).orElseThrow().load(), null));
        awaitResult();
    }

    @Test
    void theDepthChartAndTheTableMarkTheLayersWithoutTheory(FxRobot robot) throws Exception {
        awaitResult();
        var chart = view.charts().depthChart();
        assertFalse(chart.showsGaps(), "the default dense network is modelled everywhere");
        load(robot, "conv-digits.json");
        assertTrue(chart.showsGaps());
        // the pool (layer 2): no dashed line there, a marker whose hover says why
        String hover = WaitForAsyncUtils.asyncFx(() -> chart.hoverAt(chart.xOfLayer(2), chart.getHeight() / 2))
                .get();
        assertTrue(hover.contains("no theory: Max-pooling's forward pass is not modelled"), hover);
        // the conv layer (layer 1) has its theory, with the ratio
        String conv = WaitForAsyncUtils.asyncFx(() -> chart.hoverAt(chart.xOfLayer(1), chart.getHeight() / 2))
                .get();
        assertTrue(conv.contains("theory") && conv.contains("(×"), conv);
        assertTrue(Double.isNaN(chart.series().get(0).predicted()[1]), "no predicted value is drawn at the pool");
        // the table's theory column says n/a at the pool, with the reason in the cell's tooltip
        robot.interact(() -> view.charts().showView(View.TABLE));
        WaitForAsyncUtils.waitForFxEvents();
        var table = view.charts().statsTable();
        @SuppressWarnings("unchecked")
        TableColumn<org.initscope.engine.LayerResult, String> theory =
                (TableColumn<org.initscope.engine.LayerResult, String>) table.getColumns().get(4);
        assertEquals(Quantity.ACTIVATIONS, session.quantityProperty().get());
        assertEquals("n/a", theory.getCellData(1));
        assertFalse(theory.getCellData(0).equals("n/a"));
        var cell = robot.lookup("#statsTable .table-cell").queryAllAs(javafx.scene.control.TableCell.class).stream()
                .filter(c -> "n/a".equals(c.getText())).findFirst().orElseThrow();
        assertTrue(cell.getTooltip().getText().startsWith("Max-pooling's forward pass is not modelled"),
                cell.getTooltip().getText());
    }

    @Test
    void theMeanFieldTableReadsReluHeAsCritical(FxRobot robot) throws Exception {
        load(robot, "cs231n-relu-he.json");
        robot.interact(() -> view.charts().showView(View.THEORY));
        @SuppressWarnings("unchecked")
        TableView<MeanField.LayerTheory> table = robot.lookup("#meanFieldTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().size() == 10);
        WaitForAsyncUtils.waitForFxEvents();
        java.util.function.Function<String, String> cell = title -> table.getColumns().stream()
                .filter(c -> title.equals(c.getText())).findFirst().orElseThrow().getCellData(0).toString();
        assertEquals("critical", cell.apply("phase"));
        assertEquals("1", cell.apply("χ₁ at q*"));
        assertEquals("q", cell.apply("fixed point q*"));
        assertEquals("∞", cell.apply("depth scale ξ_q"));
        assertEquals("∞", cell.apply("ξ_c"));
        var notes = view.charts().theoryPanel().noteLines();
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("ξ = ∞:")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("q* = q:")), notes.toString());
        // a chaotic tanh network: ξ_c through c* instead of NaN
        load(robot, "cs231n-tanh-large.json");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !table.getItems().isEmpty()
                && table.getItems().get(0).layer().activation().kind() == org.initscope.model.Activation.TANH);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("chaotic", cell.apply("phase"));
        assertFalse(cell.apply("ξ_c").equals("–") || cell.apply("ξ_c").contains("NaN"), cell.apply("ξ_c"));
    }
}
