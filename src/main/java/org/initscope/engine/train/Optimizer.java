package org.initscope.engine.train;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Parameter updates with PyTorch's formulas, on heap copies of the parameters (a step of a small network is
 * dozens of tiny tensors: one native ND4J op each would cost more than the arithmetic). State — momentum buffers,
 * Adam's moments — is kept per parameter and survives a change of learning rate; switching the kind starts it
 * afresh, as a new torch.optim optimizer would.
 */
final class Optimizer {
    private OptimizerSpec spec;
    // by identity: one entry per parameter array
    private final Map<double[], double[][]> state = new IdentityHashMap<>();
    private long t;

    Optimizer(OptimizerSpec spec) {
        this.spec = spec;
    }

    OptimizerSpec spec() {
        return spec;
    }

    void setSpec(OptimizerSpec next) {
        if (next.kind() != spec.kind()) {
            state.clear();
            t = 0;
        }
        spec = next;
    }

    /** Called once per step, before the parameters are updated. */
    void beginStep() {
        t++;
    }

    /** param −= update(grad); {@code decay} applies L2 (PyTorch's weight_decay) to weights, not to biases. */
    void update(double[] param, double[] grad, boolean decay) {
        update(param, grad, decay, 1);
    }

    /** The same at {@code lrScale} × the learning rate (a parametrization's per-layer rate; 1 in SP). */
    void update(double[] param, double[] grad, boolean decay, double lrScale) {
        update(param, grad, decay, lrScale, 1);
    }

    /** The same with {@code l2Scale} × the weight decay too (μP scales it against the learning rate, as mup). */
    void update(double[] param, double[] grad, boolean decay, double lrScale, double l2Scale) {
        double l2 = decay ? spec.l2() * l2Scale : 0;
        double lr = spec.learningRate() * lrScale;
        int n = param.length;
        switch (spec.kind()) {
            case SGD -> {
                for (int i = 0; i < n; i++) {
                    param[i] -= lr * (grad[i] + l2 * param[i]);
                }
            }
            case MOMENTUM -> {
                double[][] s = state.get(param);
                double mu = spec.momentum();
                if (s == null) {
                    // torch.optim.SGD: the buffer starts as the first gradient, then buf = μ·buf + g
                    double[] buf = new double[n];
                    for (int i = 0; i < n; i++) {
                        buf[i] = grad[i] + l2 * param[i];
                    }
                    state.put(param, new double[][] {buf});
                    for (int i = 0; i < n; i++) {
                        param[i] -= lr * buf[i];
                    }
                } else {
                    double[] buf = s[0];
                    for (int i = 0; i < n; i++) {
                        buf[i] = mu * buf[i] + grad[i] + l2 * param[i];
                        param[i] -= lr * buf[i];
                    }
                }
            }
            case ADAM -> {
                double[][] s = state.computeIfAbsent(param, p -> new double[][] {new double[n], new double[n]});
                double[] m = s[0];
                double[] v = s[1];
                double b1 = spec.beta1();
                double b2 = spec.beta2();
                double c1 = 1 - Math.pow(b1, t);
                double c2 = 1 - Math.pow(b2, t);
                double eps = spec.epsilon();
                for (int i = 0; i < n; i++) {
                    double g = grad[i] + l2 * param[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    param[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
                }
            }
        }
    }
}
