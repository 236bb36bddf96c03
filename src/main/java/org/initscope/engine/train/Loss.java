package org.initscope.engine.train;

import java.util.Arrays;

/**
 * The training losses with PyTorch's mean reduction, in double precision on a row-major output (rows × cols):
 * softmax cross-entropy (torch.nn.CrossEntropyLoss) when there are classes, mean squared error (torch.nn.MSELoss)
 * otherwise. A classification output may hold several answers per row ({@code heads}, e.g. the k symbols of the copy
 * task): cols = heads·classes, one label per head, and the loss is the mean over all rows and heads, as
 * CrossEntropyLoss over the (rows·heads) answers.
 */
final class Loss {
    private Loss() {
    }

    /**
     * The mean loss and, if {@code grad} is not null, its gradient with respect to the output.
     *
     * @param classes classes per head, or 0 for regression
     * @param labels  rows·heads labels (classification), else null
     * @param targets rows·cols targets (regression), else null
     */
    static double of(double[] out, int rows, int cols, int classes, int[] labels, float[] targets, double[] grad) {
        double total = 0;
        if (classes > 0) {
            int heads = cols / classes;
            int answers = rows * heads;
            for (int a = 0; a < answers; a++) {
                int off = a * classes;
                double logSum = logSumExp(out, off, classes);
                int label = labels[a];
                total += logSum - out[off + label];
                if (grad != null) {
                    for (int c = 0; c < classes; c++) {
                        double p = Math.exp(out[off + c] - logSum);
                        grad[off + c] = (p - (c == label ? 1 : 0)) / answers;
                    }
                }
            }
            return total / answers;
        }
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            double e = out[i] - targets[i];
            total += e * e;
            if (grad != null) {
                grad[i] = 2 * e / n;
            }
        }
        return total / n;
    }

    /** Class probabilities (a softmax per head) of a classification output, or the output itself for regression. */
    static double[] predictions(double[] out, int rows, int cols, int classes) {
        if (classes == 0) {
            return Arrays.copyOf(out, rows * cols);
        }
        double[] p = new double[rows * cols];
        for (int off = 0; off < rows * cols; off += classes) {
            double logSum = logSumExp(out, off, classes);
            for (int c = 0; c < classes; c++) {
                p[off + c] = Math.exp(out[off + c] - logSum);
            }
        }
        return p;
    }

    /** The most likely class of every answer (rows·heads of them) in probabilities or logits. */
    static int[] argmax(double[] p, int answers, int classes) {
        int[] best = new int[answers];
        for (int a = 0; a < answers; a++) {
            int off = a * classes;
            int b = 0;
            for (int c = 1; c < classes; c++) {
                if (p[off + c] > p[off + b]) {
                    b = c;
                }
            }
            best[a] = b;
        }
        return best;
    }

    private static double logSumExp(double[] v, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, v[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            sum += Math.exp(v[off + c] - max);
        }
        return max + Math.log(sum);
    }
}
