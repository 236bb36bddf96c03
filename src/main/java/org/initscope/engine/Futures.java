package org.initscope.engine;

import java.util.concurrent.ExecutionException;

/** What a failed background task threw, for the thread that waited for it. */
public final class Futures {
    private Futures() {
    }

    /**
     * The task's own exception when it is unchecked (thrown as it was: an {@link Error} is thrown from here), else
     * the checked one wrapped; use as {@code throw Futures.unchecked(e)}.
     */
    public static RuntimeException unchecked(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
            return r;
        }
        if (e.getCause() instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e.getCause());
    }
}
