package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.initscope.controller.ExperimentSession;
import org.initscope.engine.sweep.Measure;
import org.initscope.engine.sweep.SweepResult;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Experiments mode, clicked through: a σ_w² × σ_b² sweep of the current network runs on every core, its map
 * shows the edge of chaos over the cells, the cells are exported; a running sweep stops on Cancel and keeps its
 * cells; bad numbers are refused with the field named.
 */
@ExtendWith(ApplicationExtension.class)
class ExperimentsWindowTest extends WindowTestBase {

    @Start
    void start(Stage stage) {
        var tanh = new DenseSpec(64, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                DenseSpec.DEFAULT_BIAS, 8);
        open(stage, new NetworkSpec("tanh 8 × 64", 7, new InputSpec(64, 64, InputDistribution.NORMAL),
                List.of(tanh)));
    }

    private ExperimentSession experiments() {
        return view.experimentsPanel().session();
    }

    private void type(FxRobot robot, String id, String text) {
        robot.clickOn(id).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(text);
    }

    private void awaitEnd() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !experiments().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aMapOfChiOverSigmaW2AndSigmaB2WithTheEdgeOfChaosAndItsCellsExported(FxRobot robot, @TempDir Path dir)
            throws Exception {
        awaitResult();
        robot.clickOn("#experimentsTab");
        type(robot, "#xAxisFrom", "1");
        type(robot, "#xAxisTo", "3");
        type(robot, "#xAxisSteps", "5");
        type(robot, "#yAxisFrom", "0");
        type(robot, "#yAxisTo", "0.5");
        type(robot, "#yAxisSteps", "3");
        robot.clickOn("#sweepRun");
        awaitEnd();
        SweepResult r = experiments().result();
        assertTrue(r.finished(), robot.lookup("#sweepStatus").queryAs(Label.class).getText());
        assertEquals(15, r.done());
        // the sweep starts from the window's network, with the seeds 7 and 8
        assertEquals(session.spec().withSeed(8).depth(), r.spec().network(0, 1).depth());
        assertEquals(8, r.spec().network(0, 1).seed());
        String status = robot.lookup("#sweepStatus").queryAs(Label.class).getText();
        assertTrue(status.startsWith("15 cells in "), status);
        @SuppressWarnings("unchecked")
        ComboBox<Measure> shown = robot.lookup("#sweepMeasure").queryAs(ComboBox.class);
        assertEquals(Measure.of(Measure.Kind.CHI1), shown.getValue());
        // tanh: σ_w² = 1 with σ_b² = 0.5 is ordered (χ₁ < 1), σ_w² = 3 with no bias chaotic (χ₁ > 1)
        int chi = r.indexOf(Measure.Kind.CHI1);
        assertTrue(r.cell(r.spec().cell(0, 2)).summary(chi, true).mean() < 0.9);
        assertTrue(r.cell(r.spec().cell(4, 0)).summary(chi, true).mean() > 1.1);
        assertEquals("χ₁ = 1", view.experimentsPanel().chart().overlay());

        // the hover card names the cell under the mouse and its numbers
        var centre = view.experimentsPanel().chart().cellCentre(4, 0);
        var chart = view.experimentsPanel().chart();
        robot.moveTo(chart.localToScreen(chart.cellCentre(4, 0)));
        WaitForAsyncUtils.waitForFxEvents();
        String hover = robot.lookup(".hover-card").queryAs(Label.class).getText();
        assertTrue(hover.startsWith("σ_w² = 3, σ_b² = 0\nχ₁ measured = "), hover);
        assertTrue(hover.contains("over 2 seeds") && hover.contains("variance recursion: "), hover);

        Path csv = dir.resolve("cells.csv");
        dialogs.exports.add(csv);
        robot.clickOn("#sweepCsv");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + 15 * 2, lines.size());
        assertTrue(lines.get(0).startsWith("cell,sigma_w2,sigma_b2,seed,error,"), lines.get(0));

        // one axis: the curve with the recursion's prediction over it
        robot.clickOn("#yAxisParam");
        robot.clickOn("none");
        robot.clickOn("#sweepRun");
        awaitEnd();
        assertEquals(1, experiments().result().spec().axes().size());
        assertEquals(5, experiments().result().done());
        assertEquals("χ₁ = 1, theory", view.experimentsPanel().chart().overlay());

