package org.initscope.engine.train;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An optimizer with PyTorch's semantics: {@code sgd} (W −= lr·g), {@code momentum} (torch.optim.SGD with momentum:
 * buf = μ·buf + g, W −= lr·buf) and {@code adam} (torch.optim.Adam with bias correction). {@code l2} is PyTorch's
 * weight_decay: it adds l2·W to the gradient.
 */
public record OptimizerSpec(Kind kind, double learningRate, double momentum, double beta1, double beta2,
        double epsilon, double l2) {

    public enum Kind {
        SGD("sgd"), MOMENTUM("momentum"), ADAM("adam");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        @Override
        public String toString() {
            return id;
        }

        public static List<String> ids() {
            return Arrays.stream(values()).map(Kind::id).toList();
        }

        public static Optional<Kind> byId(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
        }
    }

    public OptimizerSpec {
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("the learning rate must be in (0, 10], got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("momentum and betas must be in [0, 1)");
        }
        if (!(l2 >= 0 && l2 <= 1)) {
            throw new IllegalArgumentException("L2 must be in [0, 1], got " + l2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0");
        }
    }

    public static OptimizerSpec adam(double lr) {
        return new OptimizerSpec(Kind.ADAM, lr, 0.9, 0.9, 0.999, 1e-8, 0);
    }

    public static OptimizerSpec sgd(double lr) {
        return new OptimizerSpec(Kind.SGD, lr, 0.9, 0.9, 0.999, 1e-8, 0);
    }

    public static OptimizerSpec of(Kind kind, double lr) {
        return new OptimizerSpec(kind, lr, 0.9, 0.9, 0.999, 1e-8, 0);
    }

    public OptimizerSpec withKind(Kind k) {
        return new OptimizerSpec(k, learningRate, momentum, beta1, beta2, epsilon, l2);
    }

    public OptimizerSpec withLearningRate(double lr) {
        return new OptimizerSpec(kind, lr, momentum, beta1, beta2, epsilon, l2);
    }

    public OptimizerSpec withL2(double v) {
        return new OptimizerSpec(kind, learningRate, momentum, beta1, beta2, epsilon, v);
    }
}
