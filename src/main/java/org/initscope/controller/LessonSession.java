package org.initscope.controller;

import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.initscope.config.ConfigException;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.engine.Quantity;

/**
 * A guided lesson in progress: which lesson, which step. Going to a step loads its network into the
 * {@link NetworkSession} (only if it differs, so that what the class did with the same network stays) and its
 * quantity; the window follows {@link #stepProperty()} for the mode, the view and the highlights.
 */
public final class LessonSession {
    private final NetworkSession network;
    private final ReadOnlyObjectWrapper<Scenario> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(this, "index", -1);
    private final ReadOnlyObjectWrapper<Scenario.Step> step = new ReadOnlyObjectWrapper<>(this, "step");
    private final BooleanBinding hasNext;
    private final BooleanBinding hasPrevious;

    public LessonSession(NetworkSession network) {
        this.network = network;
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

    /** Start a lesson at its first step. */
    public void start(Scenario s) {
        lesson.set(s);
        go(0);
    }

    /** Start a teacher's lesson file; a broken file says where and why, and the current lesson goes on. */
    public Optional<String> open(Path file) {
        try {
            start(Scenarios.read(file));
            return Optional.empty();
        } catch (ConfigException e) {
            String why = "Could not open the lesson. " + e.getMessage();
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
    }
}
