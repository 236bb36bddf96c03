package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the presets' descriptions (the Presets menu's tooltips) claim, as expect statements checked on the presets
 * themselves: a lesson of one step per preset, run through the same checker as the lessons. The claims at
 * initialization run in the default suite; those about training (up to 1,000 steps) in the soak profile.
 */
class PresetClaimsTest {
    /** Per preset: its statements (the claim quotes the description). */
    private static final Map<String, String> AT_INIT = Map.ofEntries(
            Map.entry("cs231n-tanh-small.json", """
                    {"measure": "std per layer", "layer": "every", "between": [0.2, 0.24], "claim": "0.01·√500 ≈ 0.22"},
                    {"measure": "std", "of": "activationGradients", "layer": 1, "below": 1e-5, "claim": "so do the gradients"}"""),
            Map.entry("cs231n-tanh-large.json", """
                    {"measure": "std", "of": "preActivations", "layer": "every", "between": [21, 23], "claim": "std ≈ 22"},
                    {"measure": "saturated fraction", "layer": "every", "above": 0.9, "claim": "nearly every tanh unit sits at ±1"}"""),
            Map.entry("cs231n-tanh-xavier.json", """
                    {"measure": "gain", "layer": "every", "equals": 1, "claim": "gain 1"},
                    {"measure": "init std", "layer": "every", "equals": 0.0447214, "tolerance": 1e-6, "claim": "std = 1/√fan_in"},
                    {"measure": "std per layer", "from": 2, "to": 10, "between": [0.85, 0.99], "claim": "shrinks slowly"},
                    {"measure": "std", "layer": 10, "above": 0.2, "claim": "the signal stays alive"}"""),
            Map.entry("cs231n-tanh-xavier-gain.json", """
                    {"measure": "gain", "layer": "every", "equals": 1.66667, "tolerance": 1e-5, "claim": "5/3"},
                    {"measure": "std ratio", "from": 2, "to": 10, "between": [0.9, 1.1], "claim": "keep their scale"}"""),
            Map.entry("cs231n-relu-xavier.json", """
                    {"measure": "variance per layer", "layer": "every", "between": [0.4, 0.6], "claim": "halves"}"""),
            Map.entry("cs231n-relu-he.json", """
                    {"measure": "variance ratio", "from": 1, "to": 10, "between": [0.9, 1.1], "claim": "less than 10 %"}"""),
            Map.entry("dlai-zeros.json", """
                    {"measure": "zero fraction", "layer": "every", "equals": 1, "claim": "here exactly 0"},
                    {"measure": "zero fraction", "of": "activationGradients", "layer": "every", "from": 1, "to": 5, "equals": 1, "claim": "nothing flows back"}"""),
            Map.entry("dlai-too-small.json", """
                    {"measure": "std per layer", "layer": "every", "below": 0.02, "claim": "vanishes"},
                    {"measure": "std", "layer": 3, "below": 1e-5, "claim": "within a few layers"}"""),
            Map.entry("dlai-appropriate.json", """
                    {"measure": "gain", "layer": "every", "equals": 1.66667, "tolerance": 1e-5, "claim": "5/3"},
                    {"measure": "std ratio", "from": 1, "to": 6, "between": [0.4, 2.5], "claim": "activations keep their scale"},
                    {"measure": "std ratio", "of": "activationGradients", "from": 6, "to": 1, "between": [0.4, 2.5], "claim": "gradients keep their scale"}"""),
            Map.entry("dlai-too-large.json", """
                    {"measure": "saturated fraction", "layer": "every", "between": [0.82, 0.845], "claim": "83 %"},
                    {"measure": "variance per layer", "of": "activationGradients", "from": 6, "to": 1, "between": [5, 6], "claim": "≈ 5.5"},
                    {"measure": "std per layer", "of": "activationGradients", "from": 6, "to": 1, "between": [2.2, 2.45], "claim": "std × 2.3"}"""),
            Map.entry("pytorch-default.json", """
                    {"measure": "sigma_w2", "layer": "every", "equals": 0.333333, "tolerance": 1e-5, "claim": "σ_w² = 1/3"},
                    {"measure": "std", "layer": 1, "between": [0.44, 0.48], "claim": "0.46 at layer 1"},
                    {"measure": "std", "layer": "every", "from": 8, "between": [0.031, 0.035], "claim": "0.033 at layer 8"}"""),
            Map.entry("selu-lecun.json", """
                    {"measure": "variance", "layer": "every", "between": [0.85, 1.15], "claim": "variance to 1"},
                    {"measure": "mean", "layer": "every", "between": [-0.1, 0.1], "claim": "mean to 0"}"""),
            Map.entry("orthogonal.json", """
                    {"measure": "variance ratio", "from": 1, "to": 30, "between": [0.999, 1.001], "claim": "preserve the norm exactly"},
                    {"measure": "jacobian", "stat": "min", "above": 0.9999, "claim": "exactly"}"""),
            Map.entry("conv-kaiming-fan-out.json", """
                    {"measure": "init std", "layer": "every", "from": 1, "to": 6, "equals": 0.117851, "tolerance": 1e-6, "claim": "√2/√144 = 0.118"},
                    {"measure": "theory variance", "of": "preActivations", "layer": 1, "equals": 0.36, "tolerance": 0.005, "claim": "Var[z] = 0.36"},
                    {"measure": "variance", "of": "preActivations", "layer": 1, "between": [0.3, 0.42], "claim": "Var[z] = 0.36 (measured, one batch)"},
                    {"measure": "theory variance", "of": "preActivations", "layer": "every", "from": 2, "to": 6, "between": [0.32, 0.35], "claim": "0.32 to 0.35 over the layers"}"""),
            Map.entry("fix-he.json", """
                    {"measure": "theory variance", "of": "preActivations", "layer": "every", "equals": 2, "tolerance": 1e-9, "claim": "Var[z] = 2"},
                    {"measure": "variance", "of": "preActivations", "layer": "every", "between": [1, 2.3], "claim": "between 1 and 2.3"}"""),
            Map.entry("fix-batchnorm.json", """
                    {"measure": "variance", "of": "preActivations", "layer": 39, "between": [0.024, 0.027], "claim": "0.0256"},
                    {"measure": "variance", "of": "activations", "layer": "every", "from": 40, "between": [0.995, 1.0], "claim": "back to variance 0.999"},
                    {"measure": "variance ratio", "of": "preActivationGradients", "from": 39, "to": 1, "between": [1000, 3000], "claim": "≈ 1.5× per block"}"""),
            Map.entry("fix-residual.json", """
                    {"measure": "std", "layer": "every", "between": [0.95, 1.25], "claim": "carries signal"},
                    {"measure": "std ratio", "of": "activationGradients", "from": 20, "to": 1, "between": [0.8, 1.5], "claim": "and gradient"}"""));

