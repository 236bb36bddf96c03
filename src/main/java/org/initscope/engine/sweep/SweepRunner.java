package org.initscope.engine.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import org.initscope.data.CsvException;
import org.initscope.data.Datasets;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.Quantity;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.RunOptions;
import org.initscope.engine.train.TrainSettings;
import org.initscope.engine.train.Trainer;
import org.initscope.model.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs a sweep: every cell × repeat is one run — the network at initialization through the explorer's engine (the
 * same numbers Explore shows for that network and seed), its Jacobian if asked, and its training if asked — on
 * {@link SweepPlan#workers()} threads at once, each with its own engine (bounded memory: one run per worker at a
 * time). Runs are handed out cell by cell, so cells finish in order and partial results can be drawn as they arrive;
 * {@code cancelled} stops the sweep between (and inside) runs. Every number depends only on the cell and the seed,
 * never on the number of workers or the order of the runs.
 */
public final class SweepRunner {
    /** Hears from the sweep as it goes (on the workers' threads). */
    public interface Listener {
        /** A run finished; {@code snapshot} holds every cell finished so far. */
        void progress(SweepResult snapshot, int runsDone, int runs);
    }

    private final SweepSpec spec;
    private final SweepPlan plan;
    private final List<Measure> measures;
    private final Datasets.Split data;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final BooleanSupplier cancelled;
    private volatile String fatal;

    private SweepRunner(SweepSpec spec, SweepPlan plan, BooleanSupplier cancelled) throws CsvException {
        this.spec = spec;
        this.plan = plan;
        this.cancelled = () -> stop.get() || cancelled.getAsBoolean();
        measures = spec.measures();
        // one copy of the data for every worker: a split is only read
        data = spec.training() == null ? null : Datasets.split(spec.training().settings().data());
    }

    /**
     * Run a sweep to the end (or until cancelled) and return what was measured; cells not run are null.
     *
     * @throws CsvException when the training's data cannot be read
     * @throws ResourceLimitException when memory ran out (the cells finished until then are lost with it)
     */
    public static SweepResult run(SweepSpec spec, SweepPlan plan, Listener listener, BooleanSupplier cancelled)
            throws CsvException {
        return new SweepRunner(spec, plan, cancelled).run(listener);
    }

    private SweepResult run(Listener listener) {
        long t0 = System.nanoTime();
        int repeats = spec.repeats();
        int runs = spec.runs();
        var results = new SweepResult.Run[runs];
        var pending = new AtomicIntegerArray(spec.cells());
        for (int c = 0; c < spec.cells(); c++) {
            pending.set(c, repeats);
        }
        var next = new AtomicInteger();
        var done = new AtomicInteger();
        var snapshot = new SweepResult[] {SweepResult.empty(spec)};
        Runnable work = () -> {
            try (Propagator engine = Propagator.forCells(plan.blasThreads())) {
                int r;
                while (!cancelled.getAsBoolean() && (r = next.getAndIncrement()) < runs) {
                    int cell = r / repeats;
                    int repeat = r % repeats;
                    SweepResult.Run run;
                    try {
                        run = run(engine, cell, repeat);
                    } catch (CancellationException e) {
                        return;
                    } catch (OutOfMemoryError e) {
                        fatal = "the sweep ran out of memory in the cell " + spec.describe(cell);
                        stop.set(true);
                        return;
                    }
                    results[r] = run;
                    SweepResult shown;
                    synchronized (snapshot) {
                        if (pending.decrementAndGet(cell) == 0) {
                            var cellRuns = new ArrayList<SweepResult.Run>();
                            for (int k = 0; k < repeats; k++) {
                                cellRuns.add(results[cell * repeats + k]);
                            }
                            snapshot[0] = snapshot[0].with(new SweepResult.Cell(cell, spec.at(cell), cellRuns),
                                    (System.nanoTime() - t0) / 1e9);
                        }
                        shown = snapshot[0];
                    }
                    listener.progress(shown, done.incrementAndGet(), runs);
                }
            }
        };
        var threads = new ArrayList<Thread>();
        for (int w = 0; w < plan.workers(); w++) {
            Thread t = new Thread(work, "initscope-sweep-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
            }
        }
        if (fatal != null) {
            throw new ResourceLimitException(fatal + ": reduce the widths, the batch or the workers");
        }
        synchronized (snapshot) {
            return snapshot[0].ended((System.nanoTime() - t0) / 1e9);
        }
    }

