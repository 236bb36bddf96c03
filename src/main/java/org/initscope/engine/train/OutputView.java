package org.initscope.engine.train;

/**
 * What the network outputs over its input space, for drawing: a map over a grid of the (standardized) plane for
 * 2-D inputs — P(class 1) for two classes, the most likely class for more, the prediction for regression — a
 * curve for 1-D regression, or the predicted labels of some test images.
 *
 * @param extent {xmin, xmax, ymin, ymax} of the grid (standardized coordinates)
 * @param step the optimizer steps the network had taken when this was computed
 */
public record OutputView(Kind kind, int size, float[] values, double[] extent, int[] imageRows,
        int[] predictedLabels, long step) {

    public enum Kind { MAP, CURVE, DIGITS, NONE }

    public static OutputView none() {
        return new OutputView(Kind.NONE, 0, new float[0], new double[4], new int[0], new int[0], 0);
    }
}
