package org.initscope.engine.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.config.ConfigException;
import org.initscope.config.Scenarios;
import org.initscope.data.DataSpec;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.expect.Expectation.Layers;
import org.initscope.engine.expect.Expectation.Measure;
import org.initscope.engine.expect.Expectation.Side;
import org.initscope.engine.expect.Expectation.Test;
import org.initscope.engine.expect.ExpectationChecker.Outcome;
import org.initscope.engine.expect.ExpectationChecker.Setting;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.ThroughTimeMap;
import org.initscope.engine.train.TrainSettings;
import org.initscope.engine.train.Trainer;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Scheme;

/**
 * Statements about what happens through time in a recurrent layer — ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖, ‖∂L/∂h_t‖ and the LSTM
 * forget gates' mean — measure exactly the numbers the Through time tab (at initialization) and the Train tab's
 * through-time map (while learning) show.
 */
class ThroughTimeExpectationsTest {
    private static final int T = 12;

    /** An LSTM of 8 units (Keras' default: forget bias 1) over 12 steps of 2 inputs, as the adding problem has. */
    private static NetworkSpec lstm() {
        return new NetworkSpec("lstm", 5, InputSpec.sequence(T, 2, 16, InputDistribution.NORMAL),
                List.of(RecurrentSpec.kerasDefault(RecurrentSpec.Cell.LSTM, 8)));
    }

    private static NetworkSpec rnn() {
        return new NetworkSpec("rnn", 5, InputSpec.sequence(T, 2, 16, InputDistribution.NORMAL),
                List.of(RecurrentSpec.torchDefault(RecurrentSpec.Cell.RNN, 8)));
    }

    private static final TrainSettings ADDING = new TrainSettings(DataSpec.of(DataSpec.Kind.ADDING)
            .withSequenceLength(T).withSamples(200), OptimizerSpec.adam(0.01), Scheme.XAVIER_UNIFORM, 16);

    private static Expectation at(Measure m, int after, String t, double value) {
        // "equals" to 4 significant digits of the value computed independently below
        return new Expectation(m, null, Layers.one(1), Side.A, after, 1, new Test.Equals(value, Math.abs(value)
                * 1e-9), t, "");
    }

    @org.junit.jupiter.api.Test
    void atInitializationTheyAreTheThroughTimeTabsNumbers() {
        RecurrentTrace trace;
        try (var engine = new Propagator()) {
            PropagationResult r = engine.run(lstm().resolve());
            trace = r.layer(1).trace();
        }
        double[] g = trace.gradientNorm();
        assertEquals(T, g.length);
        var out = ExpectationChecker.check(new Setting(lstm(), null, null), List.of(
                at(Measure.GRADIENT_REACH, Expectation.AT_INIT, "", g[0] / g[T - 1]),
                at(Measure.GRADIENT_REACH, Expectation.AT_INIT, "5", g[4] / g[T - 1]),
                at(Measure.HIDDEN_GRADIENT_NORM, Expectation.AT_INIT, "", g[T - 1]),
                at(Measure.HIDDEN_GRADIENT_NORM, Expectation.AT_INIT, "3", g[2]),
                at(Measure.FORGET_GATE_MEAN, Expectation.AT_INIT, "", trace.forgetGateMean()),
                at(Measure.FORGET_GATE_MEAN, Expectation.AT_INIT, Expectation.LAST_T, trace.meanForget()[T - 1])));
        out.forEach(o -> assertTrue(o.holds(), o.message()));
        // forget bias 1: the gates start near σ(1) = 0.73, and the gradient fades back through time
        assertEquals(0.73, trace.forgetGateMean(), 0.05);
        assertTrue(g[0] < g[T - 1], "‖∂L/∂h_1‖ " + g[0] + " < ‖∂L/∂h_T‖ " + g[T - 1]);
    }

    @org.junit.jupiter.api.Test
    void whileLearningTheyAreTheTrainTabsThroughTimeMap() throws Exception {
        // the Train tab's run: the same settings, a record every 5 steps
        ThroughTimeMap map;
        try (Trainer trainer = Trainer.create(ADDING.spec(lstm(), 5, 10))) {
            while (trainer.steps() < 10) {
                trainer.step();
            }
            map = ThroughTimeMap.of(trainer.history().records(), 1);
        }
        int row = map.rowOf(10);
        assertTrue(row > 0, "step 10 recorded");
        double[] g = map.gradientNorm()[row];
        var out = ExpectationChecker.check(new Setting(lstm(), null, ADDING), List.of(
                at(Measure.GRADIENT_REACH, 10, "", map.reach(row)),
                at(Measure.GRADIENT_REACH, 10, "6", map.relativeGradient()[row][5]),
                at(Measure.HIDDEN_GRADIENT_NORM, 10, "last", g[T - 1]),
                at(Measure.FORGET_GATE_MEAN, 10, "2", map.meanForget()[row][1]),
                at(Measure.GRADIENT_REACH, 0, "", map.reach(map.rowOf(0)))));
        out.forEach(o -> assertTrue(o.holds(), o.message()));
        // ten steps of Adam moved the map: the step-0 row is not the step-10 row
        assertFalse(map.reach(map.rowOf(0)) == map.reach(row));
    }

