package org.initscope.view;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.initscope.config.Mode;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.config.View;
import org.initscope.controller.ExportService;
import org.initscope.controller.NetworkSession;
import org.initscope.controller.Sessions;
import org.initscope.controller.TrainingSession;
import org.initscope.export.LessonPdf;
import org.initscope.i18n.I18n;
import org.initscope.model.NetworkSpec;

/**
 * A lesson as slides and a handout: every step drawn as the class sees it in presentation mode — the step's
 * title, text and question in the lesson column beside its charts — in a window of its own that is never shown
 * (any size, independent of the screen), saved as one PNG per step, plus one PDF of all steps (the texts as
 * selectable text, the charts as an image). Steps that train are trained for {@link #TRAIN_STEPS} steps first
 * (whole epochs, so the same lesson gives the same pictures). Runs the drawing on the FX thread, one step at a
 * time, and waits on the calling thread (never call it on the FX thread). In the window it runs on the
 * {@link ExportService}'s lesson worker, which stops it between two of its steps when it goes stale.
 */
public final class LessonExport {
    /** The slide sizes offered: full HD (the default), HD, a laptop and a 4:3 projector. */
    public static final List<String> SIZES = List.of("1920×1080", "1280×720", "1366×768", "1024×768");
    public static final int MIN_SIZE = 640;
    public static final int MAX_SIZE = 4096;
    /** Steps of training before a training step is drawn. */
    public static final int TRAIN_STEPS = 300;
    private static final long TIMEOUT_S = 120;

    /** What was written. */
    public record Result(List<Path> pngs, Path pdf) {
    }

    private LessonExport() {
    }