    /** One run of a cell: its measures, or the reason it failed (the sweep goes on). */
    private SweepResult.Run run(Propagator engine, int cell, int repeat) {
        var net = spec.network(cell, repeat);
        double[] values = new double[measures.size()];
        double[] predicted = new double[measures.size()];
        Arrays.fill(values, Double.NaN);
        Arrays.fill(predicted, Double.NaN);
        try {
            var resolved = net.resolve();
            PropagationResult r = engine.run(resolved, RunOptions.momentsOnly(), cancelled);
            CellMeasures.init(r, measures, values, predicted);
            if (spec.jacobian()) {
                if (!resolved.denseStack()) {
                    throw new IllegalArgumentException("the Jacobian is computed for networks of dense layers (plain or "
                            + "residual) only");
                }
                double[] s = engine.jacobianSingularValues(resolved, 0, cancelled);
                CellMeasures.jacobian(s, resolved, r.layers().stream().map(l -> l.predicted()).toList(), measures,
                        values, predicted);
            }
            if (spec.training() != null) {
                train(net, spec.settings(cell), values);
            }
            return new SweepResult.Run(net.seed(), values, predicted, null);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("stopped");
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            Arrays.fill(values, Double.NaN);
            return new SweepResult.Run(net.seed(), values, predicted, why);
        }
    }

    /** Train the cell's network: the loss and accuracy at the end, the steps to the criterion, the coordinates. */
    private void train(NetworkSpec net, TrainSettings settings, double[] values) {
        SweepSpec.Training t = spec.training();
        // no statistics are recorded along the way: only what the sweep measures
        var trainSpec = settings.spec(net, 1 << 30, 4);
        if (t.parameterization() != null) {
            trainSpec = trainSpec.withParameterization(t.parameterization());
        }
        try (Trainer trainer = new Trainer(trainSpec, data, DataType.FLOAT)) {
            int reached = -1;
            for (int step = 1; step <= t.steps(); step++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("stopped");
                }
                trainer.step();
                if (t.coordinates()) {
                    double[] l1 = trainer.lastPassMeanAbs(Quantity.PRE_ACTIVATIONS);
                    for (int l = 0; l < l1.length; l++) {
                        set(Measure.coordinate(l + 1, step), l1[l], values);
                    }
                }
                if (t.hasCriterion() && (step % t.evalEvery() == 0 || step == t.steps())
                        && trainer.evaluate().trainLoss() <= t.criterion()) {
                    reached = step;
                    break;
                }
            }
            Trainer.Metrics m = trainer.evaluate();
            set(Measure.of(Measure.Kind.TRAIN_LOSS), m.trainLoss(), values);
            set(Measure.of(Measure.Kind.TEST_LOSS), m.testLoss(), values);
            set(Measure.of(Measure.Kind.TRAIN_ACCURACY), m.trainAccuracy(), values);
            set(Measure.of(Measure.Kind.TEST_ACCURACY), m.testAccuracy(), values);
            if (t.hasCriterion()) {
                double steps = reached < 0 ? Double.NaN : reached;
                set(Measure.of(Measure.Kind.STEPS_TO_CRITERION), steps, values);
                set(Measure.of(Measure.Kind.EPOCHS_TO_CRITERION), steps * settings.batch() / data.train().n(),
                        values);
            }
        }
    }

    private void set(Measure m, double v, double[] values) {
        int i = measures.indexOf(m);
        if (i >= 0) {
            values[i] = v;
        }
    }
}
