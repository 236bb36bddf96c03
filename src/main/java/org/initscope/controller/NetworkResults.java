package org.initscope.controller;

import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.RunOptions;
import org.initscope.i18n.I18n;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import org.initscope.model.ResolvedNetwork;

/**
 * The results of a {@link NetworkSession}'s network: asks its {@link ComputeService} for a run of the current network
 * (after every edit, and again when the histograms' range changes or the Jacobian is wanted) and holds what comes
 * back, on the FX thread: the result on screen, whether a newer one is being computed, why a run could not be done,
 * the Jacobian's singular values.
 */
final class NetworkResults implements ComputeService.Listener, AutoCloseable {
    private final ReadOnlyObjectWrapper<PropagationResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(this, "computing");
    private final ReadOnlyStringWrapper computeError = new ReadOnlyStringWrapper(this, "computeError", "");
    private final BooleanProperty sharedRange = new SimpleBooleanProperty(this, "sharedRange", false);
    private final BooleanProperty jacobianWanted = new SimpleBooleanProperty(this, "jacobianWanted", false);
    private final ReadOnlyObjectWrapper<double[]> jacobian = new ReadOnlyObjectWrapper<>(this, "jacobian");
    /** The current network, resolved (the session's). */
    private final Supplier<ResolvedNetwork> current;
    private final ComputeService compute;

    NetworkResults(Executor deliver, Supplier<ResolvedNetwork> current) {
        this.current = current;
        compute = new ComputeService(deliver, this);
        sharedRange.addListener((o, a, b) -> request(false));
        jacobianWanted.addListener((o, a, b) -> {
            if (b) {
                request(false);
            }
        });
    }

    ReadOnlyObjectProperty<PropagationResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty computingProperty() {
        return computing.getReadOnlyProperty();
    }

    ReadOnlyStringProperty computeErrorProperty() {
        return computeError.getReadOnlyProperty();
    }

    BooleanProperty sharedRangeProperty() {
        return sharedRange;
    }

    BooleanProperty jacobianWantedProperty() {
        return jacobianWanted;
    }

    ReadOnlyObjectProperty<double[]> jacobianProperty() {
        return jacobian.getReadOnlyProperty();
    }

    /** Whether the result on screen is {@code spec}'s and no newer edit is being computed. */
    boolean upToDate(NetworkSpec spec) {
        PropagationResult r = result.get();
        return r != null && !computing.get() && r.network().spec().equals(spec);
    }

    private RunOptions options() {
        return RunOptions.defaults().withRange(sharedRange.get() ? RunOptions.HistogramRange.SHARED
                : RunOptions.HistogramRange.PER_LAYER);
    }

    /** A run of the current network ({@code fresh}: drawn again, nothing reused). */
    void request(boolean fresh) {
        request(fresh, current.get());
    }

    void request(boolean fresh, ResolvedNetwork net) {
        computing.set(true);
        compute.submit(net, options(), fresh, jacobianWanted.get());
    }

    /** See {@link NetworkSession#warmUp}. */
    void warmUp(int repeats) {
        compute.warmUp(current.get(), options(), repeats);
    }

    /** Stop the run in progress; the charts keep the last result and say why it is not the current network's. */
    void cancel(String why) {
        if (!computing.get()) {
            return;
        }
        compute.cancel();
        computing.set(false);
        computeError.set(why);
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

    @Override
    public void close() {
        compute.close();
    }
}
