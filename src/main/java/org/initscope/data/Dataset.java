package org.initscope.data;

import java.util.Arrays;
import java.util.List;

/**
 * A data set held in memory: n rows of d features (row-major) and, per row, {@code targets} class labels
 * (classification: usually one; the copy task has one per remembered symbol) or {@code targets} values
 * (regression). Immutable by convention: the arrays are never handed out for writing.
 *
 * @param classes number of classes, or 0 for regression
 * @param imageSide for image data (the digits: 8), the side of the square image; 0 otherwise
 * @param steps   for sequences, the number of time steps: each row is steps × (d/steps) values, batch-first as
 *                PyTorch's {@code batch_first=True}; 0 otherwise
 */
public record Dataset(String name, float[] x, int n, int d, int[] labels, float[] y, int targets, int classes,
        List<String> classNames, int imageSide, int steps) {

    public Dataset(String name, float[] x, int n, int d, int[] labels, float[] y, int targets, int classes,
            List<String> classNames, int imageSide) {
        this(name, x, n, d, labels, y, targets, classes, classNames, imageSide, 0);
    }

    public boolean isClassification() {
        return classes > 0;
    }

    /** A sequence task: each row is {@link #steps} time steps of {@link #stepFeatures} values. */
    public boolean sequence() {
        return steps > 0;
    }

    /** Values per time step of a sequence (d for other data). */
    public int stepFeatures() {
        return steps > 0 ? d / steps : d;
    }

    /** Numbers the network outputs per example: classes per answer times answers, or the regression targets. */
    public int outputs() {
        return classes > 0 ? classes * targets : targets;
    }

    public float feature(int row, int j) {
        return x[row * d + j];
    }

    /** The rows at the given indices, in that order. */
    public Dataset rows(int[] idx) {
        float[] nx = new float[idx.length * d];
        int[] nl = labels == null ? null : new int[idx.length * targets];
        float[] ny = y == null ? null : new float[idx.length * targets];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(x, idx[i] * d, nx, i * d, d);
            if (nl != null) {
                System.arraycopy(labels, idx[i] * targets, nl, i * targets, targets);
            }
            if (ny != null) {
                System.arraycopy(y, idx[i] * targets, ny, i * targets, targets);
            }
        }
        return new Dataset(name, nx, idx.length, d, nl, ny, targets, classes, classNames, imageSide, steps);
    }

    /** Per-feature mean and std of this set (the training split's, applied to both splits). */
    public float[][] featureMoments() {
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i * d + j];
            }
            double m = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double t = x[i * d + j] - m;
                ss += t * t;
            }
            mean[j] = (float) m;
            // constant features (the digits' border pixels) stay 0 instead of dividing by 0
            double sd = Math.sqrt(ss / n);
            std[j] = sd > 1e-12 ? (float) sd : 1f;
        }
        return new float[][] {mean, std};
    }

    /** (x − mean)/std per feature. */
    public Dataset standardized(float[][] moments) {
        float[] nx = x.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                nx[i * d + j] = (nx[i * d + j] - moments[0][j]) / moments[1][j];
            }
        }
        return new Dataset(name, nx, n, d, labels, y, targets, classes, classNames, imageSide, steps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset ds && name.equals(ds.name) && n == ds.n && d == ds.d && Arrays.equals(x, ds.x)
                && Arrays.equals(labels, ds.labels) && Arrays.equals(y, ds.y);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(x) * 31 + n;
    }
}
