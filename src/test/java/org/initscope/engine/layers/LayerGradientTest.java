package org.initscope.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.initscope.config.ConfigReader;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.Sampler;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every module's backward pass against central finite differences of its own forward pass, for the input and for
 * every parameter: L = Σ c ⊙ out with fixed random c, so ∂L/∂out = c.
 *
 * <p>Tolerance: the forward pass is float; the loss is summed in double, so its rounding error is about
 * √(outputs)·6e-8·|out| ≈ 1e-6 and the central difference with ε = 4e-3 carries ≈ 1e-6/(2ε) ≈ 2.5e-4 of noise
 * plus an O(ε²) truncation error (≈ 1e-5 for tanh/sigmoid curvature). A gradient is accepted within
 * 2e-3 + 1e-2·|g| — far below the error of any wrong term (a missing factor or a transposed index changes
 * entries by O(|g|)). Smooth activations are used so that no kink lies within ε; max pooling's windows hold
 * continuous random values, whose gaps are far wider than the ε·|W| an input perturbation moves them.
 */
class LayerGradientTest {
    private static final double EPS = 4e-3;

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    @Test
    void convWithStridePaddingGroupsPoolAndFlatten() throws Exception {
        check("""
                {"seed": 3, "input": {"channels": 2, "height": 7, "width": 6, "batch": 3},
                 "layers": [
                  {"type": "conv2d", "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1,
                   "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1},
                   "bias": {"scheme": "normal", "mean": 0, "std": 0.3}},
                  {"type": "conv2d", "out_channels": 4, "kernel_size": [2, 1], "groups": 2, "padding": [1, 0],
                   "activation": "sigmoid", "init": {"scheme": "kaiming_uniform", "a": 0, "mode": "fan_in",
                   "nonlinearity": "relu"}, "bias": {"scheme": "uniform", "a": -0.2, "b": 0.2}},
                  {"type": "flatten"},
                  {"type": "dense", "units": 3, "activation": "tanh",
                   "init": {"scheme": "xavier_normal", "gain": 1}}]}""");
    }

    /** Pooling straight on the random input: the windows' gaps are far wider than ε, so no maximum changes. */
    @Test
    void maxPoolRoutesTheGradientToEachWindowsMaximum() throws Exception {
        check("""
                {"seed": 4, "input": {"channels": 2, "height": 6, "width": 5, "batch": 2},
                 "layers": [
                  {"type": "maxpool2d", "kernel_size": 2},
                  {"type": "maxpool2d", "kernel_size": 2, "stride": 1},
                  {"type": "flatten"},
                  {"type": "dense", "units": 3, "activation": "tanh",
                   "init": {"scheme": "xavier_normal", "gain": 1}}]}""");
    }

    @Test
    void batchNormLayerNormAndResidualDense() throws Exception {
        check("""
                {"seed": 5, "input": {"features": 6, "batch": 5},
                 "layers": [
                  {"type": "dense", "units": 5, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1},
                   "bias": {"scheme": "normal", "mean": 0, "std": 0.5}},
                  {"type": "batchnorm"},
                  {"type": "dense", "units": 5, "activation": "tanh", "residual": 0.5,
                   "init": {"scheme": "xavier_normal", "gain": 1}, "bias": {"scheme": "normal", "mean": 0, "std": 0.3}},
                  {"type": "layernorm"},
                  {"type": "dense", "units": 4, "activation": "sigmoid",
                   "init": {"scheme": "xavier_uniform", "gain": 1}}]}""");
    }

    /**
     * Residual branches of one and two layers with learned α (its gradient Σ ∂L/∂a'·φ(z)), the skip of a longer
     * branch carrying ∂L/∂a' back to the branch's input, and Fixup's scalar biases before the weight and before the
     * activation (after α in the closing layer). Fixup's zero layers and zero scalars are set to random values
     * first, so that no gradient is trivially 0.
     */
    @Test
    void residualBranchesLearnedAlphaAndFixupScalars() throws Exception {
        check("""
                {"seed": 6, "input": {"features": 5, "batch": 4},
                 "layers": [
                  {"type": "dense", "units": 5, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1}},
                  {"type": "dense", "units": 5, "activation": "tanh", "init": "fixup"},
                  {"type": "dense", "units": 5, "activation": "sigmoid", "init": "fixup",
                   "residual": {"alpha": 1, "learned": true, "branch": 2}},
                  {"type": "dense", "units": 5, "activation": "sigmoid", "init": {"scheme": "xavier_normal", "gain": 1}},
                  {"type": "dense", "units": 5, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1}},
                  {"type": "dense", "units": 5, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1},
                   "residual": {"alpha": 0.6, "learned": true, "branch": 3}},
                  {"type": "dense", "units": 5, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1},
                   "residual": {"alpha": 0.4, "learned": true}},
                  {"type": "dense", "units": 3, "activation": "tanh",
                   "init": {"scheme": "xavier_normal", "gain": 1}}]}""");
    }

