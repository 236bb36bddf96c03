package org.initscope.controller;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.initscope.data.CsvException;
import org.initscope.data.DataSpec;
import org.initscope.data.Datasets;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.OutputView;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.InitSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;

/**
 * Training mode's presentation model. A worker thread owns the {@link Trainer} and takes commands (play, pause,
 * step, epoch, rebuild, optimizer changes) from a queue; while playing it steps as fast as the speed allows and
 * publishes an immutable {@link State} at most every 40 ms, so the charts redraw at up to 25 frames per second
 * however fast it trains. Editing the network, the data, the output layer or the batch size rebuilds the run
 * (paused, at step 0); the optimizer and learning rate change in place.
 */
public final class TrainingSession implements AutoCloseable {
    /** A live output map finer than the recorded ones. */
    public static final int LIVE_MAP = 44;
    /** Publish at most this often (ms): 25 frames per second. */
    public static final long FRAME_MS = 40;

    /** What the views show: every recorded step and the live state. */
    public record State(long step, int epoch, boolean running, List<TrainingRecord> records, OutputView live,
            Datasets.Split data, double stepsPerSecond, String name) {
    }

    private sealed interface Command permits Rebuild, Play, Pause, Step, Epoch, Optimizer, RecordEvery {
    }

    private record Rebuild(TrainSpec spec) implements Command {
    }

    private record Play() implements Command {
    }

    private record Pause() implements Command {
    }

    private record Step() implements Command {
    }

    private record Epoch() implements Command {
    }

    private record Optimizer(OptimizerSpec spec) implements Command {
    }

    private record RecordEvery(int every) implements Command {
    }

