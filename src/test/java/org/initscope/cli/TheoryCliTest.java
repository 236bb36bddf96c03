package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.initscope.engine.MeanField;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The theory and phase commands (issue 14): the phase from σ_w² with a tolerance, ∞ and — with their meaning. */
class TheoryCliTest {

    private static String reluHe(int width) {
        return """
                {"name": "relu he %d", "seed": 7, "input": {"features": %d, "batch": 32},
                 "layers": [{"units": %d, "activation": "relu", "repeat": 4,
                   "init": {"scheme": "kaiming_normal", "mode": "fan_in", "nonlinearity": "relu"},
                   "bias": {"scheme": "zeros"}}]}""".formatted(width, width, width);
    }

    /** Must show: theory --json for ReLU/He at widths 64, 256 and 500 gives "critical" and χ₁(q*) = 1. */
    @Test
    void reluHeIsCriticalWithChi1OneAtEveryWidth(@TempDir Path dir) throws Exception {
        for (int width : new int[] {64, 256, 500}) {
            Path cfg = dir.resolve("he" + width + ".json");
            Files.writeString(cfg, reluHe(width));
            CliTest.Run r = CliTest.run("theory", "--config", cfg.toString(), "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals(4, doc.get("layers").size());
            for (JsonNode l : doc.get("layers")) {
                String at = "width " + width + ", layer " + l.get("index").asInt();
                assertEquals("critical", l.get("phase").asText(), at);
                // exactly 1: σ_w² = 64·(√2/8)² is 2.0000000000000004 in double; within 1e-12 of 1, χ₁ is 1
                assertEquals(1.0, l.get("chi1Star").asDouble(), 0.0, at);
                assertTrue(l.get("chi1Star").isNumber(), at);
                assertEquals("every_q", l.get("fixedPoint").asText(), at);
                assertEquals("Infinity", l.get("depthScaleQ").asText(), at);
                assertEquals("Infinity", l.get("depthScaleC").asText(), at);
            }
            assertTrue(doc.get("notes").toString().contains("within 1e-12 of 1"), "the tolerance is explained");
        }
    }

    /** q* = 8.35e-22 printed for a vanishing tanh network is the fixed point 0; ξ_c printed NaN in the chaotic phase. */
    @Test
    void tableShowsZeroInfinityAndDashWithTheirMeaning(@TempDir Path dir) throws Exception {
        CliTest.Run small = CliTest.run("theory", "--config", preset(dir, "cs231n-tanh-small.json"));
        assertEquals(0, small.code(), small.err());
        assertFalse(small.out().contains("e-22"), small.out());
        assertTrue(small.out().contains("q* = 0: the length map's fixed point is 0"), small.out());
        CliTest.Run def = CliTest.run("theory");
        assertFalse(def.out().contains("NaN"), def.out());
        assertTrue(def.out().contains("12.12"), "ξ_c of the default network through c* = 0: " + def.out());
        Path chaotic = dir.resolve("relu3.json");
        Files.writeString(chaotic, """
                {"seed": 7, "input": {"features": 100, "batch": 16},
                 "layers": [{"units": 100, "activation": "relu", "repeat": 2,
                   "init": {"scheme": "normal", "mean": 0, "std": 0.17320508075688773}}]}""");
        CliTest.Run relu = CliTest.run("theory", "--config", chaotic.toString());
        assertTrue(relu.out().contains("ξ = —: not defined"), relu.out());
        assertTrue(relu.out().contains("q* = ∞: no fixed point"), relu.out());
        assertTrue(relu.out().lines().anyMatch(l -> l.trim().startsWith("1 ") && l.contains("1.5")
                && l.contains("chaotic") && l.contains("∞") && l.contains("—")), relu.out());
    }

    /** Item 6: the phase command's edge has χ₁(q*) = 1 and says whether its fixed point attracts. */
    @Test
    void phaseCommandFindsChi1One() throws Exception {
        CliTest.Run r = CliTest.run("phase", "--activation", "gelu", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        ActivationSpec gelu = ActivationSpec.of(Activation.GELU);
        boolean sawRepelling = false;
        for (JsonNode e : doc.get("edge")) {
            double sb2 = e.get("sigmaB2").asDouble();
            double sw2 = e.get("sigmaW2").asDouble();
            double q = e.get("qStar").asDouble();
            assertEquals(1.0, e.get("chi1Star").asDouble(), 0.0);
            // and independently of the printed χ₁: q* is a fixed point of (σ_w², σ_b²) with χ₁ = 1 there
            assertEquals(q, MeanField.lengthMap(gelu, sw2, sb2, q), 1e-9 * Math.max(q, 1e-3), "σ_b² = " + sb2);
            assertEquals(1.0, MeanField.chi1(gelu, sw2, q), 1e-9, "σ_b² = " + sb2);
            sawRepelling |= e.get("fixedPoint").asText().equals("repelling");
        }
        assertTrue(sawRepelling, "gelu's edge repels at small σ_b²");
        CliTest.Run text = CliTest.run("phase", "--activation", "gelu");
        assertTrue(text.out().contains("3.624"), "σ_b² = 0.001: " + text.out());
        assertTrue(text.out().contains("repelling: the length map's slope at q* is above 1"), text.out());
        CliTest.Run tanh = CliTest.run("phase");
        assertTrue(tanh.out().lines().anyMatch(l -> l.trim().matches("0\\s+1\\s+0\\s+1\\s+marginal")), tanh.out());
    }

    private static String preset(Path dir, String name) throws Exception {
        Path p = dir.resolve(name);
        try (var in = TheoryCliTest.class.getResourceAsStream("/org/initscope/presets/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p.toString();
    }
}
