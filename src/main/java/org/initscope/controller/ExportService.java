package org.initscope.controller;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.initscope.engine.Parameters;
import org.initscope.engine.PropagationResult;
import org.initscope.export.AtomicFiles;
import org.initscope.export.Npy;
import org.initscope.export.StatsCsv;
import org.initscope.i18n.I18n;
import org.initscope.model.Printable;

/**
 * Writes exports on a background worker ({@link Latest}, keyed by the file written): exports to different files all
 * run in the order asked; a second export to the same file before the first is written makes the first stale (it
 * is skipped if it has not started, and its future completes empty). A failure is reported through {@code report}
 * (the message bar) and completes the future with the message; nothing is thrown at the user.
 *
 * <p>A lesson's slides and handout (a minute or more of computing, training and drawing) run on a second worker of
 * the same kind, keyed by the folder, so that a chart or a CSV never waits behind them: exporting into the same
 * folder again, or closing the window, stops the running lesson export at its next check.
 */
public final class ExportService implements AutoCloseable {
    /** The writing of one export, on the worker thread. */
    @FunctionalInterface
    public interface Job {
        void run() throws IOException;
    }

    /**
     * A lesson export, on the lesson worker: it asks {@code cancelled} between its steps (and then ends with a
     * {@link java.util.concurrent.CancellationException}) and returns what to say in the message bar when it is done.
     */
    @FunctionalInterface
    public interface LessonJob {
        String run(BooleanSupplier cancelled) throws IOException, InterruptedException;
    }

    private record Export(String what, Path target, Job job) {
    }

    private final Latest<Export, Boolean> worker;
    private final Latest<LessonJob, String> lessons;
    private final Consumer<String> report;

    /** {@code deliver}: where the outcome is reported (the FX thread in the app). */
    public ExportService(Executor deliver, Consumer<String> report) {
        this.report = report;
        worker = new Latest<>("initscope-export", deliver, (e, cancelled) -> {
            e.job().run();
            return true;
        });
        lessons = new Latest<>("initscope-lesson-export", deliver, (job, cancelled) -> job.run(cancelled));
    }

    /** Write every layer's statistics of {@code r} as CSV. */
    public CompletableFuture<Optional<String>> csv(PropagationResult r, Path target) {
        return write(I18n.t("the layer statistics"), target, () -> StatsCsv.write(r, target));
    }

    /** Write every parameter of {@code r}'s network, drawn again from its seed, as .npy files into {@code dir}. */
    public CompletableFuture<Optional<String>> npy(PropagationResult r, Path dir) {
        return write(I18n.t("the weights"), dir, () -> Npy.writeAll(dir, Parameters.tensors(r.network())));
    }

    /** Run {@code job}, which writes {@code what} to {@code target}; the future holds the failure, if any. */
    public CompletableFuture<Optional<String>> write(String what, Path target, Job job) {
        var done = new CompletableFuture<Optional<String>>();
        worker.submit(target.toAbsolutePath().normalize(), new Export(what, target, job), answer(done, ok -> null,
                e -> I18n.f("Could not export %s to %s: %s.", what, target,
                        e instanceof IOException io ? AtomicFiles.describe(io) : e.toString())));
        return done;
    }

    /**
     * Export a lesson into {@code dir} on the lesson worker; says the job's message when it is done, or why it was
     * not exported. A newer lesson export into the same folder (or closing the window) stops it: then it says nothing
     * and its future completes empty.
     */
    public CompletableFuture<Optional<String>> lesson(Path dir, LessonJob job) {
        var done = new CompletableFuture<Optional<String>>();
        lessons.submit(dir.toAbsolutePath().normalize(), job, answer(done, message -> message,
                e -> e instanceof InterruptedException ? I18n.t("The lesson export was stopped.")
                        : I18n.f("The lesson was not exported: %s", e instanceof IOException io
                                ? AtomicFiles.describe(io) : Printable.of(String.valueOf(e.getMessage())))));
        return done;
    }

    /**
     * How an export is answered: when it is done the message bar hears {@code said} (unless null) and {@code done}
     * completes empty; when it fails the message bar hears {@code why} and {@code done} holds it; a stale export
     * says nothing and completes empty.
     */
    private <R> Latest.Callback<R> answer(CompletableFuture<Optional<String>> done, Function<R, String> said,
            Function<Throwable, String> why) {
        return new Latest.Callback<>() {
            @Override
            public void done(R result) {
                String message = said.apply(result);
                if (message != null) {
                    report.accept(message);
                }
                done.complete(Optional.empty());
            }

            @Override
            public void failed(Throwable e) {
                String message = why.apply(e);
                report.accept(message);
                done.complete(Optional.of(message));
            }

            @Override
            public void superseded() {
                done.complete(Optional.empty());
            }
        };
    }

    @Override
    public void close() {
        lessons.close();
        worker.close();
    }
}
