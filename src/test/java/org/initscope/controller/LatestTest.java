package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The latest-wins worker: stale work is cancelled and never delivered, other keys all run, each request hears once. */
class LatestTest {
    /** What each request heard back, as "done:x", "failed:x" or "superseded:x". */
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private Latest.Callback<String> listen(String name) {
        return new Latest.Callback<>() {
            @Override
            public void done(String result) {
                heard.add("done:" + result);
            }

            @Override
            public void failed(Throwable error) {
                heard.add("failed:" + name + ":" + error.getMessage());
            }

            @Override
            public void superseded() {
                heard.add("superseded:" + name);
            }
        };
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(5);
        }
    }

    @Test
    void aNewerRequestCancelsTheRunningOneAndReplacesTheWaitingOne() throws Exception {
        var running = new CountDownLatch(1);
        var sawCancel = new CopyOnWriteArrayList<String>();
        try (var latest = new Latest<String, String>("test-latest", Runnable::run, (q, cancelled) -> {
            if (q.equals("slow")) {
                running.countDown();
                // a long computation that polls between its steps, as the engine and the phase map do
                for (int i = 0; i < 2_000; i++) {
                    if (cancelled.getAsBoolean()) {
                        sawCancel.add(q);
                        throw new CancellationException();
                    }
                    Thread.sleep(5);
                }
            }
            return q.toUpperCase();
        })) {
            latest.submit("slow", listen("slow"));
            assertTrue(running.await(20, TimeUnit.SECONDS));
            latest.submit("b", listen("b"));
            latest.submit("c", listen("c"));
            await(() -> heard.contains("done:C"));
            assertEquals(List.of("slow"), sawCancel, "the running request saw that it is stale");
            assertTrue(heard.contains("superseded:slow"));
            assertTrue(heard.contains("superseded:b"), "b was replaced while it waited: " + heard);
            assertFalse(heard.contains("done:B") || heard.contains("done:SLOW"), "no stale result is delivered");
            assertEquals(3, heard.size(), "each request hears exactly once: " + heard);
        }
    }

    /**
     * The steps of a gesture do not cancel the running computation: it finishes and is delivered (the charts follow
     * the gesture), the step waiting behind it is replaced by the newest, and the newest is delivered last. A
     * request that cancels afterwards still makes everything before it stale.
     */
    @Test
    void aGestureStepLetsTheRunningOneFinishAndShow() throws Exception {
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var sawCancel = new CopyOnWriteArrayList<String>();
        try (var latest = new Latest<String, String>("test-latest", Runnable::run, (q, cancelled) -> {
            if (q.startsWith("slow")) {
                running.countDown();
                while (!release.await(5, TimeUnit.MILLISECONDS)) {
                    if (cancelled.getAsBoolean()) {
                        sawCancel.add(q);
                        throw new CancellationException();
                    }
                }
            }
            return q.toUpperCase();
        })) {
            long first = latest.submit("slow", listen("slow"));
            assertTrue(running.await(20, TimeUnit.SECONDS));
            latest.submit("b", listen("b"), false);
            long c = latest.submit("c", listen("c"), false);
            assertEquals(c, latest.newest());
            assertTrue(c > first);
            release.countDown();
            await(() -> heard.contains("done:C"));
            assertEquals(List.of("done:C", "done:SLOW", "superseded:b"), heard.stream().sorted().toList(),
                    "the running one shown, the waiting one replaced");
            assertTrue(heard.indexOf("done:SLOW") < heard.indexOf("done:C"), "in the order asked: " + heard);
            assertEquals("done:C", heard.get(heard.size() - 1), "the newest is delivered last: " + heard);
            assertTrue(sawCancel.isEmpty(), "nothing was cancelled: " + sawCancel);

            // a request that cancels (a single edit after a pause) still cancels what runs
            heard.clear();
            var running2 = new CountDownLatch(1);
            var gate = new CountDownLatch(1);
            try (var again = new Latest<String, String>("test-latest-2", Runnable::run, (q, cancelled) -> {
                if (q.equals("slow")) {
                    running2.countDown();
                    while (!gate.await(5, TimeUnit.MILLISECONDS)) {
                        if (cancelled.getAsBoolean()) {
                            throw new CancellationException();
                        }
                    }
                }
                return q.toUpperCase();
            })) {
                again.submit("slow", listen("slow"));
                assertTrue(running2.await(20, TimeUnit.SECONDS));
                again.submit("d", listen("d"), false);
                again.submit("e", listen("e"), true);
                await(() -> heard.contains("done:E"));
                assertEquals(List.of("done:E", "superseded:d", "superseded:slow"), heard.stream().sorted().toList());
            }
        }
    }

    @Test
    void requestsWithOtherKeysAllRunInOrderAndOnlyTheSameKeySupersedes() throws Exception {
        var gate = new CountDownLatch(1);
        try (var latest = new Latest<String, String>("test-latest", Runnable::run, (q, cancelled) -> {
            if (q.equals("first")) {
                gate.await();
            }
            return q;
        })) {
            latest.submit("x", "first", listen("first"));
            await(latest::busy);
            latest.submit("a.csv", "a1", listen("a1"));
            latest.submit("b.csv", "b1", listen("b1"));
            latest.submit("a.csv", "a2", listen("a2"));
            gate.countDown();
            await(() -> heard.size() == 4);
            assertEquals(List.of("superseded:a1", "done:first", "done:b1", "done:a2"), heard);
        }
    }

    @Test
    void aFailureReachesItsOwnCallbackOnTheDeliverExecutor() throws Exception {
        var delivered = new CopyOnWriteArrayList<Runnable>();
        try (var latest = new Latest<String, String>("test-latest", delivered::add, (q, cancelled) -> {
            throw new IllegalStateException("bad " + q);
        })) {
            latest.submit("q", listen("q"));
            await(() -> delivered.size() == 2);
            assertTrue(heard.isEmpty(), "nothing is called on the worker thread");
            delivered.forEach(Runnable::run);
            assertEquals(List.of("failed:q:bad q"), heard);
        }
    }

    @Test
    void cancelStopsTheRunningRequestAndDropsTheWaitingOnesWithoutANewOne() throws Exception {
        var running = new CountDownLatch(1);
        var sawCancel = new CopyOnWriteArrayList<String>();
        try (var latest = new Latest<String, String>("test-latest", Runnable::run, (q, cancelled) -> {
            running.countDown();
            for (int i = 0; i < 2_000; i++) {
                if (cancelled.getAsBoolean()) {
                    sawCancel.add(q);
                    throw new CancellationException();
                }
                Thread.sleep(5);
            }
            return q;
        })) {
            latest.submit("a", "slow", listen("slow"));
            assertTrue(running.await(20, TimeUnit.SECONDS));
            latest.submit("b", "next", listen("next"));
            latest.cancel();
            await(() -> heard.size() == 2 && !latest.busy());
            assertEquals(List.of("slow"), sawCancel);
            assertEquals(java.util.Set.of("superseded:next", "superseded:slow"), java.util.Set.copyOf(heard),
                    "both hear once that they were superseded; nothing is delivered");
        }
    }
}
