package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autosave under continuous editing (written at most 5 s after the first unsaved edit, whatever follows) and
 * with several windows (one file per window, locked while it lives: never offered to nor deleted by another window
 * or process; offered on the next start once its process is gone).
 */
class AutosaveTest {
    @TempDir
    Path dir;

    static NetworkSpec small() {
        return new NetworkSpec("small", 1, new InputSpec(8, 4, InputDistribution.NORMAL),
                List.of(new DenseSpec(8, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                        DenseSpec.DEFAULT_BIAS, 2)));
    }

    /**
     * A slider drag, a held spinner, fast typing: 20 edits 0.3 s apart restart the 1 s quiet timer every time. The
     * copy is still written within 5 s of the first edit, so a crash at the end (after 5.7 s) loses at most the
     * last seconds.
     */
    @Test
    void continuousEditingIsSavedWithinFiveSecondsOfTheFirstEdit() throws Exception {
        // the first edit loads classes (resolving, writing JSON): done before the clock starts
        try (var warm = new NetworkSession(small(), Runnable::run, false)) {
            warm.edit(n -> n.withSeed(2));
            org.initscope.config.ConfigWriter.toJson(warm.spec());
        }
        var session = new NetworkSession(small(), Runnable::run, false);
        var autosave = new Autosave(session, dir, 1000);
        List<Long> seeds = new ArrayList<>();
        long[] at = new long[20];
        for (int k = 0; k < 20; k++) {
            long seed = 1000 + k;
            seeds.add(seed);
            assertTrue(session.edit(n -> n.withSeed(seed)).isEmpty());
            at[k] = System.nanoTime();
            Thread.sleep(300);
        }
        double elapsed = (System.nanoTime() - at[0]) / 1e9;
        // the crash: the process ends now, with whatever is on disk
        autosave.close();
        session.close();
        Optional<Autosave.Recovered> left = Autosave.pending(dir);
        assertTrue(left.isPresent(), "after " + elapsed + " s of edits nothing was autosaved");
        long saved = left.get().spec().seed();
        assertTrue(seeds.contains(saved), "an edited network is on disk, got seed " + saved);
        // written at the 5 s deadline: it holds every edit made before it (a quarter second for the writer to run)
        int before = 0;
        while (before + 1 < 20 && at[before + 1] <= at[0] + 4_750_000_000L) {
            before++;
        }
        assertTrue(seeds.indexOf(saved) >= before, "the copy holds edit " + seeds.indexOf(saved) + " of 20; edit "
                + before + " was made before the 5 s deadline");
        left.get().discard();
    }

    /** Window B's quitting and starting never touch window A's autosave, which is offered once A is gone. */
    @Test
    void twoWindowsEachKeepTheirOwnAutosave() throws Exception {
        var a = new NetworkSession(small(), Runnable::run, false);
        var b = new NetworkSession(small(), Runnable::run, false);
        var autosaveA = new Autosave(a, dir, 50);
        var autosaveB = new Autosave(b, dir, 50);
        assertTrue(a.edit(n -> n.withSeed(4242)).isEmpty());
        assertTrue(b.edit(n -> n.withSeed(777)).isEmpty());
        autosaveA.flush();
        autosaveB.flush();
        // a third window starting now offers neither: both are alive
        assertTrue(Autosave.pending(dir).isEmpty(), "a live window's autosave is never offered");
        // B quits cleanly (saved or discarded): its own copy goes, A's stays
        autosaveB.closeCleanly();
        b.close();
        assertTrue(Autosave.pending(dir).isEmpty(), "A is still alive");
        // A crashes: its copy is offered on the next start, once
        autosaveA.close();
        a.close();
        Autosave.Recovered left = Autosave.pending(dir).orElseThrow();
        assertEquals(4242, left.spec().seed());
        assertTrue(Autosave.pending(dir).isEmpty(), "claimed by the start that offers it");
        left.discard();
        assertTrue(Autosave.pending(dir).isEmpty(), "declined: gone");
    }

    /** The same across processes: a live window of another process is neither offered nor deleted; after kill -9 it is. */
    @Test
    void anotherProcessesAutosaveIsOfferedOnlyAfterItDies() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Window.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("autosaved")) {
                // JVM warnings
            }
            assertEquals("autosaved", line, "the child window autosaved");
            assertTrue(Autosave.pending(dir).isEmpty(), "another process's live autosave is not offered");
            // a window of this process quits cleanly: the other process's file stays
            var mine = new NetworkSession(small(), Runnable::run, false);
            var autosave = new Autosave(mine, dir, 50);
            assertTrue(mine.edit(n -> n.withSeed(1)).isEmpty());
            autosave.flush();
            autosave.closeCleanly();
            mine.close();
            assertTrue(Autosave.pending(dir).isEmpty());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        Autosave.Recovered left = Autosave.pending(dir).orElseThrow(() -> new AssertionError("killed: offered"));
        assertEquals(31337, left.spec().seed());
        left.discard();
    }

    /** A window in a process of its own: edits, autosaves, says so and waits to be killed. */
    public static final class Window {
        public static void main(String[] args) throws IOException, InterruptedException {
            var session = new NetworkSession(small(), Runnable::run, false);
            var autosave = new Autosave(session, Path.of(args[0]), 50);
            session.edit(n -> n.withSeed(31337));
            autosave.flush();
            System.out.println("autosaved");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
