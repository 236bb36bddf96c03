package org.initscope.engine.sweep;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One number a sweep measures in every run of every cell, e.g. the end-to-end std ratio of the activations, χ₁
 * measured, the test accuracy after the training, or (coordinate check) the mean |z| of layer 2 at step 3.
 *
 * @param kind  what is measured
 * @param layer the layer of a per-layer measure (1-based; the output layer of the training is the last), 0 otherwise
 * @param step  the training step of a per-step measure (1 = the forward pass of the first step, before any update, as
 *              in mup's coord_check), 0 otherwise
 */
public record Measure(Kind kind, int layer, int step) {

    /** What a measure is about. */
    public enum Kind {
        ACTIVATION_STD_RATIO("activation_std_ratio", "activation std ratio", "std(a_L)/std(a_1): the activations' "
                + "std at the last layer over that at the first", true, Group.INIT),
        GRADIENT_STD_RATIO("gradient_std_ratio", "gradient std ratio", "std(∂L/∂z_1)/std(∂L/∂z_L): the gradients' std "
                + "at the first layer over that at the last", true, Group.INIT),
        CHI1("chi1", "χ₁ measured", "χ₁ measured: the geometric mean of Var[∂L/∂a_{l−1}]/Var[∂L/∂a_l] over the deeper "
                + "half of the layers (l > L/2), where the length has nearly reached q*", true, Group.INIT),
        LAST_STD("last_std", "std(a_L)", "the std of the activations at the last layer", true, Group.INIT),
        DEAD_FRACTION("dead_fraction", "dead fraction", "the fraction of dead units (0 for every example), mean over "
                + "the layers", false, Group.INIT),
        SATURATED_FRACTION("saturated_fraction", "saturated fraction", "the fraction of saturated activations "
                + "(|tanh| > 0.97, sigmoid outside [0.03, 0.97]), mean over the layers", false, Group.INIT),
        JACOBIAN_MEAN_S2("jacobian_mean_s2", "Jacobian mean s²", "the mean of the squared singular values s² of the "
                + "input–output Jacobian ∂a_L/∂x at one example", true, Group.JACOBIAN),
        JACOBIAN_VAR_S2("jacobian_var_s2", "Jacobian var s²", "the variance of the squared singular values s² of the "
                + "input–output Jacobian at one example, divided by (mean s²)²: 0 for an isometry", false,
                Group.JACOBIAN),
        TRAIN_LOSS("train_loss", "train loss", "the training loss after the training", false, Group.TRAINING),
        TEST_LOSS("test_loss", "test loss", "the test loss after the training", false, Group.TRAINING),
        TRAIN_ACCURACY("train_accuracy", "train accuracy", "the training accuracy after the training", false,
                Group.TRAINING),
        TEST_ACCURACY("test_accuracy", "test accuracy", "the test accuracy after the training", false,
                Group.TRAINING),
        STEPS_TO_CRITERION("steps_to_criterion", "steps to criterion", "the optimizer steps until the training loss "
                + "first falls to the criterion (NaN when it does not within the steps)", true, Group.CRITERION),
        EPOCHS_TO_CRITERION("epochs_to_criterion", "epochs to criterion", "the same in epochs (steps × batch / "
                + "training examples)", true, Group.CRITERION),
        COORDINATE("coord", "mean |z|", "the mean absolute value of a layer's pre-activations z (the output of its "
                + "linear map) in the forward pass of a training step, on that step's mini-batch: mup's coordinate "
                + "check (l1)", true, Group.COORDINATES);

        private final String key;
        private final String label;
        private final String meaning;
        private final boolean log;
        private final Group group;

        Kind(String key, String label, String meaning, boolean log, Group group) {
            this.key = key;
            this.label = label;
            this.meaning = meaning;
            this.log = log;
            this.group = group;
        }

        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        /** What it is, in a sentence. */
        public String meaning() {
            return meaning;
        }

        /** Whether it is averaged and drawn on a log scale (ratios and sizes that span decades). */
        public boolean log() {
            return log;
        }

        public Group group() {
            return group;
        }

        public static Optional<Kind> byKey(String key) {
            return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
        }
    }

    /** When a measure is taken: which part of a run computes it. */
    public enum Group { INIT, JACOBIAN, TRAINING, CRITERION, COORDINATES }

    public Measure {
        Objects.requireNonNull(kind);
        if ((kind == Kind.COORDINATE) != (layer > 0 && step > 0)) {
            throw new IllegalArgumentException("a coordinate measure has a layer and a step, no other has");
        }
    }

    public static Measure of(Kind kind) {
        return new Measure(kind, 0, 0);
    }

    public static Measure coordinate(int layer, int step) {
        return new Measure(Kind.COORDINATE, layer, step);
    }

    /** The column name in the exports: "chi1", "coord.layer2.t3". */
    public String key() {
        return kind == Kind.COORDINATE ? kind.key + ".layer" + layer + ".t" + step : kind.key;
    }

    /** How it is titled: "χ₁ measured", "mean |z| at layer 2, step 3". */
    public String label() {
        return kind == Kind.COORDINATE ? kind.label + " at layer " + layer + ", step " + step : kind.label;
    }

    public boolean log() {
        return kind.log();
    }
}
