package org.initscope.controller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.initscope.config.ConfigException;
import org.initscope.config.ConfigReader;
import org.initscope.config.ConfigWriter;
import org.initscope.export.AtomicFiles;
import org.initscope.model.NetworkSpec;

/**
 * Keeps a copy of the working network while it has unsaved changes, so that a crash or a kill loses nothing: a
 * second after the last edit the network is written (atomically, on a background thread) to
 * {@code autosave.json} in {@link AppSettings#home()}; saving or a clean quit removes it. On the next start
 * {@link #pending} finds it and the app offers it back.
 */
public final class Autosave implements AutoCloseable {
    static final String FILE = "autosave.json";
    static final String ORIGIN = "autosave.origin";
    private final Path dir;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "initscope-autosave");
        t.setDaemon(true);
        return t;
    });
    private final long delayMillis;
    private ScheduledFuture<?> scheduled;

    /** What a previous run left: the network and the file it came from (null if none). */
    public record Recovered(NetworkSpec spec, Path origin) {
    }

    public Autosave(NetworkSession session, Path dir, long delayMillis) {
        this.dir = dir;
        this.delayMillis = delayMillis;
        session.specProperty().addListener((o, a, b) -> changed(session));
        session.dirtyProperty().addListener((o, a, b) -> changed(session));
    }

    /** The network a previous run left unsaved, if any (and readable). */
    public static Optional<Recovered> pending(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            NetworkSpec spec = ConfigReader.read(f);
            Path origin = null;
            Path o = dir.resolve(ORIGIN);
            if (Files.isRegularFile(o)) {
                String text = Files.readString(o, StandardCharsets.UTF_8).strip();
                origin = text.isEmpty() ? null : Path.of(text);
            }
            return Optional.of(new Recovered(spec, origin));
        } catch (ConfigException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Forget what a previous run left (declined, or restored and now in the session). */
    public static void discard(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            Files.deleteIfExists(dir.resolve(ORIGIN));
        } catch (IOException e) {
            // nothing to lose: the file is a spare copy
        }
    }

    private synchronized void changed(NetworkSession session) {
        NetworkSpec spec = session.spec();
        boolean dirty = session.isDirty();
        Path origin = session.fileProperty().get();
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduled = writer.schedule(() -> {
            if (dirty) {
                write(spec, origin);
            } else {
                discard(dir);
            }
        }, dirty ? delayMillis : 0, TimeUnit.MILLISECONDS);
    }

    private void write(NetworkSpec spec, Path origin) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(ORIGIN), origin == null ? "" : origin.toAbsolutePath().toString());
            AtomicFiles.writeString(dir.resolve(FILE), ConfigWriter.toJson(spec));
        } catch (IOException | RuntimeException e) {
            // autosave is a safety net; a full disk must not disturb the user's work
        }
    }

    /** Wait until every scheduled write is done (tests; a clean shutdown). */
    public void flush() throws InterruptedException {
        ScheduledFuture<?> s;
        synchronized (this) {
            s = scheduled;
        }
        if (s != null) {
            try {
                s.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                    | java.util.concurrent.CancellationException e) {
                // a cancelled write was superseded by a newer one, which the caller waits for next time
            }
        }
    }

    /** A clean quit: the user saved or chose to discard, so nothing is left to offer back. */
    public void closeCleanly() {
        close();
        discard(dir);
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
