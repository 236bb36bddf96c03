package org.initscope.controller;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.initscope.data.CsvException;
import org.initscope.data.CsvLoader;
import org.initscope.data.DataSpec;
import org.initscope.data.Datasets;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.OutputView;
import org.initscope.engine.train.TrainSettings;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.i18n.I18n;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.FlattenSpec;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;

/**
 * Training mode's presentation model. A worker thread owns the {@link Trainer} and takes commands (play, pause,
 * step, epoch, rebuild, optimizer changes) from a queue; while playing it steps as fast as the speed allows and
 * publishes an immutable {@link State} at most every 40 ms, so the charts redraw at up to 25 frames per second
 * however fast it trains. Editing the network, the data, the output layer or the batch size rebuilds the run
 * (paused, at step 0); the optimizer and learning rate change in place.
 */
public final class TrainingSession extends TrainingWorker<TrainingSession.State> {
    /** A live output map finer than the recorded ones. */
    public static final int LIVE_MAP = 44;
    /** Publish at most this often (ms): 25 frames per second. */
    public static final long FRAME_MS = 40;

    /** What the views show: every recorded step and the live state. */
    public record State(long step, int epoch, boolean running, List<TrainingRecord> records, OutputView live,
            Datasets.Split data, double stepsPerSecond, String name, List<Trainer.TrainedLayer> layers) {
    }

    private record Rebuild(TrainSpec spec) implements Command {
    }

    private record Optimizer(OptimizerSpec spec) implements Command {
    }

    private record RecordEvery(int every) implements Command {
    }

