package org.initscope.controller;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.initscope.engine.Diagnosis;
import org.initscope.engine.InitEffect;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.i18n.I18n;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.WeightedSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.Limits;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.SpecException;

/**
 * The state of the window and every edit the user can make, as a presentation model: the views bind to its
 * properties and call its methods; it never knows a view. Every edit builds a new immutable {@link NetworkSpec},
 * which is applied only if it resolves (otherwise the edit is refused with the reason and nothing changes), and
 * asks the {@link ComputeService} for a fresh result. The network is edited in expanded form: one entry per layer.
 */
public final class NetworkSession implements AutoCloseable {
    /** Why an edit is refused while editing is locked (the English key; refusals say it in the current language). */
    public static final String LOCKED = "editing is locked (View ▸ Lock editing)";

    private final ReadOnlyObjectWrapper<NetworkSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", 0);
    private final ObjectProperty<Quantity> quantity = new SimpleObjectProperty<>(this, "quantity",
            Quantity.ACTIVATIONS);
    private final BooleanProperty locked = new SimpleBooleanProperty(this, "locked");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    /** The runs of the current network and what they gave. */
    private final NetworkResults results;
    /** Layer ▸ LSUV's worker: made when first asked for (FX thread). */
    private LsuvRuns lsuv;
    /** The mean-field table and phase map of this network: made when first asked for (FX thread). */
    private TheoryService theory;
    /** Undo/redo: the networks before (and after) each edit; a file, preset or lesson starts a new history. */
    private final UndoHistory history = new UndoHistory();
    /** The file it came from and whether it changed since. */
    private final NetworkFile saved;

    /** Where results are handed back (the FX thread in the app). */
    private final Executor deliver;

    /** A session computing on its own background thread; results arrive through {@code deliver}. */
    public NetworkSession(NetworkSpec initial, Executor deliver) {
        this(initial, deliver, true);
    }

