package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.initscope.model.Activation;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenariosTest {

    @Test
    void everyShippedLessonLoadsAndEveryStepsNetworkIsValid() {
        List<Scenario> lessons = Scenarios.builtIn();
        assertEquals(Scenarios.BUILT_IN.size(), lessons.size());
        for (Scenario s : lessons) {
            assertFalse(s.title().isBlank(), s.source());
            assertFalse(s.steps().isEmpty(), s.source());
            for (Scenario.Step step : s.steps()) {
                String where = s.source() + " / " + step.title();
                assertFalse(step.text().isBlank(), where);
                assertFalse(step.question().isBlank(), where + ": every step asks the class something");
                assertFalse(step.look().isEmpty(), where + ": every step says what to look at");
                // resolving samples nothing but checks every fan, parameter and activation
                var net = step.network().resolve();
                assertTrue(net.depth() > 0, where);
            }
        }
    }

    @Test
    void theIssuesSevenLessonsAreThere() {
        var titles = Scenarios.builtIn().stream().map(Scenario::title).map(String::toLowerCase).toList();
        for (String topic : List.of("vanishing", "saturat", "xavier", "zero", "pytorch", "selu", "orthogonal")) {
            assertTrue(titles.stream().anyMatch(t -> t.contains(topic)), topic + " in " + titles);
        }
    }

    @Test
    void aStepLoadsAPresetOrAnEmbeddedNetwork() throws Exception {
        Scenario s = Scenarios.parse("""
                {"title": "t", "steps": [
                  {"title": "a", "text": "x", "preset": "cs231n-tanh-small.json", "view": "theory",
                   "quantity": "activationGradients", "look": ["depthChart"], "question": "?"},
                  {"title": "b", "text": "y", "mode": "train",
                   "network": {"name": "tiny", "input": {"features": 2, "batch": 8},
                               "layers": [{"units": 4, "activation": "relu", "init": "kaiming_normal", "repeat": 3}]}}
                ]}
                """, "lesson.json");
        assertEquals(2, s.steps().size());
        Scenario.Step a = s.steps().get(0);
        assertEquals(Mode.EXPLORE, a.mode());
        assertEquals(View.THEORY, a.view());
        assertEquals(Scheme.NORMAL, a.network().resolve().layers().get(0).init().scheme());
        Scenario.Step b = s.steps().get(1);
        assertEquals(Mode.TRAIN, b.mode());
        assertEquals("tiny", b.network().name());
        assertEquals(3, b.network().depth());
        assertEquals(Activation.RELU, b.network().resolve().layers().get(2).activation().kind());
        assertEquals(Scheme.KAIMING_NORMAL, b.network().resolve().layers().get(0).init().scheme());
        assertEquals("", b.question());
    }

    @Test
    void aStepCanCompareAWithAnotherInitializerOrAPreset() throws Exception {
        Scenario s = Scenarios.parse("""
                {"title": "t", "steps": [
                  {"title": "a", "text": "x", "preset": "cs231n-relu-xavier.json", "mode": "compare",
                   "compare": "kaiming_normal"},
                  {"title": "b", "text": "y", "preset": "cs231n-relu-xavier.json", "mode": "compare-train",
                   "compare": "xavier_uniform"},
                  {"title": "c", "text": "z", "preset": "cs231n-relu-xavier.json", "mode": "compare",
                   "compare": "orthogonal.json"}]}""", "l.json");
        var he = s.steps().get(0).compare();
        assertEquals(new org.initscope.model.Counterpart.WithInit(InitSpecs.he()), he);
        NetworkSpec a = s.steps().get(0).network();
        NetworkSpec b = he.apply(a);
        assertEquals(a.seed(), b.seed());
        assertEquals(Scheme.KAIMING_NORMAL, ((org.initscope.model.DenseSpec) b.layers().get(0)).init().scheme());
        // a scheme with a gain gets the activation's gain, as a teacher comparing them would set it
        assertEquals("auto", ((org.initscope.model.Counterpart.WithInit) s.steps().get(1).compare()).init().params()
                .get("gain"));
        var preset = s.steps().get(2).compare().apply(a);
        assertEquals(a.seed(), preset.seed(), "a preset as B is drawn with A's seed");
        assertEquals(Scheme.ORTHOGONAL, ((org.initscope.model.DenseSpec) preset.layers().get(0)).init().scheme());
        assertEquals(Mode.COMPARE_TRAIN, s.steps().get(1).mode());

        var bad = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [{"title": "a", "text": "x", "preset": "orthogonal.json",
                                          "compare": "sparse"}]}""", "l.json"));
        assertEquals("steps[0].compare", bad.path(), "sparse needs its sparsity: it cannot be named alone");
        var unknown = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [{"title": "a", "text": "x", "preset": "orthogonal.json",
                                          "compare": "glorot_wrong"}]}""", "l.json"));
        assertTrue(unknown.problem().contains("weight scheme"), unknown.getMessage());
    }

    /** Tiny helper so the expected initializer reads as what it is. */
    private static final class InitSpecs {
        static org.initscope.model.InitSpec he() {
            return org.initscope.model.InitSpec.of(Scheme.KAIMING_NORMAL);
        }
    }

    @Test
    void mistakesAreNamedWithLineAndField() {
        var unknownKey = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [{"title": "a", "text": "x", "preset": "orthogonal.json",
                                          "loook": []}]}""", "l.json"));
        assertEquals("steps[0].loook", unknownKey.path());
        assertTrue(unknownKey.problem().contains("allowed"), unknownKey.getMessage());
        assertEquals(2, unknownKey.line());

        var view = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [
                  {"title": "a", "text": "x", "preset": "orthogonal.json", "view": "pie"}]}""", "l.json"));
        assertEquals("steps[0].view", view.path());
        assertEquals(2, view.line());

        var preset = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [{"title": "a", "text": "x", "preset": "nope.json"}]}""", "l.json"));
        assertTrue(preset.problem().contains("cs231n-tanh-small.json"), preset.getMessage());

        var both = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [{"title": "a", "text": "x"}]}""", "l.json"));
        assertTrue(both.problem().contains("either"), both.getMessage());

        var look = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [{"title": "a", "text": "x", "preset": "orthogonal.json",
                                          "look": ["theMoon"]}]}""", "l.json"));
        assertTrue(look.problem().contains("theMoon") && look.problem().contains("depthChart"), look.getMessage());

        // a broken embedded network reports the lesson's line and the full field path
        var net = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "steps": [{"title": "a", "text": "x",
                  "network": {"input": {"features": 4}, "layers": [{"units": 4, "init": {"scheme": "normal",
                                                                                         "std": -1}}]}}]}""",
                "l.json"));
        assertTrue(net.path().startsWith("steps[0].network.layers[0]"), net.path());
        assertEquals(2, net.line());

        var empty = assertThrows(ConfigException.class, () -> Scenarios.parse("{\"title\": \"t\", \"steps\": []}",
                "l.json"));
        assertTrue(empty.problem().contains("non-empty"), empty.getMessage());
        assertThrows(ConfigException.class, () -> Scenarios.parse("[1, 2]", "l.json"));
        assertThrows(ConfigException.class, () -> Scenarios.parse("{\"title\": ", "l.json"));
    }

    @Test
    void aTeachersFileIsReadFromDisk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, """
                {"title": "My lesson", "summary": "s",
                 "steps": [{"title": "one", "text": "look", "preset": "selu-lecun.json", "look": ["histogramGrid"],
                            "question": "why?"}]}""");
        Scenario s = Scenarios.read(f);
        assertEquals("My lesson", s.title());
        assertEquals(List.of("histogramGrid"), s.steps().get(0).look());
        var missing = assertThrows(ConfigException.class, () -> Scenarios.read(dir.resolve("absent.json")));
        assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
    }

    @Test
    void aStepCarriesItsStatementsTrainingSettingsAndRange() throws Exception {
        Scenario s = Scenarios.parse("""
                {"title": "t", "steps": [
                  {"title": "a", "text": "x", "preset": "cs231n-tanh-small.json", "range": "per-layer",
                   "expect": [{"measure": "std per layer", "layer": "every", "between": [0.2, 0.24], "claim": "0.22"},
                              {"measure": "jacobian", "stat": "min", "above": 0}]},
                  {"title": "b", "text": "y", "preset": "train-relu-he.json", "mode": "compare-train",
                   "compare": "xavier_normal",
                   "train": {"data": "moons", "samples": 300, "optimizer": "sgd", "lr": 0.1, "batch": 16,
                             "output_init": "zeros"},
                   "expect": [{"measure": "test loss", "after": 200, "side": "B", "above": "A", "times": 0.5}]},
                  {"title": "c", "text": "z", "preset": "cs231n-tanh-small.json"}]}""", "l.json");
        Scenario.Step a = s.steps().get(0);
        assertEquals(2, a.expect().size());
        assertEquals("0.22", a.expect().get(0).claim());
        assertFalse(a.sharedRange(), "the step's own range wins over the preset's");
        assertTrue(s.steps().get(2).sharedRange(), "cs231n-tanh-small.json shows its collapse on a shared range");
        assertEquals(org.initscope.engine.train.TrainSettings.DEFAULT, a.training());
        Scenario.Step b = s.steps().get(1);
        assertEquals(org.initscope.data.DataSpec.Kind.MOONS, b.training().data().kind());
        assertEquals(300, b.training().data().samples());
        assertEquals(0.1, b.training().optimizer().learningRate());
        assertEquals(16, b.training().batch());
        assertEquals(Scheme.ZEROS, b.training().output());
        assertEquals(200, b.expect().get(0).after());
    }

    @Test
    void aStatementThatCannotBeCheckedIsRefusedWithItsField() {
        record Case(String step, String path, String words) {
        }
        for (Case c : List.of(
                new Case("\"expect\": [{\"measure\": \"std\", \"layer\": 1, \"below\": 1, \"colour\": 3}]",
                        "steps[0].expect[0].colour", "unknown key"),
                new Case("\"expect\": [{\"measure\": \"std\", \"layer\": 1, \"side\": \"B\", \"below\": 1}]",
                        "steps[0].expect[0]", "comparison"),
                new Case("\"expect\": [{\"measure\": \"test loss\", \"after\": 10, \"below\": 1}]",
                        "steps[0].expect[0].after", "\"train\""),
                new Case("\"expect\": [{\"measure\": \"std\", \"layer\": 1, \"between\": [2, 1]}]",
                        "steps[0].expect[0].between", "low ≤ high"),
                new Case("\"expect\": [{\"measure\": \"std\", \"layer\": 0, \"below\": 1}]",
                        "steps[0].expect[0].layer", "from 1"),
                new Case("\"expect\": [{\"measure\": \"std\", \"below\": 1}]",
                        "steps[0].expect[0].layer", "which layer"),
                new Case("\"expect\": [{\"measure\": \"std ratio\", \"layer\": \"every\", \"below\": 1}]",
                        "steps[0].expect[0]", "\"from\" and \"to\""),
                new Case("\"expect\": [{\"measure\": \"phase\", \"layer\": 1, \"is\": \"calm\"}]",
                        "steps[0].expect[0].is", "ordered"),
                new Case("\"expect\": [{\"measure\": \"std\", \"layer\": 1, \"below\": 1, \"above\": 0}]",
                        "steps[0].expect[0]", "one condition only"),
                new Case("\"expect\": [{\"measure\": \"std\", \"layer\": 1, \"below\": \"chance\"}]",
                        "steps[0].expect[0]", "loss and the accuracy"),
                new Case("\"train\": {\"data\": \"mnist\"}", "steps[0].train.data", "spiral"),
                new Case("\"train\": {\"lr\": 0}", "steps[0].train.lr", "above 0"),
                new Case("\"range\": \"both\"", "steps[0].range", "shared"))) {
            var e = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                    {"title": "t", "steps": [{"title": "a", "text": "x", "preset": "cs231n-tanh-small.json",
                      %s}]}""".formatted(c.step()), "l.json"), c.step());
            assertEquals(c.path(), e.path(), c.step() + ": " + e.getMessage());
            assertEquals(2, e.line(), e.getMessage());
            assertTrue(e.problem().contains(c.words()), c.step() + ": " + e.getMessage());
        }
    }
}
