package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.initscope.config.ConfigReader;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.layers.Module;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The training backward pass of every layer type against central finite differences of the training loss itself
 * (softmax cross-entropy or mean squared error with PyTorch's mean reduction), through the whole network the
 * {@link Trainer} builds ({@link ModuleNet}), in training mode: BatchNorm normalizes with the batch's statistics, so
 * its gradient must include the paths through the batch mean and variance.
 *
 * <p>Tolerance: the forward pass is float32 and the loss a mean of O(1) terms, so its rounding error is ~3e-7 and
 * the central difference with ε = 5e-3 carries ~3e-5 of noise plus an O(ε²) truncation error (~1e-5 for the
 * curvature of tanh, sigmoid and softmax). A gradient is accepted within 1e-4 + 1e-2·|g| + 2e-3·max|g| of its
 * tensor: a wrong term (a missing path through the batch statistics, a transposed index, a step of BPTT dropped)
 * changes entries by a sizeable fraction of max|g|. Smooth activations keep kinks away; max pooling sees continuous
 * random values whose gaps are far wider than what ε moves them.
 */
class TrainGradientTest {
    private static final double EPS = 5e-3;

    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    @Test
    void convWithStridePaddingGroupsBatchNormPoolFlattenResidualAndLayerNorm() throws Exception {
        check("""
                {"seed": 3, "input": {"channels": 2, "height": 6, "width": 6, "batch": 4},
                 "layers": [
                  {"type": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1, "activation": "tanh",
                   "init": {"scheme": "xavier_normal", "gain": 1}, "bias": {"scheme": "normal", "mean": 0, "std": 0.3}},
                  {"type": "batchnorm"},
                  {"type": "maxpool2d", "kernel_size": 2},
                  {"type": "conv2d", "out_channels": 4, "kernel_size": 2, "stride": 2, "padding": 1, "groups": 2,
                   "activation": "sigmoid", "init": {"scheme": "kaiming_uniform", "a": 0, "mode": "fan_in",
                   "nonlinearity": "relu"}, "bias": {"scheme": "uniform", "a": -0.2, "b": 0.2}},
                  {"type": "flatten"},
                  {"type": "batchnorm"},
                  {"type": "dense", "units": 16, "activation": "tanh", "residual": 0.7,
                   "init": {"scheme": "xavier_normal", "gain": 1}, "bias": {"scheme": "normal", "mean": 0, "std": 0.3}},
                  {"type": "layernorm"},
                  {"type": "dense", "units": 3, "init": {"scheme": "xavier_normal", "gain": 1}}]}""", 3, 1);
    }

    @Test
    void batchNormOnVectorsInTrainingMode() throws Exception {
        check("""
                {"seed": 5, "input": {"features": 5, "batch": 6},
                 "layers": [
                  {"type": "dense", "units": 6, "activation": "tanh", "init": {"scheme": "xavier_normal", "gain": 1},
                   "bias": {"scheme": "normal", "mean": 0, "std": 0.5}},
                  {"type": "batchnorm"},
                  {"type": "dense", "units": 6, "activation": "sigmoid", "init": {"scheme": "xavier_normal", "gain": 2}},
                  {"type": "batchnorm"},
                  {"type": "dense", "units": 2, "init": {"scheme": "xavier_normal", "gain": 1}}]}""", 0, 0);
    }

    @Test
    void rnnTanhAndReluThroughTime() throws Exception {
        check("""
                {"seed": 13, "input": {"features": 3, "sequence_length": 20, "batch": 3},
                 "layers": [
                  {"type": "rnn", "hidden_size": 5, "nonlinearity": "tanh",
                   "weight_hh": {"scheme": "orthogonal", "gain": 1}},
                  {"type": "rnn", "hidden_size": 4, "nonlinearity": "relu",
                   "weight_hh": {"scheme": "normal", "mean": 0, "std": 0.3},
                   "bias": {"scheme": "normal", "mean": 0, "std": 0.5}},
                  {"type": "dense", "units": 2, "init": {"scheme": "xavier_normal", "gain": 1}}]}""", 0, 0);
    }

    /**
     * BPTT through 24 steps: besides every parameter, the gradient reaching the input at the first two steps, which
     * only arrives through all 24 steps of the recurrence (the loss reads h_T alone).
     */
    @Test
    void lstmFullBackpropagationThroughTwentyFourSteps() throws Exception {
        ModuleNet net = check("""
                {"seed": 11, "input": {"features": 2, "sequence_length": 24, "batch": 3},
                 "layers": [
                  {"type": "lstm", "hidden_size": 6, "defaults": "keras"},
                  {"type": "dense", "units": 1, "init": {"scheme": "xavier_normal", "gain": 1}}]}""", 0, 2);
        assertTrue(net.layerCount() == 2);
    }

    /** The copy task's output: several softmax answers per example, the loss their mean. */
    @Test
    void lstmWithSeveralAnswersPerExample() throws Exception {
        check("""
                {"seed": 17, "input": {"features": 3, "sequence_length": 20, "batch": 3},
                 "layers": [
                  {"type": "lstm", "hidden_size": 5, "weight_ih": {"scheme": "xavier_normal", "gain": 1},
                   "weight_hh": {"scheme": "orthogonal", "gain": 1}, "bias": {"scheme": "normal", "mean": 0, "std": 0.5},
                   "forget_bias": 1},
                  {"type": "dense", "units": 8, "init": {"scheme": "xavier_normal", "gain": 2}}]}""", 4, 0);
    }

    // ---- the check ----

    /**
     * @param classes classes per answer (0: regression on every output)
     * @param inputSteps for a sequence input, check ∂L/∂x at the first this many steps of the first example
     */
    private static ModuleNet check(String json, int classes, int inputSteps) throws Exception {
        ResolvedNetwork resolved = ConfigReader.parse(json, "test").resolve();
        var net = new ModuleNet(resolved, classes);
        net.keepInputGradient();
        int rows = resolved.input().batch();
        var random = new SplittableRandom(resolved.seed() * 31 + 1);
        float[] x = new float[(int) resolved.input().values()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int outputs = resolved.layers().get(resolved.depth() - 1).units();
        int[] labels = null;
        float[] targets = null;
        if (classes > 0) {
            labels = new int[rows * outputs / classes];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(classes);
            }
        } else {
            targets = new float[rows * outputs];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = (float) random.nextGaussian();
            }
        }
        int[] lab = labels;
        float[] tg = targets;
        net.pass(x, rows, lab, tg, true, Module.Mode.TRAIN);
        var analytic = new ArrayList<Map.Entry<String, float[]>>();
        for (int l = 0; l < net.layerCount(); l++) {
            for (var e : net.module(l).parameterGradients().entrySet()) {
                analytic.add(Map.entry(l + "." + e.getKey(), e.getValue().clone()));
            }
        }
        float[] dx = net.inputGradient().clone();
        Loss loss = () -> net.pass(x, rows, lab, tg, false, Module.Mode.TRAIN);
        var failures = new ArrayList<String>();
        int checked = 0;
        int k = 0;
        for (int l = 0; l < net.layerCount(); l++) {
            for (var e : net.module(l).parameters().entrySet()) {
                var a = analytic.get(k++);
                assertEquals(l + "." + e.getKey(), a.getKey());
                checked += compare(a.getKey(), e.getValue(), a.getValue(), indices(e.getValue().length, random),
                        loss, failures);
            }
        }
        if (inputSteps > 0) {
            int perStep = resolved.input().features();
            int[] early = new int[inputSteps * perStep];
            for (int i = 0; i < early.length; i++) {
                early[i] = i;
            }
            double max = 0;
            for (int i : early) {
                max = Math.max(max, Math.abs(dx[i]));
            }
            assertTrue(max > 1e-4, "the gradient reaches the first steps: max |∂L/∂x| there " + max);
            checked += compare("input (first steps)", x, dx, early, loss, failures);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(checked >= 30, "checked " + checked + " coordinates");
        return net;
    }

    private interface Loss {
        double value();
    }

    private static int[] indices(int n, SplittableRandom random) {
        int k = Math.min(10, n);
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = n <= 10 ? i : random.nextInt(n);
        }
        return idx;
    }

    /** Central differences of the loss at the given coordinates of {@code target} (perturbed in place). */
    private static int compare(String name, float[] target, float[] grad, int[] idx, Loss loss, List<String> failures) {
        double scale = 0;
        for (float v : grad) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i : idx) {
            float keep = target[i];
            target[i] = (float) (keep + EPS);
            double plus = loss.value();
            target[i] = (float) (keep - EPS);
            double minus = loss.value();
            target[i] = keep;
            double fd = (plus - minus) / (2 * EPS);
            double tol = 1e-4 + 1e-2 * Math.abs(fd) + 2e-3 * scale;
            if (!(Math.abs(fd - grad[i]) <= tol)) {
                failures.add(name + "[" + i + "]: finite difference " + fd + ", backward " + grad[i]);
            }
        }
        return idx.length;
    }
}