    private final NetworkSession network;
    private final ObjectProperty<DataSpec> data = new SimpleObjectProperty<>(this, "data",
            TrainSettings.DEFAULT.data());
    private final ObjectProperty<OptimizerSpec> optimizer = new SimpleObjectProperty<>(this, "optimizer",
            TrainSettings.DEFAULT.optimizer());
    private final ObjectProperty<Scheme> outputScheme = new SimpleObjectProperty<>(this, "outputScheme",
            TrainSettings.DEFAULT.output());
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize",
            TrainSettings.DEFAULT.batch());
    private final IntegerProperty recordEvery = new SimpleIntegerProperty(this, "recordEvery", 10);
    /** Target optimizer steps per second; 0 = as fast as possible. */
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 0);
    /** The record the views show; −1 = the newest (follow the run). */
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", -1);
    private volatile double pace;
    private int frames;
    private long frameWindowStart = System.nanoTime();
    private final ReadOnlyDoubleWrapper framesPerSecond = new ReadOnlyDoubleWrapper(this, "framesPerSecond");

    private boolean active;
    private boolean stale = true;

    /** A session that builds its run when first {@link #setActive activated} (the Train tab is shown). */
    public TrainingSession(NetworkSession network, Executor fx) {
        super(fx, "initscope-training");
        this.network = network;
        data.set(dataFor(network.spec(), data.get()));
        network.specProperty().addListener((o, a, b) -> {
            DataSpec fit = dataFor(b, data.get());
            if (fit.equals(data.get())) {
                rebuild();
            } else {
                // the data listener rebuilds
                data.set(fit);
            }
        });
        data.addListener((o, a, b) -> rebuild());
        outputScheme.addListener((o, a, b) -> rebuild());
        batchSize.addListener((o, a, b) -> rebuild());
        optimizer.addListener((o, a, b) -> send(new Optimizer(b)));
        recordEvery.addListener((o, a, b) -> send(new RecordEvery(b.intValue())));
        speed.addListener((o, a, b) -> pace = b.doubleValue());
        startWorker();
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

    /**
     * Data {@code net} can read: {@code data} itself when it fits, else the digits in the form the network's first
     * layer reads — row by row for an rnn or lstm, as 1×8×8 images for a conv, pooling or flatten layer — or the
     * spirals for a dense network given a sequence. A network loaded from a preset trains without a visit to the
     * data choice; a lesson step's own data (set after its network) is kept.
     */
    static DataSpec dataFor(NetworkSpec net, DataSpec data) {
        if (net.layers().isEmpty()) {
            return data;
        }
        var first = net.layers().get(0);
        DataSpec.Kind k = data.kind();
        if (first instanceof RecurrentSpec) {
            return k.sequence() ? data : data.withKind(DataSpec.Kind.DIGITS_ROWS);
        }
        boolean image = first instanceof Conv2dSpec || first instanceof MaxPool2dSpec || first instanceof FlattenSpec;
        if (image) {
            return k == DataSpec.Kind.DIGITS ? data : data.withKind(DataSpec.Kind.DIGITS);
        }
        return k.sequence() ? data.withKind(DataSpec.Kind.SPIRAL) : data;
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

    /** Chart updates per second as they reach the FX thread (measured, not a target). */
    public ReadOnlyDoubleProperty framesPerSecondProperty() {
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

    /** Back to step 0 with the same seeds: the same run again. */
    public void reset() {
        rebuild();
    }

    /** New weights (a new network seed), back to step 0. */
    public void reinitialize() {
        network.newSeed();
    }

    /** Train on a CSV file; a bad file says why (naming the line) and keeps the current data. */
    public void loadCsv(Path file) {
        DataSpec next = DataSpec.csv(file).withSeed(data.get().seed()).withTestFraction(data.get().testFraction());
        try {
            try {
                Datasets.load(next);
                problem.set("");
            } catch (CsvException.TaskUnclear unclear) {
                // not 2 to 100 whole-number classes: trained as a value to predict, and the window says so
                next = next.withTask(CsvLoader.Task.REGRESSION);
                Datasets.load(next);
                problem.set(I18n.f("%s is trained as regression (predicting the last column's value): %s.",
                        Printable.of(file.getFileName().toString()), unclear.reason()));
            }
            data.set(next);
        } catch (CsvException e) {
            problem.set(I18n.f("Could not use the CSV file. %s", e.getMessage()));
        }
    }

    public void clearProblem() {
        problem.set("");
    }

    /** The data, optimizer, output layer and mini-batch size set now. */
    public TrainSettings settings() {
        return new TrainSettings(data.get(), optimizer.get(), outputScheme.get(), batchSize.get());
    }

    /** Train with these settings from now on (a lesson step's): the run is rebuilt once, at step 0. */
    public void apply(TrainSettings s) {
        if (s.equals(settings())) {
            return;
        }
        boolean was = active;
        // one rebuild for the four changes, not four
        active = false;
        try {
            data.set(s.data());
            optimizer.set(s.optimizer());
            outputScheme.set(s.output());
            batchSize.set(s.batch());
        } finally {
            active = was;
        }
        rebuild();
    }

    /** How {@code net} trains with this session's data, optimizer, output layer and batch size. */
    public TrainSpec specFor(NetworkSpec net) {
        return settings().spec(net, Math.max(1, recordEvery.get()), 400);
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
            send(new Rebuild(spec));
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
        }
    }

    // ---- the worker ----

    // the worker thread's
    private Trainer trainer;
    private String name = "";

    @Override
    protected boolean isRebuild(Command c) {
        return c instanceof Rebuild;
    }

    @Override
    protected void rebuild(Command c) {
        var spec = ((Rebuild) c).spec();
        try {
            trainer = Trainer.create(spec);
            name = spec.network().name();
            report("");
        } catch (CsvException | IllegalArgumentException | SpecException
                | ResourceLimitException e) {
            report(I18n.f("Cannot train: %s", e.getMessage()));
        }
    }

    @Override
    protected boolean ready() {
        return trainer != null;
    }

    @Override
    protected void stepOnce() {
        trainer.step();
    }

    @Override
    protected void epochOnce() {
        trainer.runEpoch();
    }

    @Override
    protected void handle(Command c) {
        if (c instanceof Optimizer o) {
            trainer.setOptimizer(o.spec());
        } else if (c instanceof RecordEvery e) {
            trainer.history().setInterval(e.every());
        }
    }

    /** At the speed set: the rest of 1/speed seconds after a step (at most a second). */
    @Override
    protected void pace(long startNanos) throws InterruptedException {
        double p = pace;
        if (p > 0) {
            long wait = (long) (1e9 / p) - (System.nanoTime() - startNanos);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000_000L));
            }
        }
    }

    @Override
    protected State snapshot(boolean running, double stepsPerSecond) {
        return new State(trainer.steps(), trainer.epochs(), running, trainer.history().records(),
                liveMaps(running, trainer)[0], trainer.data(), stepsPerSecond, name, trainer.layers());
    }

    @Override
    protected void closeRuns() {
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }

    /** On the FX thread: show the newest state and count the frames that reach it. */
    @Override
    protected void show(State s) {
        state.set(s);
        frames++;
        long now = System.nanoTime();
        if (now - frameWindowStart > 1_000_000_000L) {
            framesPerSecond.set(frames / ((now - frameWindowStart) / 1e9));
            frames = 0;
            frameWindowStart = now;
        }
    }
}
