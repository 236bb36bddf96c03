package org.initscope.engine.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.engine.Quantity;
import org.initscope.engine.expect.Expectation.Layers;
import org.initscope.engine.expect.Expectation.Measure;
import org.initscope.engine.expect.Expectation.Reference;
import org.initscope.engine.expect.Expectation.Side;
import org.initscope.engine.expect.Expectation.Test;
import org.initscope.engine.expect.ExpectationChecker.Outcome;
import org.initscope.engine.expect.ExpectationChecker.Setting;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;

/** The checker measures what it says, and a false statement fails with what was measured. */
class ExpectationCheckerTest {
    /** 4 linear layers of 200 with N(0, std²): every layer multiplies the std by std·√200. */
    private static NetworkSpec linear(double std, Activation act) {
        var d = new DenseSpec(200, ActivationSpec.of(act), InitSpec.of(Scheme.NORMAL, "std", std),
                InitSpec.of(Scheme.ZEROS), 4);
        return new NetworkSpec("t", 11, new InputSpec(200, 400, InputDistribution.NORMAL), List.of(d));
    }

    private static Expectation at(Measure m, Quantity q, Layers l, Test t) {
        return new Expectation(m, q, l, Side.A, Expectation.AT_INIT, 1, t, "", "");
    }

    private static Outcome one(Setting s, Expectation e) {
        return ExpectationChecker.check(s, List.of(e)).get(0);
    }

    @org.junit.jupiter.api.Test
    void ratiosAndFactorsAreTheStdOrVarianceTheySayAndFailWithTheMeasuredValue() {
        // std·√200 = 0.1·14.14 = 1.414 per layer in std, 2 in variance (sampling: a few % at 200 × 400)
        var s = new Setting(linear(0.1, Activation.LINEAR), null, null);
        var perLayer = at(Measure.STD_PER_LAYER, Quantity.ACTIVATIONS, Layers.every(), new Test.Between(1.36, 1.47));
        var variance = at(Measure.VARIANCE_PER_LAYER, Quantity.ACTIVATIONS, Layers.range(1, Layers.LAST),
                new Test.Between(1.85, 2.15));
        var ratio = at(Measure.VARIANCE_RATIO, Quantity.ACTIVATIONS, Layers.range(1, 4), new Test.Between(7, 9));
        var backwards = at(Measure.STD_PER_LAYER, Quantity.ACTIVATION_GRADIENTS, Layers.range(4, 1),
                new Test.Between(1.36, 1.47));
        var wrong = at(Measure.STD_RATIO, Quantity.ACTIVATIONS, Layers.range(1, 4), new Test.Between(7, 9));
        List<Outcome> out = ExpectationChecker.check(s, List.of(perLayer, variance, ratio, backwards, wrong));
        for (int i = 0; i < 4; i++) {
            assertTrue(out.get(i).holds(), out.get(i).message());
        }
        Outcome w = out.get(4);
        assertFalse(w.holds());
        // the std ratio over three layers is 1.414³ = 2.83, not the variance's 8
        double measured = Double.parseDouble(w.measured());
        assertEquals(2.83, measured, 0.15);
        assertTrue(w.message().startsWith("expected the std ratio of the activations a, layer 4 / layer 1 is in [7, 9]"
                + "; measured 2."), w.message());
    }

    @org.junit.jupiter.api.Test
    void everyNamesTheFirstLayerWhereItFailsAndAnyTheOneWhereItHolds() {
        // ReLU with He: half the entries are 0 at every layer
        var s = new Setting(linear(Math.sqrt(2.0 / 200), Activation.RELU), null, null);
        var every = ExpectationChecker.check(s, List.of(
                at(Measure.ZERO_FRACTION, Quantity.ACTIVATIONS, Layers.every(), new Test.Between(0.45, 0.55)),
                at(Measure.ZERO_FRACTION, Quantity.ACTIVATIONS, Layers.every(), new Test.Below(new Reference.Value(
                        0.3), 1)),
                at(Measure.ZERO_FRACTION, Quantity.ACTIVATIONS, Layers.any(2, 3), new Test.Above(new Reference.Value(
                        0.3), 1)),
                at(Measure.ZERO_FRACTION, Quantity.WEIGHTS, Layers.any(), new Test.Above(new Reference.Value(0.3), 1))));
        assertTrue(every.get(0).holds(), every.get(0).message());
        assertFalse(every.get(1).holds());
        assertTrue(every.get(1).measured().startsWith("at layer 1: 0.4") || every.get(1).measured().startsWith(
                "at layer 1: 0.5"), every.get(1).measured());
        assertTrue(every.get(2).holds());
        assertTrue(every.get(2).measured().startsWith("at layer 2: "), every.get(2).measured());
        assertFalse(every.get(3).holds());
        assertTrue(every.get(3).measured().startsWith("at no layer: 0,"), every.get(3).measured());
    }

