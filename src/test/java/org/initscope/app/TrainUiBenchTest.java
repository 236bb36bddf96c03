package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench --train-ui trains the conv digits preset in the real window and counts what it saw: no rate is asserted (the
 * machine is shared), only that the run trained, that frames showed it and that the counts are consistent — a frame
 * with a new record is a frame with a newer state, which is a pulse — and that the window is written to a PNG.
 */
class TrainUiBenchTest {
    @TempDir
    Path dir;

    /** The toolkit runs before the bench (as in the suite, where TestFX started it): the bench leaves it running. */
    @BeforeAll
    static void toolkit() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @Test
    void theConvPresetTrainsInTheWindowAndItsFramesAreCounted() throws Exception {
        List<String> progress = new ArrayList<>();
        Path png = dir.resolve("train.png");
        TrainUiBench.Result r = TrainUiBench.run("conv-digits.json", 0.5, 1.5, png, progress::add);
        assertEquals("conv-digits.json", r.preset());
        assertEquals(10, r.recordEvery(), "the Train tab's default");
        assertTrue(r.steps() > 0, r.toString());
        assertTrue(r.framesWithNewState() >= 1, r.toString());
        assertTrue(r.framesWithNewRecord() <= r.framesWithNewState() && r.framesWithNewState() <= r.pulses(),
                r.toString());
        // a state is published after a step at most once a frame (40 ms) or after a command
        assertTrue(r.statesPublished() <= r.seconds() * 1000 / 40 + 3, r.toString());
        assertTrue(r.workerCpuShare() > 0 && r.workerCpuMsPerStep() > 0, r.toString());
        assertTrue(Files.size(png) > 10_000, "the window's PNG");
        var image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 800 && image.getHeight() >= 600, image.getWidth() + "×" + image.getHeight());
        assertTrue(progress.get(0).startsWith("training Digits as 1×8×8 images"), progress.toString());
        assertEquals(5, TrainUiBench.describe(r).size());
    }
}