    @org.junit.jupiter.api.Test
    void theyFailWithAReasonWhereThereIsNothingToMeasure() {
        var outcomes = ExpectationChecker.check(new Setting(rnn(), null, null), List.of(
                new Expectation(Measure.FORGET_GATE_MEAN, null, Layers.one(1), Side.A, Expectation.AT_INIT, 1,
                        new Test.Between(0, 1), "", ""),
                new Expectation(Measure.GRADIENT_REACH, null, Layers.one(1), Side.A, Expectation.AT_INIT, 1,
                        new Test.Between(0, 1e9), "13", ""),
                new Expectation(Measure.GRADIENT_REACH, null, Layers.every(), Side.A, Expectation.AT_INIT, 1,
                        new Test.Between(0, 1e9), "12", "")));
        Outcome forget = outcomes.get(0);
        assertFalse(forget.holds());
        assertTrue(forget.measured().contains("not measured at layer 1"), forget.measured());
        Outcome beyond = outcomes.get(1);
        assertFalse(beyond.holds());
        assertTrue(beyond.measured().contains("the sequence has 12 time steps"), beyond.measured());
        assertTrue(outcomes.get(2).holds(), outcomes.get(2).message());
        // a network without a recurrent layer has none of them
        var dense = new NetworkSpec("d", 1, new InputSpec(4, 8, InputDistribution.NORMAL), List.of(
                new org.initscope.model.DenseSpec(4, org.initscope.model.ActivationSpec.of(
                        org.initscope.model.Activation.TANH), org.initscope.model.InitSpec.of(Scheme.XAVIER_NORMAL),
                        org.initscope.model.InitSpec.of(Scheme.ZEROS), 2)));
        Outcome none = ExpectationChecker.check(new Setting(dense, null, null), List.of(new Expectation(
                Measure.GRADIENT_REACH, null, Layers.any(), Side.A, Expectation.AT_INIT, 1, new Test.Between(0, 1),
                "", ""))).get(0);
        assertFalse(none.holds());
        assertTrue(none.measured().contains("no layer of this network has it"), none.measured());
    }

    @org.junit.jupiter.api.Test
    void theyReadAndDescribeTheirTimeStep() throws Exception {
        var lesson = Scenarios.parse("""
                {"title": "t", "summary": "s", "steps": [{"title": "lstm", "text": "x", "preset": "lstm-keras-default.json",
                 "mode": "train", "train": {"data": "adding", "seq_len": 20},
                 "expect": [{"measure": "gradient reach", "layer": 1, "after": 10, "below": 0.5},
                            {"measure": "gradient reach", "layer": 1, "t": 5, "after": 20, "above": "start"},
                            {"measure": "hidden gradient norm", "layer": "every", "t": "last", "after": 0, "above": 0},
                            {"measure": "forget gate mean", "layer": 1, "between": [0.7, 0.75]}]}]}""", "t.json");
        var e = lesson.steps().get(0).expect();
        assertEquals("‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ at layer 1 after 10 steps is below 0.5", e.get(0).describe());
        assertEquals(1, e.get(0).timeStep(20));
        assertEquals(5, e.get(1).timeStep(20));
        assertEquals("‖∂L/∂h_T‖ at every layer after 0 steps is above 0", e.get(2).describe());
        assertEquals(20, e.get(2).timeStep(20));
        assertEquals("the forget gates' mean over every time step at layer 1 is in [0.7, 0.75]", e.get(3).describe());
        assertEquals(0, e.get(3).timeStep(20));

        for (String[] bad : new String[][] {
                {"{\"measure\": \"gradient reach\", \"layer\": 1, \"t\": 0, \"below\": 1}", "expect[0].t",
                        "t is a time step"},
                {"{\"measure\": \"forget gate mean\", \"layer\": 1, \"t\": 2.5, \"below\": 1}", "expect[0].t",
                        "t is a time step"},
                {"{\"measure\": \"std\", \"layer\": 1, \"t\": 2, \"below\": 1}", "expect[0].t",
                        "\"t\" does not go with std"},
                {"{\"measure\": \"gradient reach\", \"layer\": 1, \"stat\": \"min\", \"below\": 1}", "expect[0].stat",
                        "\"stat\" does not go with gradient reach"}}) {
            var ex = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                    {"title": "t", "summary": "s", "steps": [{"title": "lstm", "text": "x",
                     "preset": "lstm-keras-default.json", "mode": "train", "expect": [%s]}]}""".formatted(bad[0]),
                    "t.json"));
            assertTrue(ex.getMessage().contains(bad[1]) && ex.getMessage().contains(bad[2]), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Measure.GRADIENT_REACH, null,
                Layers.one(1), Side.A, Expectation.AT_INIT, 1, new Test.Between(0, 1), "x", ""));
    }
}
