package org.initscope.controller;

import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.initscope.engine.MemoryEstimate;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.train.TrainSpec;
import org.initscope.i18n.I18n;
import org.initscope.model.Counterpart;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import org.initscope.model.SpecException;

/**
 * Side by side: network A is the one being edited ({@link NetworkSession} of the window), network B is derived
 * from it by a {@link Counterpart} (e.g. "A with kaiming_normal") and follows every edit of A. B has its own
 * session, computed on its own thread, with A's seed, quantity and histogram range; both train in lockstep with
 * the Train mode's data, optimizer and batch size. Nothing is computed while the comparison is not shown.
 */
public final class ComparisonSession implements AutoCloseable {
    private final NetworkSession a;
    private final TrainingSession settings;
    private final NetworkSession b;
    private final LockstepTraining training;
    private final ObjectProperty<Counterpart> counterpart = new SimpleObjectProperty<>(this, "counterpart");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private boolean active;
    private boolean trainingShown;
    private boolean trainingStale = true;
    /** The pair the lockstep run was built from: showing the view again does not restart an unchanged run. */
    private List<TrainSpec> built = List.of();

    public ComparisonSession(NetworkSession a, TrainingSession settings, Executor fx) {
        this.a = a;
        this.settings = settings;
        b = new NetworkSession(a.spec(), fx, false);
        b.quantityProperty().bind(a.quantityProperty());
        b.sharedRangeProperty().bind(a.sharedRangeProperty());
        training = new LockstepTraining(fx);
        a.specProperty().addListener((o, x, y) -> follow());
        counterpart.addListener((o, x, y) -> follow());
        settings.addSettingsListener(this::retrain);
    }

    public NetworkSession a() {
        return a;
    }

    public NetworkSession b() {
        return b;
    }

    public LockstepTraining training() {
        return training;
    }

    /** What B is; null until the comparison is first shown, which picks A's natural partner. */
    public ObjectProperty<Counterpart> counterpartProperty() {
        return counterpart;
    }

    /** The comparison is shown (or hidden: then B stops following A and the lockstep run pauses). */
    public void setActive(boolean on) {
        active = on;
        if (on) {
            if (counterpart.get() == null) {
                counterpart.set(Counterpart.partnerOf(a.spec()));
            }
            follow();
        } else {
            training.pause();
        }
    }

    /** The lockstep training view is shown or hidden. */
    public void setTrainingShown(boolean on) {
        trainingShown = on;
        if (on && trainingStale) {
            retrain();
        } else if (!on) {
            training.pause();
        }
    }

    /** Why network B cannot follow A now (its initializer does not apply, too large); empty when it does. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** B as it should be for the current A. */
    public NetworkSpec specB() {
        Counterpart c = counterpart.get() == null ? Counterpart.partnerOf(a.spec()) : counterpart.get();
        return c.apply(a.spec());
    }

    /** Both runs back to step 0 with the same seeds. */
    public void resetTraining() {
        built = List.of();
        retrain();
    }

    private void follow() {
        if (!active || counterpart.get() == null) {
            return;
        }
        NetworkSpec next;
        try {
            next = specB().expanded();
            // B must resolve and run before it replaces what is shown (dirac needs a convolution, eye a 2-D weight)
            MemoryEstimate.check(next.resolve());
        } catch (SpecException | IllegalArgumentException
                | ResourceLimitException e) {
            Counterpart c = counterpart.get();
            problem.set(Printable.of(I18n.f("Network B (%s) cannot be built for "
                    + "this network: %s", c.label(), e.getMessage())));
            return;
        }
        problem.set("");
        if (!next.equals(b.spec()) || b.result() == null) {
            b.replace(next, null);
        }
        b.selectedProperty().set(Math.min(a.selected(), b.depth() - 1));
        trainingStale = true;
        retrain();
    }

    private void retrain() {
        trainingStale = true;
        if (!active || !trainingShown) {
            return;
        }
        trainingStale = false;
        try {
            var pair = List.of(settings.specFor(a.spec()), settings.specFor(specB()));
            if (!pair.equals(built)) {
                built = pair;
                training.rebuild(pair.get(0), pair.get(1));
            }
        } catch (IllegalArgumentException e) {
            a.report(I18n.f("Cannot train side by side: %s", e.getMessage()));
        }
    }

    @Override
    public void close() {
        training.close();
        b.close();
    }
}
