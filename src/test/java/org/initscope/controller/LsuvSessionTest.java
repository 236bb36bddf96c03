package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.initscope.engine.Lsuv;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.initscope.model.WeightedSpec;
import org.junit.jupiter.api.Test;

/** Layer ▸ LSUV: computed off the caller's thread, applied as one undoable edit, reported with its variances. */
class LsuvSessionTest {

    @Test
    void lsuvBecomesOneUndoableEditWithItsVariancesReported() throws Exception {
        var tanh = new DenseSpec(64, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.NORMAL, "std", 1.0),
                DenseSpec.DEFAULT_BIAS, 6);
        var start = new NetworkSpec("tanh", 2, new InputSpec(32, 128, InputDistribution.NORMAL), List.of(tanh));
        var queue = new LinkedBlockingQueue<Runnable>();
        try (var session = new NetworkSession(start, queue::add, false)) {
            session.applyLsuv();
            // what the worker hands to the FX thread (its start, then its outcome), run as the FX thread would
            while (session.problemProperty().get().isEmpty()) {
                Runnable delivered = queue.poll(120, TimeUnit.SECONDS);
                assertTrue(delivered != null, "LSUV delivered its result");
                delivered.run();
            }
            // exactly what the engine's LSUV gives for this network
            assertEquals(Lsuv.apply(start).network().expanded(), session.spec());
            for (var l : session.spec().expandedLayers()) {
                assertEquals(Scheme.ORTHOGONAL, ((WeightedSpec) l).init().scheme());
            }
            String said = session.problemProperty().get();
            assertTrue(said.startsWith("LSUV (Mishkin & Matas 2016): every layer orthogonal and rescaled; Var[z] per "
                    + "layer "), said);
            session.undo();
            assertEquals(start.expanded(), session.spec());
        }
    }
}
