package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.css.PseudoClass;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.initscope.config.View;
import org.initscope.model.DenseSpec;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.initscope.view.DepthChart;
import org.initscope.view.Dialogs;
import org.initscope.view.HistogramGrid;
import org.initscope.view.NumberField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window, driven headless through TestFX: what a user clicks and types, and what the charts show. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest extends WindowTestBase {
    @TempDir
    Path dir;

    /** Answers the window's questions from a queue instead of native dialogs. */
    static final class FakeDialogs implements Dialogs {
        final ArrayDeque<Path> opens = new ArrayDeque<>();
        final ArrayDeque<Path> saves = new ArrayDeque<>();
        boolean discard = true;
        int confirmations;

        @Override
        public Optional<Path> chooseOpen(Window owner) {
            return Optional.ofNullable(opens.poll());
        }

        @Override
        public Optional<Path> chooseSave(Window owner, String suggestedName) {
            return Optional.ofNullable(saves.poll());
        }

        /** The answer when {@link #discard} does not decide: Save. */
        SaveChoice choice;

        @Override
        public SaveChoice askToSave(Window owner, String what) {
            confirmations++;
            return choice != null ? choice : discard ? SaveChoice.DONT_SAVE : SaveChoice.CANCEL;
        }

        @Override
        public void about(Window owner) {
        }

        final ArrayDeque<Path> exports = new ArrayDeque<>();
        final ArrayDeque<Path> folders = new ArrayDeque<>();
        int scale = 1;
        String lastSuggested;

        @Override
        public Optional<Path> chooseExport(Window owner, String suggestedName, String extension) {
            lastSuggested = suggestedName;
            return Optional.ofNullable(exports.poll());
        }

        @Override
        public Optional<Path> chooseFolder(Window owner, String title) {
            return Optional.ofNullable(folders.poll());
        }

        @Override
        public Optional<Integer> chooseScale(Window owner) {
            return Optional.of(scale);
        }

        /** The answer to Lessons ▸ Export lesson…, or none (cancelled). */
        LessonExportChoice lessonExport;

        @Override
        public Optional<LessonExportChoice> chooseLessonExport(Window owner, List<String> lessons, int current) {
            return Optional.ofNullable(lessonExport);
        }
    }

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private static double var(LayerResult l, Quantity q) {
        return l.get(q).var();
    }

    /** The depth chart and the histograms show exactly the engine's numbers of the current network. */
    private void assertChartsShow(PropagationResult r) {
        DepthChart chart = view.charts().depthChart();
        List<DepthChart.Series> series = chart.series();
        assertEquals(2, series.size());
        for (int i = 0; i < r.layers().size(); i++) {
            LayerResult l = r.layers().get(i);
            assertEquals(var(l, Quantity.ACTIVATIONS), series.get(0).measured()[i]);
            assertEquals(l.predicted().activationVar(), series.get(0).predicted()[i]);
            assertEquals(var(l, Quantity.ACTIVATION_GRADIENTS), series.get(1).measured()[i]);
        }
        HistogramGrid grid = view.charts().histogramGrid();
        assertEquals(r.layers().stream().map(l -> l.get(session.quantityProperty().get()).histogram()).toList(),
                grid.histograms());
    }

    @Test
    void theFirstFrameShowsRealCharts(FxRobot robot) throws Exception {
        awaitResult();
        PropagationResult r = session.result();
        assertEquals(10, r.layers().size());
        assertChartsShow(r);
        TableView<?> table = robot.lookup("#layerTable").queryAs(TableView.class);
        assertEquals(10, table.getItems().size());
        assertTrue(robot.lookup("#weightFormula").queryLabeled().getText()
                .contains("std = gain·√(2/(fan_in+fan_out)) = 1.667·√(2/1000) = 0.07454"));
        // hovering a histogram bar tells its range and count
        HistogramGrid grid = view.charts().histogramGrid();
        String card = WaitForAsyncUtils.asyncFx(() -> grid.hoverAt(40, grid.getHeight() / (4 * 2.0))).get();
        assertTrue(card.contains("layer 1") && card.contains("bin ["), card);
        assertFalse(view.statusBar().busyShown(), "a fast computation shows no busy indicator");
        assertTrue(robot.lookup("#statusText").queryLabeled().getText().contains("computed in"));
    }

    /**
     * A scale step changes one layer: the network panel replaces that layer's row only, keeps its fields' text and
     * its badge legend as they are, and the statistics table keeps its list and cells (bench --ui's profile of a
     * drag had most of the FX thread in styling and laying out nodes that such steps had made anew).
     */
    private static java.util.Set<org.initscope.engine.Health> badges(PropagationResult r) {
        var all = java.util.EnumSet.noneOf(org.initscope.engine.Health.class);
        r.layers().forEach(l -> all.addAll(org.initscope.engine.Health.of(l)));
        return all;
    }

    @Test
    void aScaleStepRebuildsOnlyWhatChanged(FxRobot robot) throws Exception {
        awaitResult();
        TableView<?> layers = robot.lookup("#layerTable").queryAs(TableView.class);
        TableView<?> stats = robot.lookup("#statsTable").queryAs(TableView.class);
        var legend = robot.lookup("#badgeLegend").queryAs(javafx.scene.layout.Pane.class);
        var rowsBefore = List.copyOf(layers.getItems());
        var legendBefore = List.copyOf(legend.getChildren());
        var statsList = stats.getItems();
        var statsBefore = List.copyOf(statsList);
        var ridgelineBefore = view.charts().ridgeline().resultProperty().get();
        NumberField batch = robot.lookup("#batchField").queryAs(NumberField.class);
        var batchText = new java.util.concurrent.atomic.AtomicInteger();
        robot.interact(() -> batch.textProperty().addListener(o -> {
            batchText.incrementAndGet();
            batch.getText();
        }));
        PropagationResult before = session.result();
        robot.interact(() -> session.editWeighted(3, w -> w.withScale(1.05)));
        awaitResult();
        assertTrue(session.result() != before, "a new result is shown");
        var rowsAfter = layers.getItems();
        for (int i = 0; i < rowsAfter.size(); i++) {
            if (i == 3) {
                assertTrue(rowsAfter.get(i) != rowsBefore.get(i), "the edited layer's row shows its new scale");
            } else {
                assertTrue(rowsAfter.get(i) == rowsBefore.get(i) || !rowsAfter.get(i).equals(rowsBefore.get(i)),
                        "row " + i + " is replaced only when it changed");
            }
        }
        assertEquals(0, batchText.get(), "the batch field's text is not set again");
        if (badges(session.result()).equals(badges(before))) {
            assertEquals(legendBefore, List.copyOf(legend.getChildren()));
            for (int i = 0; i < legendBefore.size(); i++) {
                assertTrue(legend.getChildren().get(i) == legendBefore.get(i), "the legend keeps its labels");
            }
        }
        // the views of tabs not shown wait for their tab: then they show the newest result
        assertTrue(List.copyOf(stats.getItems()).equals(statsBefore), "the hidden statistics table is not refilled");
        assertTrue(view.charts().ridgeline().resultProperty().get() == ridgelineBefore,
                "the hidden ridgeline is not redrawn");
        robot.interact(() -> view.charts().showView(View.TABLE));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stats.getItems() == statsList, "the statistics table refills its own list");
        assertTrue(session.result().layers().equals(List.copyOf(stats.getItems())), "the table shows the result");
        robot.interact(() -> view.charts().showView(View.RIDGELINE));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.charts().ridgeline().resultProperty().get() == session.result());
        robot.interact(() -> view.charts().showView(View.HISTOGRAMS));
    }

    @Test
    void addAndRemoveLayers(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("#addLayer");
        awaitResult();
        assertEquals(11, session.depth());
        assertEquals(11, view.charts().depthChart().series().get(0).measured().length);
        assertEquals(11, robot.lookup("#layerTable").queryAs(TableView.class).getItems().size());
        robot.clickOn("#removeLayer");
        robot.clickOn("#removeLayer");
        awaitResult();
        assertEquals(9, session.depth());
        assertChartsShow(session.result());
        // the depth spinner repeats the last layer
        robot.doubleClickOn("#depthSpinner .text-field").write("14").type(KeyCode.ENTER);
        awaitResult();
        assertEquals(14, session.depth());
        assertChartsShow(session.result());
        // reorder with the buttons: the second layer (made 300 wide) moves down and stays selected
        robot.interact(() -> session.selectedProperty().set(1));
        robot.doubleClickOn("#unitsField").write("300").type(KeyCode.ENTER);
        awaitResult();
        robot.clickOn("#moveDown");
        awaitResult();
        assertEquals(300, ((DenseSpec) session.layerSpec(2)).units());
        assertEquals(2, session.selected());
    }

    @Test
    void changingTheInitializerChangesTheChartsToTheEnginesNumbers(FxRobot robot) throws Exception {
        awaitResult();
        double before = var(session.result().layer(1), Quantity.ACTIVATIONS);
        robot.clickOn("#layerTable .table-row-cell");
        pick(robot, "#schemeCombo", Scheme.NORMAL);
        robot.doubleClickOn("#param-std").write("0.01").type(KeyCode.ENTER);
        awaitResult();
        assertEquals(Scheme.NORMAL, ((DenseSpec) session.layerSpec(0)).init().scheme());
        assertEquals(0.01, ((DenseSpec) session.layerSpec(0)).init().number("std"));
        PropagationResult r = session.result();
        // the engine drew N(0, 0.01²) weights and the charts show its numbers
        assertEquals(0.01, r.layer(1).get(Quantity.WEIGHTS).std(), 0.0005);
        assertTrue(var(r.layer(1), Quantity.ACTIVATIONS) < before / 10);
        assertChartsShow(r);
        assertTrue(robot.lookup("#weightFormula").queryLabeled().getText().contains("N(0, 0.01²)"));
        // the scale slider multiplies the weights: ×100 brings the std to 1
        Slider slider = robot.lookup("#scaleSlider").queryAs(Slider.class);
        robot.interact(() -> slider.setValue(2));
        awaitResult();
        assertEquals(100, ((DenseSpec) session.layerSpec(0)).scale(), 1e-9);
        assertEquals(1.0, session.result().layer(1).get(Quantity.WEIGHTS).std(), 0.05);
        assertChartsShow(session.result());
    }

    @Test
    void aPresetShowsTheSignalVanishing(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("#presetsMenu").clickOn("CS231n").clickOn("tanh, N(0, 0.01²): vanishing");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.upToDate()
                && session.spec().name().startsWith("CS231n: tanh, N(0, 0.01"));
        WaitForAsyncUtils.waitForFxEvents();
        PropagationResult r = session.result();
        double first = r.layer(1).get(Quantity.ACTIVATIONS).std();
        double last = r.layer(10).get(Quantity.ACTIVATIONS).std();
        assertTrue(last < first * 1e-3, "std falls from " + first + " to " + last);
        assertChartsShow(r);
        double[] shown = view.charts().depthChart().series().get(0).measured();
        assertTrue(shown[9] < shown[0] * 1e-6, "the variance falls by more than six decades on the chart");
        assertTrue(robot.lookup("#layerTable").queryAs(TableView.class).getItems().size() == 10);
    }

    @Test
    void invalidValuesAreFlaggedAndNeverApplied(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("#layerTable .table-row-cell");
        pick(robot, "#schemeCombo", Scheme.NORMAL);
        awaitResult();
        NetworkSpec before = session.spec();
        NumberField std = robot.lookup("#param-std").queryAs(NumberField.class);
        robot.doubleClickOn(std).write("-1").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(std.isInvalid());
        assertTrue(std.getPseudoClassStates().contains(PseudoClass.getPseudoClass("invalid")));
        assertTrue(std.errorProperty().get().contains("≥ 0"), std.errorProperty().get());
        assertEquals(before, session.spec(), "the network is unchanged");
        robot.eraseText(2).write("abc").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(std.isInvalid());
        assertEquals(before, session.spec());
        // units 0 and a non-square eye are refused too
        NumberField units = robot.lookup("#unitsField").queryAs(NumberField.class);
        robot.doubleClickOn(units).write("0").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(units.isInvalid());
        assertEquals(before, session.spec());
        robot.doubleClickOn(units).write("64").type(KeyCode.ENTER);
        awaitResult();
        assertFalse(units.isInvalid());
        NetworkSpec valid = session.spec();
        pick(robot, "#schemeCombo", Scheme.EYE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(valid, session.spec(), "eye on a 64×500 layer is refused");
        assertTrue(robot.lookup("#inspectorError").queryLabeled().getText().contains("square"));
        assertEquals(Scheme.NORMAL, robot.lookup("#schemeCombo").queryComboBox().getValue(),
                "the combo shows the scheme still in use");
    }

    @Test
    void aBadFileGetsAMessageAndTheNetworkStays(FxRobot robot) throws Exception {
        awaitResult();
        NetworkSpec before = session.spec();
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"input\": {\"features\": 500},\n \"layers\": [{\"units\": 500, \"activation\": "
                + "\"tanhh\"}]}");
        dialogs.opens.add(bad);
        robot.clickOn("File").clickOn("Open…");
        WaitForAsyncUtils.waitForFxEvents();
        String msg = view.messageBar().message();
        assertTrue(msg.contains("broken.json:2:") && msg.contains("did you mean \"tanh\""), msg);
        assertEquals(before, session.spec());
        robot.clickOn("#messageClose");
        assertEquals("", view.messageBar().message());
        // a good file opens, and the title shows it; an edit marks it unsaved
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"name\": \"from disk\", \"seed\": 2, \"input\": {\"features\": 30, \"batch\": 40},"
                + " \"layers\": [{\"units\": 20, \"activation\": \"relu\", \"repeat\": 3, \"init\": \"he_normal\"}]}");
        dialogs.opens.add(good);
        robot.clickOn("File").clickOn("Open…");
        awaitResult();
        Stage stage = (Stage) view.getScene().getWindow();
        assertEquals("InitScope — from disk (good.json)", stage.getTitle());
        assertEquals(3, session.depth());
        robot.clickOn("#addLayer");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.getTitle().endsWith("•"));
        // opening another file with unsaved changes asks first; "cancel" keeps everything
        dialogs.discard = false;
        dialogs.opens.add(good);
        robot.clickOn("File").clickOn("Open…");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, dialogs.confirmations);
        assertEquals(4, session.depth());
        // save writes the file (atomically) and clears the mark
        dialogs.saves.add(dir.resolve("saved.json"));
        robot.clickOn("File").clickOn("Save As…");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.exists(dir.resolve("saved.json")));
        assertFalse(stage.getTitle().endsWith("•"));
    }

    @Test
    void aRowDraggedOntoAnotherMovesTheLayer(FxRobot robot) throws Exception {
        awaitResult();
        robot.interact(() -> session.selectedProperty().set(0));
        robot.doubleClickOn("#unitsField").write("123").type(KeyCode.ENTER);
        awaitResult();
        var rows = robot.lookup("#layerTable .table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getIndex() >= 0
                        && ((javafx.scene.control.TableRow<?>) n).getIndex() <= 3).sorted(java.util.Comparator
                        .comparingInt(n -> ((javafx.scene.control.TableRow<?>) n).getIndex())).toList();
        robot.drag(rows.get(0)).dropTo(rows.get(3));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(123, ((DenseSpec) session.layerSpec(3)).units(), "the first layer now sits fourth");
        assertEquals(3, session.selected());
    }

    @Test
    void aSlowComputationShowsTheBusyIndicatorAndTheWindowStaysResponsive(FxRobot robot) throws Exception {
        // 1024 × 1024 × 8 layers on a batch of 2048 (some 100 GFLOP forward and backward): about a second, well past
        // the 300 ms delay of the busy indicator
        slowComputation(robot, 1024, 2048, 8);
    }

    /** The same with a network of 2048 × 2048 × 12 layers on a batch of 4096 (10 times the work; soak profile). */
    @Test
    @Tag("soak")
    void aVeryLargeNetworkShowsTheBusyIndicatorAndTheWindowStaysResponsive(FxRobot robot) throws Exception {
        slowComputation(robot, 2048, 4096, 12);
    }

    private void slowComputation(FxRobot robot, int width, int batch, int depth) throws Exception {
        awaitResult();
        robot.interact(() -> {
            session.edit(s -> s.withInput(s.input().withFeatures(width).withBatch(batch)));
            session.editAllWeighted(l -> l instanceof DenseSpec d ? d.withUnits(width) : l);
            session.setDepth(depth);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.statusBar().busyShown());
        // the FX thread is free meanwhile: an edit goes through at once
        robot.interact(() -> session.selectedProperty().set(2));
        assertEquals(2, session.selected());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> session.upToDate()
                || !session.computeErrorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", session.computeErrorProperty().get(), "the network fits in memory and is computed");
        assertFalse(view.statusBar().busyShown());
        assertEquals(depth, session.result().layers().size());
        assertEquals(width, session.result().network().layers().get(depth - 1).units());
    }

    @Test
    void clickingThePhaseDiagramSetsTheNetworkThere(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("Phase diagram");
        var phase = view.charts().phaseDiagram();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, phase::ready);
        // the plot spans σ_w² ∈ [0, 4] left to right (56 px margin left, 16 right) and σ_b² ∈ [0, 1] bottom to top
        double left = 56;
        double right = phase.getWidth() - 16;
        double top = 30;
        double bottom = phase.getHeight() - 36;
        double x = left + (right - left) * 1.0 / 4;
        double y = bottom - (bottom - top) * 0.5;
        javafx.geometry.Point2D screen = phase.localToScreen(x, y);
        robot.clickOn(screen);
        awaitResult();
        var net = session.spec().resolve();
        for (var l : net.layers()) {
            assertEquals(Scheme.NORMAL, l.init().scheme());
            assertEquals(1.0, l.fans().fanIn() * l.weight().variance(), 0.03, "σ_w² ≈ 1 for layer " + l.index());
            assertEquals(0.5, l.bias().variance(), 0.02, "σ_b² ≈ 0.5");
        }
        // the theory tab reads it: σ_w² = 1, σ_b² = 0.5 is deep in the ordered phase for tanh
        robot.clickOn("Theory");
        WaitForAsyncUtils.waitForFxEvents();
        var lines = view.charts().theoryPanel().diagnosisLines();
        assertFalse(lines.isEmpty());
        assertEquals(org.initscope.engine.MeanField.Phase.ORDERED, org.initscope.engine.MeanField.Phase.of(
                org.initscope.engine.MeanField.chi1AtFixedPoint(net.layers().get(0).activation(), 1.0, 0.5)));
    }

    @Test
    void theJacobianTabShowsTheSpectrumOfTheCurrentNetwork(FxRobot robot) throws Exception {
        awaitResult();
        robot.clickOn("Jacobian");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.charts().jacobianChart().values() != null);
        double[] s = view.charts().jacobianChart().values();
        assertEquals(500, s.length);
        assertTrue(s[0] >= s[s.length - 1]);
    }

    /** Choose an item of a combo box the way a user does: open it and click the entry. */
    private static <T> void pick(FxRobot robot, String combo, Scheme scheme) {
        ComboBox<?> box = robot.lookup(combo).queryComboBox();
        robot.clickOn(box);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            var list = (javafx.scene.control.ListView<?>) ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) box
                    .getSkin()).getPopupContent();
            list.scrollTo(scheme.ordinal());
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".list-cell").lookup((javafx.scene.control.ListCell<?> c) -> c.getItem() == scheme)
                .queryAs(javafx.scene.control.ListCell.class));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
