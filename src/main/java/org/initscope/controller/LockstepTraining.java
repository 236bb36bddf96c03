package org.initscope.controller;

import java.util.List;
import java.util.concurrent.Executor;
import org.initscope.data.CsvException;
import org.initscope.data.Datasets;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.train.OutputView;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.i18n.I18n;
import org.initscope.model.SpecException;

/**
 * Two networks trained in lockstep: one worker thread owns both {@link Trainer}s and always steps both on the same
 * data, batches and optimizer, so that at every published frame they have taken exactly the same number of steps —
 * A on the worker thread and B at the same time on a {@link SideThread} (the two runs share nothing, and each
 * step's numbers are those of stepping A then B: a step takes about one side's time on two cores). Their live maps
 * are computed the same way. Publishes at most every {@link TrainingSession#FRAME_MS} ms.
 */
public final class LockstepTraining extends TrainingWorker<LockstepTraining.State> {

    /** One side's run as the views show it. */
    public record Run(String name, long steps, List<TrainingRecord> records, OutputView live, Datasets.Split data) {
        public TrainingRecord newest() {
            return records.isEmpty() ? null : records.get(records.size() - 1);
        }
    }

    /** Both runs at the same step. */
    public record State(long step, int epoch, boolean running, Run a, Run b, double stepsPerSecond) {
    }

    private record Rebuild(TrainSpec a, TrainSpec b) implements Command {
    }

    // the worker thread's
    private Trainer a;
    private Trainer b;
    private String nameA = "";
    private String nameB = "";
    /** Where B steps while A steps on the worker thread. */
    private final SideThread sideB = new SideThread("initscope-lockstep-b");

    public LockstepTraining(Executor fx) {
        super(fx, "initscope-lockstep");
        startWorker();
    }

    /** Start both runs again from step 0 (paused). */
    public void rebuild(TrainSpec a, TrainSpec b) {
        send(new Rebuild(a, b));
    }

    @Override
    protected boolean isRebuild(Command c) {
        return c instanceof Rebuild;
    }

    @Override
    protected void rebuild(Command c) {
        var r = (Rebuild) c;
        try {
            a = Trainer.create(r.a());
            b = Trainer.create(r.b());
            nameA = r.a().network().name();
            nameB = r.b().network().name();
            report("");
        } catch (CsvException | IllegalArgumentException | SpecException
                | ResourceLimitException e) {
            closeRuns();
            report(I18n.f("Cannot train side by side: %s", e.getMessage()));
        }
    }

    @Override
    protected boolean ready() {
        return a != null && b != null;
    }

    @Override
    protected void stepOnce() {
        sideB.both(a::step, b::step);
    }

    @Override
    protected void epochOnce() {
        sideB.both(a::runEpoch, b::runEpoch);
    }

    @Override
    protected OutputView[] computeMaps(Trainer... runs) {
        var maps = sideB.both(() -> runs[0].outputView(TrainingSession.LIVE_MAP),
                () -> runs[1].outputView(TrainingSession.LIVE_MAP));
        return maps.toArray(OutputView[]::new);
    }

    @Override
    protected State snapshot(boolean running, double stepsPerSecond) {
        OutputView[] maps = liveMaps(running, a, b);
        return new State(a.steps(), a.epochs(), running,
                new Run(nameA, a.steps(), a.history().records(), maps[0], a.data()),
                new Run(nameB, b.steps(), b.history().records(), maps[1], b.data()),
                stepsPerSecond);
    }

    @Override
    public void close() {
        super.close();
        sideB.close();
    }

    @Override
    protected void closeRuns() {
        if (a != null) {
            a.close();
            a = null;
        }
        if (b != null) {
            b.close();
            b = null;
        }
    }
}
