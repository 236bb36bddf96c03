package org.initscope.engine.train;

import java.util.ArrayList;
import java.util.List;
import org.initscope.engine.RecurrentTrace;

/**
 * A recurrent layer through time while it learns: for every recorded step (rows) and every time step t (columns),
 * ‖∂L/∂h_t‖ on the probe rows and, for an LSTM, the forget gates' mean — the data of a step × t heat map, so a class
 * sees whether the gradient reaches the early time steps, and when.
 *
 * @param steps        the optimizer step of each row
 * @param gradientNorm [row][t]: ‖∂L/∂h_t‖ (Frobenius norm over the probe rows)
 * @param meanForget   [row][t]: the forget gates' mean at step t; null for an rnn
 */
public record ThroughTimeMap(int layer, long[] steps, double[][] gradientNorm, double[][] meanForget) {

    /** The map of layer {@code index} (1-based, as {@link LayerSnapshot#index}) over the records that traced it. */
    public static ThroughTimeMap of(List<TrainingRecord> records, int index) {
        var steps = new ArrayList<Long>();
        var grad = new ArrayList<double[]>();
        var forget = new ArrayList<double[]>();
        boolean lstm = true;
        for (TrainingRecord r : records) {
            if (index < 1 || index > r.layers().size()) {
                continue;
            }
            RecurrentTrace t = r.layers().get(index - 1).trace();
            if (t == null) {
                continue;
            }
            steps.add(r.step());
            grad.add(t.gradientNorm());
            forget.add(t.meanForget());
            lstm &= t.meanForget() != null;
        }
        long[] s = steps.stream().mapToLong(Long::longValue).toArray();
        return new ThroughTimeMap(index, s, grad.toArray(new double[0][]), lstm && !forget.isEmpty()
                ? forget.toArray(new double[0][]) : null);
    }

    /** Recorded steps (rows of the map). */
    public int rows() {
        return steps.length;
    }

    /** Time steps (columns of the map); 0 when nothing was traced. */
    public int timeSteps() {
        return gradientNorm.length == 0 ? 0 : gradientNorm[0].length;
    }

    /**
     * ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ for every recorded step and t: how much of the gradient at the last time step reaches
     * step t, whatever the loss's own scale at that point of training (NaN where ‖∂L/∂h_T‖ is 0 or not finite).
     */
    public double[][] relativeGradient() {
        var out = new double[gradientNorm.length][];
        for (int r = 0; r < out.length; r++) {
            double[] g = gradientNorm[r];
            double last = g[g.length - 1];
            out[r] = new double[g.length];
            for (int t = 0; t < g.length; t++) {
                out[r][t] = last > 0 && Double.isFinite(last) ? g[t] / last : Double.NaN;
            }
        }
        return out;
    }

    /** ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ at recorded row {@code row}: how much of the gradient reaches the first step. */
    public double reach(int row) {
        double[] g = gradientNorm[row];
        return g[0] / g[g.length - 1];
    }

    /** The row of the record at optimizer step {@code step}, or −1 when that step was not recorded. */
    public int rowOf(long step) {
        for (int r = 0; r < steps.length; r++) {
            if (steps[r] == step) {
                return r;
            }
        }
        return -1;
    }
}
