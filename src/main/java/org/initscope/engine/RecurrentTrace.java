package org.initscope.engine;

import java.util.Arrays;
import java.util.List;

/**
 * What happened through time in a recurrent layer (Pascanu et al. 2013): how the gradient reaching each step
 * shrinks or grows, how open the gates were, and how much of the cell state survives the path to the end.
 *
 * @param gradientNorm   ‖∂L/∂h_t‖ for t = 1…T: the Frobenius norm over the batch of the gradient reaching h_t
 *                       (through the recurrence and, for a sequence output, from above)
 * @param cellGradientNorm LSTM: ‖∂L/∂c_t‖ for t = 1…T; null for an rnn
 * @param meanForget     LSTM: the forget gate's mean at each step; null for an rnn
 * @param cellPath       LSTM: the mean over batch and units of ∏_{k=t+1}^{T} f_k, how much of c_t reaches c_T
 *                       unchanged along the cell path; null for an rnn
 * @param gates          LSTM: the statistics of each gate's activation over all steps, in the order i, f, g, o;
 *                       empty for an rnn
 */
public record RecurrentTrace(double[] gradientNorm, double[] cellGradientNorm, double[] meanForget,
        double[] cellPath, List<TensorStats> gates) {
    public RecurrentTrace {
        gates = List.copyOf(gates);
    }

    public int steps() {
        return gradientNorm.length;
    }

    /** ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖: how much of the gradient at the last step reaches the first. */
    public double endToEndRatio() {
        return gradientNorm[0] / gradientNorm[gradientNorm.length - 1];
    }

    /** LSTM: the forget gate's mean over all steps (how much of the cell is kept per step); NaN for an rnn. */
    public double forgetGateMean() {
        return meanForget == null ? Double.NaN : Arrays.stream(meanForget).average().orElse(Double.NaN);
    }
}
