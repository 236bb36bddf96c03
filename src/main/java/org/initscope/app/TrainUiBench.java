package org.initscope.app;

import atlantafx.base.theme.PrimerLight;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.initscope.config.Mode;
import org.initscope.config.Presets;
import org.initscope.controller.Sessions;
import org.initscope.controller.TrainingSession;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.NetworkSpec;
import org.initscope.view.ChartExport;
import org.initscope.view.Dialogs;
import org.initscope.view.MainView;

/**
 * Training as a class sees it: the real window (headless, Monocle, software rendering) with a preset loaded, the
 * Train tab shown and Play pressed, as a user does. Over the measured seconds it counts the optimizer steps the run
 * took and the frames (layout pulses) that showed something new: a frame <em>with a newer state</em> shows the run
 * at a later step than the frame before it (the live view, the step label, the rate), a frame <em>with a new
 * record</em> also has a newer record in the charts (the loss curves, the per-layer curves, the histograms over
 * time). A state is what the worker published and the panel took (its listeners redraw the charts as it arrives);
 * a pulse shows the newest one the panel has.
 */
public final class TrainUiBench {
    private TrainUiBench() {
    }

    /** What one measurement saw. */
    public record Result(String preset, String screen, double seconds, long steps, int recordEvery, int pulses,
            int framesWithNewState, int framesWithNewRecord, int statesPublished, double longestGapMs,
            int fxPausesOver16Ms, double fxBusyShare, double workerCpuShare, double rendererCpuShare) {
        /** The worker's CPU time per optimizer step, records included (ms). */
        public double workerCpuMsPerStep() {
            return workerCpuShare * seconds * 1000 / Math.max(1, steps);
        }

        /** The FX thread's and the renderer's CPU time per pulse (ms). */
        public double drawCpuMsPerPulse() {
            return (fxBusyShare + rendererCpuShare) * seconds * 1000 / Math.max(1, pulses);
        }

        public double stepsPerSecond() {
            return steps / seconds;
        }

        public double newStateFramesPerSecond() {
            return framesWithNewState / seconds;
        }

        public double newRecordFramesPerSecond() {
            return framesWithNewRecord / seconds;
        }

        public double pulsesPerSecond() {
            return pulses / seconds;
        }

        public double statesPerSecond() {
            return statesPublished / seconds;
        }
    }

    /**
     * Load {@code presetFile} (e.g. "conv-digits.json"), show the Train tab, press Play, let it run
     * {@code warmSeconds}, then measure for {@code seconds}; with {@code png}, the window as it was at the end of
     * the measurement, still training, is written there. Starts JavaFX unless it runs already (then leaves it
     * running).
     */
    public static Result run(String presetFile, double warmSeconds, double seconds, Path png,
            Consumer<String> progress) throws Exception {
        boolean ours = UiBench.startToolkit();
        NetworkSpec spec = Presets.byFile(presetFile).orElseThrow(() -> new IllegalArgumentException(
                "no preset " + presetFile)).load();
        var meter = UiBench.onFx(Meter::new);
        try {
            UiBench.onFx(() -> {
                meter.sessions.network().replace(spec, null);
                meter.view.showMode(Mode.TRAIN);
                return null;
            });
            TrainingSession training = meter.sessions.training();
            await(() -> {
                TrainingSession.State s = training.state();
                return s != null && !s.records().isEmpty() && s.name().equals(spec.name());
            }, 300);
            progress.accept("training " + spec.name() + " in the window; warming up " + warmSeconds + " s");
            training.play();
            Thread.sleep((long) (warmSeconds * 1000));
            UiBench.onFx(() -> {
                meter.start();
                return null;
            });
            Thread.sleep((long) (seconds * 1000));
            Result r = UiBench.onFx(() -> meter.stop(presetFile, training.recordEveryProperty().get()));
            if (png != null) {
                var image = UiBench.onFx(() -> ChartExport.snapshot(
                        meter.stage.getScene().getRoot(), 1));
                ChartExport.writePng(image, png);
                progress.accept("the window at the end: " + png);
            }
            training.pause();
            return r;
        } finally {
            UiBench.onFx(() -> {
                meter.close();
                return null;
            });
            if (ours) {
                Platform.exit();
            }
        }
    }

