package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.initscope.model.DenseSpec;
import org.initscope.engine.LayerResult;
import org.initscope.engine.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Edits in quick succession through the real controls: the FX thread never stalls for more than 100 ms of its own
 * work between two animation pulses (which JavaFX fires every 16.7 ms while the thread is free), and the charts end
 * up showing the last edit, not a stale one. The default suite makes 100 edits; the soak profile
 * ({@code mvn -Psoak verify}) 1,000 ({@code SoakEditLoadWindowTest}).
 */
@ExtendWith(ApplicationExtension.class)
class EditLoadWindowTest extends WindowTestBase {
    /** How many edits: 100 here, 1,000 in the soak subclass. */
    int edits() {
        return 100;
    }

    @Start
    void start(Stage stage) {
        open(stage);
    }

    /**
     * The FX thread between two of its pulses: the wall-clock gap, and the CPU time the thread itself used in it.
     * The CPU time is what our code blocks it for; the wall gap also counts time the OS gave the cores to other
     * threads and processes (the engine's own threads, or anything else on a shared 2-core machine).
     */
    static final class StallMeter extends AnimationTimer {
        private final java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private long last;
        private long lastCpu;
        volatile long worstNanos;
        volatile long worstCpuNanos;
        volatile long pulses;
        final java.util.List<String> stalls = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void handle(long now) {
            long cpu = threads.getCurrentThreadCpuTime();
            if (last != 0) {
                worstNanos = Math.max(worstNanos, now - last);
                worstCpuNanos = Math.max(worstCpuNanos, cpu - lastCpu);
                if (now - last > 50_000_000L) {
                    stalls.add(String.format("%.0f ms (FX busy %.0f ms)", (now - last) / 1e6, (cpu - lastCpu) / 1e6));
                }
            }
            last = now;
            lastCpu = cpu;
            pulses++;
        }
    }

    @Test
    void manyEditsNeverBlockTheWindowAndTheLastOneWins(FxRobot robot) throws Exception {
        int n = edits();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> session.upToDate());
        robot.clickOn("#layerTable .table-row-cell");
        Slider slider = robot.lookup("#scaleSlider").queryAs(Slider.class);
        var meter = new StallMeter();
        robot.interact(meter::start);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            // the slider as a drag moves it: every value an edit of the network and a new computation
            double v = -1 + 2.0 * ((i * 37) % 1000) / 1000.0;
            double value = i == n - 1 ? Math.log10(0.5) : v;
            robot.interact(() -> slider.setValue(value));
        }
        long editNanos = System.nanoTime() - t0;
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> session.upToDate());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(meter::stop);
        System.out.printf("%d edits in %.1f s; FX thread: %d pulses, longest gap %.1f ms, longest busy %.1f ms%n",
                n, editNanos / 1e9, meter.pulses, meter.worstNanos / 1e6, meter.worstCpuNanos / 1e6);
        System.out.println("stalls over 50 ms: " + meter.stalls);

        assertEquals(0.5, ((DenseSpec) session.layerSpec(0)).scale(), 1e-12, "the last edit is the network");
        var r = session.result();
        assertEquals(session.spec().resolve(), r.network(), "the result is the last edit's, not a stale one");
        var series = view.charts().depthChart().series();
        for (int i = 0; i < r.layers().size(); i++) {
            LayerResult l = r.layers().get(i);
            assertEquals(l.get(Quantity.ACTIVATIONS).var(), series.get(0).measured()[i], "depth chart, layer " + i);
        }
        assertTrue(meter.pulses > n / 10, "the FX thread kept pulsing: " + meter.pulses);
        // the first pulses after the window opens include the JIT compiling the chart code: measured from the start
        assertTrue(meter.worstCpuNanos < 100_000_000L, "the FX thread was busy for " + meter.worstCpuNanos / 1e6
                + " ms between two pulses");
    }
}
