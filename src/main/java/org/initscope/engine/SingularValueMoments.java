package org.initscope.engine;

/**
 * The mean and the variance of the squared singular values s² of a Jacobian: for an orthogonal linear network all
 * s² are 1 (mean 1, variance 0); for a Gaussian linear one of depth L the variance of s² is about L (Pennington et
 * al. 2017). One computation for the theory panel's Jacobian chart and the lessons' {@code jacobian} statements.
 */
public record SingularValueMoments(double meanSquare, double varianceOfSquares) {

    /** The moments of s² over {@code s}; NaN for no values. */
    public static SingularValueMoments of(double[] s) {
        if (s.length == 0) {
            return new SingularValueMoments(Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : s) {
            mean += v * v;
        }
        mean /= s.length;
        double var = 0;
        for (double v : s) {
            var += (v * v - mean) * (v * v - mean);
        }
        return new SingularValueMoments(mean, var / s.length);
    }
}
