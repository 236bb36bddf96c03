package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initscope.Launcher;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** bench --startup: medians per phase, and (soak profile) one real cold start reported phase by phase. */
class StartupBenchTest {
    private static StartupBench.Run run(long... ms) {
        Map<String, Long> phases = new LinkedHashMap<>();
        String[] names = {"JavaFX started", "window built", "first frame with real charts"};
        for (int i = 0; i < ms.length; i++) {
            phases.put(names[i], ms[i]);
        }
        return new StartupBench.Run(phases, ms[ms.length - 1] + 100);
    }

    @Test
    void mediansPerPhaseInTheOrderReached() {
        var m = StartupBench.medians(List.of(run(900, 2000, 3000), run(700, 1800, 2600), run(800, 2500, 5000)));
        assertEquals(List.of("JavaFX started", "window built", "first frame with real charts"),
                List.copyOf(m.keySet()));
        assertEquals(800, m.get("JavaFX started"));
        assertEquals(2000, m.get("window built"));
        assertEquals(3000, m.get("first frame with real charts"));
        // an even count: the mean of the middle two
        assertEquals(2800, StartupBench.medians(List.of(run(1, 2, 3000), run(1, 2, 2600))).get(
                "first frame with real charts"));
    }

    @Test
    void eachStartTimesItselfAndAddsTheVectorModuleAsAUsersDoes() {
        // a bench started with java -jar is itself a relaunch: its children must not inherit its launch time (every
        // start then measured from the bench's own launch: 5.4, 10.8, 16.1 … s) or its relaunch mark (scalar kernels)
        Map<String, String> env = new HashMap<>(Map.of("INITSCOPE_LAUNCHED_AT", "1700000000000",
                "INITSCOPE_RELAUNCHED", "1", "PATH", "/usr/bin"));
        Launcher.asNewLaunch(env);
        assertEquals(Map.of("PATH", "/usr/bin"), env);
    }

    @Test
    @Tag("soak")
    void aColdStartReportsEveryPhase() throws Exception {
        var runs = StartupBench.run(1, "1024x768", line -> { });
        Map<String, Long> p = runs.get(0).phases();
        assertTrue(p.keySet().containsAll(List.of("JavaFX started", "splash shown", "window built", "first result",
                "first frame with real charts")), p.toString());
        assertTrue(p.get("JavaFX started") <= p.get("window built")
                && p.get("window built") <= p.get("first frame with real charts"), p.toString());
        assertTrue(runs.get(0).wallMs() >= p.get("first frame with real charts") - 1000, runs.toString());
    }
}
