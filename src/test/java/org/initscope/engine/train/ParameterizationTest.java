package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.config.ConfigException;
import org.initscope.config.ConfigReader;
import org.initscope.config.ConfigWriter;
import org.initscope.data.DataSpec;
import org.initscope.engine.Quantity;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Explanations;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Parameterization;
import org.initscope.model.Parameterization.Kind;
import org.initscope.model.Parameterization.Role;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.junit.jupiter.api.Test;

/**
 * SP, NTK and μP as the network's parameterization: the exact factors (Tensor Programs V, Table 3, in mup's form with
 * the readout's multiplier), and that training applies them — the output multiplier in the forward pass, the
 * readout's initial scale, each parameter's learning rate and weight decay.
 */
class ParameterizationTest {
    private static final Parameterization MUP = new Parameterization(Kind.MUP, 128, 2);

    @Test
    void theFactorsOfTableThreeAtFourTimesTheBaseWidth() {
        // 64 data features → 512 → 512 → 10 classes, n₀ = 128: m = 4
        double[][] adam = {
            {MUP.learningRateScale(Role.INPUT, true, 64, 512, true), MUP.learningRateScale(Role.INPUT, false, 64, 512,
                    true)},
            {MUP.learningRateScale(Role.HIDDEN, true, 512, 512, true), MUP.learningRateScale(Role.HIDDEN, false, 512,
                    512, true)},
            {MUP.learningRateScale(Role.OUTPUT, true, 512, 10, true), MUP.learningRateScale(Role.OUTPUT, false, 512,
                    10, true)}};
        assertArrayEquals(new double[] {1, 1}, adam[0]);
        assertArrayEquals(new double[] {0.25, 1}, adam[1], "MuAdam: matrix-like weights ÷ m");
        assertArrayEquals(new double[] {1, 1}, adam[2], "the readout's multiplier does the rest");
        assertEquals(4, MUP.learningRateScale(Role.INPUT, true, 64, 512, false), "MuSGD: vector-like × m");
        assertEquals(4, MUP.learningRateScale(Role.INPUT, false, 64, 512, false));
        assertEquals(1, MUP.learningRateScale(Role.HIDDEN, true, 512, 512, false));
        assertEquals(0.5, MUP.learningRateScale(Role.HIDDEN, true, 512, 256, false), "m_out/m_in");
        assertEquals(4, MUP.learningRateScale(Role.HIDDEN, false, 512, 512, false));
        assertEquals(4, MUP.learningRateScale(Role.OUTPUT, true, 512, 10, false));
        assertEquals(1, MUP.learningRateScale(Role.OUTPUT, false, 512, 10, false), "the output bias does not grow");
        assertEquals(4, MUP.weightDecayScale(Role.HIDDEN, true, 512, 512, true));
        assertEquals(0.25, MUP.weightDecayScale(Role.INPUT, true, 64, 512, false));
        // the readout: weights and bias × √m at initialization, x × output_mult/m
        assertEquals(2, MUP.initStdScale(Role.OUTPUT, 512));
        assertEquals(0.5, MUP.forwardMultiplier(Role.OUTPUT, 512));
        assertEquals(1, MUP.forwardMultiplier(Role.HIDDEN, 512));
        assertEquals(1, MUP.initStdScale(Role.HIDDEN, 512));
        // which is Table 3: the effective readout W/m·output_mult starts at Var ∝ 1/fan_in² and moves at η/fan_in
        double effectiveVar = Math.pow(2 * 0.5 / 2, 2) / 512;
        assertEquals(128.0 / (512 * 512), effectiveVar, 1e-18);

        var ntk = Parameterization.of(Kind.NTK, 128);
        assertEquals(1, ntk.learningRateScale(Role.INPUT, true, 64, 512, false));
        assertEquals(0.25, ntk.learningRateScale(Role.HIDDEN, true, 512, 512, false));
        assertEquals(0.5, ntk.learningRateScale(Role.HIDDEN, true, 512, 512, true));
        assertEquals(0.25, ntk.learningRateScale(Role.OUTPUT, true, 512, 10, false));
        assertEquals(1, ntk.learningRateScale(Role.HIDDEN, false, 512, 512, false));
        assertEquals(1, ntk.forwardMultiplier(Role.OUTPUT, 512));
        for (Role r : Role.values()) {
            assertEquals(1, Parameterization.STANDARD.learningRateScale(r, true, 512, 512, true));
            assertEquals(1, Parameterization.STANDARD.learningRateScale(r, false, 512, 512, false));
        }
        var e = assertThrows(SpecException.class, () -> new Parameterization(Kind.NTK, 128, 2));
        assertEquals("output_multiplier", e.field());
    }

    static NetworkSpec net(Parameterization p, int width) {
        var hidden = new DenseSpec(width, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                DenseSpec.DEFAULT_BIAS, 2);
        return new NetworkSpec("p", 3, new InputSpec(64, 32, InputDistribution.NORMAL), List.of(hidden), p);
    }

