package org.initscope.controller;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.initscope.data.CsvException;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.sweep.Reproductions;
import org.initscope.engine.sweep.SweepPlan;
import org.initscope.engine.sweep.SweepResult;
import org.initscope.engine.sweep.SweepRunner;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.i18n.I18n;
import org.initscope.model.SpecException;

/**
 * The Experiments mode's state: the sweep to run (built from the current network by the panel), the sweep running on
 * its own thread (its cells on every core, {@link SweepRunner}), its progress, and what it measured so far. Partial
 * results reach the FX thread as they arrive, at most one snapshot waiting at a time (the newest wins); cancel stops
 * the sweep between runs and keeps the cells finished. Only one sweep runs at a time: starting another cancels it.
 */
public final class ExperimentSession implements AutoCloseable {
    private final Executor fx;
    private final ObjectProperty<SweepSpec> spec = new SimpleObjectProperty<>(this, "spec");
    private final ReadOnlyObjectWrapper<SweepResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<SweepPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    /** The sweep now running: its cancel flag (replaced by each start). */
    private volatile AtomicBoolean stop = new AtomicBoolean(true);
    private final ReadOnlyStringWrapper report = new ReadOnlyStringWrapper(this, "report", "");
    private Thread worker;

    public ExperimentSession(Executor fx) {
        this.fx = fx;
    }

    /** The sweep the panel has set up (not necessarily run yet). */
    public ObjectProperty<SweepSpec> specProperty() {
        return spec;
    }

