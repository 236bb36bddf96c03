package org.initscope.controller;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.initscope.config.ConfigException;
import org.initscope.config.ConfigReader;
import org.initscope.config.ConfigWriter;
import org.initscope.export.AtomicFiles;
import org.initscope.model.NetworkSpec;

/**
 * Keeps a copy of a window's working network while it has unsaved changes, so that a crash or a kill loses
 * nothing. The copy is written (atomically, on a background thread) a quiet second after the last edit, and at the
 * latest {@link #MAX_DELAY_MILLIS} after the first unsaved edit, however the editing goes on (a slider drag, a held
 * spinner, fast typing). Saving removes it; so does a clean quit.
 *
 * <p>Every window has files of its own in {@link AppSettings#home()}: {@code autosave-ID.json} (the network),
 * {@code autosave-ID.origin} (the file it came from) and {@code autosave-ID.lock}, locked
 * ({@link FileChannel#lock}) as long as the window lives. A copy whose lock nobody holds was left by a window that
 * died: {@link #pending} offers it on the next start and holds its lock while it is offered, so two windows
 * starting at once never both offer it. A live window's copy is never offered nor deleted by another window, in
 * this process or another (the operating system releases a dead process's locks, even after {@code kill -9}).
 */
public final class Autosave implements AutoCloseable {
    /** The longest a change waits for its safety copy, from the first unsaved edit. */
    public static final long MAX_DELAY_MILLIS = 5000;
    /** How long the editing must pause before the copy is written earlier than that. */
    public static final long QUIET_MILLIS = 1000;
    static final String PREFIX = "autosave-";
    /** The single file of versions before one file per window; offered like a dead window's. */
    static final String LEGACY = "autosave";
    private static final AtomicLong WINDOWS = new AtomicLong();

