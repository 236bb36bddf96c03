package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.initscope.config.ConfigReader;
import org.initscope.config.ConfigWriter;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Branch;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkEdits;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Residual;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Sampling;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.junit.jupiter.api.Test;

/**
 * ReZero / SkipInit (α = 0, learned) and Fixup (Zhang et al. 2019) on residual dense networks: the numbers each
 * rule gives, what the engine draws, and that a ReZero network is exactly the identity at initialization.
 */
class ResidualInitTest {

    /** A first He layer, then {@code blocks} branches of {@code m} layers: ReLU ones and a linear one closing each. */
    static NetworkSpec fixupNet(int width, int blocks, int m) {
        var layers = new ArrayList<LayerSpec>();
        layers.add(new DenseSpec(width, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                DenseSpec.DEFAULT_BIAS, 1));
        for (int b = 0; b < blocks; b++) {
            for (int i = 1; i < m; i++) {
                layers.add(new DenseSpec(width, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                        DenseSpec.DEFAULT_BIAS, 1));
            }
            layers.add(new DenseSpec(width, ActivationSpec.of(Activation.LINEAR), InitSpec.of(Scheme.KAIMING_NORMAL),
                    DenseSpec.DEFAULT_BIAS, 1.0, Residual.fixed(1.0).withBranch(m), 1));
        }
        return NetworkEdits.fixup(new NetworkSpec("fixup", 3, new InputSpec(width, 256, InputDistribution.NORMAL),
                layers));
    }

    @Test
    void fixupScalesTheOtherBranchLayersByLToTheMinusOneOverTwoMMinusTwo() {
        // 16 branches of 2 layers: He std √2/√64, × 16^(−1/2) = 1/4
        ResolvedNetwork net = fixupNet(64, 16, 2).resolve();
        assertEquals(33, net.depth());
        ResolvedLayer first = net.layers().get(0);
        assertEquals(null, first.branch());
        assertEquals(Math.sqrt(2) / 8, first.weight().std(), 1e-15, "outside the branches: He, unscaled");
        for (int b = 0; b < 16; b++) {
            ResolvedLayer inner = net.layers().get(1 + 2 * b);
            ResolvedLayer last = net.layers().get(2 + 2 * b);
            assertEquals(new Branch(b + 1, 16, 2, 1, 1 + 2 * b), inner.branch());
            assertEquals(new Branch(b + 1, 16, 2, 2, 1 + 2 * b), last.branch());
            assertEquals(Math.sqrt(2) / 8 * 0.25, inner.weight().std(), 1e-15);
            assertEquals(new Sampling.Normal(0, Math.sqrt(2) / 8 * 0.25), inner.weight().sampling());
            assertEquals(new Sampling.Constant(0.0), last.weight().sampling(), "rule 1: the last layer starts at 0");
            assertEquals(0.0, last.weight().std());
            // rule 3: the scalar biases and the multiplier, with their starting values
            assertEquals(List.of("weight", "bias", "bias_a", "bias_b"), inner.params().stream()
                    .map(p -> p.name()).toList());
            assertEquals(List.of("weight", "bias", "alpha", "bias_a", "bias_b"), last.params().stream()
                    .map(p -> p.name()).toList());
            assertEquals(new Sampling.Constant(1.0), last.param("alpha").init().sampling());
            assertEquals(new Sampling.Constant(0.0), last.param("bias_b").init().sampling());
        }
        String formula = net.layers().get(1).weight().formula();
        assertTrue(formula.contains("1.414/√64 = 0.1768") && formula.contains("16^(−1/2) = 0.25 ")
                && formula.endsWith("std = 0.04419"), formula);

        // 4 branches of 3 layers: × 4^(−1/4) = 1/√2 on both ReLU layers of each branch
        ResolvedNetwork three = fixupNet(64, 4, 3).resolve();
        for (int b = 0; b < 4; b++) {
            for (int i = 0; i < 2; i++) {
                assertEquals(Math.sqrt(2) / 8 / Math.sqrt(2), three.layers().get(1 + 3 * b + i).weight().std(), 1e-15);
            }
            assertEquals(0.0, three.layers().get(3 + 3 * b).weight().std());
        }
        assertEquals(Math.pow(4, -0.25), three.layers().get(1).branch().fixupFactor(), 1e-15);
    }

