package org.initscope.controller;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.RunOptions;
import org.initscope.model.ComputeCost;
import org.initscope.model.ResolvedNetwork;

/**
 * Runs the engine on one background thread, latest request wins ({@link Latest}): a new request replaces any
 * request still waiting, so a slider drag never queues up work, and cancels the running one (the engine polls a
 * flag between steps) — unless it follows the request before it within {@link #GESTURE_GAP_MS} ms, as the steps of
 * a slider drag, a held spinner or fast typing do: then the running computation finishes and its result is shown
 * while the newest one waits, so the charts follow a gesture at the engine's pace (cancelling at every step showed
 * nothing until the gesture ended: {@code bench --ui} measured 1 chart update in a 5 s drag). Results and errors
 * are handed to {@code deliver} (the FX thread in the app); {@link #newest()} tells whether a newer one is coming.
 */
public final class ComputeService implements AutoCloseable {
    /** What the service reports back. */
    public interface Listener {
        void started(long generation);

        /** {@code jacobian}: the singular values of the input–output Jacobian, when asked for; else null. */
        void finished(long generation, PropagationResult result, double[] jacobian);

        void failed(long generation, Throwable error);
    }

    /** {@code warmUntil}: for a warm-up, the newest generation when it was asked (it stops at any newer); else −1. */
    private record Request(ResolvedNetwork network, RunOptions options, boolean fresh, boolean jacobian,
            long warmUntil, int repeats) {
        Request(ResolvedNetwork network, RunOptions options, boolean fresh, boolean jacobian) {
            this(network, options, fresh, jacobian, -1, 1);
        }
    }

    /** The key of warm-up runs: they never cancel or replace a real request. */
    private static final Object WARM_UP = new Object();

    private record Outcome(PropagationResult result, double[] jacobian) {
    }

    /** Requests closer together than this are the steps of one gesture (JavaFX repeats a held arrow every 60 ms). */
    public static final long GESTURE_GAP_MS = 150;

    private final Listener listener;
    /** When the last request was made (System.nanoTime); on the thread that submits (the FX thread). */
    private long lastSubmit = Long.MIN_VALUE;
    private final Latest<Request, Outcome> worker;
    /** The engine and its cached draws and buffers: used on the worker thread only. */
    private Propagator engine;

    public ComputeService(Executor deliver, Listener listener) {
        this.listener = listener;
        worker = new Latest<>("initscope-engine", deliver, this::compute);
    }

    /** Ask for a run; returns its generation. {@code fresh} drops every cached draw first (same seed again). */
    public long submit(ResolvedNetwork network, RunOptions options, boolean fresh) {
        return submit(network, options, fresh, false);
    }

    /** As above; {@code jacobian} also computes the Jacobian's singular values at the batch's first example. */
    public long submit(ResolvedNetwork network, RunOptions options, boolean fresh, boolean jacobian) {
        // the callbacks may run on the worker before submit returns (a direct executor, a fast network): they wait
        // for the generation instead of reading a field not yet written (a 0 left 'computing' on for good)
        var generation = new CompletableFuture<Long>();
        long now = System.nanoTime();
        boolean gesture = lastSubmit != Long.MIN_VALUE && now - lastSubmit < GESTURE_GAP_MS * 1_000_000L;
        lastSubmit = now;
        long g = worker.submit(new Request(network, options, fresh, jacobian), new Latest.Callback<>() {
            @Override
            public void started() {
                listener.started(generation.join());
            }

            @Override
            public void done(Outcome o) {
                listener.finished(generation.join(), o.result(), o.jacobian());
            }

            @Override
            public void failed(Throwable error) {
                listener.failed(generation.join(), error);
            }
        }, !gesture);
        generation.complete(g);
        return g;
    }

    /** The generation of the newest request: a result of an older one is followed by the newest one's. */
    public long newest() {
        return worker.newest();
    }

    /**
     * Stop the running computation, if any, without a new one: it ends at its next check (a large QR is abandoned
     * on its thread) and reports nothing.
     */
    public void cancel() {
        worker.cancel();
    }

    /**
     * Run {@code network} {@code repeats} times in the background and deliver nothing, so that the first edit the
     * user makes is not the first time the JIT sees the engine's code (the window's first edit took 2–6× as long as
     * the later ones). Any real request stops it at the engine's next check.
     */
    public void warmUp(ResolvedNetwork network, RunOptions options, int repeats) {
        worker.submit(WARM_UP, new Request(network, options, false, false, worker.newest(), repeats),
                new Latest.Callback<>() {
                    @Override
                    public void done(Outcome result) {
                    }

                    @Override
                    public void failed(Throwable error) {
                    }
                });
    }

    private Outcome compute(Request r, BooleanSupplier cancelled) {
        if (engine == null) {
            engine = new Propagator();
        }
        if (r.warmUntil() >= 0) {
            BooleanSupplier stop = () -> cancelled.getAsBoolean() || worker.newest() != r.warmUntil();
            for (int i = 0; i < r.repeats() && !stop.getAsBoolean(); i++) {
                engine.run(r.network(), r.options(), stop);
            }
            return null;
        }
        if (r.fresh()) {
            engine.forget();
        }
        PropagationResult result = engine.run(r.network(), r.options(), cancelled);
        // the Jacobian's products and SVD (width³ per layer) only within the compute budget
        double[] jacobian = r.jacobian() && r.network().denseStack() && !cancelled.getAsBoolean()
                && !ComputeCost.jacobian(r.network()).overBudget()
                ? engine.jacobianSingularValues(r.network(), 0, cancelled) : null;
        return new Outcome(result, jacobian);
    }

    @Override
    public void close() {
        worker.close();
        if (engine != null) {
            engine.close();
        }
    }
}