        // Help ▸ Reproduce ▸ Glorot & Bengio: its sweep is drawn here, then its checks
        robot.clickOn("#exploreTab");
        robot.clickOn("Help").clickOn("Reproduce").clickOn("#reproduce-glorot2010");
        WaitForAsyncUtils.waitForFxEvents();
        // the menu brought the Experiments mode to the front
        assertTrue(view.experimentsPanel().isVisible());
        awaitEnd();
        status = robot.lookup("#sweepStatus").queryAs(Label.class).getText();
        assertTrue(status.startsWith("reproduced: Glorot & Bengio 2010"), status);
        String report = robot.lookup("#reproduceReport").queryAs(Label.class).getText();
        assertEquals(4, report.lines().filter(l -> l.startsWith("  PASS  ")).count(), report);
        assertEquals("Glorot & Bengio 2010", experiments().result().spec().name());
        assertEquals(2, experiments().result().done());
    }

    /** The initializer and the activation are axes too: their values are ticked in a list, in the list's order. */
    @Test
    @SuppressWarnings("unchecked")
    void initializerAndActivationAxesAreTickedInLists(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("#experimentsTab");
        ComboBox<String> xParam = robot.lookup("#xAxisParam").queryAs(ComboBox.class);
        ComboBox<String> yParam = robot.lookup("#yAxisParam").queryAs(ComboBox.class);
        robot.interact(() -> xParam.setValue("init"));
        CheckComboBox<String> x = robot.lookup("#xAxisChoices").queryAs(CheckComboBox.class);
        assertTrue(x.isVisible());
        assertFalse(robot.lookup("#xAxisFrom").query().getParent().isVisible(), "no range for a categorical axis");
        assertEquals(java.util.Set.of("xavier_normal(gain=auto)", "kaiming_normal", "orthogonal(gain=auto)",
                "torch_default"), java.util.Set.copyOf(x.getCheckModel().getCheckedItems()), "the usual ones ticked");
        robot.interact(() -> {
            x.getCheckModel().clearCheck("orthogonal(gain=auto)");
            x.getCheckModel().check("lsuv");
            yParam.setValue("activation");
        });
        CheckComboBox<String> y = robot.lookup("#yAxisChoices").queryAs(CheckComboBox.class);
        robot.interact(() -> {
            y.getCheckModel().clearChecks();
            y.getCheckModel().check("tanh");
            y.getCheckModel().check("relu");
        });
        robot.clickOn("#sweepRun");
        awaitEnd();
        SweepResult r = experiments().result();
        assertTrue(r.finished(), robot.lookup("#sweepStatus").queryAs(Label.class).getText());
        assertEquals(8, r.done());
        assertEquals(List.of(InitSpec.of(Scheme.XAVIER_NORMAL, "gain", "auto"), InitSpec.of(Scheme.KAIMING_NORMAL),
                InitSpec.of(Scheme.TORCH_DEFAULT), InitSpec.of(Scheme.LSUV)), r.spec().axis(0).values());
        // ticked relu after tanh, but the axis keeps the list's order (relu before tanh)
        assertEquals(List.of(ActivationSpec.of(Activation.RELU), ActivationSpec.of(Activation.TANH)),
                r.spec().axis(1).values(), "in the list's order");
        for (int c = 0; c < 8; c++) {
            assertEquals(null, r.cell(c).error(), r.spec().describe(c));
        }
        var chart = view.experimentsPanel().chart();
        assertEquals("χ₁ measured (geometric mean of 2 seeds) — 8 of 8 cells", chart.title());
        robot.moveTo(chart.localToScreen(chart.cellCentre(3, 1)));
        WaitForAsyncUtils.waitForFxEvents();
        String hover = robot.lookup(".hover-card").queryAs(Label.class).getText();
        assertTrue(hover.startsWith("initializer = lsuv, activation = tanh\nχ₁ measured = "), hover);
    }

    @Test
    void cancelStopsTheSweepAndKeepsItsCellsAndBadNumbersAreRefused(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("#experimentsTab");
        type(robot, "#xAxisFrom", "abc");
        robot.clickOn("#sweepRun");
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#sweepStatus").queryAs(Label.class).getText();
        assertEquals("σ_w² from must be a number, got \"abc\"", status);
        assertFalse(experiments().runningProperty().get());

        // 16 × 8 cells, 40 seeds each with the Jacobian (5,120 runs): long enough to cancel midway
        type(robot, "#xAxisFrom", "0.5");
        type(robot, "#sweepRepeats", "40");
        robot.clickOn("#sweepJacobian");
        robot.clickOn("#sweepRun");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> experiments().result() != null
                && experiments().result().done() >= 2);
        robot.clickOn("#sweepCancel");
        awaitEnd();
        SweepResult r = experiments().result();
        assertFalse(r.finished());
        assertTrue(r.done() >= 2 && r.done() < 128, "cells " + r.done());
        status = robot.lookup("#sweepStatus").queryAs(Label.class).getText();
        assertEquals("stopped: " + r.done() + " of 128 cells measured", status);
        assertTrue(r.indexOf(Measure.Kind.JACOBIAN_MEAN_S2) >= 0);
    }
}
