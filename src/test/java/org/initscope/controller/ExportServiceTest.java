package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export workers: a lesson export (Lessons ▸ Export lesson…) runs on the latest-wins worker, is stopped by a newer
 * export into the same folder or by closing the window, says why it failed, and never holds up a chart export.
 */
class ExportServiceTest {
    @TempDir
    Path dir;

    /** What the message bar heard. */
    private final List<String> said = new CopyOnWriteArrayList<>();

    /** A lesson export that runs until it is cancelled (as LessonExport asks between its steps), at most 20 s. */
    private static ExportService.LessonJob untilCancelled(CountDownLatch running, List<String> stopped, String name) {
        return cancelled -> {
            running.countDown();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                if (cancelled.getAsBoolean()) {
                    stopped.add(name);
                    throw new CancellationException();
                }
                Thread.sleep(5);
            }
            return name + " ran to its end";
        };
    }

    @Test
    void aNewerLessonExportIntoTheSameFolderStopsTheRunningOne() throws Exception {
        var stopped = new CopyOnWriteArrayList<String>();
        var running = new CountDownLatch(1);
        try (var exports = new ExportService(Runnable::run, said::add)) {
            var first = exports.lesson(dir, untilCancelled(running, stopped, "first"));
            assertTrue(running.await(20, TimeUnit.SECONDS));
            // the same folder, written another way: still the same folder
            var second = exports.lesson(dir.resolve("x").resolve(".."), cancelled -> "exported the second");
            assertEquals(Optional.empty(), first.get(20, TimeUnit.SECONDS), "the stale export says nothing");
            assertEquals(Optional.empty(), second.get(20, TimeUnit.SECONDS));
            assertEquals(List.of("first"), stopped, "the first export stopped at its next check");
            assertEquals(List.of("exported the second"), said, "only the newer export speaks");
        }
    }

    @Test
    void closingTheWindowStopsTheRunningLessonExport() throws Exception {
        var stopped = new CopyOnWriteArrayList<String>();
        var running = new CountDownLatch(1);
        var exports = new ExportService(Runnable::run, said::add);
        var export = exports.lesson(dir, untilCancelled(running, stopped, "export"));
        assertTrue(running.await(20, TimeUnit.SECONDS));
        exports.close();
        assertEquals(List.of("export"), stopped, "stopped before close returned");
        assertEquals(Optional.empty(), export.get(20, TimeUnit.SECONDS));
        assertEquals(List.of(), said);
    }

    @Test
    void aFailedLessonExportSaysWhyInOurWords() throws Exception {
        try (var exports = new ExportService(Runnable::run, said::add)) {
            var export = exports.lesson(dir, cancelled -> {
                throw new AccessDeniedException(dir.resolve("step-01.png").toString());
            });
            String why = "The lesson was not exported: permission denied";
            assertEquals(Optional.of(why), export.get(20, TimeUnit.SECONDS));
            assertEquals(List.of(why), said);
        }
    }

    @Test
    void aChartExportDoesNotWaitBehindALessonExport() throws Exception {
        var release = new CountDownLatch(1);
        var running = new CountDownLatch(1);
        try (var exports = new ExportService(Runnable::run, said::add)) {
            var lesson = exports.lesson(dir, cancelled -> {
                running.countDown();
                assertTrue(release.await(20, TimeUnit.SECONDS));
                return "lesson exported";
            });
            assertTrue(running.await(20, TimeUnit.SECONDS));
            var chart = exports.write("the chart", dir.resolve("chart.png"), () -> {
                throw new IOException("the disk is full");
            });
            // answered while the lesson export is still running
            assertEquals(Optional.of("Could not export the chart to " + dir.resolve("chart.png")
                    + ": the disk is full."), chart.get(20, TimeUnit.SECONDS));
            assertFalse(lesson.isDone());
            release.countDown();
            assertEquals(Optional.empty(), lesson.get(20, TimeUnit.SECONDS));
            assertEquals("lesson exported", said.get(said.size() - 1));
        }
    }
}
