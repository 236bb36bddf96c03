package org.initscope.controller;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.initscope.config.ConfigException;
import org.initscope.config.ConfigReader;
import org.initscope.config.ConfigWriter;
import org.initscope.engine.Diagnosis;
import org.initscope.engine.InitEffect;
import org.initscope.engine.Lsuv;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.MemoryEstimate;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.RunOptions;
import org.initscope.export.AtomicFiles;
import org.initscope.i18n.I18n;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
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
public final class NetworkSession implements ComputeService.Listener, AutoCloseable {
    /** Why an edit is refused while editing is locked (the English key; refusals say it in the current language). */
    public static final String LOCKED = "editing is locked (View ▸ Lock editing)";

    private final ReadOnlyObjectWrapper<NetworkSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", 0);
    private final ObjectProperty<Quantity> quantity = new SimpleObjectProperty<>(this, "quantity",
            Quantity.ACTIVATIONS);
    private final BooleanProperty sharedRange = new SimpleBooleanProperty(this, "sharedRange", false);
    private final BooleanProperty locked = new SimpleBooleanProperty(this, "locked");
    private final ReadOnlyObjectWrapper<PropagationResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(this, "computing");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper computeError = new ReadOnlyStringWrapper(this, "computeError", "");
    private final BooleanProperty jacobianWanted = new SimpleBooleanProperty(this, "jacobianWanted", false);
    private final ReadOnlyObjectWrapper<double[]> jacobian = new ReadOnlyObjectWrapper<>(this, "jacobian");
    private final ComputeService compute;
    /** The mean-field table and phase map of this network: made when first asked for (FX thread). */
    private TheoryService theory;
    /** Undo/redo: the networks before (and after) each edit; a file, preset or lesson starts a new history. */
    private final UndoHistory history = new UndoHistory();
    private NetworkSpec savedSpec;

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
        savedSpec = spec.get();
        compute = new ComputeService(deliver, this);
        sharedRange.addListener((o, a, b) -> recompute(false));
        jacobianWanted.addListener((o, a, b) -> {
            if (b) {
                recompute(false);
            }
        });
        if (computeNow) {
            requestCompute(false);
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

    /** The selected layer, 0-based; clamped to the network. */
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

    public int selected() {
        return Math.max(0, Math.min(selected.get(), spec.get().layers().size() - 1));
    }

    public ObjectProperty<Quantity> quantityProperty() {
        return quantity;
    }

    public BooleanProperty sharedRangeProperty() {
        return sharedRange;
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
        PropagationResult r = result.get();
        return r == null ? List.of() : Diagnosis.of(r);
    }

    /**
     * What layer {@code index} (0-based)'s initializer did in the newest run, as the inspector says it; "" when the
     * run shown is not of this layer as it is now.
     */
    public String initEffect(int index) {
        PropagationResult r = result.get();
        if (r == null || index >= r.layers().size() || index >= resolved().depth()
                || !r.layers().get(index).layer().sameLayer(resolved().layers().get(index))) {
            return "";
        }
        return InitEffect.of(r, index + 1);
    }

    public ReadOnlyObjectProperty<PropagationResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public PropagationResult result() {
        return result.get();
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public boolean isDirty() {
        return dirty.get();
    }

    public ReadOnlyBooleanProperty computingProperty() {
        return computing.getReadOnlyProperty();
    }

    /** The last refused edit or failed file operation, for the message bar; empty when there is none. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Why the last computation could not run (e.g. too large for memory); empty otherwise. */
    public ReadOnlyStringProperty computeErrorProperty() {
        return computeError.getReadOnlyProperty();
    }

    /** Whether the views want the Jacobian's singular values with every result (its tab is shown). */
    public BooleanProperty jacobianWantedProperty() {
        return jacobianWanted;
    }

    /** The singular values of the input–output Jacobian at the first example (descending), or null. */
    public ReadOnlyObjectProperty<double[]> jacobianProperty() {
        return jacobian.getReadOnlyProperty();
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
            Optional<String> tooLarge = memoryProblem(resolved);
            if (tooLarge.isPresent()) {
                return tooLarge;
            }
            history.record(spec.get(), selected.get(), next);
            resolvedFrom = next;
            resolvedCache = resolved;
            spec.set(next);
            dirty.set(!next.equals(savedSpec));
            requestCompute(false, resolved);
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
        dirty.set(!step.spec().equals(savedSpec));
        problem.set("");
        requestCompute(false);
        return Optional.empty();
    }

    /** Apply an edit to one dense layer (0-based index); other layer types refuse it. */
    public Optional<String> editLayer(int index, UnaryOperator<DenseSpec> change) {
        return editSpec(index, l -> {
            if (!(l instanceof DenseSpec d)) {
                throw new IllegalArgumentException("layer " + (index + 1) + " is " + l.label() + ", not dense");
            }
            return change.apply(d);
        });
    }

    /** Apply an edit to one layer of any type (0-based index). */
    public Optional<String> editSpec(int index, UnaryOperator<LayerSpec> change) {
        return edit(s -> {
            var layers = new ArrayList<>(s.layers());
            layers.set(index, change.apply(layers.get(index)));
            return s.withLayers(layers);
        });
    }

    /** Apply an edit to one dense or conv layer (0-based index). */
    public Optional<String> editWeighted(int index, UnaryOperator<WeightedSpec> change) {
        return editSpec(index, l -> {
            if (!(l instanceof WeightedSpec w)) {
                throw new IllegalArgumentException("layer " + (index + 1) + " (" + l.label() + ") has no weight "
                        + "initializer");
            }
            return change.apply(w);
        });
    }

    /** Apply an edit to every dense and conv layer, e.g. "this initializer everywhere". */
    public Optional<String> editAllWeighted(UnaryOperator<WeightedSpec> change) {
        return edit(s -> s.withLayers(s.layers().stream().map(l -> l instanceof WeightedSpec w
                ? (LayerSpec) change.apply(w) : l).toList()));
    }

    /** The layer at {@code index} (0-based), of any type. */
    public LayerSpec layerSpec(int index) {
        return spec.get().layers().get(index);
    }

    public int depth() {
        return spec.get().layers().size();
    }

    /** Append a layer (of any type) at the end and select it. */
    public Optional<String> addLayer(LayerSpec layer) {
        Optional<String> r = edit(s -> {
            var layers = new ArrayList<>(s.layers());
            layers.add(layer);
            return s.withLayers(layers);
        });
        if (r.isEmpty()) {
            selected.set(depth() - 1);
        }
        return r;
    }

    /** A copy of the selected layer appended at the end. */
    public Optional<String> addLayer() {
        Optional<String> r = edit(s -> {
            var layers = new ArrayList<>(s.layers());
            layers.add(layers.get(layers.size() - 1));
            return s.withLayers(layers);
        });
        if (r.isEmpty()) {
            selected.set(depth() - 1);
        }
        return r;
    }

    /** A copy of the selected layer inserted before it. */
    public Optional<String> insertLayer() {
        int at = selected();
        Optional<String> r = edit(s -> {
            var layers = new ArrayList<>(s.layers());
            layers.add(at, layers.get(at));
            return s.withLayers(layers);
        });
        return r;
    }

    /** A copy of the selected layer right after it, selected. */
    public Optional<String> duplicateLayer() {
        int at = selected();
        Optional<String> r = edit(s -> {
            var layers = new ArrayList<>(s.layers());
            layers.add(at + 1, layers.get(at));
            return s.withLayers(layers);
        });
        if (r.isEmpty()) {
            selected.set(at + 1);
        }
        return r;
    }

    public Optional<String> removeLayer() {
        if (depth() == 1) {
            return Optional.of(I18n.t("a network needs at least one layer"));
        }
        int at = selected();
        Optional<String> r = edit(s -> {
            var layers = new ArrayList<>(s.layers());
            layers.remove(at);
            return s.withLayers(layers);
        });
        if (r.isEmpty()) {
            selected.set(Math.min(at, depth() - 1));
        }
        return r;
    }

    /** Move a layer from one position to another (drag and drop, up/down buttons); the moved layer stays selected. */
    public Optional<String> moveLayer(int from, int to) {
        if (from == to || from < 0 || to < 0 || from >= depth() || to >= depth()) {
            return Optional.empty();
        }
        Optional<String> r = edit(s -> {
            var layers = new ArrayList<>(s.layers());
            layers.add(to, layers.remove(from));
            return s.withLayers(layers);
        });
        if (r.isEmpty()) {
            selected.set(to);
        }
        return r;
    }

    /** Set the depth: repeat the last layer, or drop layers from the end. */
    public Optional<String> setDepth(int n) {
        if (n < 1 || n > Limits.MAX_DEPTH) {
            return Optional.of(I18n.f("depth must be between 1 and %d", Limits.MAX_DEPTH));
        }
        Optional<String> r = edit(s -> {
            var layers = new ArrayList<>(s.layers());
            while (layers.size() < n) {
                layers.add(layers.get(layers.size() - 1));
            }
            while (layers.size() > n) {
                layers.remove(layers.size() - 1);
            }
            return s.withLayers(layers);
        });
        if (r.isEmpty() && selected.get() >= n) {
            selected.set(n - 1);
        }
        return r;
    }

    /**
     * LSUV (Mishkin &amp; Matas 2016) on the current network, off the FX thread: every weighted layer orthogonal, then
     * rescaled layer after layer until Var[z_l] is within 0.1 of 1 on the input batch; applied as one undoable edit
     * (each layer orthogonal with its scale) when the network has not changed meanwhile. Says what it reached.
     */
    public void applyLsuv() {
        NetworkSpec start = spec();
        Thread t = new Thread(() -> {
            Lsuv.Result r;
            try {
                r = Lsuv.apply(start);
            } catch (RuntimeException e) {
                deliver.execute(() -> report(I18n.f("LSUV did not run: %s", e.getMessage())));
                return;
            }
            var vars = Lsuv.weightedVariances(r);
            String range = vars.isEmpty() ? "" : Fmt.sig(vars.stream().mapToDouble(d -> d).min()
                    .orElse(Double.NaN), 3) + " … " + Fmt.sig(vars.stream().mapToDouble(d -> d)
                    .max().orElse(Double.NaN), 3);
            deliver.execute(() -> {
                if (!spec().equals(start)) {
                    report(I18n.t("LSUV was not applied: the network changed while it ran"));
                    return;
                }
                edit(s -> r.network()).ifPresentOrElse(why -> report(I18n.f("LSUV was not applied: %s", why)), () ->
                        report(r.converged() ? I18n.f("LSUV (Mishkin & Matas 2016): every layer orthogonal and "
                                + "rescaled; Var[z] per layer %s (within 0.1 of 1)", range)
                                : I18n.f("LSUV did not reach |Var[z] − 1| < 0.1 at every layer in 10 passes: Var[z] "
                                + "per layer %s", range)));
            });
        }, "initscope-lsuv");
        t.setDaemon(true);
        t.start();
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
        requestCompute(true);
    }

    public void recompute(boolean fresh) {
        requestCompute(fresh);
    }

    /** Why the charts are not of the current network after {@link #cancelCompute}. */
    public static final String STOPPED = "Stopped: the charts show the network before the last change. Same seed "
            + "again (Ctrl+Shift+R) computes this one.";

    /**
     * Stop the computation in progress (the status bar's Stop, Esc): the charts keep the last result and say that
     * it is not the current network's. Nothing is lost; any edit or "Same seed again" computes again.
     */
    public void cancelCompute() {
        if (!computing.get()) {
            return;
        }
        compute.cancel();
        computing.set(false);
        computeError.set(I18n.t(STOPPED));
    }

    // ---- files ----

    /** Replace the network by another one (a preset, "new"): not dirty, no file. */
    public void replace(NetworkSpec next, Path from) {
        spec.set(next.expanded());
        savedSpec = spec.get();
        history.clear();
        file.set(from);
        dirty.set(false);
        selected.set(0);
        problem.set("");
        requestCompute(false);
    }

    /**
     * Bring back a network an earlier run left unsaved (autosave): as unsaved changes to its original file. A
     * network too large to compute here is refused with the reason, like a file.
     */
    public Optional<String> restore(NetworkSpec recovered, Path origin) {
        Optional<String> tooLarge = memoryProblem(recovered.resolve());
        if (tooLarge.isPresent()) {
            problem.set(I18n.f("Could not restore the autosaved network: %s", tooLarge.get()));
            return tooLarge;
        }
        replace(recovered, origin);
        savedSpec = null;
        dirty.set(true);
        return Optional.empty();
    }

    /** Say what went wrong (a lesson file that cannot be read, …) in the message bar. */
    public void report(String message) {
        problem.set(Printable.of(message));
    }

    /** Open a config file; a bad file leaves the current network as it was and says why. */
    public Optional<String> open(Path path) {
        try {
            NetworkSpec next = ConfigReader.read(path);
            Optional<String> tooLarge = memoryProblem(next.resolve());
            if (tooLarge.isPresent()) {
                String why = Printable.of(path.toString()) + ": " + tooLarge.get();
                problem.set(I18n.f("Could not open the file. %s", why));
                return Optional.of(why);
            }
            replace(next, path);
            AppSettings.get().addRecent(path);
            return Optional.empty();
        } catch (ConfigException e) {
            String why = Printable.of(e.getMessage());
            problem.set(I18n.f("Could not open the file. %s", why));
            return Optional.of(why);
        }
    }

    /**
     * A network that cannot fit in memory is refused up front, with the estimate, before it replaces the current
     * one (the engine would refuse it too, but only after the window had switched to it).
     */
    private static Optional<String> memoryProblem(ResolvedNetwork next) {
        try {
            MemoryEstimate.check(next);
            return Optional.empty();
        } catch (ResourceLimitException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Save as a config file (atomically); a failure says why and keeps the unsaved state. */
    public Optional<String> save(Path path) {
        try {
            ConfigWriter.write(spec.get(), path);
            file.set(path);
            savedSpec = spec.get();
            dirty.set(false);
            AppSettings.get().addRecent(path);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String why = I18n.f("Could not save %s: %s. Your network is unchanged and still unsaved.",
                    Printable.of(path.toString()), Printable.of(AtomicFiles.describe(e)));
            problem.set(why);
            return Optional.of(why);
        }
    }

    // ---- computation ----

    /**
     * Warm the engine up after the window's first frame: the current network computed {@code repeats} more times in
     * the background, nothing delivered, stopped by the first edit (ComputeService.warmUp).
     */
    public void warmUp(int repeats) {
        compute.warmUp(resolved(), RunOptions.defaults().withRange(sharedRange.get()
                ? RunOptions.HistogramRange.SHARED : RunOptions.HistogramRange.PER_LAYER), repeats);
    }

    private void requestCompute(boolean fresh) {
        requestCompute(fresh, resolved());
    }

    private void requestCompute(boolean fresh, ResolvedNetwork net) {
        RunOptions options = RunOptions.defaults().withRange(sharedRange.get() ? RunOptions.HistogramRange.SHARED
                : RunOptions.HistogramRange.PER_LAYER);
        computing.set(true);
        compute.submit(net, options, fresh, jacobianWanted.get());
    }

    @Override
    public void started(long generation) {
        computing.set(true);
    }

    @Override
    public void finished(long generation, PropagationResult r, double[] singularValues) {
        // a step of a gesture finished while a newer one waits: shown, and still computing
        computing.set(generation < compute.newest());
        computeError.set("");
        result.set(r);
        if (singularValues != null) {
            jacobian.set(singularValues);
        }
    }

    @Override
    public void failed(long generation, Throwable error) {
        computing.set(generation < compute.newest());
        if (error instanceof ResourceLimitException) {
            computeError.set(error.getMessage());
        } else if (error instanceof OutOfMemoryError) {
            computeError.set(I18n.t("The computation ran out of memory: reduce the batch, the layer widths or the "
                    + "depth (or give Java more memory with -Xmx). The network is kept; nothing is lost."));
        } else {
            computeError.set(I18n.f("The computation failed: %s", Printable.of(String.valueOf(error.getMessage()))));
        }
    }

    /** Whether the result on screen is the one of the current network (no newer edit is being computed). */
    public boolean upToDate() {
        PropagationResult r = result.get();
        return r != null && !computing.get() && r.network().spec().equals(spec.get());
    }

    public List<Quantity> histogramQuantities() {
        return List.of(Quantity.WEIGHTS, Quantity.PRE_ACTIVATIONS, Quantity.ACTIVATIONS,
                Quantity.ACTIVATION_GRADIENTS, Quantity.PRE_ACTIVATION_GRADIENTS, Quantity.WEIGHT_GRADIENTS);
    }

    @Override
    public void close() {
        compute.close();
        if (theory != null) {
            theory.close();
        }
    }
}
