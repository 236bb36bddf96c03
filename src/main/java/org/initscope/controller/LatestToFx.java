package org.initscope.controller;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands the newest state of a worker thread to the FX thread: a state that arrives while one is still waiting for
 * the FX thread replaces it, so a fast worker never floods the FX thread's queue.
 */
final class LatestToFx<S> {
    private final Executor fx;
    private final Consumer<S> onFx;
    private final AtomicReference<S> latest = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();

    LatestToFx(Executor fx, Consumer<S> onFx) {
        this.fx = fx;
        this.onFx = onFx;
    }

    void publish(S state) {
        latest.set(state);
        if (pending.compareAndSet(false, true)) {
            fx.execute(() -> {
                pending.set(false);
                onFx.accept(latest.get());
            });
        }
    }

    /** Whether a state is still on its way to the FX thread. */
    boolean pending() {
        return pending.get();
    }
}