    @Test
    void trainingAppliesTheMultiplierTheReadoutsScaleAndEachLearningRate() throws Exception {
        var sgd = OptimizerSpec.sgd(0.1);
        TrainSpec spec = TrainSpec.of(net(MUP, 512), DataSpec.of(DataSpec.Kind.DIGITS)).withOptimizer(sgd)
                .withOutputInit(InitSpec.of(Scheme.KAIMING_NORMAL)).withRecordEvery(1000);
        try (Trainer mup = Trainer.create(spec);
                Trainer sp = Trainer.create(spec.withParameterization(Parameterization.STANDARD))) {
            // per parameter: input W, b; hidden W, b; readout W, b
            assertArrayEquals(new double[] {4, 4, 1, 4, 4, 1}, mup.learningRateScales());
            assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, sp.learningRateScales());
            Mlp m = (Mlp) mup.net();
            Mlp s = (Mlp) sp.net();
            // the same draws, the readout's × √m = 2
            float[] wm = m.weight(2).data().asFloat();
            float[] ws = s.weight(2).data().asFloat();
            for (int i = 0; i < wm.length; i++) {
                assertEquals(2 * ws[i], wm[i], 1e-6 * Math.abs(ws[i]));
            }
            assertArrayEquals(s.weight(1).data().asFloat(), m.weight(1).data().asFloat());
            assertEquals(0.5, m.layers().get(2).multiplier());

            List<Net.Param> params = mup.net().params();
            double[][] before = params.stream().map(p -> p.value().clone()).toArray(double[][]::new);
            mup.step();
            // the step's logits are 0.5·(h·Wᵀ) + b of its own forward pass
            float[] h = mup.net().tensor(1, Quantity.ACTIVATIONS);
            float[] logits = mup.net().tensor(2, Quantity.ACTIVATIONS);
            int rows = h.length / 512;
            for (int r = 0; r < rows; r += 7) {
                for (int k = 0; k < 10; k++) {
                    double z = 0;
                    for (int j = 0; j < 512; j++) {
                        z += (double) h[r * 512 + j] * before[4][k * 512 + j];
                    }
                    double expected = 0.5 * z + before[5][k];
                    assertEquals(expected, logits[r * 10 + k], 2e-5 * (1 + Math.abs(expected)), "logit " + r + "," + k);
                }
            }
            double[] scales = {4, 4, 1, 4, 4, 1};
            for (int q = 0; q < params.size(); q++) {
                double[] after = params.get(q).value();
                double[] grad = params.get(q).grad();
                for (int i = 0; i < after.length; i += 97) {
                    double expected = before[q][i] - 0.1 * scales[q] * (grad[i] + 0.0 * before[q][i]);
                    assertEquals(expected, after[i], 0.0, "parameter " + q + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void theParameterizationIsSavedWithTheNetworkAndCheckedWithThePath() throws Exception {
        NetworkSpec spec = net(MUP, 256);
        String json = ConfigWriter.toJson(spec);
        assertTrue(json.contains("\"kind\" : \"mup\"") && json.contains("\"output_multiplier\" : 2"), json);
        assertEquals(spec.compressed(), ConfigReader.parse(json, "t"));
        assertTrue(!ConfigWriter.toJson(net(Parameterization.STANDARD, 16)).contains("parameterization"));
        assertEquals(Parameterization.of(Kind.NTK, 128), ConfigReader.parse("""
                {"input": {"features": 4}, "parameterization": "ntk", "layers": [{"units": 8}]}""", "t")
                .parameterization());
        var e = assertThrows(ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"features": 4}, "parameterization": {"kind": "mu"}, "layers": [{"units": 8}]}""", "p.json"));
        assertTrue(e.getMessage().contains("parameterization.kind") && e.getMessage().contains("did you mean"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"features": 4}, "parameterization": {"kind": "mup", "base_width": 0},
                 "layers": [{"units": 8}]}""", "p.json"));
        assertTrue(e.getMessage().contains("parameterization.base_width"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"channels": 1, "height": 8, "width": 8}, "parameterization": "mup",
                 "layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3}]}""", "p.json"));
        assertTrue(e.getMessage().contains("parameterization") && e.getMessage().contains("plain dense"),
                e.getMessage());
    }

    @Test
    void theInspectorSaysWhatItDoesWithTheNumbers() {
        var net = net(MUP, 512).resolve();
        String hidden = Explanations.parameterization(net, 1);
        assertTrue(hidden.contains("m_in = 4, m_out = 4") && hidden.contains("width^-1")
                && hidden.contains("× 0.25 with Adam"), hidden);
        String last = hidden;
        assertTrue(last.contains("× 2 (std)") && last.contains("× 0.5 in the forward pass"), last);
        String input = Explanations.parameterization(net, 0);
        assertTrue(input.contains("Table 3 wants Var[W] ∝ width^0; kaiming_normal gives Var = 0.03125, ∝ width^0 ✓"),
                input);
        // xavier on the input layer shrinks with the width: not what Table 3 asks
        var xavier = net.spec().withLayers(List.of(new DenseSpec(512, ActivationSpec.of(Activation.RELU),
                InitSpec.of(Scheme.XAVIER_NORMAL), DenseSpec.DEFAULT_BIAS, 2))).resolve();
        assertTrue(Explanations.parameterization(xavier, 0).contains("⚠"), Explanations.parameterization(xavier, 0));
    }
}