    /** A session that computes its first result only when asked (by an edit, replace or recompute) if not now. */
    public NetworkSession(NetworkSpec initial, Executor deliver, boolean computeNow) {
        this.deliver = deliver;
        spec.set(initial.expanded());
        saved = new NetworkFile(spec.get());
        results = new NetworkResults(deliver, this::resolved);
        if (computeNow) {
            results.request(false);
        }
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<NetworkSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    public NetworkSpec spec() {
        return spec.get();
    }

    /** The spec the cache below was resolved from, and that resolution (FX thread). */
    private NetworkSpec resolvedFrom;
    private ResolvedNetwork resolvedCache;

    /**
     * The current network resolved (fans, gains, schemes' moments): resolved once per spec, not by every view that
     * refreshes. The current spec always resolves: an edit that does not is refused.
     */
    public ResolvedNetwork resolved() {
        NetworkSpec current = spec.get();
        if (current != resolvedFrom) {
            resolvedCache = current.resolve();
            resolvedFrom = current;
        }
        return resolvedCache;
    }

    /**
     * Editing locked (presentation): every edit is refused with {@link #LOCKED}; loading a network (a lesson step,
     * a preset, a file) still works.
     */
    public BooleanProperty lockedProperty() {
        return locked;
    }

    public IntegerProperty selectedProperty() {
        return selected;
    }

    /** The selected layer, 0-based; clamped to the network. */
    public int selected() {
        return Math.max(0, Math.min(selected.get(), spec.get().layers().size() - 1));
    }

    public ObjectProperty<Quantity> quantityProperty() {
        return quantity;
    }

    public BooleanProperty sharedRangeProperty() {
        return results.sharedRangeProperty();
    }

    /** The theory of this network's results: the mean-field table and the phase map, on their own workers. */
    public TheoryService theory() {
        if (theory == null) {
            theory = new TheoryService(deliver);
        }
        return theory;
    }

    /** The engine's diagnosis of the result on screen, in the current language; empty while there is none. */
    public List<String> diagnosis() {
        PropagationResult r = result();
        return r == null ? List.of() : Diagnosis.of(r);
    }

    /**
     * What layer {@code index} (0-based)'s initializer did in the newest run, as the inspector says it; "" when the
     * run shown is not of this layer as it is now.
     */
    public String initEffect(int index) {
        PropagationResult r = result();
        if (r == null || index >= r.layers().size() || index >= resolved().depth()
                || !r.layers().get(index).layer().sameLayer(resolved().layers().get(index))) {
            return "";
        }
        return InitEffect.of(r, index + 1);
    }

    public ReadOnlyObjectProperty<PropagationResult> resultProperty() {
        return results.resultProperty();
    }

    public PropagationResult result() {
        return results.resultProperty().get();
    }

    /** Show a result computed elsewhere as this network's (the render command's dashboard). */
    public void show(PropagationResult r) {
        results.finished(0, r, null);
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return saved.fileProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return saved.dirtyProperty();
    }

    public boolean isDirty() {
        return saved.dirtyProperty().get();
    }

    public ReadOnlyBooleanProperty computingProperty() {
        return results.computingProperty();
    }

    /** The last refused edit or failed file operation, for the message bar; empty when there is none. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Why the last computation could not run (e.g. too large for memory); empty otherwise. */
    public ReadOnlyStringProperty computeErrorProperty() {
        return results.computeErrorProperty();
    }

    /** Whether the views want the Jacobian's singular values with every result (its tab is shown). */
    public BooleanProperty jacobianWantedProperty() {
        return results.jacobianWantedProperty();
    }

    /** The singular values of the input–output Jacobian at the first example (descending), or null. */
    public ReadOnlyObjectProperty<double[]> jacobianProperty() {
        return results.jacobianProperty();
    }

    public void clearProblem() {
        problem.set("");
    }

    // ---- edits ----

    /**
     * Apply an edit to the whole network. Returns the reason it was refused, if it was; then nothing changes.
     */
    public Optional<String> edit(UnaryOperator<NetworkSpec> change) {
        if (locked.get()) {
            return Optional.of(I18n.t(LOCKED));
        }
        NetworkSpec next;
        ResolvedNetwork resolved;
        try {
            next = change.apply(spec.get());
            resolved = next.resolve();
        } catch (SpecException | IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (!next.equals(spec.get())) {
            Optional<String> tooLarge = NetworkFile.tooLarge(resolved);
            if (tooLarge.isPresent()) {
                return tooLarge;
            }
            history.record(spec.get(), selected.get(), next);
            resolvedFrom = next;
            resolvedCache = resolved;
            spec.set(next);
            saved.changed(next);
            results.request(false, resolved);
        }
        return Optional.empty();
    }

    /** The undo history (the Edit menu's labels, and the gestures the views report). */
    public UndoHistory history() {
        return history;
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return history.canUndoProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return history.canRedoProperty();
    }

    /** Take back the last edit (Ctrl+Z); refused while locked, nothing to do at the start of the history. */
    public Optional<String> undo() {
        return travel(true);
    }

    /** Do again what undo took back (Ctrl+Shift+Z). */
    public Optional<String> redo() {
        return travel(false);
    }

    private Optional<String> travel(boolean back) {
        if (locked.get()) {
            return Optional.of(I18n.t(LOCKED));
        }
        Optional<UndoHistory.Step> to = back ? history.undo(spec.get(), selected.get())
                : history.redo(spec.get(), selected.get());
        if (to.isEmpty()) {
            return Optional.of(I18n.t(back ? "nothing to undo" : "nothing to redo"));
        }
        UndoHistory.Step step = to.get();
        spec.set(step.spec());
        selected.set(Math.min(step.selected(), step.spec().layers().size() - 1));
        saved.changed(step.spec());
        problem.set("");
        results.request(false);
        return Optional.empty();
    }

    /** Apply an edit to one dense layer (0-based index); other layer types refuse it. */
    public Optional<String> editLayer(int index, UnaryOperator<DenseSpec> change) {
        return edit(LayerEdits.dense(index, change));
    }

    /** Apply an edit to one layer of any type (0-based index). */
    public Optional<String> editSpec(int index, UnaryOperator<LayerSpec> change) {
        return edit(LayerEdits.layer(index, change));
    }

    /** Apply an edit to one dense or conv layer (0-based index). */
    public Optional<String> editWeighted(int index, UnaryOperator<WeightedSpec> change) {
        return edit(LayerEdits.weighted(index, change));
    }

    /** Apply an edit to every dense and conv layer, e.g. "this initializer everywhere". */
    public Optional<String> editAllWeighted(UnaryOperator<WeightedSpec> change) {
        return edit(LayerEdits.allWeighted(change));
    }

    /** The layer at {@code index} (0-based), of any type. */
    public LayerSpec layerSpec(int index) {
        return spec.get().layers().get(index);
    }

    public int depth() {
        return spec.get().layers().size();
    }

    /** An edit that, applied, selects layer {@code then} (given the depth after it). */
    private Optional<String> editAndSelect(UnaryOperator<NetworkSpec> change, IntUnaryOperator then) {
        Optional<String> r = edit(change);
        if (r.isEmpty()) {
            selected.set(then.applyAsInt(depth()));
        }
        return r;
    }

    /** Append a layer (of any type) at the end and select it. */
    public Optional<String> addLayer(LayerSpec layer) {
        return editAndSelect(LayerEdits.append(layer), d -> d - 1);
    }

    /** A copy of the last layer appended at the end, selected. */
    public Optional<String> addLayer() {
        return editAndSelect(LayerEdits.appendCopyOfLast(), d -> d - 1);
    }

    /** A copy of the selected layer inserted before it. */
    public Optional<String> insertLayer() {
        int at = selected();
        return edit(LayerEdits.copy(at, at));
    }

    /** A copy of the selected layer right after it, selected. */
    public Optional<String> duplicateLayer() {
        int at = selected();
        return editAndSelect(LayerEdits.copy(at, at + 1), d -> at + 1);
    }

    public Optional<String> removeLayer() {
        if (depth() == 1) {
            return Optional.of(I18n.t("a network needs at least one layer"));
        }
        int at = selected();
        return editAndSelect(LayerEdits.remove(at), d -> Math.min(at, d - 1));
    }

    /** Move a layer from one position to another (drag and drop, up/down buttons); the moved layer stays selected. */
    public Optional<String> moveLayer(int from, int to) {
        if (from == to || from < 0 || to < 0 || from >= depth() || to >= depth()) {
            return Optional.empty();
        }
        return editAndSelect(LayerEdits.move(from, to), d -> to);
    }

    /** Set the depth: repeat the last layer, or drop layers from the end. */
    public Optional<String> setDepth(int n) {
        if (n < 1 || n > Limits.MAX_DEPTH) {
            return Optional.of(I18n.f("depth must be between 1 and %d", Limits.MAX_DEPTH));
        }
        return editAndSelect(LayerEdits.depth(n), d -> Math.min(selected.get(), n - 1));
    }

    /**
     * LSUV (Mishkin &amp; Matas 2016) on the current network, off the FX thread ({@link LsuvRuns}): applied as one
     * undoable edit when the network has not changed meanwhile, and says what it reached.
     */
    public void applyLsuv() {
        if (lsuv == null) {
            lsuv = new LsuvRuns(deliver);
        }
        lsuv.run(this);
    }

    /** The selected layer's weight initializer (and scale) on every layer. */
    public Optional<String> applyInitToAll() {
        if (!(layerSpec(selected()) instanceof WeightedSpec source)) {
            return Optional.of(I18n.t("the selected layer has no weight initializer"));
        }
        return editAllWeighted(l -> l.withInit(source.init()).withScale(source.scale()));
    }

    public Optional<String> applyActivationToAll() {
        if (!(layerSpec(selected()) instanceof WeightedSpec source)) {
            return Optional.of(I18n.t("the selected layer has no activation setting"));
        }
        ActivationSpec a = source.activation();
        return editAllWeighted(l -> l.withActivation(a));
    }

    public Optional<String> applyBiasToAll() {
        if (!(layerSpec(selected()) instanceof WeightedSpec source)) {
            return Optional.of(I18n.t("the selected layer has no bias initializer"));
        }
        InitSpec b = source.bias();
        return editAllWeighted(l -> l.withBias(b));
    }

    /** A new random seed: every draw changes. */
    public long newSeed() {
        long s = ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        edit(n -> n.withSeed(s));
        return s;
    }

    /** Draw everything again with the same seed: the same numbers come back (nothing is cached). */
    public void sameSeedAgain() {
        results.request(true);
    }

    public void recompute(boolean fresh) {
        results.request(fresh);
    }

    /** Why the charts are not of the current network after {@link #cancelCompute}. */
    public static final String STOPPED = "Stopped: the charts show the network before the last change. Same seed "
            + "again (Ctrl+Shift+R) computes this one.";

    /**
     * Stop the computation in progress (the status bar's Stop, Esc): the charts keep the last result and say that
     * it is not the current network's. Nothing is lost; any edit or "Same seed again" computes again.
     */
    public void cancelCompute() {
        results.cancel(I18n.t(STOPPED));
    }

    // ---- files ----

    /** Replace the network by another one (a preset, "new"): not dirty, no file. */
    public void replace(NetworkSpec next, Path from) {
        spec.set(next.expanded());
        saved.reset(spec.get(), from);
        history.clear();
        selected.set(0);
        problem.set("");
        results.request(false);
    }

    /**
     * Bring back a network an earlier run left unsaved (autosave): as unsaved changes to its original file. A
     * network too large to compute here is refused with the reason, like a file.
     */
    public Optional<String> restore(NetworkSpec recovered, Path origin) {
        Optional<String> tooLarge = NetworkFile.tooLarge(recovered.resolve());
        if (tooLarge.isPresent()) {
            problem.set(I18n.f("Could not restore the autosaved network: %s", tooLarge.get()));
            return tooLarge;
        }
        replace(recovered, origin);
        saved.unsaved();
        return Optional.empty();
    }

    /** Say what went wrong (a lesson file that cannot be read, …) in the message bar. */
    public void report(String message) {
        problem.set(Printable.of(message));
    }

    /** Open a config file; a bad file leaves the current network as it was and says why. */
    public Optional<String> open(Path path) {
        Optional<String> why = saved.open(path, this::replace);
        why.ifPresent(w -> problem.set(I18n.f("Could not open the file. %s", w)));
        return why;
    }

    /** Save as a config file (atomically); a failure says why and keeps the unsaved state. */
    public Optional<String> save(Path path) {
        Optional<String> why = saved.save(spec.get(), path);
        why.ifPresent(problem::set);
        return why;
    }

    // ---- computation ----

    /**
     * Warm the engine up after the window's first frame: the current network computed {@code repeats} more times in
     * the background, nothing delivered, stopped by the first edit (ComputeService.warmUp).
     */
    public void warmUp(int repeats) {
        results.warmUp(repeats);
    }

    /** Whether the result on screen is the one of the current network (no newer edit is being computed). */
    public boolean upToDate() {
        return results.upToDate(spec.get());
    }

    public List<Quantity> histogramQuantities() {
        return List.of(Quantity.WEIGHTS, Quantity.PRE_ACTIVATIONS, Quantity.ACTIVATIONS,
                Quantity.ACTIVATION_GRADIENTS, Quantity.PRE_ACTIVATION_GRADIENTS, Quantity.WEIGHT_GRADIENTS);
    }

    @Override
    public void close() {
        results.close();
        if (lsuv != null) {
            lsuv.close();
        }
        if (theory != null) {
            theory.close();
        }
    }
}
