package org.initscope.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.initscope.engine.Futures;

/**
 * A second thread for the second of two independent runs (Compare's network B): {@link #both} runs one piece of
 * work on the calling thread and the other on this thread at the same time, and returns when both are done. The
 * runs share nothing (each Trainer has its own buffers, and its GEMMs run on one BLAS thread, the caller's), so
 * on two cores a lockstep step takes about as long as one side's instead of the sum of both (bench --lockstep).
 * Side B always runs on the same thread, which keeps its per-thread GEMM operands ({@code Gemm}'s cache) warm.
 */
public final class SideThread implements AutoCloseable {
    private final ExecutorService thread;

    public SideThread(String name) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Run {@code here} on the calling thread and {@code there} on the side thread; both finish before it returns. */
    public void both(Runnable here, Runnable there) {
        both(() -> {
            here.run();
            return null;
        }, () -> {
            there.run();
            return null;
        });
    }

    /**
     * Both results, {@code here}'s first. When one side fails, the other still finishes first (it must not be
     * running while its run is closed), then the failure is thrown — the calling side's when both fail.
     */
    public <T> List<T> both(Supplier<T> here, Supplier<T> there) {
        Future<T> side = thread.submit(there::get);
        T mine;
        try {
            mine = here.get();
        } catch (RuntimeException | Error e) {
            awaitQuietly(side);
            throw e;
        }
        T theirs = await(side);
        ArrayList<T> out = new ArrayList<>(2);
        out.add(mine);
        out.add(theirs);
        return out;
    }

    /** Waits for the side's work even when interrupted (and keeps the interrupt for the caller). */
    private static <T> T await(Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw Futures.unchecked(e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            await(f);
        } catch (RuntimeException | Error ignored) {
            // the calling side's failure is the one reported
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
