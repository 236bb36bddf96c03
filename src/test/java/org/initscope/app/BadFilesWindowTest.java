package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Malformed config files (from a fixed seed, as the fuzz test makes them) opened through File ▸ Open in the real
 * window: each one gets its message, and the network on screen stays. The default suite opens 27 of the 50, every
 * kind of damage (a truncated file, each wrong value or name, the deep, duplicated, empty, binary, not-UTF-8 and too
 * large ones, random bytes); the soak profile ({@code SoakBadFilesWindowTest}) opens all 50.
 */
@ExtendWith(ApplicationExtension.class)
class BadFilesWindowTest extends WindowTestBase {
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    /**
     * Which of the 50 files to open: the first truncated one (of 15), the 25 with one wrong value, name or encoding
     * each, and the first of 10 random byte strings.
     */
    boolean opens(int i) {
        return i == 0 || i >= 15 && i < 41;
    }

    /** Fifty bad files: truncated, wrong values, unknown names, deep, duplicated, binary, not UTF-8, too large. */
    private List<Path> badFiles() throws Exception {
        String preset;
        try (InputStream in = getClass().getResourceAsStream("/org/initscope/presets/cs231n-tanh-xavier.json")) {
            preset = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Random rnd = new Random(20240607L);
        var texts = new ArrayList<byte[]>();
        for (int i = 0; i < 15; i++) {
            texts.add(preset.substring(0, rnd.nextInt(preset.length() - 1)).getBytes(StandardCharsets.UTF_8));
        }
        for (String[] r : new String[][] {{"\"tanh\"", "\"tanhh\""}, {"\"tanh\"", "7"}, {"\"xavier_normal\"",
            "\"xavier\""}, {"\"dense\"", "\"conv3d\""}, {"500", "-500"}, {"500", "1e308"}, {"500", "\"500\""},
            {"500", "NaN"}, {"500", "\"Infinity\""}, {"500", "0.5"}, {"500", "null"}, {"500", "[500]"},
            {"256", "-0"}, {"\"normal\"", "\"gaussian\""}, {"\"layers\"", "\"layer\""}}) {
            texts.add(preset.replaceFirst(java.util.regex.Pattern.quote(r[0]), r[1]).getBytes(StandardCharsets.UTF_8));
        }
        texts.add(preset.replaceFirst("\"seed\"", "\"seed\": 1, \"seed\"").getBytes(StandardCharsets.UTF_8));
        texts.add("[".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        texts.add(("{\"a\": ".repeat(100) + "1" + "}".repeat(100)).getBytes(StandardCharsets.UTF_8));
        texts.add(new byte[0]);
        texts.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        texts.add(preset.getBytes(StandardCharsets.UTF_16));
        byte[] notUtf8 = preset.getBytes(StandardCharsets.UTF_8);
        notUtf8[40] = (byte) 0xFF;
        texts.add(notUtf8);
        texts.add(("{\"name\": \"huge\", \"input\": {\"features\": 16384, \"batch\": 100000}, "
                + "\"layers\": [{\"units\": 16384, \"activation\": \"relu\", \"repeat\": 4}]}").getBytes(StandardCharsets.UTF_8));
        texts.add("{\"input\": {\"features\": 8}, \"layers\": []}".getBytes(StandardCharsets.UTF_8));
        texts.add(("{\"input\": {\"features\": 8}, \"layers\": [{\"units\": 8, \"init\": {\"scheme\": \"normal\", "
                + "\"std\": -1}}]}").getBytes(StandardCharsets.UTF_8));
        while (texts.size() < 50) {
            byte[] garbage = new byte[1 + rnd.nextInt(2000)];
            rnd.nextBytes(garbage);
            texts.add(garbage);
        }
        var files = new ArrayList<Path>();
        for (int i = 0; i < texts.size(); i++) {
            Path f = dir.resolve("bad-" + i + ".json");
            Files.write(f, texts.get(i));
            files.add(f);
        }
        return files;
    }

    @Test
    void badFilesEachGetAMessageAndTheNetworkStays(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.upToDate());
        NetworkSpec before = session.spec();
        var result = session.result();
        Stage stage = (Stage) view.getScene().getWindow();
        String title = stage.getTitle();
        List<Path> files = badFiles();
        assertEquals(50, files.size());
        int opened = 0;
        for (int i = 0; i < files.size(); i++) {
            if (!opens(i)) {
                continue;
            }
            Path f = files.get(i);
            dialogs.opens.add(f);
            if (opened++ % 5 == 0) {
                robot.clickOn("File").clickOn("Open…");
            } else {
                robot.press(KeyCode.CONTROL, KeyCode.O).release(KeyCode.O, KeyCode.CONTROL);
            }
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(dialogs.opens.isEmpty(), "the open dialog was asked for " + f.getFileName());
            String msg = view.messageBar().message();
            assertTrue(msg.startsWith("Could not open the file. " + f), f.getFileName() + ": " + msg);
            assertFalse(msg.contains("Exception") || msg.contains("com.fasterxml") || msg.contains("java."), msg);
            assertEquals(before, session.spec(), f.getFileName() + " left the network as it was");
            assertFalse(session.isDirty());
            assertEquals(null, session.fileProperty().get());
            assertEquals(title, stage.getTitle());
        }
        assertEquals(0, dialogs.confirmations, "nothing was unsaved, so nothing was asked");
        assertTrue(result == session.result() || session.result().network().spec().equals(before),
                "the charts still show the same network");
    }
}