    @Test
    void theEngineDrawsFixupsNumbersAndEveryBlockStartsAsTheIdentity() {
        ResolvedNetwork net = fixupNet(64, 16, 2).resolve();
        try (Propagator engine = new Propagator()) {
            PropagationResult r = engine.run(net);
            // 4096 entries: the std's relative standard error is 1/√8192 ≈ 1.1 %; 4 % is 3.6 of them
            TensorStats inner = r.layers().get(5).parameters().get("weight");
            assertEquals(Math.sqrt(2) / 8 * 0.25, inner.std(), 0.04 * Math.sqrt(2) / 8 * 0.25);
            TensorStats zero = r.layers().get(6).parameters().get("weight");
            assertEquals(0.0, zero.min());
            assertEquals(0.0, zero.max());
            assertEquals(1.0, r.layers().get(6).parameters().get("alpha").mean());
            assertEquals(0.0, r.layers().get(6).parameters().get("bias_b").max());
            // a' = x + 1·(0·h + 0) + 0 = x exactly: every block's output is layer 1's
            TensorStats start = r.layers().get(0).get(Quantity.ACTIVATIONS);
            for (int b = 0; b < 16; b++) {
                TensorStats out = r.layers().get(2 + 2 * b).get(Quantity.ACTIVATIONS);
                assertEquals(start.mean(), out.mean(), 0.0);
                assertEquals(start.var(), out.var(), 0.0);
            }
            // the variance recursion knows the blocks: predicted Var of each block's output = layer 1's
            double predicted = r.layers().get(0).predicted().activationVar();
            assertEquals(predicted, r.layers().get(32).predicted().activationVar(), 1e-12 * predicted);
        }
    }

