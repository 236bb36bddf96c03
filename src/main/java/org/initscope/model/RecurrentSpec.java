package org.initscope.model;

import java.util.List;
import java.util.Objects;

/**
 * A recurrent layer over the input sequence, batch-first: {@code rnn} (nn.RNN, h_t = φ(x_t·W_ihᵀ + b_ih + h_{t−1}·
 * W_hhᵀ + b_hh) with φ = tanh or relu) or {@code lstm} (nn.LSTM, gates in PyTorch's order i, f, g, o; c_t = f⊙c_{t−1}
 * + i⊙g, h_t = o⊙tanh(c_t)), h_0 = c_0 = 0. Followed by another recurrent layer it passes on the whole sequence,
 * otherwise its last hidden state h_T.
 *
 * @param weightIh   initializer of weight_ih (gates·H × input)
 * @param weightHh   initializer of weight_hh (gates·H × H)
 * @param bias       initializer of bias_ih and bias_hh
 * @param forgetBias LSTM only: the forget gate's bias (b_ih's f block; b_hh's f block is 0), or null to draw it with
 *                   {@code bias} like the other gates; Keras' unit_forget_bias is 1
 * @param perGate    initialize each gate's block of the weights on its own (fans and orthogonality per gate) instead
 *                   of the whole (gates·H × …) matrix as torch.nn.init does
 */
public record RecurrentSpec(Cell cell, int hiddenSize, ActivationSpec nonlinearity, InitSpec weightIh,
        InitSpec weightHh, InitSpec bias, Double forgetBias, boolean perGate, int repeat) implements LayerSpec {

    public enum Cell {
        RNN("rnn", 1), LSTM("lstm", 4);

        private final String id;
        private final int gates;

        Cell(String id, int gates) {
            this.id = id;
            this.gates = gates;
        }

        public String id() {
            return id;
        }

        /** Blocks of the weight matrices: 1 for rnn, 4 (i, f, g, o) for lstm. */
        public int gates() {
            return gates;
        }
    }

    /** PyTorch's gate order in weight_ih, weight_hh and the biases. */
    public static final List<String> LSTM_GATES = List.of("i", "f", "g", "o");
    public static final int MAX_HIDDEN = 4096;

    public RecurrentSpec {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(nonlinearity, "nonlinearity");
        Objects.requireNonNull(weightIh, "weightIh");
        Objects.requireNonNull(weightHh, "weightHh");
        Objects.requireNonNull(bias, "bias");
        if (hiddenSize < 1 || hiddenSize > MAX_HIDDEN) {
            throw new SpecException("hidden_size", "hidden_size must be 1 to " + MAX_HIDDEN + ", got " + hiddenSize);
        }
        if (cell == Cell.RNN && nonlinearity.kind() != Activation.TANH && nonlinearity.kind() != Activation.RELU) {
            throw new SpecException("nonlinearity", "an rnn's nonlinearity is tanh or relu (as nn.RNN), got "
                    + nonlinearity.label());
        }
        if (cell == Cell.LSTM && nonlinearity.kind() != Activation.TANH) {
            throw new SpecException("nonlinearity", "an lstm uses sigmoid gates and tanh; it has no nonlinearity "
                    + "setting");
        }
        if (cell == Cell.RNN && forgetBias != null) {
            throw new SpecException("forget_bias", "only an lstm has a forget gate");
        }
        if (forgetBias != null && !(Math.abs(forgetBias) <= 100)) {
            throw new SpecException("forget_bias", "forget_bias must be between −100 and 100, got "
                    + Fmt.num(forgetBias));
        }
        if (!bias.scheme().biasScheme()) {
            throw new SpecException("bias.scheme", "'" + bias.scheme().id() + "' cannot initialize a bias; allowed: "
                    + String.join(", ", Scheme.biasIds()));
        }
        if (repeat < 1) {
            throw new SpecException("repeat", "repeat must be ≥ 1, got " + repeat);
        }
    }

    /** PyTorch's default: every parameter U(±1/√hidden_size), no forget-gate bias. */
    public static RecurrentSpec torchDefault(Cell cell, int hidden) {
        InitSpec d = InitSpec.of(Scheme.TORCH_DEFAULT);
        return new RecurrentSpec(cell, hidden, ActivationSpec.of(Activation.TANH), d, d, d, null, false, 1);
    }

    /**
     * Keras' default: glorot_uniform kernel, orthogonal recurrent kernel (on the whole (H × gates·H) matrix: each
     * gate block gets mean squared singular value 1/gates), zero bias, and for the lstm unit_forget_bias (1).
     */
    public static RecurrentSpec kerasDefault(Cell cell, int hidden) {
        return new RecurrentSpec(cell, hidden, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_UNIFORM),
                InitSpec.of(Scheme.ORTHOGONAL), InitSpec.of(Scheme.ZEROS), cell == Cell.LSTM ? 1.0 : null, false, 1);
    }

    @Override
    public String type() {
        return cell.id();
    }

    @Override
    public String label() {
        return cell.id() + " " + hiddenSize;
    }

    public int gates() {
        return cell.gates();
    }

    @Override
    public RecurrentSpec withRepeat(int r) {
        return new RecurrentSpec(cell, hiddenSize, nonlinearity, weightIh, weightHh, bias, forgetBias, perGate, r);
    }

    public RecurrentSpec withHiddenSize(int h) {
        return new RecurrentSpec(cell, h, nonlinearity, weightIh, weightHh, bias, forgetBias, perGate, repeat);
    }

    public RecurrentSpec withNonlinearity(ActivationSpec a) {
        return new RecurrentSpec(cell, hiddenSize, a, weightIh, weightHh, bias, forgetBias, perGate, repeat);
    }

    public RecurrentSpec withWeightIh(InitSpec i) {
        return new RecurrentSpec(cell, hiddenSize, nonlinearity, i, weightHh, bias, forgetBias, perGate, repeat);
    }

    public RecurrentSpec withWeightHh(InitSpec i) {
        return new RecurrentSpec(cell, hiddenSize, nonlinearity, weightIh, i, bias, forgetBias, perGate, repeat);
    }

    public RecurrentSpec withBias(InitSpec b) {
        return new RecurrentSpec(cell, hiddenSize, nonlinearity, weightIh, weightHh, b, forgetBias, perGate, repeat);
    }

    public RecurrentSpec withForgetBias(Double f) {
        return new RecurrentSpec(cell, hiddenSize, nonlinearity, weightIh, weightHh, bias, f, perGate, repeat);
    }

    public RecurrentSpec withPerGate(boolean p) {
        return new RecurrentSpec(cell, hiddenSize, nonlinearity, weightIh, weightHh, bias, forgetBias, p, repeat);
    }
}
