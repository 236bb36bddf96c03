package org.initscope.controller;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.initscope.data.CsvException;
import org.initscope.data.Datasets;
import org.initscope.engine.train.OutputView;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;

/**
 * Two networks trained in lockstep: one worker thread owns both {@link Trainer}s and always steps both, A then B,
 * on the same data, batches and optimizer, so that at every published frame they have taken exactly the same
 * number of steps. Publishes at most every {@link TrainingSession#FRAME_MS} ms.
 */
public final class LockstepTraining implements AutoCloseable {

    /** One side's run as the views show it. */
    public record Run(String name, long steps, List<TrainingRecord> records, OutputView live, Datasets.Split data) {
        public TrainingRecord newest() {
            return records.isEmpty() ? null : records.get(records.size() - 1);
        }
    }

    /** Both runs at the same step. */
    public record State(long step, int epoch, boolean running, Run a, Run b, double stepsPerSecond) {
    }

    private sealed interface Command permits Rebuild, Play, Pause, Step, Epoch {
    }

    private record Rebuild(TrainSpec a, TrainSpec b) implements Command {
    }

    private record Play() implements Command {
    }

    private record Pause() implements Command {
    }

    private record Step() implements Command {
    }

    private record Epoch() implements Command {
    }

    private final Executor fx;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final LatestToFx<State> toFx;
    private final Thread worker;
    private volatile boolean closed;

    public LockstepTraining(Executor fx) {
        this.fx = fx;
        toFx = new LatestToFx<>(fx, state::set);
        worker = new Thread(this::loop, "initscope-lockstep");
        worker.setDaemon(true);
        worker.start();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Start both runs again from step 0 (paused). */
    public void rebuild(TrainSpec a, TrainSpec b) {
        commands.add(new Rebuild(a, b));
    }

    public void play() {
        commands.add(new Play());
    }

    public void pause() {
        commands.add(new Pause());
    }

    public void step() {
        commands.add(new Step());
    }

    public void epoch() {
        commands.add(new Epoch());
    }

    /** Whether the worker has caught up with every command (tests). */
    public boolean idle() {
        return commands.isEmpty() && !toFx.pending();
    }

    private void loop() {
        Trainer a = null;
        Trainer b = null;
        String nameA = "";
        String nameB = "";
        boolean running = false;
        long lastPublish = 0;
        var rate = new StepRate();
        while (!closed) {
            try {
                Command c = running ? commands.poll() : commands.poll(200, TimeUnit.MILLISECONDS);
                boolean publish = false;
                if (c != null) {
                    publish = true;
                    if (c instanceof Rebuild r) {
                        close(a);
                        close(b);
                        a = null;
                        b = null;
                        running = false;
                        try {
                            a = Trainer.create(r.a());
                            b = Trainer.create(r.b());
                            nameA = r.a().network().name();
                            nameB = r.b().network().name();
                            fx.execute(() -> problem.set(""));
                        } catch (CsvException | IllegalArgumentException | org.initscope.model.SpecException e) {
                            close(a);
                            a = null;
                            String m = e.getMessage();
                            fx.execute(() -> problem.set("Cannot train side by side: " + m));
                        }
                    } else if (a == null) {
                        continue;
                    } else if (c instanceof Play) {
                        running = true;
                        rate.restart();
                    } else if (c instanceof Pause) {
                        running = false;
                    } else if (c instanceof Step) {
                        a.step();
                        b.step();
                    } else if (c instanceof Epoch) {
                        a.runEpoch();
                        b.runEpoch();
                    }
                }
                if (running && a != null) {
                    a.step();
                    b.step();
                    rate.stepped();
                }
                long now = System.nanoTime();
                if (a != null && (publish || running && now - lastPublish >= TrainingSession.FRAME_MS * 1_000_000L)) {
                    lastPublish = now;
                    toFx.publish(new State(a.steps(), a.epochs(), running,
                            new Run(nameA, a.steps(), a.history().records(), a.outputView(TrainingSession.LIVE_MAP), a.data()),
                            new Run(nameB, b.steps(), b.history().records(), b.outputView(TrainingSession.LIVE_MAP), b.data()),
                            running ? rate.perSecond() : 0));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                running = false;
                String m = String.valueOf(e.getMessage());
                fx.execute(() -> problem.set("Training stopped: " + m));
            }
        }
        close(a);
        close(b);
    }

    private static void close(Trainer t) {
        if (t != null) {
            t.close();
        }
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
