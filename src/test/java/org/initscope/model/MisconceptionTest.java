package org.initscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.initscope.config.Presets;
import org.initscope.engine.Prediction;
import org.initscope.engine.VarianceRecursion;
import org.junit.jupiter.api.Test;

/**
 * Each misconception note appears exactly where it applies, over every preset's every weight: checked against
 * conditions written here from the layer itself (its type, which weight, its scheme and activation) and, for the
 * notes that state a factor, against the variance recursion's own prediction for the network.
 */
class MisconceptionTest {

    /** The notes a tensor should show, decided here independently of {@link Misconception}'s conditions. */
    private static Set<Misconception> expected(ResolvedLayer l, String param, InitSpec init, ActivationSpec act,
            List<Prediction> p) {
        var out = EnumSet.noneOf(Misconception.class);
        Scheme s = init.scheme();
        if (s == Scheme.TORCH_DEFAULT) {
            out.add(Misconception.TORCH_DEFAULT_IS_NOT_XAVIER);
        }
        if (s == Scheme.GLOROT_NORMAL) {
            out.add(Misconception.GLOROT_NORMAL_IS_TRUNCATED);
        }
        if (s == Scheme.TRUNC_NORMAL) {
            out.add(Misconception.TRUNC_NORMAL_BOUNDS);
        }
        if (s == Scheme.LECUN_UNIFORM) {
            out.add(Misconception.DL4J_LECUN_UNIFORM);
        }
        if (l.spec() instanceof RecurrentSpec r && r.cell() == RecurrentSpec.Cell.LSTM && param.equals("weight_hh")
                && s == Scheme.ORTHOGONAL && !r.perGate()) {
            out.add(Misconception.KERAS_LSTM_ORTHOGONAL);
        }
        if (act.kind() == Activation.SELU && l.param(param).init().gain() != null
                && l.param(param).init().gain().value() == 0.75) {
            out.add(Misconception.SELU_GAIN);
        }
        boolean xavier = s == Scheme.XAVIER_NORMAL || s == Scheme.XAVIER_UNIFORM || s == Scheme.GLOROT_NORMAL
                || s == Scheme.GLOROT_UNIFORM;
        if (act.kind() == Activation.RELU && xavier && l.index() > 1
                && p.get(l.index() - 2).activationMeanSquare() > 0) {
            // the recursion's factor of E[a²] through this layer (after a ReLU layer: the note's σ_w²/2)
            double factor = p.get(l.index() - 1).activationMeanSquare() / p.get(l.index() - 2).activationMeanSquare();
            if (factor < 0.9) {
                out.add(Misconception.XAVIER_ON_RELU);
            }
        } else if (act.kind() == Activation.RELU && xavier) {
            double sw2 = l.fans().fanIn() * l.weight().secondMoment();
            if (sw2 / 2 < 0.9) {
                out.add(Misconception.XAVIER_ON_RELU);
            }
        }
        return out;
    }

    @Test
    void noNoteShowsWhereItsConditionDoesNotHoldOverEveryPreset() {
        var wrong = new ArrayList<String>();
        var seen = EnumSet.noneOf(Misconception.class);
        for (Presets.Preset preset : Presets.all()) {
            ResolvedNetwork net = preset.load().resolve();
            List<Prediction> p = VarianceRecursion.predict(net);
            for (ResolvedLayer l : net.layers()) {
                for (ResolvedParam param : l.params()) {
                    InitSpec init = l.spec() instanceof WeightedSpec w && param.name().equals("weight") ? w.init()
                            : l.spec() instanceof RecurrentSpec r && param.name().equals("weight_ih") ? r.weightIh()
                            : l.spec() instanceof RecurrentSpec r && param.name().equals("weight_hh") ? r.weightHh()
                            : null;
                    if (init == null) {
                        continue;
                    }
                    var t = Misconception.target(l, param.name(), init);
                    Set<Misconception> shown = EnumSet.noneOf(Misconception.class);
                    shown.addAll(Misconception.of(t));
                    Set<Misconception> want = expected(l, param.name(), init, t.activation(), p);
                    if (!shown.equals(want)) {
                        wrong.add(preset.file() + " layer " + l.index() + " " + param.name() + ": shown " + shown
                                + ", applies " + want);
                    }
                    seen.addAll(shown);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        // the presets exercise the notes a class meets: PyTorch's default, Keras' LSTM, Xavier on ReLU
        assertTrue(seen.containsAll(EnumSet.of(Misconception.TORCH_DEFAULT_IS_NOT_XAVIER,
                Misconception.KERAS_LSTM_ORTHOGONAL, Misconception.XAVIER_ON_RELU)), seen.toString());
    }

    @Test
    void theDefaultTanhNetworkAndTheOrthogonalDenseStackShowNone() {
        for (NetworkSpec spec : List.of(NetworkSpec.defaultNetwork(), Presets.byFile("orthogonal.json").orElseThrow()
                .load())) {
            for (ResolvedLayer l : spec.resolve().layers()) {
                var t = Misconception.target(l, "weight", l.init());
                assertEquals(List.of(), Misconception.of(t), spec.name() + " layer " + l.index());
            }
        }
    }

    @Test
    void theXavierOnReluNoteStatesTheFactorTheFansGive() {
        // 2 → 64: σ_w² = 2·2/66, far from the square layer's halving
        var d = new DenseSpec(64, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.XAVIER_NORMAL),
                InitSpec.of(Scheme.ZEROS), 1);
        var l = new NetworkSpec("x", 1, new InputSpec(2, 8, InputDistribution.NORMAL), List.of(d)).resolve()
                .layers().get(0);
        var t = Misconception.target(l, "weight", d.init());
        assertEquals(List.of(Misconception.XAVIER_ON_RELU), Misconception.of(t));
        assertTrue(Misconception.XAVIER_ON_RELU.text(t).contains("σ_w²/2 = 0.0303"),
                Misconception.XAVIER_ON_RELU.text(t));
        // with tanh's auto gain switched to ReLU the gain is √2: a square layer keeps its variance, no note
        var auto = new DenseSpec(64, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.XAVIER_NORMAL, "gain",
                ParamDef.AUTO), InitSpec.of(Scheme.ZEROS), 1);
        var sq = new NetworkSpec("x", 1, new InputSpec(64, 8, InputDistribution.NORMAL), List.of(auto)).resolve()
                .layers().get(0);
        assertEquals(List.of(), Misconception.of(Misconception.target(sq, "weight", auto.init())));
    }
}
