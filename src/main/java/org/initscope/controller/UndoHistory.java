package org.initscope.controller;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.initscope.i18n.I18n;
import org.initscope.model.NetworkSpec;

/**
 * Undo and redo of a {@link NetworkSession}'s edits. Each step keeps the network before the edit, the selected
 * layer and what the edit did in words ({@link EditLabels}: "change std of layer 3"), which the Edit menu shows
 * ("Undo change std of layer 3"). Edits made during one gesture — a slider dragged ({@code valueChanging}), a
 * spinner's arrow held down — are one step: the view calls {@link #beginGesture()} when the gesture starts and
 * {@link #endGesture()} when it ends; every other edit is a step of its own, however quickly it follows the last.
 * FX thread only.
 */
public final class UndoHistory {
    /** Undo steps kept. */
    public static final int LIMIT = 500;

    /** A network to go back (or forward) to, and what the edit between them did. */
    public record Step(NetworkSpec spec, int selected, EditLabels.Label label) {
    }

    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<Step> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final ReadOnlyObjectWrapper<EditLabels.Label> undoLabel = new ReadOnlyObjectWrapper<>(this, "undoLabel");
    private final ReadOnlyObjectWrapper<EditLabels.Label> redoLabel = new ReadOnlyObjectWrapper<>(this, "redoLabel");
    /** Gestures in progress (nested calls count). */
    private int gestures;
    /** Whether the gesture in progress already has its step. */
    private boolean gestureRecorded;

    /** A gesture starts: its edits become one step. */
    public void beginGesture() {
        if (gestures++ == 0) {
            gestureRecorded = false;
        }
    }

    /** The gesture ends: the next edit is a new step. */
    public void endGesture() {
        if (gestures > 0) {
            gestures--;
        }
    }

    /** Whether a gesture is in progress. */
    public boolean inGesture() {
        return gestures > 0;
    }

    /** An edit changes {@code before} (with {@code selected} the selected layer) into {@code after}. */
    void record(NetworkSpec before, int selected, NetworkSpec after) {
        redo.clear();
        if (!(gestures > 0 && gestureRecorded && !undo.isEmpty())) {
            undo.push(new Step(before, selected, EditLabels.describe(before, after)));
            while (undo.size() > LIMIT) {
                undo.removeLast();
            }
            gestureRecorded = gestures > 0;
        }
        update();
    }

    /** The step to go back to from {@code current}; it is remembered for redo. Empty at the start of history. */
    Optional<Step> undo(NetworkSpec current, int selected) {
        return travel(undo, redo, current, selected);
    }

    /** The step undo took back, to go forward to. */
    Optional<Step> redo(NetworkSpec current, int selected) {
        return travel(redo, undo, current, selected);
    }

    private Optional<Step> travel(Deque<Step> from, Deque<Step> to, NetworkSpec current, int selected) {
        if (from.isEmpty()) {
            return Optional.empty();
        }
        Step back = from.pop();
        to.push(new Step(current, selected, back.label()));
        gestureRecorded = false;
        update();
        return Optional.of(back);
    }

    /** A new history (a file, a preset, a lesson step). */
    void clear() {
        undo.clear();
        redo.clear();
        gestureRecorded = false;
        update();
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoLabel.set(undo.isEmpty() ? null : undo.peek().label());
        redoLabel.set(redo.isEmpty() ? null : redo.peek().label());
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** The Edit menu's text for undo, in the current language: "Undo change std of layer 3", or "Undo". */
    public String undoText() {
        return undo.isEmpty() ? I18n.t("Undo") : I18n.f("Undo %s", undo.peek().label().text());
    }

    /** The Edit menu's text for redo: "Redo change std of layer 3", or "Redo". */
    public String redoText() {
        return redo.isEmpty() ? I18n.t("Redo") : I18n.f("Redo %s", redo.peek().label().text());
    }

    /** Changes whenever the steps change (the menu follows it). */
    public ReadOnlyObjectProperty<EditLabels.Label> undoLabelProperty() {
        return undoLabel.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EditLabels.Label> redoLabelProperty() {
        return redoLabel.getReadOnlyProperty();
    }
}