    static NetworkSpec rezeroNet(Residual residual, int width, int depth) {
        var block = new DenseSpec(width, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL, "gain",
                "auto"), InitSpec.of(Scheme.NORMAL, "std", 0.5), 1.0, residual, depth);
        return new NetworkSpec("rezero", 9, new InputSpec(width, 16, InputDistribution.NORMAL), List.of(block));
    }

    /** The "Must show": ReZero's input–output Jacobian is exactly I at initialization. */
    @Test
    void reZerosInputOutputJacobianIsExactlyTheIdentity() {
        int n = 24;
        ResolvedNetwork net = rezeroNet(Residual.rezero(1), n, 12).resolve();
        try (Propagator engine = new Propagator()) {
            for (int row : new int[] {0, 7}) {
                float[] j = engine.jacobian(net, row, () -> false);
                assertEquals(n * n, j.length);
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        assertEquals(a == b ? 1f : 0f, j[a * n + b], "J[" + a + "][" + b + "] at example " + row);
                    }
                }
            }
            engine.run(net);
            for (double s : engine.jacobianSingularValues(net, 0, () -> false)) {
                assertEquals(1.0, s, 1e-6);
            }
            // the same blocks with a fixed α = 0.5 are far from the identity, and a ReZero branch of two layers is
            // the identity too
            float[] half = engine.jacobian(rezeroNet(Residual.fixed(0.5), n, 12).resolve(), 0, () -> false);
            double off = 0;
            for (int a = 0; a < n * n; a++) {
                off = Math.max(off, Math.abs(half[a] - (a % (n + 1) == 0 ? 1 : 0)));
            }
            assertTrue(off > 0.1, "max |J − I| with α = 0.5: " + off);
            var two = new ArrayList<LayerSpec>();
            for (int b = 0; b < 4; b++) {
                two.add(new DenseSpec(n, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                        DenseSpec.DEFAULT_BIAS, 1));
                two.add(new DenseSpec(n, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.KAIMING_NORMAL),
                        DenseSpec.DEFAULT_BIAS, 1.0, Residual.rezero(2), 1));
            }
            float[] j2 = engine.jacobian(rezeroNet(null, n, 1).withLayers(two).resolve(), 3, () -> false);
            for (int a = 0; a < n * n; a++) {
                assertEquals(a % (n + 1) == 0 ? 1f : 0f, j2[a]);
            }
        }
    }

    @Test
    void branchesAreCheckedWithTheLayerAndTheReason() {
        var relu = new DenseSpec(8, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                DenseSpec.DEFAULT_BIAS, 1);
        var closing = relu.withResidual(Residual.rezero(3));
        var in = new InputSpec(8, 4, InputDistribution.NORMAL);
        var tooLong = new NetworkSpec("n", 1, in, List.of(relu, closing));
        var e = assertThrows(SpecException.class, tooLong::resolve);
        assertEquals("layers[1].residual.branch", e.field());
        assertTrue(e.getMessage().contains("closes a residual branch of 3 layers, but only 2 layer(s) lead up to it"),
                e.getMessage());
        var nested = new NetworkSpec("n", 1, in, List.of(relu, relu.withResidual(Residual.fixed(1)), closing));
        e = assertThrows(SpecException.class, nested::resolve);
        assertTrue(e.getMessage().contains("layer 2 closes a branch of its own: branches do not nest or overlap"),
                e.getMessage());
        var wider = new NetworkSpec("n", 1, in, List.of(relu.withUnits(16), relu.withUnits(16),
                relu.withUnits(16).withResidual(Residual.fixed(1).withBranch(3))));
        e = assertThrows(SpecException.class, wider::resolve);
        assertEquals("layers[2].residual", e.field());
        assertTrue(e.getMessage().contains("must equal what enters the branch's first layer, layer 1 (8)"),
                e.getMessage());
        assertThrows(SpecException.class, () -> Residual.fixed(1).withBranch(Residual.MAX_BRANCH + 1));
        assertThrows(SpecException.class, () -> NetworkEdits.rezero(new NetworkSpec("n", 1, in, List.of(relu))));
    }

    @Test
    void residualsAreSavedAndReadBack() throws Exception {
        NetworkSpec spec = fixupNet(16, 3, 2);
        NetworkSpec back = ConfigReader.parse(ConfigWriter.toJson(spec), "t");
        assertEquals(spec.compressed(), back);
        String json = ConfigWriter.toJson(rezeroNet(Residual.rezero(1), 8, 3));
        assertTrue(json.contains("\"residual\" : {\n") && json.contains("\"alpha\" : 0,")
                && json.contains("\"learned\" : true"), json);
        assertTrue(ConfigWriter.toJson(rezeroNet(Residual.fixed(0.5), 8, 3)).contains("\"residual\" : 0.5"));
        var err = assertThrows(org.initscope.config.ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"features": 4}, "layers": [{"units": 4, "residual": {"alpha": 0, "learnt": true}}]}""",
                "r.json"));
        assertTrue(err.getMessage().contains("layers[0].residual.learnt") && err.getMessage().contains("learned"),
                err.getMessage());
        err = assertThrows(org.initscope.config.ConfigException.class, () -> ConfigReader.parse("""
                {"input": {"features": 4}, "layers": [{"units": 4, "residual": {"alpha": 0, "learned": "yes"}}]}""",
                "r.json"));
        assertTrue(err.getMessage().contains("layers[0].residual.learned"), err.getMessage());
        // the old forms still read: a number α (0: plain) and true/false
        NetworkSpec old = ConfigReader.parse("""
                {"input": {"features": 4}, "layers": [{"units": 4, "residual": 0}, {"units": 4, "residual": true}]}""",
                "old.json");
        assertEquals(null, ((DenseSpec) old.layers().get(0)).residual());
        assertEquals(Residual.fixed(1), ((DenseSpec) old.layers().get(1)).residual());
    }
}