    @Test
    void batchNormOverImageChannels() throws Exception {
        check("""
                {"seed": 9, "input": {"channels": 2, "height": 4, "width": 4, "batch": 3},
                 "layers": [
                  {"type": "conv2d", "out_channels": 3, "kernel_size": 3, "padding": 1, "activation": "tanh",
                   "init": {"scheme": "xavier_normal", "gain": 1}},
                  {"type": "batchnorm"},
                  {"type": "layernorm"},
                  {"type": "flatten"},
                  {"type": "dense", "units": 2, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1}}]}""");
    }

    @Test
    void lstmBackpropagationThroughTime() throws Exception {
        check("""
                {"seed": 11, "input": {"features": 3, "sequence_length": 6, "batch": 2},
                 "layers": [
                  {"type": "lstm", "hidden_size": 4, "weight_ih": {"scheme": "xavier_normal", "gain": 1},
                   "weight_hh": {"scheme": "orthogonal", "gain": 1}, "per_gate": true,
                   "bias": {"scheme": "normal", "mean": 0, "std": 0.5}},
                  {"type": "lstm", "hidden_size": 3, "defaults": "keras"},
                  {"type": "dense", "units": 2, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1}}]}""");
    }

    @Test
    void rnnBackpropagationThroughTime() throws Exception {
        check("""
                {"seed": 13, "input": {"features": 3, "sequence_length": 7, "batch": 3},
                 "layers": [
                  {"type": "rnn", "hidden_size": 5, "nonlinearity": "tanh",
                   "weight_hh": {"scheme": "normal", "mean": 0, "std": 0.5}}]}""");
    }

    // ---- the check ----

    private static void check(String json) throws Exception {
        ResolvedNetwork net = ConfigReader.parse(json, "test").resolve();
        int batch = net.input().batch();
        var modules = new ArrayList<Module>();
        Sampler sampler = new Sampler();
        var random = new SplittableRandom(net.seed());
        for (ResolvedLayer l : net.layers()) {
            Module m = Module.of(l);
            m.sample(sampler, net.seed());
            modules.add(m);
            for (float[] p : m.parameters().values()) {
                boolean zero = true;
                for (float v : p) {
                    zero &= v == 0f;
                }
                for (int i = 0; zero && i < p.length; i++) {
                    p[i] = (float) (0.3 * random.nextGaussian());
                }
            }
        }
        float[] x = new float[(int) net.input().values()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] out = forward(modules, x, batch);
        float[] c = new float[out.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) random.nextGaussian();
        }
        float[] dx = Module.backward(modules, c, batch, () -> false);
        // copies: a later forward pass may replace the arrays
        var analytic = new ArrayList<Map.Entry<String, float[]>>();
        for (int l = 0; l < modules.size(); l++) {
            for (var e : modules.get(l).parameterGradients().entrySet()) {
                analytic.add(Map.entry(l + "." + e.getKey(), e.getValue().clone()));
            }
        }
        int checked = 0;
        checked += compare("input", x, dx.clone(), modules, x, c, batch, random);
        int k = 0;
        for (int l = 0; l < modules.size(); l++) {
            for (var e : modules.get(l).parameters().entrySet()) {
                var a = analytic.get(k++);
                assertEquals(l + "." + e.getKey(), a.getKey());
                checked += compare(a.getKey(), e.getValue(), a.getValue(), modules, x, c, batch, random);
            }
        }
        assertTrue(checked >= 20, "checked " + checked + " coordinates");
    }

    /** Central differences of L at up to 12 random coordinates of {@code target} (perturbed in place). */
    private static int compare(String name, float[] target, float[] grad, List<Module> modules, float[] x,
            float[] c, int batch, SplittableRandom random) {
        double scale = 0;
        for (float v : grad) {
            scale = Math.max(scale, Math.abs(v));
        }
        int n = Math.min(12, target.length);
        for (int s = 0; s < n; s++) {
            int i = target.length <= 12 ? s : random.nextInt(target.length);
            float keep = target[i];
            target[i] = (float) (keep + EPS);
            double plus = loss(forward(modules, x, batch), c);
            target[i] = (float) (keep - EPS);
            double minus = loss(forward(modules, x, batch), c);
            target[i] = keep;
            double fd = (plus - minus) / (2 * EPS);
            double tol = 2e-3 + 1e-2 * Math.abs(fd) + 1e-3 * scale;
            assertEquals(fd, grad[i], tol, name + "[" + i + "]: finite difference " + fd + ", backward " + grad[i]);
        }
        return n;
    }

    private static float[] forward(List<Module> modules, float[] x, int batch) {
        return Module.forward(modules, x, batch, () -> false);
    }

    private static double loss(float[] out, float[] c) {
        double s = 0;
        for (int i = 0; i < out.length; i++) {
            s += (double) out[i] * c[i];
        }
        return s;
    }
}
