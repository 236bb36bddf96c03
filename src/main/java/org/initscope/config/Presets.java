package org.initscope.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.initscope.model.NetworkSpec;

/** The example networks shipped as config files in the app's resources (org/initscope/presets). */
public final class Presets {
    /**
     * One example: where it comes from, what it shows, and whether its histograms share one x-range (the story of
     * a collapsing signal is only seen on a shared axis).
     */
    public record Preset(String file, String group, String title, String lesson, boolean sharedRange) {
        Preset(String file, String group, String title, String lesson) {
            this(file, group, title, lesson, false);
        }

        public NetworkSpec load() {
            String path = "/org/initscope/presets/" + file;
            try (InputStream in = Presets.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing preset resource " + path);
                }
                return ConfigReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ConfigException e) {
                throw new IllegalStateException("broken preset " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private static final List<Preset> ALL = List.of(
            new Preset("cs231n-tanh-small.json", "CS231n", "tanh, N(0, 0.01²): vanishing",
                    "Weights too small: each layer multiplies the std by 0.01·√500 ≈ 0.22, so the activations "
                            + "collapse towards 0 and so do the gradients.", true),
            new Preset("cs231n-tanh-large.json", "CS231n", "tanh, N(0, 1): saturation",
                    "Weights too large: pre-activations have std ≈ 22, nearly every tanh unit sits at ±1 and "
                            + "its gradient 1 − a² is ~0."),
            new Preset("cs231n-tanh-xavier.json", "CS231n", "tanh, Xavier as in Glorot & Bengio (gain 1)",
                    "xavier_normal with gain 1, i.e. std = 1/√fan_in for 500 → 500 layers: the signal stays alive but "
                            + "shrinks slowly, because tanh's slope is below 1 away from 0."),
            new Preset("cs231n-tanh-xavier-gain.json", "CS231n", "tanh, Xavier with tanh's gain 5/3",
                    "xavier_normal with calculate_gain('tanh') = 5/3: after the first layer the activations keep "
                            + "their scale through all ten layers."),
            new Preset("cs231n-relu-xavier.json", "CS231n", "ReLU, Xavier: halves every layer",
                    "ReLU zeroes half of its inputs, so Xavier's Var[W] = 1/fan_in halves the second moment at "
                            + "every layer."),
            new Preset("cs231n-relu-he.json", "CS231n", "ReLU, He (kaiming_normal)",
                    "He et al.: Var[W] = 2/fan_in compensates ReLU's halving: the activations' variance changes by "
                            + "less than 10 % from layer 1 to layer 10."),
            new Preset("dlai-zeros.json", "deeplearning.ai", "zero initialization",
                    "All weights 0: every unit computes the same thing (here exactly 0), nothing flows back to the "
                            + "earlier layers, and the symmetry is never broken."),
            new Preset("dlai-too-small.json", "deeplearning.ai", "too small (std 0.001)",
                    "Tiny weights: the signal vanishes within a few layers.", true),
            new Preset("dlai-appropriate.json", "deeplearning.ai", "appropriate (Xavier, gain auto)",
                    "xavier_normal with tanh's gain 5/3: activations and gradients keep their scale."),
            new Preset("dlai-too-large.json", "deeplearning.ai", "too large (std 1)",
                    "Large weights saturate tanh: 83 % of the units output |a| > 0.97. Backward the gradients do not "
                            + "vanish: each layer multiplies their variance by ≈ 5.5 (std × 2.3) towards the input."),
            new Preset("pytorch-default.json", "PyTorch", "nn.Linear's real default",
                    "nn.Linear draws U(±1/√fan_in) (Var = 1/(3·fan_in)) and a U(±1/√fan_in) bias: σ_w² = 1/3, "
                            + "so a deep tanh stack shrinks the signal: the activations' std falls from 0.46 at layer "
                            + "1 to 0.033 at layer 8, where the bias's variance holds it."),
            new Preset("selu-lecun.json", "Self-normalizing", "SELU with lecun_normal",
                    "Klambauer et al. 2017: SELU with Var[W] = 1/fan_in drives mean and variance to (0, 1) at every "
                            + "layer, even 32 layers deep."),
            new Preset("orthogonal.json", "Orthogonal", "orthogonal, 30 linear layers",
                    "Saxe et al. 2014: orthogonal weights preserve the norm exactly in a linear network; a Gaussian "
                            + "one with the same variance would drift."),
            new Preset("conv-kaiming-fan-out.json", "Convolution", "3→16 3×3 conv, kaiming_normal(mode='fan_out')",
                    "PyTorch's torchvision ResNets use mode='fan_out': fan_out = C_out·kH·kW = 16·3·3 = 144, so "
                            + "std = √2/√144 = 0.118; it preserves the gradients' variance backward, and the "
                            + "forward variance changes by fan_in/fan_out per layer against He's mode='fan_in': "
                            + "× 27/144 = 3/16 at the first (Var[z] = 0.36 instead of 1.92; 2·3/16 = 0.375 in "
                            + "the interior, the zero padding leaves the border fewer terms), × 1 after it in the "
                            + "interior (Var[z] 0.32 to 0.35 over the layers)."),
            new Preset("conv-digits.json", "Convolution", "digits as 1×8×8 images, small CNN",
                    "Real images: conv, pool, conv, pool, flatten, dense. The pools' forward pass is not modelled by "
                            + "the variance recursion; the prediction restarts from the measured values after them."),
            new Preset("lstm-xavier-zero.json", "Recurrent", "LSTM, xavier_normal per gate, zero biases",
                    "Each gate's block gets Var = 2/(fan_in + fan_out) of its own; a zero forget bias means the "
                            + "forget gates sit at σ(0) ≈ 0.5, so the cell state halves every step."),
            new Preset("lstm-pytorch-default.json", "Recurrent", "LSTM, PyTorch's default",
                    "nn.LSTM draws every parameter from U(±1/√hidden_size): small weights, forget gates around "
                            + "0.5, and the gradient through time fades within a few steps."),
            new Preset("lstm-keras-default.json", "Recurrent", "LSTM, Keras' default (unit forget bias)",
                    "glorot_uniform kernel, orthogonal recurrent kernel and a forget bias of 1: the forget gates "
                            + "start around σ(1) ≈ 0.73 and the cell state carries the gradient further back."),
            new Preset("rnn-orthogonal.json", "Recurrent", "RNN, 50 steps, orthogonal W_hh",
                    "An orthogonal recurrent matrix keeps every singular value at 1: the gradient through time "
                            + "shrinks only by tanh's slope."),
            new Preset("rnn-gaussian.json", "Recurrent", "RNN, 50 steps, Gaussian W_hh N(0, 1/64)",
                    "The same variance as orthogonal, but the singular values spread out (the largest near 2): "
                            + "the linear part of the gradient through time grows, only tanh holds it back."),
            new Preset("rnn-identity.json", "Recurrent", "RNN, 50 steps, identity W_hh (Le et al.)",
                    "W_hh = I: the previous state is carried over unchanged, a strong memory at the start."),
            new Preset("rnn-pytorch-default.json", "Recurrent", "RNN, 50 steps, PyTorch's default",
                    "U(±1/√64) for every parameter: σ_w² = 1/3, the gradient through time vanishes fast."),
            new Preset("fix-he.json", "Fixes", "1/3: 20 ReLU layers, He init",
                    "The initializer alone keeps the scale through 20 layers: the recursion predicts Var[z] = 2 "
                            + "at every layer, and the measured variance stays between 1 and 2.3 (a deep ReLU stack's "
                            + "wanders with the seed)."),
            new Preset("fix-batchnorm.json", "Fixes", "2/3: N(0, 0.01²) + BatchNorm",
                    "Each dense layer multiplies the signal's variance by 256·0.01² = 0.0256 (std × 0.16), but "
                            + "every BatchNorm rescales it back to variance 0.999: normalization repairs the forward "
                            + "signal. Backward it divides by the batch's small std, so the gradients' variance grows "
                            + "≈ 1.5× per block towards the input."),
            new Preset("fix-residual.json", "Fixes", "3/3: N(0, 0.01²) in residual blocks",
                    "y = x + f(x): the identity path carries signal and gradient through 20 layers even though "
                            + "every f is nearly zero."),
            new Preset("train-relu-he.json", "Training", "6 × 64 ReLU, He",
                    "A network that learns the spirals (Train tab): above 95 % test accuracy after 400 steps with "
                            + "Adam."),
            new Preset("train-tanh-xavier.json", "Training", "6 × 64 tanh, Xavier (gain 5/3)",
                    "tanh with the right gain learns too, more slowly: its training loss falls below 0.8 × its "
                            + "start within 500 steps."),
            new Preset("train-tanh-zeros.json", "Training", "6 × 64 tanh, zero init",
                    "Every unit of layers 1 to 5 computes the same thing and gets the same gradient: their "
                            + "symmetry is never broken, and the loss stays at log 2 (only the last hidden layer's "
                            + "biases drift apart)."),
            new Preset("train-tanh-tiny.json", "Training", "6 × 64 tanh, std 0.001",
                    "Vanishing gradients: the loss stays near log 2 (0.67 after 1,000 steps). Adam's normalized "
                            + "steps first grow the weights until the later layers saturate; then layer 1's updates "
                            + "are 10⁻⁶ of its weights."),
            new Preset("train-tanh-large.json", "Training", "6 × 64 tanh, std 1 (saturating)",
                    "Saturated units: learning is slow and erratic."),
            new Preset("conv20-xavier.json", "Training", "20 ReLU conv layers, Xavier (gain 1)",
                    "20 conv layers of 8 channels, 3×3 (fan_in = fan_out = 72): xavier_normal's Var[W] = 1/72 = "
                            + "1/fan_in, and ReLU halves the signal's variance at every layer. On the digits (Train "
                            + "tab, Adam 0.01) it stays at chance: 7 % test accuracy after 400 steps."),
            new Preset("conv20-he.json", "Training", "20 ReLU conv layers, He",
                    "The same 20 conv layers with kaiming_normal: Var[W] = 2/72 keeps the variance through the "
                            + "ReLUs, and the network learns the digits: 89 % test accuracy after 200 steps (Adam "
                            + "0.01)."),
            new Preset("conv20-he-bn.json", "Training", "20 ReLU conv layers, He + BatchNorm",
                    "He with a BatchNorm after every conv layer: the training loss falls faster (0.17 against "
                            + "He's 0.28 after 200 steps, Adam 0.01), the test accuracy about the same (86 %)."),
            new Preset("lstm-adding-xavier-zero.json", "Training", "LSTM 32, adding problem: xavier_normal, zero bias",
                    "The adding problem at T = 50 (Adam 0.01): for 600 steps the LSTM predicts the mean (the loss "
                            + "sits at the variance baseline 1/6), then it finds the two marked numbers."),
            new Preset("lstm-adding-pytorch.json", "Training", "LSTM 32, adding problem: PyTorch's default",
                    "U(±1/√32) for every parameter: on the adding problem at T = 50 (Adam 0.01) it leaves the "
                            + "baseline first, before step 400."),
            new Preset("lstm-adding-keras.json", "Training", "LSTM 32, adding problem: Keras' default",
                    "orthogonal recurrent weights and forget bias 1: on the adding problem at T = 50 (Adam 0.01) "
                            + "it leaves the baseline between step 400 and 500, some 200 steps before zero biases."),
            new Preset("residual50-alpha1.json", "Training", "50 residual blocks, α = 1",
                    "a' = a + φ(W·a + b) with He weights: every block adds at least as much second moment as it "
                            + "receives, so it more than doubles 50 times; on the spirals the loss starts above 10¹¹ "
                            + "and the network stays at chance."),
            new Preset("residual50-alpha-sqrt.json", "Training", "50 residual blocks, α = 1/√50",
                    "a' = a + α·φ(W·a + b) with α = 1/√50 ≈ 0.14: each block adds only a 50th of the variance, "
                            + "the signal stays in range and the network learns the spirals (70 % test accuracy "
                            + "after 100 steps, Adam 0.01)."),
            new Preset("residual50-rezero.json", "Training", "50 residual blocks, ReZero (α = 0, learned)",
                    "a' = a + α·φ(W·a + b) with α = 0 at the start and learned (ReZero, Bachlechner et al. 2020): "
                            + "every block starts as the identity and training opens the branches. On the spirals "
                            + "(Adam 0.01) 97.5 % test accuracy after 300 steps, where α = 1/√50 reaches 67.5 % and "
                            + "α = 1 stays at chance."),
            new Preset("fixup16.json", "Training", "16 Fixup blocks (ReLU, then linear)",
                    "Fixup (Zhang et al. 2019), no normalization: in each block of two layers the linear one "
                            + "starts at W = 0 and the ReLU one at He × 16^(−1/2) (std 0.0625), with scalar biases "
                            + "and a learned multiplier α = 1. On the spirals (Adam 0.01): 94 % test accuracy after "
                            + "200 steps, 97.5 % after 300."));

    private Presets() {
    }

    public static List<Preset> all() {
        return ALL;
    }

    /** The preset stored as {@code file} (e.g. "cs231n-relu-he.json"), if there is one. */
    public static Optional<Preset> byFile(String file) {
        return ALL.stream().filter(p -> p.file().equals(file)).findFirst();
    }
}
