package org.initscope.controller;

import java.util.concurrent.Executor;
import org.initscope.engine.Lsuv;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;
import org.initscope.model.NetworkSpec;

/**
 * Layer ▸ LSUV (Mishkin &amp; Matas 2016) for a {@link NetworkSession}, on a latest-wins worker ({@link Latest}):
 * every weighted layer orthogonal, then rescaled layer after layer until Var[z_l] is within 0.1 of 1 on the input
 * batch. The outcome is applied as one undoable edit (each layer orthogonal with its scale) when the network has not
 * changed meanwhile, and the message bar says what it reached. Asking again while it runs stops the older run.
 */
final class LsuvRuns implements AutoCloseable {
    private final Latest<NetworkSpec, Lsuv.Result> worker;

    LsuvRuns(Executor deliver) {
        worker = new Latest<>("initscope-lsuv", deliver, (start, cancelled) -> Lsuv.apply(start,
                Lsuv.DEFAULT_TOLERANCE, Lsuv.DEFAULT_ITERATIONS, cancelled));
    }

    /** LSUV on {@code session}'s current network (FX thread); the outcome comes back on the session's executor. */
    void run(NetworkSession session) {
        NetworkSpec start = session.spec();
        worker.submit(start, new Latest.Callback<>() {
            @Override
            public void done(Lsuv.Result r) {
                if (!session.spec().equals(start)) {
                    session.report(I18n.t("LSUV was not applied: the network changed while it ran"));
                    return;
                }
                var vars = Lsuv.weightedVariances(r);
                String range = vars.isEmpty() ? "" : Fmt.sig(vars.stream().mapToDouble(d -> d).min()
                        .orElse(Double.NaN), 3) + " … " + Fmt.sig(vars.stream().mapToDouble(d -> d)
                        .max().orElse(Double.NaN), 3);
                session.edit(s -> r.network()).ifPresentOrElse(why -> session.report(I18n.f(
                        "LSUV was not applied: %s", why)), () -> session.report(r.converged()
                        ? I18n.f("LSUV (Mishkin & Matas 2016): every layer orthogonal and rescaled; Var[z] per layer "
                                + "%s (within 0.1 of 1)", range)
                        : I18n.f("LSUV did not reach |Var[z] − 1| < 0.1 at every layer in 10 passes: Var[z] per "
                                + "layer %s", range)));
            }

            @Override
            public void failed(Throwable e) {
                session.report(I18n.f("LSUV did not run: %s", e.getMessage()));
            }
        });
    }

    @Override
    public void close() {
        worker.close();
    }
}