    /** "1920×1080" (or "1920x1080") as {width, height}. */
    public static Optional<int[]> parseSize(String s) {
        String[] p = s.trim().toLowerCase(Locale.ROOT).split("[×x]");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim());
                int h = Integer.parseInt(p[1].trim());
                if (w >= MIN_SIZE && w <= MAX_SIZE && h >= MIN_SIZE / 2 && h <= MAX_SIZE) {
                    return Optional.of(new int[] {w, h});
                }
            }
        } catch (NumberFormatException e) {
            // not a size
        }
        return Optional.empty();
    }

    /** The file name of step {@code i} (0-based): step-01.png, … */
    public static String pngName(int i) {
        return String.format(Locale.ROOT, "step-%02d.png", i + 1);
    }

    /** A window for the export: a main view in presentation mode on its own sessions, in a scene of w×h. */
    private static final class Slides {
        final Sessions sessions;
        final NetworkSession session;
        final TrainingSession training;
        final MainView view;
        final Scene scene;

        Slides(int w, int h) {
            sessions = Sessions.create(NetworkSpec.defaultNetwork(), Platform::runLater);
            session = sessions.network();
            training = sessions.training();
            view = new MainView(sessions, Dialogs.NONE);
            scene = new Scene(view, w, h);
            scene.setUserAgentStylesheet(Theme.LIGHT_STYLESHEET);
            scene.getStylesheets().setAll(Theme.appStylesheets());
            // the slide is the lesson and its charts: no menus
            view.setTop(null);
            view.presentationProperty().set(true);
        }

        void layout() {
            view.applyCss();
            // slides and handouts are drawn on the light theme whatever the window's theme: dark charts' light grid
            // and axis colours were unreadable on the slide's white background
            for (Node n : view.lookupAll(".chart-pane")) {
                if (n instanceof ChartPane c && c.dark()) {
                    c.setDark(false);
                }
            }
            view.layout();
        }

        void close() {
            sessions.close();
        }
    }

    /** Export every step of {@code lesson}; {@code progress} hears a line per file written. */
    public static Result export(Scenario lesson, int width, int height, Path dir, Path pdf, Consumer<String> progress)
            throws IOException, InterruptedException {
        return export(lesson, width, height, dir, pdf, progress, () -> false);
    }

    /**
     * Export every step of {@code lesson} until {@code cancelled} says to stop: it is asked between the steps of the
     * work (and while waiting for a computation, a training or the FX thread), and the export then ends with a
     * {@link CancellationException}, leaving the files written so far.
     */
    public static Result export(Scenario lesson, int width, int height, Path dir, Path pdf, Consumer<String> progress,
            BooleanSupplier cancelled) throws IOException, InterruptedException {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("the lesson export waits for the engine: not on the FX thread");
        }
        Files.createDirectories(dir);
        // made whatever happens (closed below): not given up while the FX thread is busy
        Slides slides = onFx(() -> new Slides(width, height), () -> false);
        var pngs = new ArrayList<Path>();
        var pages = new ArrayList<LessonPdf.Page>();
        try {
            onFx(() -> {
                slides.view.lessons().start(lesson);
                return null;
            }, cancelled);
            for (int i = 0; i < lesson.steps().size(); i++) {
                int step = i;
                Scenario.Step s = lesson.steps().get(i);
                onFx(() -> {
                    slides.view.lessons().go(step);
                    return null;
                }, cancelled);
                await(() -> onFxQuiet(() -> ready(slides, s), cancelled), cancelled);
                if (s.mode().trains()) {
                    train(slides, s.mode() == Mode.TRAIN, cancelled);
                }
                // one more layout and pulse after the last result, then the picture
                Thread.sleep(150);
                var shot = onFx(() -> {
                    slides.layout();
                    WritableImage slide = ChartExport.snapshot(slides.view, 1);
                    WritableImage charts = ChartExport.snapshot(slides.view.modesPane(), 1);
                    return new Object[] {slide, charts, slides.view.lessonBar().texts()};
                }, cancelled);
                Path png = dir.resolve(pngName(i));
                ChartExport.writePng((WritableImage) shot[0], png);
                pngs.add(png);
                progress.accept("wrote " + png);
                String[] t = (String[]) shot[2];
                pages.add(new LessonPdf.Page(t[0], t[1], t[2], t[3], t[4], t[5], png((WritableImage) shot[1])));
            }
        } finally {
            // without waiting: the FX thread may be the one closing the window and stopping this export
            Platform.runLater(slides::close);
        }
        if (cancelled.getAsBoolean()) {
            throw new CancellationException();
        }
        LessonPdf.write(pdf, lesson.title(), pages);
        progress.accept("wrote " + pdf + " (" + pages.size() + " pages)");
        return new Result(pngs, pdf);
    }

    /** The step's networks computed and its views filled (FX thread). */
    private static boolean ready(Slides s, Scenario.Step step) {
        s.layout();
        if (!s.session.upToDate()) {
            return false;
        }
        if (step.mode().compares()) {
            var b = s.view.comparison().b();
            if (!b.upToDate()) {
                return false;
            }
        }
        var charts = s.view.charts();
        if (step.view() == View.JACOBIAN) {
            return charts.jacobianChart().values() != null || !s.session.result().network().denseStack();
        }
        return step.view() != View.PHASE || charts.phaseDiagram().ready();
    }

    /** Train (alone, or A and B in lockstep) for whole epochs until {@link #TRAIN_STEPS} steps are done. */
    private static void train(Slides s, boolean alone, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        for (int guard = 0; guard < 10_000; guard++) {
            long done = onFx(() -> alone ? (s.training.state() == null ? -1 : s.training.state().step())
                    : (s.view.comparison().training().state() == null ? -1
                            : s.view.comparison().training().state().step()), cancelled);
            boolean running = onFx(() -> alone ? s.training.state() != null && s.training.state().running()
                    : s.view.comparison().training().state() != null
                            && s.view.comparison().training().state().running(), cancelled);
            if (done >= TRAIN_STEPS && !running) {
                return;
            }
            if (done >= 0 && !running) {
                onFx(() -> {
                    if (alone) {
                        s.training.epoch();
                    } else {
                        s.view.comparison().training().epoch();
                    }
                    return null;
                }, cancelled);
            }
            Thread.sleep(40);
        }
    }

    private static byte[] png(WritableImage image) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out);
        return out.toByteArray();
    }

    private static void await(BooleanSupplier condition, BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            if (System.nanoTime() > end) {
                throw new IOException("the step did not finish computing within " + TIMEOUT_S + " s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * {@code work} on the FX thread, waited for here in short slices: a cancelled export stops waiting (the FX thread
     * may be busy closing the window that cancels it).
     */
    private static <T> T onFx(Callable<T> work, BooleanSupplier cancelled) throws IOException, InterruptedException {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException();
        }
        var f = ChartExport.later(work);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (true) {
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException();
                }
                if (System.nanoTime() > end) {
                    throw new IOException("the drawing did not answer within " + TIMEOUT_S + " s");
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(e.getCause());
            }
        }
    }

    private static boolean onFxQuiet(Callable<Boolean> work, BooleanSupplier cancelled) {
        try {
            return onFx(work, cancelled);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Lessons ▸ Export lesson…: which lesson (the one running, or any built-in one), the slide size and a folder;
     * then the export runs on {@code exports}' lesson worker and says in the message bar where it wrote the slides
     * and handout. Exporting into the same folder again stops the export still running there.
     */
    static void ask(MainView view, Dialogs dialogs, NetworkSession session, ExportService exports) {
        Window owner = view.getScene() == null ? null : view.getScene().getWindow();
        var lessons = new ArrayList<Scenario>(Scenarios.builtIn());
        Scenario running = view.lessons().lessonProperty().get();
        int current = 0;
        if (running != null) {
            int i = lessons.indexOf(running);
            if (i < 0) {
                lessons.add(0, running);
                i = 0;
            }
            current = i;
        }
        var names = lessons.stream().map(l -> I18n.t(l.title())).toList();
        var choice = dialogs.chooseLessonExport(owner, names, current);
        if (choice.isEmpty()) {
            return;
        }
        int[] size = parseSize(choice.get().size()).orElse(new int[] {1920, 1080});
        var dir = dialogs.chooseFolder(owner, I18n.t("Export the lesson into"));
        if (dir.isEmpty()) {
            return;
        }
        Scenario lesson = lessons.get(choice.get().lesson());
        Path pdf = dir.get().resolve(fileStem(lesson) + "-handout.pdf");
        session.report(I18n.f("Exporting \"%s\" (%d steps) at %d×%d…",
                I18n.t(lesson.title()), lesson.steps().size(), size[0], size[1]));
        exports.lesson(dir.get(), cancelled -> {
            var r = export(lesson, size[0], size[1], dir.get(), pdf, line -> {
            }, cancelled);
            return I18n.f("Exported %d slides (%d×%d PNG) and the handout %s to %s",
                    r.pngs().size(), size[0], size[1], pdf.getFileName(), dir.get());
        });
    }

    /** "vanishing-signals-with-small-weights" from the lesson's title. */
    public static String fileStem(Scenario lesson) {
        String s = lesson.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "lesson" : s.length() > 60 ? s.substring(0, 60) : s;
    }
}
