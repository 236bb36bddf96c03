package org.initscope.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reproduced papers pass their checks at their seeds. The experiments at initialization run in the default
 * suite; those that train (He, Saxe, the trainable-depth map, the coordinate check up to width 4096) run in the soak
 * profile ({@code mvn -Psoak verify}), and in the default suite through their fast parts (CoordinateCheckTest,
 * SweepChiCrossingTest).
 */
class ReproductionsTest {

    static Reproductions.Outcome run(String id) throws Exception {
        var o = Reproductions.byId(id).orElseThrow().run(Reproductions.simple(() -> false));
        System.out.print(Reproductions.report(o));
        return o;
    }

    @Test
    void glorotAndBengio() throws Exception {
        var o = run("glorot2010");
        assertEquals(4, o.checks().size());
        assertTrue(o.passed(), Reproductions.report(o));
    }

    @Test
    void penningtonSchoenholzAndGanguli() throws Exception {
        var o = run("pennington2017");
        assertTrue(o.passed(), Reproductions.report(o));
    }

    @Test
    @Tag("soak")
    void everyExperimentPasses() throws Exception {
        for (String id : Reproductions.ids()) {
            var o = run(id);
            assertTrue(o.passed(), Reproductions.report(o));
        }
    }
}
