package org.initscope.controller;

import java.util.concurrent.Executor;
import org.initscope.model.NetworkSpec;

/**
 * Every session of one window, made by the application (the composition root) and handed to the views: the
 * network being edited, its training, the side-by-side comparison, the lesson in progress, the sweeps of the
 * Experiments tab and the exports. The
 * views can be thrown away and built again (a language switch does) without losing anything a session holds: the
 * lesson and its step, the comparison's network B and its lockstep run, the training run, the network, its undo
 * history, the exports under way.
 *
 * @param network    the network of the window (network A of the comparison)
 * @param training   the Train tab's run
 * @param comparison the Compare tab: network B and the lockstep training
 * @param lessons    the lesson in progress
 * @param experiments the Experiments tab's sweeps
 * @param exports    File ▸ Export's writer
 */
public record Sessions(NetworkSession network, TrainingSession training, ComparisonSession comparison,
        LessonSession lessons, ExperimentSession experiments, ExportService exports) implements AutoCloseable {

    /** The sessions of a window that starts with {@code initial}; results and states arrive through {@code fx}. */
    public static Sessions create(NetworkSpec initial, Executor fx) {
        return around(new NetworkSession(initial, fx), fx);
    }

    /** The sessions around an existing network session (its training, comparison, lesson and exports). */
    public static Sessions around(NetworkSession network, Executor fx) {
        var training = new TrainingSession(network, fx);
        return new Sessions(network, training, new ComparisonSession(network, training, fx),
                new LessonSession(network, training, fx), new ExperimentSession(fx), new ExportService(fx,
                        network::report));
    }

    /** Stop every worker (the window is closing). */
    @Override
    public void close() {
        exports.close();
        experiments.close();
        comparison.close();
        training.close();
        network.close();
    }
}
