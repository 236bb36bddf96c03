package org.initscope.view.inspector;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.value.ObservableBooleanValue;
import org.controlsfx.validation.ValidationSupport;
import org.initscope.controller.NetworkSession;
import org.initscope.model.LayerSpec;
import org.initscope.model.ResolvedLayer;

/**
 * What every part of the inspector shares: the session, the validation of the number fields, the line that says an
 * edit was refused, and the flag that tells a user's change of a control from the inspector filling it.
 */
final class InspectorContext {
    final NetworkSession session;
    final ValidationSupport validation = new ValidationSupport();
    private final Consumer<Optional<String>> report;
    private final Runnable refresh;
    /** True while the inspector fills its controls from the network: their listeners then edit nothing. */
    boolean updating;

    InspectorContext(NetworkSession session, Consumer<Optional<String>> report, Runnable refresh) {
        this.session = session;
        this.report = report;
        this.refresh = refresh;
        validation.setErrorDecorationEnabled(true);
    }

    /** The selected layer as specified. */
    LayerSpec layer() {
        return session.layerSpec(session.selected());
    }

    /** The selected layer as resolved (fans, initializers with their numbers). */
    ResolvedLayer resolved() {
        return session.resolved().layers().get(session.selected());
    }

    /** Edit the selected layer (refused with a reason, as every edit). */
    Optional<String> edit(UnaryOperator<LayerSpec> change) {
        return session.editSpec(session.selected(), change);
    }

    /** Show an edit's outcome: a refusal under the title, nothing when it was applied. */
    void report(Optional<String> outcome) {
        report.accept(outcome);
    }

    /** The outcome of an edit made with a combo, check box or slider: a refused one is shown and the controls go back. */
    void apply(Optional<String> outcome) {
        report(outcome);
        if (outcome.isPresent()) {
            refresh.run();
        }
    }

    /** Show the selected layer again (a choice that changes what the inspector shows, not the network). */
    void refresh() {
        refresh.run();
    }

    /** True while the network is locked for a presentation: nothing edits. */
    ObservableBooleanValue locked() {
        return session.lockedProperty();
    }
}
