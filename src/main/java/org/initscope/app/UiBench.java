package org.initscope.app;

import atlantafx.base.theme.PrimerLight;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.initscope.controller.NetworkSession;
import org.initscope.controller.Sessions;
import org.initscope.engine.PropagationResult;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Scheme;
import org.initscope.view.Dialogs;
import org.initscope.view.ChartExport;
import org.initscope.view.MainView;
import org.initscope.view.NumberField;

/**
 * What a user feels: the real window (headless, Monocle) driven by scripted gestures, each timed from the moment
 * the gesture changed the network to the first frame laid out with its result. For every gesture: how many edits it
 * made, how many of them the charts showed (the others were superseded before their computation finished: latest
 * wins), chart updates per second, edit → frame latency (median, 95th percentile, maximum) and the FX thread's
 * pauses (pulses more than 16 ms of its own CPU time apart, and the longest).
 *
 * <p>A frame "shows" an edit when the session's result is that edit's network and a layout pulse has run after the
 * charts received it; edits are matched to results by their resolved network. All gestures act on the FX thread as
 * the controls' own handlers do (a slider's value while it is being dragged, a spinner's increment as its arrow
 * repeats, a number field's text and Enter, a preset's menu item, a view tab).
 */
public final class UiBench {
    private UiBench() {
    }

    /** One gesture's numbers (latencies in ms). */
    public record Row(String network, String gesture, int edits, int shown, boolean lastShown, double seconds,
            double p50, double p95, double max, int fxPauses, double longestFxBusy, double longestGap) {
        public int dropped() {
            return edits - shown;
        }

        public double updatesPerSecond() {
            return shown / seconds;
        }
    }

    /** The first edits after the window appeared against later ones (ms from edit to frame). */
    public record FirstEdits(double first, double tenth, double medianOfLater) {
    }

    /** Everything one run measured. */
    public record Report(String screen, FirstEdits firstEdits, List<Row> rows) {
    }

    /** The 4 × 2048 ReLU network (He), batch 1024: the recompute benchmark's widest workload, in the window. */
    public static NetworkSpec wide() {
        var dense = new DenseSpec(2048, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                DenseSpec.DEFAULT_BIAS, 4);
        return new NetworkSpec("4 × 2048 relu (He)", 7, new InputSpec(2048, 1024, InputDistribution.NORMAL),
                List.of(dense));
    }

    /**
     * Set up a headless screen of {@code geometry} (e.g. "1366x768") for JavaFX; must run before the toolkit starts
     * (properties already set on the command line win).
     */
    public static void headless(String geometry) {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("headless.geometry", geometry + "-32");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Run every gesture on the default network, then (with {@code wide}) the slider, typing and tabs on 4 × 2048;
     * {@code progress} gets a line each. Starts JavaFX unless it runs already (then leaves it running).
     */
    public static Report run(double dragSeconds, boolean wide, Consumer<String> progress) throws Exception {
        return run(dragSeconds, wide, false, progress);
    }

    /**
     * As above; {@code quick} (the tests) makes three first edits, holds the spinner for 5 steps each way, types
     * three values, picks two presets and goes once through the tabs.
     */
    public static Report run(double dragSeconds, boolean wide, boolean quick, Consumer<String> progress)
            throws Exception {
        boolean ours = startToolkit();
        var bench = onFx(() -> new Bench(dragSeconds, quick));
        try {
            bench.awaitShown(NetworkSpec.defaultNetwork());
            progress.accept("window shown; first edits");
            FirstEdits first = bench.firstEdits();
            List<Row> rows = new ArrayList<>();
            String net = "default 10 × 500 tanh";
            rows.add(bench.drag(net));
            progress.accept(line(rows.get(rows.size() - 1)));
            rows.add(bench.spinnerHeld(net));
            progress.accept(line(rows.get(rows.size() - 1)));
            rows.add(bench.typing(net));
            progress.accept(line(rows.get(rows.size() - 1)));
            rows.add(bench.presets(net));
            progress.accept(line(rows.get(rows.size() - 1)));
            rows.add(bench.tabs(net));
            progress.accept(line(rows.get(rows.size() - 1)));
            if (!wide) {
                return new Report(screen(), first, rows);
            }
            bench.replace(wide());
            String w = "4 × 2048 relu, batch 1024";
            rows.add(bench.drag(w));
            progress.accept(line(rows.get(rows.size() - 1)));
            rows.add(bench.typing(w));
            progress.accept(line(rows.get(rows.size() - 1)));
            rows.add(bench.tabs(w));
            progress.accept(line(rows.get(rows.size() - 1)));
            return new Report(screen(), first, rows);
        } finally {
            onFx(() -> {
                bench.close();
                return null;
            });
            if (ours) {
                Platform.exit();
            }
        }
    }

    /**
     * Start the engine and JavaFX (for good: no implicit exit) unless JavaFX runs already; returns whether this
     * call started it (the caller then exits it when done).
     */
    static boolean startToolkit() throws InterruptedException {
        var started = new CountDownLatch(1);
        try {
            InitScopeApp.startEngine();
            Platform.startup(started::countDown);
            started.await();
            Platform.setImplicitExit(false);
            return true;
        } catch (IllegalStateException alreadyRunning) {
            return false;
        }
    }

    private static String screen() throws Exception {
        return onFx(() -> {
            var b = Screen.getPrimary().getBounds();
            return (int) b.getWidth() + "×" + (int) b.getHeight();
        });
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "%s, %s: %d edits, %d shown, %.1f updates/s, p50 %.0f ms, "
                + "p95 %.0f ms", r.network(), r.gesture(), r.edits(), r.shown(), r.updatesPerSecond(), r.p50(),
                r.p95());
    }

