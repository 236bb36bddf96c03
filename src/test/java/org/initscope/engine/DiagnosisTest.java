package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.config.Presets;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain-language diagnosis says what the numbers say, for the textbook networks. */
class DiagnosisTest {
    private static Propagator engine;

    @BeforeAll
    static void start() {
        engine = new Propagator();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static List<String> diagnose(String preset) {
        NetworkSpec spec = Presets.byFile(preset).orElseThrow().load();
        return Diagnosis.of(engine.run(spec.resolve()));
    }

    private static String line(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start)).findFirst().orElse("");
    }

    @Test
    void smallWeightsVanishForwardAndBackward() {
        var d = diagnose("cs231n-tanh-small.json");
        // std shrinks ≈ 0.01·√500 ≈ 0.22 per layer: 0.22⁹ ≈ 1.4e-6 from layer 1 to 10
        String fwd = line(d, "Forward:");
        assertTrue(fwd.endsWith(": vanishing."), fwd);
        assertTrue(line(d, "Backward:").endsWith(": vanishing."), d.toString());
        assertFalse(d.get(0).startsWith("Healthy"), d.toString());
    }

    @Test
    void xavierOnReluFadesByTheSquareRootOfTwoPerLayer() {
        var d = diagnose("cs231n-relu-xavier.json");
        // Var[W] = 1/fan_in with ReLU halves E[a²] per layer: std × 1/√2 ≈ 0.71; 0.71⁹ ≈ 0.044 is neither kept nor
        // vanished
        String fwd = line(d, "Forward:");
        assertTrue(fwd.contains("fades by std × 0.7") && fwd.contains("(variance × 0.5"), fwd);
        assertFalse(d.stream().anyMatch(l -> l.startsWith("Healthy")), d.toString());
    }

    @Test
    void heOnReluKeepsTheScaleButDeepLayersStartWithDeadUnits() {
        var d = diagnose("cs231n-relu-he.json");
        assertEquals("", line(d, "Forward:"), "a kept scale needs no forward line");
        assertTrue(line(d, "Backward:").endsWith("they keep their scale."), d.toString());
        // deep ReLU layers see ever more correlated inputs (all non-negative), so some units are ≤ 0 for the whole
        // batch: only deep layers, never the first
        var dead = d.stream().filter(l -> l.contains("dead units")).toList();
        assertFalse(dead.stream().anyMatch(l -> l.startsWith("Layer 1 ") || l.startsWith("Layer 2 ")), d.toString());
    }

    @Test
    void xavierWithTanhsGainIsHealthyButGainOneFades() {
        var d = diagnose("cs231n-tanh-xavier-gain.json");
        assertTrue(d.get(0).startsWith("Healthy: from layer 1 to layer 10 the activations' and the gradients' std "
                + "change by at most × 2.5 (variance × 6.25)."), d.toString());
        assertEquals(2, d.size(), d.toString());
        // gain 1: the activations' std falls 0.63 → 0.23 (× 0.36): not "keeping the scale"
        String fwd = line(diagnose("cs231n-tanh-xavier.json"), "Forward:");
        assertTrue(fwd.startsWith("Forward: the activations' std falls from 0.63 at layer 1 to 0.23 at layer 10 (std × "
                + "0.36, variance × 0.13): the signal fades by std × 0.89 per layer (variance × 0.8)."), fwd);
    }

    @Test
    void everyFactorSaysWhetherItIsStdOrVariance() {
        for (String preset : List.of("cs231n-tanh-small.json", "cs231n-tanh-large.json", "cs231n-relu-xavier.json",
                "cs231n-tanh-xavier.json", "pytorch-default.json", "selu-lecun.json", "dlai-too-large.json")) {
            for (String l : diagnose(preset)) {
                if (l.contains("×")) {
                    assertTrue(l.contains("std") && l.contains("variance"), preset + ": " + l);
                }
            }
        }
    }

    @Test
    void largeWeightsSaturateTanhAndZerosAreSymmetric() {
        var large = diagnose("cs231n-tanh-large.json");
        assertTrue(large.stream().anyMatch(l -> l.matches("\\d+ % of the units in layer 1 are saturated.*")),
                large.toString());
        var zeros = diagnose("dlai-zeros.json");
        assertTrue(zeros.stream().anyMatch(l -> l.startsWith("All weights of layer 1 are 0")), zeros.toString());
    }
}
