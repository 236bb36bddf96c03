package org.initscope.controller;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.initscope.engine.train.OutputView;
import org.initscope.engine.train.Trainer;
import org.initscope.i18n.I18n;

/**
 * A worker thread that owns training runs and takes commands from the FX thread through a queue — rebuild, play,
 * pause, step, epoch and whatever a subclass adds — steps while playing, and publishes an immutable state at most
 * every {@link TrainingSession#FRAME_MS} ms (and after every command), however fast it trains. The runs themselves
 * (one network, or two in lockstep) are the subclass's.
 *
 * @param <S> the state the views show
 */
abstract class TrainingWorker<S> implements AutoCloseable {
    /** A command the worker takes; subclasses add their own (a rebuild among them). */
    interface Command {
    }

    private record Play() implements Command {
    }

    private record Pause() implements Command {
    }

    private record Step() implements Command {
    }

    private record Epoch() implements Command {
    }

    protected final Executor fx;
    protected final ReadOnlyObjectWrapper<S> state = new ReadOnlyObjectWrapper<>(this, "state");
    protected final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final LatestToFx<S> toFx;
    private final Thread worker;
    private volatile boolean closed;
    // the worker thread's
    private final LiveMapPace mapPace = new LiveMapPace();
    private OutputView[] liveMaps;

    TrainingWorker(Executor fx, String threadName) {
        this.fx = fx;
        toFx = new LatestToFx<>(fx, this::show);
        worker = new Thread(this::loop, threadName);
        worker.setDaemon(true);
    }

    /** Called at the end of the subclass's constructor: the worker calls the subclass's methods. */
    protected final void startWorker() {
        worker.start();
    }

    public ReadOnlyObjectProperty<S> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public S state() {
        return state.get();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public void play() {
        send(new Play());
    }

    public void pause() {
        send(new Pause());
    }

    public void step() {
        send(new Step());
    }

    public void epoch() {
        send(new Epoch());
    }

    protected final void send(Command c) {
        commands.add(c);
    }

    /** Whether the worker has caught up with every command (tests). */
    public boolean idle() {
        return commands.isEmpty() && !toFx.pending();
    }

    // ---- the subclass's runs, all called on the worker thread ----

    /** Whether {@code c} asks for new runs. */
    protected abstract boolean isRebuild(Command c);

    /** Build new runs (the old ones are closed); a failure is reported, and no run is left. */
    protected abstract void rebuild(Command c);

    /** Whether there are runs to step. */
    protected abstract boolean ready();

    protected abstract void stepOnce();

    protected abstract void epochOnce();

    /** A command of the subclass's own (runs exist). */
    protected void handle(Command c) {
    }

    /** After a step while playing, started at {@code startNanos}: wait if the runs should go slower. */
    protected void pace(long startNanos) throws InterruptedException {
    }

    protected abstract S snapshot(boolean running, double stepsPerSecond);

    /**
     * The live output maps of {@code runs} for the frame about to be published: computed again when
     * {@link LiveMapPace} says so (always when the run does not play), otherwise the last ones, which carry the step
     * they were computed at.
     */
    protected final OutputView[] liveMaps(boolean running, Trainer... runs) {
        if (liveMaps == null || liveMaps.length != runs.length || mapPace.due(running)) {
            long t0 = mapPace.now();
            liveMaps = computeMaps(runs);
            mapPace.computed(t0);
        }
        return liveMaps;
    }

    /** The live output map of each run, computed now (on the worker thread; a subclass may spread them). */
    protected OutputView[] computeMaps(Trainer... runs) {
        OutputView[] maps = new OutputView[runs.length];
        for (int i = 0; i < runs.length; i++) {
            maps[i] = runs[i].outputView(TrainingSession.LIVE_MAP);
        }
        return maps;
    }

    protected abstract void closeRuns();

    /** On the FX thread: a published state reaches the views. */
    protected void show(S s) {
        state.set(s);
    }

    /** Say why on the FX thread. */
    protected final void report(String message) {
        fx.execute(() -> problem.set(message));
    }

    private void loop() {
        boolean running = false;
        long lastPublish = 0;
        var rate = new StepRate();
        while (!closed) {
            try {
                Command c = running ? commands.poll() : commands.poll(200, TimeUnit.MILLISECONDS);
                boolean publish = false;
                if (c != null) {
                    publish = true;
                    if (isRebuild(c)) {
                        running = false;
                        liveMaps = null;
                        mapPace.reset();
                        closeRuns();
                        rebuild(c);
                    } else if (!ready()) {
                        continue;
                    } else if (c instanceof Play) {
                        running = true;
                        rate.restart();
                    } else if (c instanceof Pause) {
                        running = false;
                    } else if (c instanceof Step) {
                        stepOnce();
                    } else if (c instanceof Epoch) {
                        epochOnce();
                    } else {
                        handle(c);
                    }
                }
                if (running && ready()) {
                    long t0 = System.nanoTime();
                    stepOnce();
                    pace(t0);
                    rate.stepped();
                }
                long now = System.nanoTime();
                if (ready() && (publish || running && now - lastPublish >= TrainingSession.FRAME_MS * 1_000_000L)) {
                    lastPublish = now;
                    toFx.publish(snapshot(running, running ? rate.perSecond() : 0));
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                running = false;
                report(I18n.f("Training stopped: %s", e.getMessage()));
            }
        }
        closeRuns();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
