package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import javax.imageio.ImageIO;
import org.initscope.view.Palette;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** {@code render}: the app's charts into a PNG without a window. */
class RenderCommandTest {
    private static final String SMALL = """
            {"name": "small", "seed": 3, "input": {"features": 40, "batch": 64},
             "layers": [{"units": 32, "activation": "tanh", "repeat": 6,
                         "init": {"scheme": "xavier_normal", "gain": "auto"}}]}
            """;

    @BeforeAll
    static void toolkit() throws Exception {
        // the tests' JVM starts JavaFX through TestFX (which cannot start it a second time); render then reuses it
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void everyViewAtTheRequestedSize(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("small.json"), SMALL);
        for (String view : new String[] {"depth", "histograms", "ridgeline", "dashboard"}) {
            Path png = dir.resolve(view + ".png");
            var r = CliTest.run("render", "--config", cfg.toString(), "--view", view, "--out", png.toString(),
                    "--width", "640", "--height", "400");
            assertEquals(0, r.code(), view + ": " + r.err());
            assertTrue(r.out().contains("640×400"), r.out());
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(640, img.getWidth(), view);
            assertEquals(400, img.getHeight(), view);
            var colours = new HashSet<Integer>();
            // the forward signal's blue (pure on lines, blended with white under translucent bars)
            float hue = (float) (Palette.FORWARD.getHue() / 360);
            int forward = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int c = img.getRGB(x, y) & 0xffffff;
                    colours.add(c);
                    float[] hsb = java.awt.Color.RGBtoHSB(c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff, null);
                    if (Math.abs(hsb[0] - hue) < 0.02 && hsb[1] > 0.5) {
                        forward++;
                    }
                }
            }
            assertTrue(colours.size() > 30, view + ": " + colours.size() + " colours");
            assertTrue(forward > 200, view + ": the forward signal's blue is drawn (" + forward + " pixels)");
        }
    }

    @Test
    void statsCsvPrintsTheExportedTable(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("small.json"), SMALL);
        var r = CliTest.run("stats", "--config", cfg.toString(), "--csv");
        assertEquals(0, r.code(), r.err());
        var lines = r.out().lines().toList();
        assertEquals(org.initscope.export.StatsCsv.HEADER, lines.get(0));
        assertEquals(1 + 6 * 8, lines.size());
        assertTrue(lines.get(1).startsWith("1,dense,weights,1280,"), lines.get(1));
        assertEquals(2, CliTest.run("stats", "--csv", "--json").code());
    }

    @Test
    void scaleMultipliesThePixels(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("depth@2x.png");
        var r = CliTest.run("render", "--view", "depth", "--out", png.toString(), "--width", "300", "--height",
                "200", "--scale", "2");
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(600, img.getWidth());
        assertEquals(400, img.getHeight());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("x.png");
        var unknown = CliTest.run("render", "--view", "pie", "--out", png.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("error: unknown view 'pie'"), unknown.err());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"layers\": [{\"units\": -3}]}");
        var config = CliTest.run("render", "--config", bad.toString(), "--view", "depth", "--out", png.toString());
        assertEquals(2, config.code(), config.err());
        var missing = CliTest.run("render", "--view", "depth", "--out", dir.resolve("no/such/x.png").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("the folder does not exist"), missing.err());
        Path notDir = Files.writeString(dir.resolve("file"), "x");
        var unwritable = CliTest.run("render", "--view", "depth", "--out", notDir.resolve("x.png").toString());
        assertEquals(2, unwritable.code(), unwritable.err());
        var size = CliTest.run("render", "--view", "depth", "--out", png.toString(), "--width", "10");
        assertEquals(2, size.code());
        var scale = CliTest.run("render", "--view", "depth", "--out", png.toString(), "--scale", "9");
        assertEquals(2, scale.code());
        for (var r : new CliTest.Run[] {unknown, config, missing, unwritable, size, scale}) {
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(png));
    }

    /**
     * The target is checked before anything is computed (a named pipe, a device, a loop of links), and a full disk
     * says so in one line, with nothing on stderr from the image encoder and nothing left in the folder.
     */
    @Test
    void aSpecialTargetIsRefusedAndAFullDiskSaysSo(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.png");
        org.junit.jupiter.api.Assumptions.assumeTrue(org.initscope.export.AtomicFilesTest.run("mkfifo",
                fifo.toString()), "mkfifo is needed");
        var pipe = CliTest.run("render", "--view", "depth", "--out", fifo.toString());
        assertEquals(2, pipe.code(), pipe.err());
        assertEquals("error: cannot write " + fifo + ": it is a named pipe (FIFO), not a regular file",
                pipe.err().strip());
        assertEquals(0010000, ((Integer) Files.getAttribute(fifo, "unix:mode")) & 0170000, "the pipe is kept");
        Path device = dir.resolve("null.png");
        if (org.initscope.export.AtomicFilesTest.run("mknod", device.toString(), "c", "1", "3")) {
            var dev = CliTest.run("render", "--view", "depth", "--out", device.toString());
            assertEquals(2, dev.code());
            assertTrue(dev.err().contains("it is a device, not a regular file"), dev.err());
            assertFalse(Files.isRegularFile(device), "the device node is kept");
        }
        Path full = Files.createDirectory(dir.resolve("full"));
        org.junit.jupiter.api.Assumptions.assumeTrue(org.initscope.export.AtomicFilesTest.run("mount", "-t",
                "tmpfs", "-o", "size=16k", "tmpfs", full.toString()), "a small tmpfs stands for a full disk");
        var stderr = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(captured, true));
            Path png = full.resolve("depth.png");
            var r = CliTest.run("render", "--view", "depth", "--out", png.toString());
            assertEquals(2, r.code(), r.err());
            assertEquals("error: cannot write " + png + ": no space left on device", r.err().strip());
            try (var left = Files.list(full)) {
                assertEquals(0, left.count(), "no partial or temporary file is left");
            }
        } finally {
            System.setErr(stderr);
            org.initscope.export.AtomicFilesTest.run("umount", full.toString());
        }
        assertFalse(captured.toString().contains("at "), "nothing on stderr: " + captured);
    }
}