    @org.junit.jupiter.api.Test
    void sideBScaleAndTheoryAreTheNetworksTheStatementNames() {
        var a = linear(0.1, Activation.TANH);
        var b = linear(0.01, Activation.TANH);
        var setting = new Setting(a, b, null);
        var bSmaller = new Expectation(Measure.STD, Quantity.ACTIVATIONS, Layers.one(4), Side.B, Expectation.AT_INIT,
                1, new Test.Below(new Reference.OtherSide(), 0.01), "", "");
        var scaled = new Expectation(Measure.INIT_STD, null, Layers.one(1), Side.A, Expectation.AT_INIT, 5,
                new Test.Equals(0.5, 1e-12), "", "");
        var sigma = new Expectation(Measure.SIGMA_W2, null, Layers.every(), Side.A, Expectation.AT_INIT, 1,
                new Test.Equals(2, 1e-9), "", "");
        var phase = new Expectation(Measure.PHASE, null, Layers.every(), Side.B, Expectation.AT_INIT, 1,
                new Test.Is("ordered"), "", "");
        var out = ExpectationChecker.check(setting, List.of(bSmaller, scaled, sigma, phase));
        out.forEach(o -> assertTrue(o.holds(), o.message()));
        assertTrue(out.get(0).measured().contains("(A's: "), out.get(0).measured());
        // no B: the statement fails and says why
        var noB = one(new Setting(a, null, null), bSmaller);
        assertFalse(noB.holds());
        assertTrue(noB.measured().contains("no network B"), noB.measured());
    }

    @org.junit.jupiter.api.Test
    void trainingIsMeasuredAtTheStepsAskedForAgainstStartAndChance() {
        var net = new NetworkSpec("t", 1, new InputSpec(2, 64, InputDistribution.NORMAL), List.of(new DenseSpec(16,
                ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL), InitSpec.of(Scheme.ZEROS), 2)));
        var zeros = new NetworkSpec("z", 1, new InputSpec(2, 64, InputDistribution.NORMAL), List.of(new DenseSpec(16,
                ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.ZEROS), InitSpec.of(Scheme.ZEROS), 2)));
        var falls = new Expectation(Measure.TRAIN_LOSS, null, Layers.none(), Side.A, 60, 1,
                new Test.Below(new Reference.Start(), 0.9), "", "");
        var beatsChance = new Expectation(Measure.TRAIN_ACCURACY, null, Layers.none(), Side.A, 60, 1,
                new Test.Above(new Reference.Chance(), 1.05), "", "");
        var symmetric = new Expectation(Measure.DISTINCT_UNITS, null, Layers.one(1), Side.B, 60, 1,
                new Test.Equals(1, 0), "", "");
        var bWorse = new Expectation(Measure.TRAIN_LOSS, null, Layers.none(), Side.B, 60, 1,
                new Test.Above(new Reference.OtherSide(), 1), "", "");
        var out = ExpectationChecker.check(new Setting(net, zeros, TrainSettings.DEFAULT),
                List.of(falls, beatsChance, symmetric, bWorse));
        out.forEach(o -> assertTrue(o.holds(), o.message()));
        assertTrue(out.get(0).measured().contains("(before training: "), out.get(0).measured());
        // chance for the spirals' two balanced classes: ln 2 and about 0.5
        assertTrue(out.get(1).measured().contains("(chance: 0.5"), out.get(1).measured());
    }

    @org.junit.jupiter.api.Test
    void statementsThatCannotBeMeasuredAreRefusedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Measure.TRAIN_LOSS, null, Layers.none(),
                Side.A, Expectation.AT_INIT, 1, new Test.Below(new Reference.Value(1), 1), "", ""), "needs after");
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Measure.CHI1, null, Layers.one(1), Side.A,
                10, 1, new Test.Below(new Reference.Value(1), 1), "", ""), "at initialization only");
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Measure.STD_RATIO, Quantity.ACTIVATIONS,
                Layers.every(), Side.A, Expectation.AT_INIT, 1, new Test.Below(new Reference.Value(1), 1), "", ""));
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Measure.STD, Quantity.ACTIVATIONS,
                Layers.one(1), Side.A, Expectation.AT_INIT, 1, new Test.Below(new Reference.Chance(), 1), "", ""));
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Measure.PHASE, null, Layers.one(1), Side.A,
                Expectation.AT_INIT, 1, new Test.Below(new Reference.Value(1), 1), "", ""));
    }
}