    /** What the last sweep measured so far (partial while it runs); null before the first run. */
    public ReadOnlyObjectProperty<SweepResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public SweepResult result() {
        return result.get();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Runs done / runs, from 0 to 1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** A line about the sweep: its estimate, its progress, its speed, or why it was refused or failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The plan of the last sweep started (workers, BLAS threads, the estimate). */
    public ReadOnlyObjectProperty<SweepPlan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /**
     * The plan and estimate of a sweep, or why it cannot run (a cell whose network is invalid, too long, too large for
     * memory) — the same check {@link #start} makes.
     */
    public static SweepPlan check(SweepSpec s) {
        return SweepPlan.of(s, 0, 0).check();
    }

    /**
     * Start the current {@link #specProperty() sweep}. Refused up front, with the reason, when it is too long or too
     * large (then nothing runs and the last result stays).
     */
    public Optional<String> start() {
        SweepSpec s = spec.get();
        if (s == null) {
            return Optional.of(I18n.t("no sweep is set up"));
        }
        SweepPlan p;
        try {
            p = check(s);
        } catch (SpecException | ResourceLimitException e) {
            status.set(e.getMessage());
            return Optional.of(e.getMessage());
        }
        cancel();
        var flag = new AtomicBoolean();
        stop = flag;
        report.set("");
        plan.set(p);
        result.set(SweepResult.empty(s));
        progress.set(0);
        running.set(true);
        status.set(I18n.f(s.repeats() == 1 ? "%d cells × %d repeat: estimated %s"
                : "%d cells × %d repeats: estimated %s", s.cells(), s.repeats(), p.describe()));
        worker = new Thread(() -> {
            SweepResult end = null;
            String problem = null;
            try {
                end = SweepRunner.run(s, p, partial(flag, true), flag::get);
            } catch (CsvException | RuntimeException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            SweepResult last = end;
            String why = problem;
            fx.execute(() -> {
                if (stop != flag) {
                    return;
                }
                running.set(false);
                if (last != null) {
                    result.set(last);
                    progress.set((double) last.done() / s.cells());
                    status.set(last.finished()
                            ? I18n.f(p.blasThreads() == 1
                                    ? "%d cells in %.1f s (%.1f cells/s; %d at a time, %d BLAS thread each)"
                                    : "%d cells in %.1f s (%.1f cells/s; %d at a time, %d BLAS threads each)",
                                    last.done(), last.seconds(), last.cellsPerSecond(), p.workers(), p.blasThreads())
                            : I18n.f("stopped: %d of %d cells measured", last.done(), s.cells()));
                } else {
                    status.set(I18n.f("the sweep failed: %s", why));
                }
            });
        }, "initscope-experiment");
        worker.setDaemon(true);
        worker.start();
        return Optional.empty();
    }

    /** The last reproduction's report (its claim, setup and each check with PASS or FAIL), "" otherwise. */
    public ReadOnlyStringProperty reportProperty() {
        return report.getReadOnlyProperty();
    }

    /**
     * Run a built-in reproduction of a paper: its sweeps one after the other, each drawn as it arrives, then its
     * checks in {@link #reportProperty()}. Cancel stops it (the report then says so).
     */
    public void reproduce(Reproductions.Reproduction r) {
        cancel();
        var flag = new AtomicBoolean();
        stop = flag;
        running.set(true);
        progress.set(0);
        report.set("");
        status.set(I18n.f("reproducing %s …", r.title()));
        worker = new Thread(() -> {
            String text;
            String line;
            try {
                Reproductions.Outcome o = r.run(s -> {
                    if (flag.get()) {
                        throw new CancellationException();
                    }
                    SweepPlan p = check(s);
                    fx.execute(() -> {
                        if (stop == flag) {
                            spec.set(s);
                            plan.set(p);
                            result.set(SweepResult.empty(s));
                            status.set(I18n.f("%s: %d cells, estimated %s", s.name(), s.cells(), p.describe()));
                        }
                    });
                    SweepResult end = SweepRunner.run(s, p, partial(flag, false), flag::get);
                    if (!end.finished()) {
                        throw new CancellationException();
                    }
                    fx.execute(() -> {
                        if (stop == flag) {
                            result.set(end);
                        }
                    });
                    return end;
                });
                text = Reproductions.report(o);
                line = I18n.f(o.passed() ? "reproduced: %s (%.0f s)" : "NOT reproduced: %s (%.0f s)", r.title(),
                        o.seconds());
            } catch (CancellationException e) {
                text = "";
                line = I18n.f("stopped: %s", r.title());
            } catch (CsvException | RuntimeException e) {
                text = "";
                line = I18n.f("the reproduction failed: %s", e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage());
            }
            String t = text;
            String l = line;
            fx.execute(() -> {
                if (stop == flag) {
                    running.set(false);
                    report.set(t);
                    status.set(l);
                }
            });
        }, "initscope-reproduce");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Hands a running sweep's snapshots to the FX thread, at most one waiting at a time (the newest replaces it), and
     * only while {@code flag} is the current run's; {@code speed} also writes the progress in the status line.
     */
    private SweepRunner.Listener partial(AtomicBoolean flag, boolean speed) {
        var waiting = new AtomicReference<SweepResult>();
        return (snapshot, done, runs) -> {
            if (waiting.getAndSet(snapshot) == null) {
                fx.execute(() -> {
                    SweepResult shown = waiting.getAndSet(null);
                    if (stop == flag && shown != null) {
                        int cells = shown.spec().cells();
                        result.set(shown);
                        progress.set((double) shown.done() / cells);
                        if (speed) {
                            status.set(I18n.f("%d of %d cells (%.1f cells/s)", shown.done(), cells,
                                    shown.cellsPerSecond()));
                        }
                    }
                });
            }
        };
    }

    /** Say why the sweep the panel describes cannot run (a number that is not one); nothing else changes. */
    public void refuse(String why) {
        status.set(why);
    }

    /** Stop the running sweep (the cells finished stay). */
    public void cancel() {
        stop.set(true);
    }

    /** Waits for the sweep's thread to end (tests, closing). */
    public void join(long millis) throws InterruptedException {
        Thread t = worker;
        if (t != null) {
            t.join(millis);
        }
    }

    @Override
    public void close() {
        cancel();
    }
}
