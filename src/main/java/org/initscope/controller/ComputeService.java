package org.initscope.controller;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.RunOptions;
import org.initscope.model.ResolvedNetwork;

/**
 * Runs the engine on one background thread, latest request wins: a new request cancels the running one (the
 * engine polls a flag between steps) and replaces any request still waiting, so a slider drag never queues up
 * work. Results and errors are handed to {@code deliver} (the FX thread in the app), and only if no newer request
 * has arrived meanwhile.
 */
public final class ComputeService implements AutoCloseable {
    /** What the service reports back. */
    public interface Listener {
        void started(long generation);

        /** {@code jacobian}: the singular values of the input–output Jacobian, when asked for; else null. */
        void finished(long generation, PropagationResult result, double[] jacobian);

        void failed(long generation, Throwable error);
    }

    private record Request(long generation, ResolvedNetwork network, RunOptions options, boolean fresh,
            boolean jacobian) {
    }

    private final Executor deliver;
    private final Listener listener;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final Object lock = new Object();
    private final Thread worker;
    private volatile boolean closed;
    private Propagator engine;

    public ComputeService(Executor deliver, Listener listener) {
        this.deliver = deliver;
        this.listener = listener;
        worker = new Thread(this::loop, "initscope-engine");
        worker.setDaemon(true);
        worker.start();
    }

    /** Ask for a run; returns its generation. {@code fresh} drops every cached draw first (same seed again). */
    public long submit(ResolvedNetwork network, RunOptions options, boolean fresh) {
        return submit(network, options, fresh, false);
    }

    /** As above; {@code jacobian} also computes the Jacobian's singular values at the batch's first example. */
    public long submit(ResolvedNetwork network, RunOptions options, boolean fresh, boolean jacobian) {
        long g = generation.incrementAndGet();
        pending.set(new Request(g, network, options, fresh, jacobian));
        synchronized (lock) {
            lock.notifyAll();
        }
        return g;
    }

    /**
     * Stop the running computation, if any, without a new one: it ends at its next check (a large QR is abandoned
     * on its thread) and reports nothing.
     */
    public void cancel() {
        generation.incrementAndGet();
        pending.set(null);
    }

    /** The generation of the newest request. */
    public long latest() {
        return generation.get();
    }

    private void loop() {
        while (!closed) {
            Request r = pending.getAndSet(null);
            if (r == null) {
                synchronized (lock) {
                    if (pending.get() == null && !closed) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                continue;
            }
            run(r);
        }
    }

    private void run(Request r) {
        deliver.execute(() -> {
            if (r.generation() == generation.get()) {
                listener.started(r.generation());
            }
        });
        try {
            if (engine == null) {
                engine = new Propagator();
            }
            if (r.fresh()) {
                engine.forget();
            }
            PropagationResult result = engine.run(r.network(), r.options(), () -> generation.get() != r.generation());
            // the Jacobian's products and SVD (width³ per layer) only within the compute budget
            double[] jacobian = r.jacobian() && r.network().allDense() && generation.get() == r.generation()
                    && !org.initscope.model.ComputeCost.jacobian(r.network()).overBudget()
                    ? engine.jacobianSingularValues(r.network(), 0, () -> generation.get() != r.generation()) : null;
            deliver.execute(() -> {
                if (r.generation() == generation.get()) {
                    listener.finished(r.generation(), result, jacobian);
                }
            });
        } catch (CancellationException e) {
            // superseded: the newer request reports instead
        } catch (Throwable e) {
            deliver.execute(() -> {
                if (r.generation() == generation.get()) {
                    listener.failed(r.generation(), e);
                }
            });
        }
    }

    @Override
    public void close() {
        closed = true;
        generation.incrementAndGet();
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