    static <T> T onFx(Callable<T> work) throws Exception {
        return ChartExport.onFx(work, 120);
    }

    /** The window and the meters; every field is touched on the FX thread only, except where marked volatile. */
    private static final class Bench {
        private final double dragSeconds;
        private final boolean quick;
        private final Stage stage = new Stage();
        private final Sessions sessions;
        private final NetworkSession session;
        private MainView view;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        /** Edits of the current gesture: when each was made and the network it asked for. */
        private final List<Long> editAt = new ArrayList<>();
        private final List<ResolvedNetwork> editNet = new ArrayList<>();
        private final List<Double> latencies = new ArrayList<>();
        private int lastShown = -1;
        private PropagationResult pending;
        /** A frame was asked for at this time by a gesture that changes no network (a tab); 0 when none. */
        private long frameWantedAt;
        private long lastPulse;
        private long lastCpu;
        private int fxPauses;
        private long longestBusy;
        private long longestGap;
        private final AnimationTimer pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                // keeps the pulses coming while the gestures run, as a moving mouse does
            }
        };

        Bench(double dragSeconds, boolean quick) {
            this.dragSeconds = dragSeconds;
            this.quick = quick;
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            sessions = Sessions.create(NetworkSpec.defaultNetwork(), Platform::runLater);
            session = sessions.network();
            view = InitScopeApp.createWindow(stage, sessions, Dialogs.NONE);
            view.setOnRebuilt(v -> view = v);
            // after the view's own listeners: the charts already have the result when this runs
            session.resultProperty().addListener((o, a, r) -> pending = r);
            stage.getScene().addPostLayoutPulseListener(this::pulse);
            stage.show();
            pulses.start();
        }

        void close() {
            pulses.stop();
            stage.close();
            sessions.close();
        }

        private void pulse() {
            long now = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            if (lastPulse != 0) {
                longestGap = Math.max(longestGap, now - lastPulse);
                long busy = cpu - lastCpu;
                longestBusy = Math.max(longestBusy, busy);
                if (busy > 16_000_000L) {
                    fxPauses++;
                }
            }
            lastPulse = now;
            lastCpu = cpu;
            if (frameWantedAt != 0) {
                latencies.add((now - frameWantedAt) / 1e6);
                frameWantedAt = 0;
            }
            if (pending == null) {
                return;
            }
            ResolvedNetwork shown = pending.network();
            pending = null;
            for (int i = editNet.size() - 1; i > lastShown; i--) {
                if (editNet.get(i).equals(shown)) {
                    latencies.add((now - editAt.get(i)) / 1e6);
                    lastShown = i;
                    break;
                }
            }
        }

        /** Note an edit just made (on the FX thread), if it changed the network. */
        private void edited(long at) {
            ResolvedNetwork n = session.resolved();
            if (!editNet.isEmpty() && editNet.get(editNet.size() - 1).equals(n)) {
                return;
            }
            editAt.add(at);
            editNet.add(n);
        }

        private void reset() {
            editAt.clear();
            editNet.clear();
            latencies.clear();
            lastShown = -1;
            pending = null;
            frameWantedAt = 0;
            fxPauses = 0;
            longestBusy = 0;
            longestGap = 0;
            lastPulse = 0;
        }

        private Row row(String network, String gesture, long t0, long t1, int edits, boolean frameWanted) {
            double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            boolean last = frameWanted ? latencies.size() == edits : lastShown == editNet.size() - 1;
            return new Row(network, gesture, edits, l.length, last, (t1 - t0) / 1e9, percentile(l, 0.5),
                    percentile(l, 0.95), l.length == 0 ? Double.NaN : l[l.length - 1], fxPauses, longestBusy / 1e6,
                    longestGap / 1e6);
        }

        // ---- waiting (called on the bench thread) ----

        /** Until the first result is shown; then the app's warm-up starts, and a user's first second passes. */
        void awaitShown(NetworkSpec spec) throws Exception {
            await(() -> session.upToDate() && session.result() != null, 300);
            onFx(() -> {
                session.warmUp(InitScopeApp.WARM_UP_RUNS);
                return null;
            });
            Thread.sleep(1000);
        }

        void replace(NetworkSpec spec) throws Exception {
            onFx(() -> {
                session.replace(spec, null);
                return null;
            });
            await(session::upToDate, 300);
            Thread.sleep(500);
        }

        private void await(BooleanSupplier done, int seconds) throws Exception {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (!onFx(done::getAsBoolean)) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the window did not show the result within " + seconds + " s");
                }
                Thread.sleep(10);
            }
            // one more pulse, so the frame that shows it is counted
            Thread.sleep(50);
        }

        /** Run a gesture: {@code step} is called on the FX thread every {@code periodMs} until it returns false. */
        private int gesture(long periodMs, IntPredicate step) throws Exception {
            int[] n = {0};
            var done = new CompletableFuture<Void>();
            onFx(() -> {
                var timeline = new Timeline();
                timeline.setCycleCount(Animation.INDEFINITE);
                timeline.getKeyFrames().add(new KeyFrame(Duration.millis(periodMs),
                        e -> {
                            if (!step.test(n[0]++)) {
                                timeline.stop();
                                done.complete(null);
                            }
                        }));
                timeline.play();
                return null;
            });
            done.get(300, TimeUnit.SECONDS);
            return n[0];
        }

        // ---- the gestures ----

        private Slider scaleSlider() {
            session.selectedProperty().set(0);
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            return (Slider) stage.getScene().lookup("#scaleSlider");
        }

        /** Ten single slider steps half a second apart, right after the window appeared. */
        FirstEdits firstEdits() throws Exception {
            onFx(() -> {
                reset();
                return null;
            });
            Slider slider = onFx(this::scaleSlider);
            double[] l = new double[quick ? 3 : 12];
            for (int i = 0; i < l.length; i++) {
                double v = 0.05 * (i + 1);
                onFx(() -> {
                    slider.setValue(v);
                    edited(System.nanoTime());
                    return null;
                });
                int want = i;
                await(() -> lastShown == want, 120);
                l[i] = onFx(() -> latencies.get(latencies.size() - 1));
                Thread.sleep(500);
            }
            onFx(() -> {
                slider.setValue(0);
                return null;
            });
            await(session::upToDate, 120);
            double[] later = Arrays.copyOfRange(l, 1, l.length);
            Arrays.sort(later);
            return new FirstEdits(l[0], l[Math.min(9, l.length - 1)], later[later.length / 2]);
        }

        /** The scale slider dragged back and forth for {@code dragSeconds}, one new value per frame. */
        Row drag(String network) throws Exception {
            Slider slider = onFx(() -> {
                reset();
                return scaleSlider();
            });
            long t0 = System.nanoTime();
            long frames = Math.round(dragSeconds * 60);
            onFx(() -> {
                slider.setValueChanging(true);
                return null;
            });
            gesture(16, i -> {
                // a triangle between scale 0.5 and 2 (log10 −0.3 … 0.3), 2.5 s per sweep
                double phase = (i % 150) / 150.0;
                double x = phase < 0.5 ? phase * 2 : 2 - phase * 2;
                slider.setValue(-0.3 + 0.6 * x);
                edited(System.nanoTime());
                return i + 1 < frames;
            });
            onFx(() -> {
                slider.setValueChanging(false);
                return null;
            });
            int edits = onFx(editAt::size);
            await(session::upToDate, 300);
            long t1 = System.nanoTime();
            Row r = onFx(() -> row(network, "scale slider drag", t0, t1, edits, false));
            onFx(() -> {
                slider.setValue(0);
                return null;
            });
            await(session::upToDate, 300);
            return r;
        }

        /** The depth spinner's up arrow held for 1.5 s, then its down arrow (JavaFX repeats every 60 ms). */
        Row spinnerHeld(String network) throws Exception {
            @SuppressWarnings("unchecked")
            Spinner<Integer> spinner = onFx(() -> {
                reset();
                return (Spinner<Integer>) stage.getScene().lookup("#depthSpinner");
            });
            long t0 = System.nanoTime();
            int half = quick ? 5 : 25;
            gesture(60, i -> {
                if (i < half) {
                    spinner.increment();
                } else {
                    spinner.decrement();
                }
                edited(System.nanoTime());
                return i + 1 < 2 * half;
            });
            int edits = onFx(editAt::size);
            await(session::upToDate, 300);
            long t1 = System.nanoTime();
            return onFx(() -> row(network, "depth spinner held", t0, t1, edits, false));
        }

        /** A std typed into the first layer's N(0, std²) initializer and applied with Enter, ten times. */
        Row typing(String network) throws Exception {
            NetworkSpec before = onFx(session::spec);
            onFx(() -> {
                reset();
                session.editLayer(0, d -> d.withInit(InitSpec.of(Scheme.NORMAL, "std", 0.05)));
                session.selectedProperty().set(0);
                return null;
            });
            await(session::upToDate, 300);
            onFx(() -> {
                reset();
                return null;
            });
            NumberField field = onFx(() -> {
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
                return (NumberField) stage.getScene().lookup("#weightParams").lookupAll("#param-std").stream()
                        .filter(n -> n instanceof NumberField).findFirst().orElseThrow(
                                () -> new IllegalStateException("no std field in the inspector"));
            });
            long t0 = System.nanoTime();
            String[] all = {"0.04", "0.06", "0.03", "0.08", "0.045", "0.07", "0.035", "0.09", "0.05", "0.065"};
            String[] values = quick ? Arrays.copyOf(all, 3) : all;
            for (String v : values) {
                // typed a key at a time (no edit until Enter), then Enter
                for (int k = 1; k <= v.length(); k++) {
                    String typed = v.substring(0, k);
                    onFx(() -> {
                        field.setText(typed);
                        return null;
                    });
                    Thread.sleep(40);
                }
                onFx(() -> {
                    long at = System.nanoTime();
                    field.fireEvent(new ActionEvent(field, field));
                    edited(at);
                    return null;
                });
                Thread.sleep(400);
            }
            int edits = onFx(editAt::size);
            await(session::upToDate, 300);
            long t1 = System.nanoTime();
            Row r = onFx(() -> row(network, "typing a std + Enter", t0, t1, edits, false));
            onFx(() -> {
                session.replace(before, null);
                return null;
            });
            await(session::upToDate, 300);
            return r;
        }

        /** Six presets from the Presets menu, each as soon as the one before is shown, then the network before. */
        Row presets(String network) throws Exception {
            NetworkSpec before = onFx(() -> {
                reset();
                return session.spec();
            });
            String[] all = {"cs231n-tanh-small", "cs231n-relu-he", "fix-he", "selu-lecun", "orthogonal",
                    "dlai-too-large"};
            String[] ids = quick ? Arrays.copyOf(all, 2) : all;
            long t0 = System.nanoTime();
            for (String id : ids) {
                onFx(() -> {
                    MenuItem item = menuItem("preset-" + id).orElseThrow(
                            () -> new IllegalStateException("no preset " + id + " in the menu"));
                    long at = System.nanoTime();
                    item.fire();
                    edited(at);
                    return null;
                });
                await(session::upToDate, 300);
                Thread.sleep(200);
            }
            long t1 = System.nanoTime();
            Row r = onFx(() -> row(network, "presets from the menu", t0, t1, editAt.size(), false));
            onFx(() -> {
                session.replace(before, null);
                return null;
            });
            await(session::upToDate, 300);
            return r;
        }

        /** The Explore view tabs, each clicked half a second after the one before (no new computation). */
        Row tabs(String network) throws Exception {
            TabPane tabs = onFx(() -> {
                reset();
                return (TabPane) stage.getScene().lookup("#viewTabs");
            });
            int n = onFx(() -> tabs.getTabs().size());
            long t0 = System.nanoTime();
            int rounds = quick ? 1 : 2;
            for (int k = 0; k < rounds * n; k++) {
                int index = k % n;
                onFx(() -> {
                    frameWantedAt = System.nanoTime();
                    tabs.getSelectionModel().select(index);
                    return null;
                });
                Thread.sleep(500);
            }
            onFx(() -> {
                tabs.getSelectionModel().select(0);
                return null;
            });
            long t1 = System.nanoTime();
            int switches = rounds * n;
            Row r = onFx(() -> row(network, "view tabs", t0, t1, switches, true));
            return r;
        }

        private Optional<MenuItem> menuItem(String id) {
            MenuBar bar = (MenuBar) stage.getScene().lookup("#menuBar");
            List<MenuItem> all = new ArrayList<>();
            for (Menu m : bar.getMenus()) {
                collect(m, all);
            }
            return all.stream().filter(i -> id.equals(i.getId())).findFirst();
        }

        private static void collect(Menu m, List<MenuItem> into) {
            for (MenuItem i : m.getItems()) {
                into.add(i);
                if (i instanceof Menu sub) {
                    collect(sub, into);
                }
            }
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
