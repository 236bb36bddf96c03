package org.initscope.controller;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Background work where the latest request wins, for any request and result: one worker thread computes one
 * request at a time; a new request with the same key replaces the one still waiting and cancels the one running
 * (the work polls {@code cancelled} between its steps and may throw {@link CancellationException}), and a result
 * that is stale by the time it reaches the deliver thread is dropped. Requests with different keys all run, in the
 * order asked (an export to another file is not stale; an export to the same file again makes the first one so).
 * Every request hears back exactly once, on the deliver executor (the FX thread in the app): its result, its
 * failure, or that it was superseded.
 *
 * <p>A request may also be submitted without cancelling the running one ({@code cancelsRunning} false): it still
 * replaces the waiting request, but the running one finishes and its result is delivered — older than the newest
 * request, newer than anything delivered before. During a continuous gesture this shows results at the worker's
 * pace, where cancelling at every step would show nothing until the gesture ends.
 *
 * <p>The network's engine runs ({@link ComputeService}), the mean-field table and the phase map
 * ({@link TheoryService}) and the exports of the window all run on one of these.
 *
 * @param <Q> the request
 * @param <R> its result
 */
public final class Latest<Q, R> implements AutoCloseable {
    /** The computation, on the worker thread. */
    @FunctionalInterface
    public interface Work<Q, R> {
        R compute(Q request, BooleanSupplier cancelled) throws Exception;
    }

    /** What one request hears back, on the deliver executor. */
    public interface Callback<R> {
        /** The worker starts on it (it was still the latest request when it did). */
        default void started() {
        }

        void done(R result);

        void failed(Throwable error);

        /** A newer request with the same key (or closing) made it stale: nothing else is reported. */
        default void superseded() {
        }
    }

    private record Request<Q, R>(long generation, Object key, Q request, Callback<R> callback) {
    }

    private static final Object ONE_KEY = new Object();

    private final Executor deliver;
    private final Work<Q, R> work;
    private final AtomicLong generation = new AtomicLong();
    /** The newest generation asked for each key. */
    private final Map<Object, Long> newest = new ConcurrentHashMap<>();
    /** For each key, the generation below which work is stale (cancelled if running, never delivered). */
    private final Map<Object, Long> cancelBelow = new ConcurrentHashMap<>();
    /** Requests not started yet, at most one per key, oldest key first; guarded by itself. */
    private final LinkedHashMap<Object, Request<Q, R>> waiting = new LinkedHashMap<>();
    private final Thread worker;
    /** Whether the worker is on a request; guarded by {@code waiting}. */
    private boolean running;
    private volatile boolean closed;

    /** A worker thread named {@code name} (a daemon: it never keeps the app alive). */
    public Latest(String name, Executor deliver, Work<Q, R> work) {
        this.deliver = deliver;
        this.work = work;
        worker = new Thread(this::loop, name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Ask for {@code request}; it supersedes every earlier request. Returns its generation. */
    public long submit(Q request, Callback<R> callback) {
        return submit(ONE_KEY, request, callback);
    }

    /**
     * Ask for {@code request}; it replaces the waiting request and, if {@code cancelsRunning}, cancels the running
     * one (otherwise the running one finishes and is delivered first).
     */
    public long submit(Q request, Callback<R> callback, boolean cancelsRunning) {
        return submit(ONE_KEY, request, callback, cancelsRunning);
    }

    /** Ask for {@code request}; it supersedes the earlier requests with an equal {@code key}. */
    public long submit(Object key, Q request, Callback<R> callback) {
        return submit(key, request, callback, true);
    }

    private long submit(Object key, Q request, Callback<R> callback, boolean cancelsRunning) {
        Objects.requireNonNull(key);
        Request<Q, R> replaced;
        long g;
        synchronized (waiting) {
            g = generation.incrementAndGet();
            var r = new Request<>(g, key, request, callback);
            newest.put(key, g);
            if (cancelsRunning) {
                cancelBelow.put(key, g);
            }
            replaced = waiting.remove(key);
            waiting.put(key, r);
            if (closed) {
                waiting.clear();
                return g;
            }
            waiting.notifyAll();
        }
        if (replaced != null) {
            Callback<R> c = replaced.callback();
            deliver.execute(c::superseded);
        }
        return g;
    }

    /**
     * Cancel every request, waiting or running, without a new one: the running one stops at its next check and
     * nothing more is delivered for them (the waiting ones hear that they were superseded).
     */
    public void cancel() {
        List<Request<Q, R>> dropped;
        synchronized (waiting) {
            for (Object key : newest.keySet()) {
                long g = generation.incrementAndGet();
                newest.put(key, g);
                cancelBelow.put(key, g);
            }
            dropped = List.copyOf(waiting.values());
            waiting.clear();
        }
        for (Request<Q, R> r : dropped) {
            Callback<R> c = r.callback();
            deliver.execute(c::superseded);
        }
    }

    /** Whether a request is waiting or running. */
    public boolean busy() {
        synchronized (waiting) {
            return !waiting.isEmpty() || running;
        }
    }

    /** The newest generation asked for with {@code key} (0 before the first). */
    public long newest(Object key) {
        return newest.getOrDefault(key, 0L);
    }

    /** The newest generation asked for without a key. */
    public long newest() {
        return newest(ONE_KEY);
    }

    private boolean stale(Request<Q, R> r) {
        return closed || r.generation() < cancelBelow.getOrDefault(r.key(), 0L);
    }

    private void loop() {
        while (true) {
            Request<Q, R> r;
            synchronized (waiting) {
                running = false;
                while (waiting.isEmpty() && !closed) {
                    try {
                        waiting.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                Iterator<Request<Q, R>> it = waiting.values().iterator();
                r = it.next();
                it.remove();
                running = true;
            }
            run(r);
        }
    }

    private void run(Request<Q, R> r) {
        Callback<R> c = r.callback();
        deliver.execute(() -> {
            if (!stale(r)) {
                c.started();
            }
        });
        try {
            R result = work.compute(r.request(), () -> stale(r));
            deliver.execute(() -> {
                if (stale(r)) {
                    c.superseded();
                } else {
                    c.done(result);
                }
            });
        } catch (CancellationException e) {
            deliver.execute(c::superseded);
        } catch (Throwable e) {
            deliver.execute(() -> {
                if (stale(r)) {
                    c.superseded();
                } else {
                    c.failed(e);
                }
            });
        }
    }

    /**
     * Cancels the running request, drops the waiting ones (they hear nothing more: nobody listens after closing)
     * and ends the worker, waiting up to 5 s for it.
     */
    @Override
    public void close() {
        synchronized (waiting) {
            closed = true;
            waiting.clear();
            waiting.notifyAll();
        }
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
