package org.initscope.controller;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.initscope.config.ConfigException;
import org.initscope.config.LessonCheck;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.engine.Quantity;
import org.initscope.i18n.I18n;

/**
 * A guided lesson in progress: which lesson, which step. Going to a step loads its network into the
 * {@link NetworkSession} (only if it differs, so that what the class did with the same network stays), its
 * quantity, its histogram range and, for training, its training settings; the window follows
 * {@link #stepProperty()} for the mode, the view and the highlights. A lesson file a teacher opens is checked in
 * the background: every {@code expect} statement that does not hold is listed in {@link #problemsProperty()}.
 */
public final class LessonSession {
    private static final ExecutorService CHECKS =
            Executors.newSingleThreadExecutor(r -> {
                var t = new Thread(r, "initscope-lesson-check");
                t.setDaemon(true);
                return t;
            });
    private final NetworkSession network;
    private final TrainingSession training;
    private final Executor fx;
    private final ReadOnlyObjectWrapper<List<String>> problems = new ReadOnlyObjectWrapper<>(this,
            "problems", List.of());
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
    private final ReadOnlyObjectWrapper<Scenario> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(this, "index", -1);
    private final ReadOnlyObjectWrapper<Scenario.Step> step = new ReadOnlyObjectWrapper<>(this, "step");
    private final BooleanBinding hasNext;
    private final BooleanBinding hasPrevious;

    /** {@code training} is null where there is no Train tab (then steps keep their training settings unused). */
    public LessonSession(NetworkSession network, TrainingSession training, Executor fx) {
        this.network = network;
        this.training = training;
        this.fx = fx;
        hasNext = Bindings.createBooleanBinding(() -> lesson.get() != null
                && index.get() < lesson.get().steps().size() - 1, lesson, index);
        hasPrevious = Bindings.createBooleanBinding(() -> lesson.get() != null && index.get() > 0, lesson, index);
    }

    public ReadOnlyObjectProperty<Scenario> lessonProperty() {
        return lesson.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    /** The step on screen, or null when no lesson runs. */
    public ReadOnlyObjectProperty<Scenario.Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public BooleanBinding hasNextProperty() {
        return hasNext;
    }

    public BooleanBinding hasPreviousProperty() {
        return hasPrevious;
    }

    public boolean active() {
        return lesson.get() != null;
    }

    /**
     * The statements of the lesson that do not hold, one line each ("step 2 “…”: expected …; measured …"); empty
     * while the check runs, for a built-in lesson (their statements are checked by the tests) and when all hold.
     */
    public ReadOnlyObjectProperty<List<String>> problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** A lesson file's statements are being checked. */
    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    /** Start a lesson at its first step; a lesson file's statements are checked in the background. */
    public void start(Scenario s) {
        lesson.set(s);
        problems.set(List.of());
        checking.set(false);
        boolean builtIn = Scenarios.BUILT_IN.contains(s.source());
        if (!builtIn && s.steps().stream().anyMatch(st -> !st.expect().isEmpty())) {
            checking.set(true);
            CHECKS.submit(() -> {
                List<String> found;
                try {
                    found = LessonCheck.failures(LessonCheck.check(s));
                } catch (RuntimeException e) {
                    found = List.of(I18n.f("the statements could not be checked: %s", e.getMessage()));
                }
                var result = found;
                fx.execute(() -> {
                    if (lesson.get() == s) {
                        checking.set(false);
                        problems.set(result);
                        if (!result.isEmpty()) {
                            network.report(I18n.f("%d of this lesson's statements do not hold "
                                    + "for its networks: %s", result.size(), result.get(0)));
                        }
                    }
                });
            });
        }
        go(0);
    }

    /** Start a teacher's lesson file; a broken file says where and why, and the current lesson goes on. */
    public Optional<String> open(Path file) {
        try {
            start(Scenarios.read(file));
            return Optional.empty();
        } catch (ConfigException e) {
            String why = I18n.f("Could not open the lesson. %s", e.getMessage());
            network.report(why);
            return Optional.of(why);
        }
    }

    public void next() {
        go(index.get() + 1);
    }

    public void previous() {
        go(index.get() - 1);
    }

    /** Go to step i (0-based); out of range does nothing. */
    public void go(int i) {
        Scenario s = lesson.get();
        if (s == null || i < 0 || i >= s.steps().size()) {
            return;
        }
        Scenario.Step st = s.steps().get(i);
        if (!st.network().expanded().equals(network.spec())) {
            network.replace(st.network(), null);
        }
        network.sharedRangeProperty().set(st.sharedRange());
        if (training != null && st.mode().trains()) {
            training.apply(st.training());
        }
        if (!st.quantity().isEmpty()) {
            Quantity.byKey(st.quantity()).filter(q -> network.histogramQuantities().contains(q))
                    .ifPresent(network.quantityProperty()::set);
        }
        index.set(i);
        step.set(st);
    }

    /** End the lesson; the network stays as it is. */
    public void stop() {
        step.set(null);
        index.set(-1);
        lesson.set(null);
        problems.set(List.of());
        checking.set(false);
    }
}