    private static final Map<String, String> TRAINING = Map.ofEntries(
            Map.entry("train-relu-he.json", """
                    {"measure": "test accuracy", "after": 400, "above": 0.95, "claim": "above 95 % test accuracy after 400 steps"}"""),
            Map.entry("train-tanh-xavier.json", """
                    {"measure": "train loss", "after": 500, "below": "start", "times": 0.8, "claim": "below 0.8 × its start within 500 steps"}"""),
            Map.entry("train-tanh-zeros.json", """
                    {"measure": "distinct units", "after": 500, "layer": "every", "from": 1, "to": 5, "equals": 1, "claim": "layers 1 to 5"},
                    {"measure": "train loss", "after": 500, "equals": 0.6931, "tolerance": 0.005, "claim": "log 2"}"""),
            Map.entry("train-tanh-tiny.json", """
                    {"measure": "train loss", "after": 1000, "between": [0.64, 0.70], "claim": "0.67 after 1,000 steps"},
                    {"measure": "update ratio", "after": 1000, "layer": 1, "between": [-7, -5], "claim": "10⁻⁶ of its weights"}"""),
            Map.entry("train-tanh-large.json", """
                    {"measure": "test accuracy", "after": 1000, "below": 0.8, "claim": "learning is slow"}"""));

    private static List<String> check(Map<String, String> claims, String mode) throws Exception {
        var steps = new ArrayList<String>();
        claims.forEach((file, expect) -> steps.add("""
                {"title": "%s", "text": "%s", "preset": "%s", "mode": "%s", "expect": [%s]}"""
                .formatted(file, Presets.byFile(file).orElseThrow().lesson().replace("\"", "\\\""), file, mode, expect)));
        Scenario s = Scenarios.parse("{\"title\": \"presets\", \"steps\": [" + String.join(",", steps) + "]}",
                "preset claims");
        var failures = LessonCheck.failures(LessonCheck.check(s));
        assertTrue(s.steps().size() == claims.size());
        return failures;
    }

    @Test
    void thePresetsDescriptionsHoldAtInitialization() throws Exception {
        var failures = check(AT_INIT, "explore");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    @Tag("soak")
    void thePresetsDescriptionsHoldInTraining() throws Exception {
        var failures = check(TRAINING, "train");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
