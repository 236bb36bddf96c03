package org.initscope.engine;

import org.initscope.data.Dataset;
import org.initscope.data.Datasets;

/**
 * The digits as the probe batch uses them: each of the 64 pixels standardized over the 1797 images with its mean and
 * std; a pixel that never varies (the corners are always 0; variance ≤ 1e-12) has std 0 and is set to 0. The engine
 * draws its input with these and the variance recursion starts from them.
 */
final class DigitsPixels {
    /** Mean and std of each pixel, computed once. */
    private static volatile float[][] moments;

    private DigitsPixels() {
    }

    /** {mean, std} of each of the 64 pixels over the set (std 0 for a constant pixel). */
    static float[][] moments() {
        float[][] m = moments;
        if (m == null) {
            Dataset d = Datasets.digits();
            float[] mean = new float[64];
            float[] std = new float[64];
            for (int j = 0; j < 64; j++) {
                double s = 0;
                double q = 0;
                for (int i = 0; i < d.n(); i++) {
                    double v = d.x()[i * 64 + j];
                    s += v;
                    q += v * v;
                }
                s /= d.n();
                double var = q / d.n() - s * s;
                mean[j] = (float) s;
                std[j] = var > 1e-12 ? (float) Math.sqrt(var) : 0f;
            }
            m = new float[][] {mean, std};
            moments = m;
        }
        return m;
    }
}
