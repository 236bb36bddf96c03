package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.export.StatsCsv;
import org.initscope.view.DepthChart;
import org.initscope.view.Dialogs.LessonExportChoice;
import org.initscope.view.LessonExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;
import org.initscope.config.View;

/** File ▸ Export through the real window and its menus, with a fake for the file dialogs. */
@ExtendWith(ApplicationExtension.class)
class ExportWindowTest extends WindowTestBase {
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    /** Choose a File ▸ Export item (as a click on it does). */
    private void fire(String id) throws Exception {
        var bar = (javafx.scene.control.MenuBar) view.getTop();
        var export = (javafx.scene.control.Menu) bar.getMenus().get(0).getItems().stream()
                .filter(i -> "exportMenu".equals(i.getId())).findFirst().orElseThrow();
        var item = export.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
        WaitForAsyncUtils.asyncFx(item::fire).get();
    }

    private static void awaitFile(Path f) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(f));
    }

    @Test
    void theDepthChartAtTwiceItsSizeOnScreen(FxRobot robot) throws Exception {
        awaitResult();
        Path png = dir.resolve("depth.png");
        dialogs.exports.add(png);
        dialogs.scale = 2;
        robot.clickOn("File").clickOn("Export").clickOn("Depth chart as PNG…");
        awaitFile(png);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("depth-chart.png", dialogs.lastSuggested);
        DepthChart chart = view.charts().depthChart();
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * chart.getWidth(), img.getWidth(), 1.0);
        assertEquals(2 * chart.getHeight(), img.getHeight(), 1.0);
        assertTrue(colours(img) > 20, "a drawn chart, not a blank image");
        assertEquals("", view.messageBar().message());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(png), listing.toList(), "no temporary file left");
        }
    }

    @Test
    void everyViewExportsAndTheDashboardIsTheWholeExploreView() throws Exception {
        awaitResult();
        dialogs.scale = 1;
        for (String v : List.of("histograms", "ridgeline", "dashboard")) {
            Path png = dir.resolve(v + ".png");
            dialogs.exports.add(png);
            var node = switch (v) {
                case "histograms" -> view.charts().histogramGrid();
                case "ridgeline" -> view.charts().ridgeline();
                default -> view.charts();
            };
            Optional<String> r = WaitForAsyncUtils.asyncFx(() -> view.exporter().png(v, v, node, () -> {
                view.charts().showView(v.equals("dashboard") ? View.HISTOGRAMS : View.byKey(v).orElseThrow());
            })).get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), r, v);
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(node.getWidth(), img.getWidth(), 1.0, v);
            assertEquals(node.getHeight(), img.getHeight(), 1.0, v);
            assertTrue(colours(img) > 20, v);
        }
    }

    @Test
    void statisticsAsCsvMatchTheSessionsResult(FxRobot robot) throws Exception {
        awaitResult();
        Path csv = dir.resolve("stats.csv");
        dialogs.exports.add(csv);
        fire("exportCsv");
        awaitFile(csv);
        PropagationResult r = session.result();
        List<String> lines = Files.readAllLines(csv);
        assertEquals(StatsCsv.HEADER, lines.get(0));
        assertEquals(1 + 10 * Quantity.values().length, lines.size());
        LayerResult l3 = r.layer(3);
        String row = lines.stream().filter(s -> s.startsWith("3,dense,activations,")).findFirst().orElseThrow();
        assertEquals(StatsCsv.row(l3, Quantity.ACTIVATIONS, l3.get(Quantity.ACTIVATIONS)), row);
        String[] f = row.split(",");
        assertEquals(l3.get(Quantity.ACTIVATIONS).std(), Double.parseDouble(f[5]), 0.0);
    }

    @Test
    void weightsAsNpyOneFilePerParameter(FxRobot robot) throws Exception {
        awaitResult();
        Path out = Files.createDirectory(dir.resolve("weights"));
        dialogs.folders.add(out);
        fire("exportNpy");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.exists(out.resolve("layer10_bias.npy")));
        try (var listing = Files.list(out)) {
            assertEquals(20, listing.count());
        }
        // 10 × 500 weights of float32 behind a 128-byte header
        assertEquals(128 + 500L * 500 * 4, Files.size(out.resolve("layer01_weight.npy")));
    }

    @Test
    void aLessonAsSlidesAndAHandoutFromTheLessonsMenu(FxRobot robot) throws Exception {
        awaitResult();
        Path out = Files.createDirectory(dir.resolve("slides"));
        var lessons = Scenarios.builtIn();
        Scenario isometry = lessons.stream().filter(l -> l.title().startsWith("Orthogonal initialization"))
                .findFirst().orElseThrow();
        dialogs.lessonExport = new LessonExportChoice(lessons.indexOf(isometry), "1024×768");
        dialogs.folders.add(out);
        robot.clickOn("Lessons").clickOn("Export lesson…");
        // on the export worker: the window answers meanwhile, and the message bar says where it wrote
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> view.messageBar().message().startsWith("Exported"));
        Path pdf = out.resolve(LessonExport.fileStem(isometry) + "-handout.pdf");
        assertEquals("Exported 2 slides (1024×768 PNG) and the handout " + pdf.getFileName() + " to " + out,
                view.messageBar().message());
        assertTrue(Files.size(pdf) > 0);
        for (String png : List.of("step-01.png", "step-02.png")) {
            BufferedImage slide = ImageIO.read(out.resolve(png).toFile());
            assertEquals(1024, slide.getWidth(), png);
            assertEquals(768, slide.getHeight(), png);
        }
    }

    @Test
    void aReadOnlyFolderGivesAMessageAndTheWindowKeepsWorking(FxRobot robot) throws Exception {
        awaitResult();
        Path ro = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        // root writes into read-only folders: then a "folder" that is a file fails the same way
        boolean root = Files.isWritable(ro);
        Path target = root ? Files.writeString(dir.resolve("not-a-folder"), "x").resolve("depth.png")
                : ro.resolve("depth.png");
        try {
            dialogs.exports.add(target);
            dialogs.scale = 1;
            fire("exportDepth");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !view.messageBar().message().isEmpty());
            String m = view.messageBar().message();
            assertTrue(m.startsWith("Could not export the depth chart to " + target + ": "), m);
            assertTrue(root || m.contains("permission denied"), m);
            try (var listing = Files.list(ro)) {
                assertEquals(0, listing.count());
            }
            // the window still works: an edit recomputes and the charts follow
            long seed = session.spec().seed();
            // the bar shows on the pulse after its message is set (under load, later than the message)
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#messageClose")
                    .match(NodeQueryUtils.isVisible()).tryQuery().isPresent());
            robot.clickOn("#messageClose");
            WaitForAsyncUtils.asyncFx(session::newSeed).get();
            awaitResult();
            assertTrue(session.spec().seed() != seed);
            assertEquals(session.result().layers().get(0).get(Quantity.ACTIVATIONS).var(),
                    view.charts().depthChart().series().get(0).measured()[0]);
            assertEquals("", view.messageBar().message());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    static int colours(BufferedImage img) {
        var seen = new java.util.HashSet<Integer>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