    private final NetworkSession network;
    private final Executor fx;
    private final ObjectProperty<DataSpec> data = new SimpleObjectProperty<>(this, "data",
            DataSpec.of(DataSpec.Kind.SPIRAL));
    private final ObjectProperty<OptimizerSpec> optimizer = new SimpleObjectProperty<>(this, "optimizer",
            OptimizerSpec.adam(0.01));
    private final ObjectProperty<Scheme> outputScheme = new SimpleObjectProperty<>(this, "outputScheme",
            Scheme.XAVIER_UNIFORM);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize", 32);
    private final IntegerProperty recordEvery = new SimpleIntegerProperty(this, "recordEvery", 10);
    /** Target optimizer steps per second; 0 = as fast as possible. */
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 0);
    /** The record the views show; −1 = the newest (follow the run). */
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", -1);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final LatestToFx<State> toFx;
    private final Thread worker;
    private volatile boolean closed;
    private volatile double pace;
    private int frames;
    private long frameWindowStart = System.nanoTime();
    private final javafx.beans.property.ReadOnlyDoubleWrapper framesPerSecond =
            new javafx.beans.property.ReadOnlyDoubleWrapper(this, "framesPerSecond");

    private boolean active;
    private boolean stale = true;

    /** A session that builds its run when first {@link #setActive activated} (the Train tab is shown). */
    public TrainingSession(NetworkSession network, Executor fx) {
        this.network = network;
        this.fx = fx;
        toFx = new LatestToFx<>(fx, this::show);
        worker = new Thread(this::loop, "initscope-training");
        worker.setDaemon(true);
        worker.start();
        network.specProperty().addListener((o, a, b) -> rebuild());
        data.addListener((o, a, b) -> rebuild());
        outputScheme.addListener((o, a, b) -> rebuild());
        batchSize.addListener((o, a, b) -> rebuild());
        optimizer.addListener((o, a, b) -> commands.add(new Optimizer(b)));
        recordEvery.addListener((o, a, b) -> commands.add(new RecordEvery(b.intValue())));
        speed.addListener((o, a, b) -> pace = b.doubleValue());
    }

    /**
     * Training mode shown or hidden: while hidden, edits of the network only mark the run stale, and showing it
     * again rebuilds it; hiding it pauses.
     */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) {
            rebuild();
        } else if (!on) {
            pause();
        }
    }

    // ---- properties ----

    public ObjectProperty<DataSpec> dataProperty() {
        return data;
    }

    public ObjectProperty<OptimizerSpec> optimizerProperty() {
        return optimizer;
    }

    public ObjectProperty<Scheme> outputSchemeProperty() {
        return outputScheme;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public IntegerProperty recordEveryProperty() {
        return recordEvery;
    }

    public DoubleProperty speedProperty() {
        return speed;
    }

    public IntegerProperty selectedProperty() {
        return selected;
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

    /** Chart updates per second as they reach the FX thread (measured, not a target). */
    public javafx.beans.property.ReadOnlyDoubleProperty framesPerSecondProperty() {
        return framesPerSecond.getReadOnlyProperty();
    }

    /** The record the views show: the selected one, or the newest. */
    public TrainingRecord shownRecord() {
        State s = state.get();
        if (s == null || s.records().isEmpty()) {
            return null;
        }
        int i = selected.get();
        return i < 0 || i >= s.records().size() ? s.records().get(s.records().size() - 1) : s.records().get(i);
    }

    // ---- commands ----

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

    /** Back to step 0 with the same seeds: the same run again. */
    public void reset() {
        rebuild();
    }

    /** New weights (a new network seed), back to step 0. */
    public void reinitialize() {
        network.newSeed();
    }

    /** Train on a CSV file; a bad file says why (naming the line) and keeps the current data. */
    public void loadCsv(java.nio.file.Path file) {
        try {
            Datasets.load(DataSpec.csv(file));
            data.set(DataSpec.csv(file).withSeed(data.get().seed()).withTestFraction(data.get().testFraction()));
            problem.set("");
        } catch (CsvException e) {
            problem.set("Could not use the CSV file. " + e.getMessage());
        }
    }

    public void clearProblem() {
        problem.set("");
    }

    /** How {@code net} trains with this session's data, optimizer, output layer and batch size. */
    public TrainSpec specFor(NetworkSpec net) {
        return new TrainSpec(net, data.get(), optimizer.get(), InitSpec.of(outputScheme.get()),
                InitSpec.of(Scheme.ZEROS), batchSize.get(), Math.max(1, recordEvery.get()), 400);
    }

    /** Called when anything {@link #specFor} reads changes (the comparison retrains on it). */
    public void addSettingsListener(Runnable r) {
        data.addListener((o, a, b) -> r.run());
        optimizer.addListener((o, a, b) -> r.run());
        outputScheme.addListener((o, a, b) -> r.run());
        batchSize.addListener((o, a, b) -> r.run());
        recordEvery.addListener((o, a, b) -> r.run());
    }

    private void rebuild() {
        if (!active) {
            stale = true;
            return;
        }
        stale = false;
        try {
            var spec = specFor(network.spec());
            selected.set(-1);
            commands.add(new Rebuild(spec));
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
        }
    }

    // ---- the worker ----

    private void loop() {
        Trainer trainer = null;
        boolean running = false;
        long lastPublish = 0;
        var rate = new StepRate();
        String name = "";
        while (!closed) {
            try {
                Command c = running ? commands.poll() : commands.poll(200, TimeUnit.MILLISECONDS);
                boolean publish = false;
                if (c != null) {
                    publish = true;
                    if (c instanceof Rebuild r) {
                        if (trainer != null) {
                            trainer.close();
                            trainer = null;
                        }
                        running = false;
                        try {
                            trainer = Trainer.create(r.spec());
                            name = r.spec().network().name();
                            fx.execute(() -> problem.set(""));
                        } catch (CsvException | IllegalArgumentException | org.initscope.model.SpecException e) {
                            String m = e.getMessage();
                            fx.execute(() -> problem.set("Cannot train: " + m));
                        }
                    } else if (trainer == null) {
                        continue;
                    } else if (c instanceof Play) {
                        running = true;
                        rate.restart();
                    } else if (c instanceof Pause) {
                        running = false;
                    } else if (c instanceof Step) {
                        trainer.step();
                    } else if (c instanceof Epoch) {
                        trainer.runEpoch();
                    } else if (c instanceof Optimizer o) {
                        trainer.setOptimizer(o.spec());
                    } else if (c instanceof RecordEvery e) {
                        trainer.history().setInterval(e.every());
                    }
                }
                if (running && trainer != null) {
                    long t0 = System.nanoTime();
                    trainer.step();
                    rate.stepped();
                    double p = pace;
                    if (p > 0) {
                        long wait = (long) (1e9 / p) - (System.nanoTime() - t0);
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000_000L));
                        }
                    }
                }
                long now = System.nanoTime();
                if (trainer != null && (publish || now - lastPublish >= FRAME_MS * 1_000_000L)) {
                    if (publish || running) {
                        lastPublish = now;
                        toFx.publish(new State(trainer.steps(), trainer.epochs(), running, trainer.history().records(),
                                trainer.outputView(LIVE_MAP), trainer.data(), running ? rate.perSecond() : 0, name));
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                running = false;
                String m = String.valueOf(e.getMessage());
                fx.execute(() -> problem.set("Training stopped: " + m));
            }
        }
        if (trainer != null) {
            trainer.close();
        }
    }

    /** On the FX thread: show the newest state and count the frames that reach it. */
    private void show(State s) {
        state.set(s);
        frames++;
        long now = System.nanoTime();
        if (now - frameWindowStart > 1_000_000_000L) {
            framesPerSecond.set(frames / ((now - frameWindowStart) / 1e9));
            frames = 0;
            frameWindowStart = now;
        }
    }

    /** Whether the worker has caught up with every command (tests). */
    public boolean idle() {
        return commands.isEmpty() && !toFx.pending();
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
