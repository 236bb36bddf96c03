package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Fans;
import org.initscope.model.InitSpec;
import org.initscope.model.Initializers;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Backpropagation against central finite differences, in double precision, for every activation and both losses. */
class GradientCheckTest {

    private static Mlp mlp(Activation act, int classes, long seed) {
        return mlp(act, classes, seed, 1);
    }

    /** {@code readout}: what the output layer multiplies x·Wᵀ by (μP's output_mult/m). */
    private static Mlp mlp(Activation act, int classes, long seed, double readout) {
        var layers = new ArrayList<Mlp.Layer>();
        int[] widths = {3, 5, 4, classes > 0 ? classes : 2};
        for (int l = 0; l < 3; l++) {
            var fans = Fans.dense(widths[l], widths[l + 1]);
            ActivationSpec a = l < 2 ? (act == Activation.LEAKY_RELU || act == Activation.ELU
                    ? new ActivationSpec(act, 0.3) : ActivationSpec.of(act)) : null;
            layers.add(new Mlp.Layer(widths[l], widths[l + 1], a,
                    Initializers.weight(InitSpec.of(Scheme.NORMAL, "std", 0.8), fans, ActivationSpec.of(Activation.LINEAR)),
                    Initializers.bias(InitSpec.of(Scheme.NORMAL, "std", 0.3), widths[l], widths[l + 1]),
                    l == 2 ? readout : 1));
        }
        return new Mlp(layers, classes, DataType.DOUBLE, seed);
    }

    @Test
    void everyActivationAndBothLosses() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 0.8}, {1.5, 0.2, -0.7}, {-0.4, 0.9, 1.1},
            {0.05, -0.3, -1.6}, {-1.1, 1.4, 0.2}});
        int[] labels = {0, 2, 1, 2, 0};
        float[] targets = {0.5f, -1f, 1.2f, 0.3f, -0.2f, 0.8f, 2f, -0.5f, 0f, 0.1f};
        List<String> failures = new ArrayList<>();
        for (Activation act : Activation.values()) {
            for (int classes : new int[] {3, 0}) {
                try (Mlp m = mlp(act, classes, 11)) {
                    int[] lab = classes > 0 ? labels : null;
                    float[] tg = classes > 0 ? null : targets;
                    m.pass(x, lab, tg, true);
                    for (int l = 0; l < m.layers().size(); l++) {
                        check(m, x, lab, tg, m.weight(l), m.weightGradient(l).dup(), act + "/" + classes + " W" + l,
                                failures);
                        check(m, x, lab, tg, m.bias(l), m.biasGradient(l).dup(), act + "/" + classes + " b" + l,
                                failures);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** μP's readout W·(c·x) + b: the multiplier c is in the forward pass and in every gradient through it. */
    @Test
    void theReadoutMultiplierIsBackpropagated() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.3, -1.2, 0.8}, {1.5, 0.2, -0.7}, {-0.4, 0.9, 1.1}});
        List<String> failures = new ArrayList<>();
        for (int classes : new int[] {3, 0}) {
            int[] lab = classes > 0 ? new int[] {0, 2, 1} : null;
            float[] tg = classes > 0 ? null : new float[] {0.5f, -1f, 1.2f, 0.3f, -0.2f, 0.8f};
            try (Mlp plain = mlp(Activation.TANH, classes, 5); Mlp m = mlp(Activation.TANH, classes, 5, 0.37)) {
                m.pass(x, lab, tg, true);
                plain.pass(x, lab, tg, false);
                double[] with = m.outputs();
                assertTrue(with.length > 0);
                for (int l = 0; l < m.layers().size(); l++) {
                    check(m, x, lab, tg, m.weight(l), m.weightGradient(l).dup(), "×0.37/" + classes + " W" + l,
                            failures);
                    check(m, x, lab, tg, m.bias(l), m.biasGradient(l).dup(), "×0.37/" + classes + " b" + l, failures);
                }
                // the logits: 0.37·(h·Wᵀ) + b against the same network without the multiplier (a fresh pass: the
                // finite differences left the last pass at a perturbed parameter)
                m.pass(x, lab, tg, false);
                INDArray h = plain.activationsOf(1);
                INDArray expected = h.mmul(plain.weight(2).transpose()).muli(0.37).addiRowVector(plain.bias(2));
                INDArray logits = m.activationsOf(2);
                for (int i = 0; i < expected.length(); i++) {
                    if (Math.abs(expected.getDouble(i) - logits.getDouble(i)) > 1e-12) {
                        failures.add("logit " + i + ": " + logits.getDouble(i) + " ≠ " + expected.getDouble(i));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void check(Mlp m, INDArray x, int[] lab, float[] tg, INDArray param, INDArray grad, String what,
            List<String> failures) {
        double h = 1e-6;
        for (int i = 0; i < param.length(); i++) {
            double v = param.getDouble(i);
            param.putScalar(i, v + h);
            double up = m.pass(x, lab, tg, false);
            param.putScalar(i, v - h);
            double down = m.pass(x, lab, tg, false);
            param.putScalar(i, v);
            double fd = (up - down) / (2 * h);
            double an = grad.getDouble(i);
            // relu/leaky kinks: a finite difference across a kink is not a derivative; none of the z are that close
            double err = Math.abs(fd - an) / Math.max(1e-7, Math.abs(fd) + Math.abs(an));
            if (err > 1e-5) {
                failures.add(what + "[" + i + "]: backprop " + an + ", finite difference " + fd);
            }
        }
    }
}