    private final Path dir;
    private final String id;
    private final long quietNanos;
    private final long maxDelayNanos;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "initscope-autosave");
        t.setDaemon(true);
        return t;
    });
    /** What to write next: the network, whether it is unsaved, its file. */
    private State latest;
    /** When the first change not yet on disk was made (System.nanoTime), or -1. */
    private long firstPending = -1;
    private ScheduledFuture<?> scheduled;
    /** This window's lock, taken before its first copy is written and held until it closes. */
    private volatile Claim own;

    private record State(NetworkSpec spec, boolean dirty, Path origin) {
    }

    /** The files of one window's copy, and the lock on them while this process holds it. */
    private record Claim(Path json, Path origin, Path lockFile, FileChannel channel, FileLock lock) {
        void release() {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }

        void delete() {
            try {
                Files.deleteIfExists(json);
                Files.deleteIfExists(origin);
                if (lockFile != null) {
                    Files.deleteIfExists(lockFile);
                }
            } catch (IOException e) {
                // a spare copy that stays is offered again next time: nothing is lost
            }
        }
    }

    /**
     * What a window that died left: the network and the file it came from (null if none). While it exists, its
     * files are claimed by this process; {@link #discard} deletes them, {@link #close} leaves them for a later start.
     */
    public static final class Recovered implements AutoCloseable {
        private final NetworkSpec spec;
        private final Path origin;
        private final Claim claim;

        private Recovered(NetworkSpec spec, Path origin, Claim claim) {
            this.spec = spec;
            this.origin = origin;
            this.claim = claim;
        }

        public NetworkSpec spec() {
            return spec;
        }

        public Path origin() {
            return origin;
        }

        /** Forget it: restored into a window (which autosaves it again as its own) or declined. */
        public void discard() {
            claim.delete();
            claim.release();
        }

        /** Not answered (the window closed first): offered again on a later start. */
        @Override
        public void close() {
            claim.release();
        }
    }

    /** This window's autosave: a quiet second, and at most {@link #MAX_DELAY_MILLIS} after the first edit. */
    public Autosave(NetworkSession session, Path dir) {
        this(session, dir, QUIET_MILLIS, MAX_DELAY_MILLIS);
    }

    /** With another quiet delay (tests) and the usual maximum delay. */
    public Autosave(NetworkSession session, Path dir, long quietMillis) {
        this(session, dir, quietMillis, MAX_DELAY_MILLIS);
    }

    public Autosave(NetworkSession session, Path dir, long quietMillis, long maxDelayMillis) {
        this.dir = dir;
        this.quietNanos = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(quietMillis, maxDelayMillis));
        this.id = ProcessHandle.current().pid() + "-" + WINDOWS.incrementAndGet() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        session.specProperty().addListener((o, a, b) -> changed(session));
        session.dirtyProperty().addListener((o, a, b) -> changed(session));
    }

    /**
     * The newest copy a window that died left (and that reads as a network), claimed for this process until it is
     * discarded or closed. Copies of live windows, here or in another process, are skipped; copies that do not read
     * (or have no network) are removed.
     */
    public static Optional<Recovered> pending(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        var candidates = new ArrayList<Path>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "autosave*.{json,lock}")) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                String stem = name.substring(0, name.lastIndexOf('.'));
                Path json = dir.resolve(stem + ".json");
                if ((stem.startsWith(PREFIX) || stem.equals(LEGACY)) && !candidates.contains(json)) {
                    candidates.add(json);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        candidates.sort(Comparator.comparing(Autosave::modified).reversed());
        for (Path json : candidates) {
            Claim c = claim(json);
            if (c == null) {
                continue;
            }
            Optional<Recovered> r = read(c);
            if (r.isPresent()) {
                return r;
            }
            // a window that died before its first copy, or a copy that does not read: nothing to offer
            c.delete();
            c.release();
        }
        return Optional.empty();
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** The lock of a copy if nobody holds it (its window died), else null. */
    private static Claim claim(Path json) {
        String name = json.getFileName().toString();
        String stem = name.substring(0, name.length() - ".json".length());
        Path origin = json.resolveSibling(stem + ".origin");
        Path lockFile = json.resolveSibling(stem + ".lock");
        if (stem.equals(LEGACY)) {
            // the old single file has no lock of its own: a lock beside it keeps two starts from both offering it
            lockFile = json.resolveSibling(LEGACY + ".lock");
        }
        return lock(json, origin, lockFile);
    }

    private static Claim lock(Path json, Path origin, Path lockFile) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return new Claim(json, origin, lockFile, ch, l);
        } catch (OverlappingFileLockException e) {
            // a window of this process holds it: alive
            close(ch);
            return null;
        } catch (IOException e) {
            close(ch);
            return null;
        }
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing held
            }
        }
    }

    private static Optional<Recovered> read(Claim c) {
        if (!Files.isRegularFile(c.json())) {
            return Optional.empty();
        }
        try {
            NetworkSpec spec = ConfigReader.read(c.json());
            Path origin = null;
            if (Files.isRegularFile(c.origin())) {
                String text = Files.readString(c.origin(), StandardCharsets.UTF_8).strip();
                origin = text.isEmpty() ? null : Path.of(text);
            }
            return Optional.of(new Recovered(spec, origin, c));
        } catch (ConfigException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private synchronized void changed(NetworkSession session) {
        latest = new State(session.spec(), session.isDirty(), session.fileProperty().get());
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        long delay = 0;
        if (latest.dirty()) {
            long now = System.nanoTime();
            if (firstPending < 0) {
                firstPending = now;
            }
            // a quiet second after this edit, but never later than the maximum delay after the first one
            delay = Math.max(0, Math.min(quietNanos, firstPending + maxDelayNanos - now));
        }
        try {
            scheduled = writer.schedule(this::writeLatest, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: the window is going away
        }
    }

    /** On the writer thread: the newest state on disk (or, saved, the copy removed). */
    private void writeLatest() {
        State s;
        synchronized (this) {
            s = latest;
            firstPending = -1;
        }
        if (s == null) {
            return;
        }
        if (s.dirty()) {
            write(s);
        } else if (own != null) {
            try {
                Files.deleteIfExists(own.json());
                Files.deleteIfExists(own.origin());
            } catch (IOException e) {
                // a spare copy of a saved network: offered once more at worst
            }
        }
    }

    private void write(State s) {
        try {
            Files.createDirectories(dir);
            if (own == null) {
                own = lock(dir.resolve(PREFIX + id + ".json"), dir.resolve(PREFIX + id + ".origin"),
                        dir.resolve(PREFIX + id + ".lock"));
                if (own == null) {
                    return;
                }
            }
            AtomicFiles.writeString(own.origin(), s.origin() == null ? "" : s.origin().toAbsolutePath().toString());
            AtomicFiles.writeString(own.json(), ConfigWriter.toJson(s.spec()));
        } catch (IOException | RuntimeException e) {
            // autosave is a safety net; a full disk must not disturb the user's work
        }
    }

    /**
     * A copy a window that died left, restored into this window: this window's own copy is written now, then the
     * old one is removed (never a moment without a copy on disk).
     */
    public void adopt(Recovered r) {
        try {
            writer.submit(this::writeLatest).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException
                | RejectedExecutionException e) {
            // the old copy stays: offered once more at worst
            r.close();
            return;
        }
        r.discard();
    }

    /** Wait until every scheduled write is done (tests; a clean shutdown). */
    public void flush() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            ScheduledFuture<?> s;
            synchronized (this) {
                s = scheduled;
            }
            if (s == null) {
                return;
            }
            try {
                s.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                // superseded by a newer write: wait for that one
            }
            synchronized (this) {
                if (scheduled == s) {
                    return;
                }
            }
        }
    }

    /** A clean quit: the user saved or chose to discard, so this window's copy goes (others' stay). */
    public void closeCleanly() {
        stop(true);
    }

    /** Stop writing; the copy on disk stays and is offered on the next start (what a crash leaves). */
    @Override
    public void close() {
        stop(false);
    }

    /** The writer stopped (a write in progress finishes first), then the lock released, the copy deleted or kept. */
    private void stop(boolean deleteCopy) {
        writer.shutdownNow();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (own != null) {
                if (deleteCopy) {
                    own.delete();
                }
                own.release();
                own = null;
            }
        }
    }

    /** This window's copy on disk (tests). */
    Path file() {
        return dir.resolve(PREFIX + id + ".json");
    }
}
