package org.initscope.engine;

import java.util.ArrayList;
import java.util.List;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;

/**
 * The theory curve: the forward and backward variance recursion over the network's actual schemes
 * (E[W²] = Var + mean² of each scheme, the bias variance and mean), starting from the unit-variance input and the
 * N(0, 1) upstream gradient the engine uses.
 */
public final class VarianceRecursion {
    private VarianceRecursion() {
    }

    public static List<Prediction> predict(ResolvedNetwork net) {
        int depth = net.depth();
        var layers = net.layers();
        double[] zMean = new double[depth];
        double[] zVar = new double[depth];
        ActivationMoments[] moments = new ActivationMoments[depth];
        double inMeanSquare = 1.0;
        double inMean = 0.0;
        double[] inputMeanSquare = new double[depth];
        for (int l = 0; l < depth; l++) {
            ResolvedLayer layer = layers.get(l);
            double n = layer.fans().fanIn();
            inputMeanSquare[l] = inMeanSquare;
            zVar[l] = n * layer.weight().secondMoment() * inMeanSquare + layer.bias().variance();
            zMean[l] = layer.bias().mean() + n * layer.weight().mean() * inMean;
            moments[l] = ActivationMoments.of(layer.activation(), zMean[l], zVar[l]);
            inMeanSquare = moments[l].meanSquare();
            inMean = moments[l].mean();
        }
        double[] gradA = new double[depth];
        double[] gradZ = new double[depth];
        double upstream = 1.0;
        for (int l = depth - 1; l >= 0; l--) {
            if (l < depth - 1) {
                ResolvedLayer next = layers.get(l + 1);
                upstream = next.fans().fanOut() * next.weight().secondMoment() * gradZ[l + 1];
            }
            gradA[l] = upstream;
            gradZ[l] = moments[l].derivativeMeanSquare() * upstream;
        }
        int batch = net.input().batch();
        var out = new ArrayList<Prediction>(depth);
        for (int l = 0; l < depth; l++) {
            ResolvedLayer layer = layers.get(l);
            boolean holds = layer.weight().zeroMeanIid();
            out.add(new Prediction(zMean[l], zVar[l], moments[l].mean(), moments[l].variance(),
                    moments[l].meanSquare(), gradA[l], gradZ[l], batch * inputMeanSquare[l] * gradZ[l],
                    batch * gradZ[l], moments[l].derivativeMeanSquare(), holds));
        }
        return out;
    }
}