    private static void await(Callable<Boolean> done, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!UiBench.onFx(done)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the run did not start within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    /** The window and the counters; touched on the FX thread only. */
    private static final class Meter {
        private final Stage stage = new Stage();
        private final Sessions sessions;
        private MainView view;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private boolean measuring;
        private long t0;
        private long cpu0;
        private long step0;
        private final Map<String, Long> threadCpu0 = new HashMap<>();
        private int pulses;
        private int newState;
        private int newRecord;
        private int published;
        private TrainingSession.State lastState;
        private long lastRecordStep = -1;
        private long lastPulse;
        private long lastCpu;
        private long longestGap;
        private int fxPauses;

        Meter() {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            sessions = Sessions.create(NetworkSpec.defaultNetwork(), Platform::runLater);
            view = InitScopeApp.createWindow(stage, sessions, Dialogs.NONE);
            view.setOnRebuilt(v -> view = v);
            stage.getScene().addPostLayoutPulseListener(this::pulse);
            sessions.training().stateProperty().addListener((o, a, b) -> {
                if (measuring) {
                    published++;
                }
            });
            stage.show();
        }

        void start() {
            measuring = true;
            t0 = System.nanoTime();
            cpu0 = threads.getCurrentThreadCpuTime();
            TrainingSession.State s = sessions.training().state();
            step0 = s.step();
            lastState = s;
            lastRecordStep = newestRecordStep(s);
            lastPulse = t0;
            lastCpu = cpu0;
            threadCpu0.put("initscope-training", cpuOf("initscope-training"));
            threadCpu0.put("QuantumRenderer-0", cpuOf("QuantumRenderer-0"));
        }

        /** CPU time (ns) of the live thread of that name, −1 when there is none. */
        private long cpuOf(String name) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name)) {
                    return threads.getThreadCpuTime(t.getId());
                }
            }
            return -1;
        }

        private double share(String name, double seconds) {
            long a = threadCpu0.getOrDefault(name, -1L);
            long b = cpuOf(name);
            return a < 0 || b < 0 ? Double.NaN : (b - a) / 1e9 / seconds;
        }

        private static long newestRecordStep(TrainingSession.State s) {
            List<TrainingRecord> r = s.records();
            return r.isEmpty() ? -1 : r.get(r.size() - 1).step();
        }

        private void pulse() {
            if (!measuring) {
                return;
            }
            long now = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            pulses++;
            longestGap = Math.max(longestGap, now - lastPulse);
            if (cpu - lastCpu > 16_000_000L) {
                fxPauses++;
            }
            lastPulse = now;
            lastCpu = cpu;
            TrainingSession.State s = sessions.training().state();
            if (s != lastState && s.step() > lastState.step()) {
                newState++;
                long rs = newestRecordStep(s);
                if (rs > lastRecordStep) {
                    newRecord++;
                    lastRecordStep = rs;
                }
            }
            lastState = s;
        }

        Result stop(String preset, int recordEvery) {
            measuring = false;
            long now = System.nanoTime();
            double seconds = (now - t0) / 1e9;
            long steps = sessions.training().state().step() - step0;
            var b = Screen.getPrimary().getBounds();
            return new Result(preset, (int) b.getWidth() + "×" + (int) b.getHeight(), seconds, steps, recordEvery,
                    pulses, newState, newRecord, published, longestGap / 1e6, fxPauses,
                    (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / seconds, share("initscope-training", seconds),
                    share("QuantumRenderer-0", seconds));
        }

        void close() {
            stage.close();
            sessions.close();
        }
    }

    /** The lines bench --train-ui prints. */
    public static List<String> describe(Result r) {
        var lines = new ArrayList<String>();
        lines.add(String.format(Locale.ROOT, "%s in the real window (%s, headless, software rendering), "
                + "recording every %d steps, over %.1f s:", r.preset(), r.screen(), r.recordEvery(), r.seconds()));
        lines.add(String.format(Locale.ROOT, "  %.0f optimizer steps/s", r.stepsPerSecond()));
        lines.add(String.format(Locale.ROOT, "  %.1f frames/s with a newer state (live view, step), "
                + "%.1f frames/s with a new record in the charts; %.1f states/s published, %.1f pulses/s",
                r.newStateFramesPerSecond(), r.newRecordFramesPerSecond(), r.statesPerSecond(),
                r.pulsesPerSecond()));
        lines.add(String.format(Locale.ROOT, "  CPU: the training worker %.0f %% of a core (%.2f ms a step, "
                + "records included), the FX thread %.0f %% and the renderer %.0f %% (%.1f ms a pulse together)",
                100 * r.workerCpuShare(), r.workerCpuMsPerStep(), 100 * r.fxBusyShare(),
                100 * r.rendererCpuShare(), r.drawCpuMsPerPulse()));
        lines.add(String.format(Locale.ROOT, "  FX thread: %d pulses after more than 16 ms of its CPU "
                + "time, longest gap between pulses %.0f ms", r.fxPausesOver16Ms(), r.longestGapMs()));
        return lines;
    }
}
