package org.initscope.engine;

import java.util.ArrayList;
import java.util.List;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.FlattenSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;

/**
 * The theory curve: the forward and backward variance recursion over the network's actual schemes
 * (E[W²] = Var + mean² of each scheme, the bias variance and mean), starting from the unit-variance input and the
 * N(0, 1) upstream gradient the engine uses.
 *
 * <p>Beyond dense layers: a conv layer is a dense one with fan_in = C_in/groups·k² (zero padding at the borders
 * ignored) and, backward, fan_out = C_out·k²/stride² (each input feeds 1/stride² as many outputs; DL4J divides its
 * conv fan_out by the stride product for the same reason); a residual layer adds α²·E[φ²] to the input's second
 * moment (and 1 + α²·fan_out·E[W²]·E[φ'²] to the gradient's); flatten changes nothing; batch and layer norm give
 * variance σ²/(σ² + eps) ≈ 1 and divide the gradient by σ² + eps; max-pooling routes each gradient to one input.
 * Max-pooling's forward and recurrent layers are not modelled: there the prediction is NaN and the recursion
 * restarts from the measured signal (forward) or gradient (backward).
 */
public final class VarianceRecursion {
    private VarianceRecursion() {
    }

    /** Dense networks: everything is modelled. */
    public static List<Prediction> predict(ResolvedNetwork net) {
        return predict(net, null);
    }

    /**
     * Any network; {@code measured} (one result per layer) supplies the restart points after layers the recursion
     * does not model. May be null when every layer is modelled.
     */
    public static List<Prediction> predict(ResolvedNetwork net, List<LayerResult> measured) {
        int depth = net.depth();
        var layers = net.layers();
        double[] zMean = new double[depth];
        double[] zVar = new double[depth];
        double[] inputMeanSquare = new double[depth];
        double[] inputVar = new double[depth];
        double[] outMean = new double[depth];
        double[] outMeanSquare = new double[depth];
        double[] derivative = new double[depth];
        boolean[] forwardModelled = new boolean[depth];
        double inMeanSquare = 1.0;
        double inMean = 0.0;
        for (int l = 0; l < depth; l++) {
            ResolvedLayer layer = layers.get(l);
            inputMeanSquare[l] = inMeanSquare;
            inputVar[l] = inMeanSquare - inMean * inMean;
            forwardModelled[l] = true;
            derivative[l] = 1.0;
            if (layer.spec() instanceof DenseSpec || layer.spec() instanceof Conv2dSpec) {
                double n = layer.fans().fanIn();
                zVar[l] = n * layer.weight().secondMoment() * inMeanSquare + layer.bias().variance();
                zMean[l] = layer.bias().mean() + n * layer.weight().mean() * inMean;
                ActivationMoments m = ActivationMoments.of(layer.activation(), zMean[l], zVar[l]);
                derivative[l] = m.derivativeMeanSquare();
                double alpha = layer.spec() instanceof DenseSpec d ? d.residual() : 0;
                if (alpha > 0) {
                    outMean[l] = inMean + alpha * m.mean();
                    outMeanSquare[l] = inMeanSquare + 2 * alpha * inMean * m.mean() + alpha * alpha * m.meanSquare();
                } else {
                    outMean[l] = m.mean();
                    outMeanSquare[l] = m.meanSquare();
                }
            } else if (layer.spec() instanceof FlattenSpec) {
                zMean[l] = inMean;
                zVar[l] = inputVar[l];
                outMean[l] = inMean;
                outMeanSquare[l] = inMeanSquare;
            } else if (layer.spec() instanceof NormSpec n) {
                // (x − μ)/√(σ² + eps) with weight 1 and bias 0: mean 0, variance σ²/(σ² + eps)
                double v = inputVar[l] / (inputVar[l] + n.eps());
                zMean[l] = 0;
                zVar[l] = v;
                outMean[l] = 0;
                outMeanSquare[l] = v;
            } else {
                // max-pooling and recurrent layers: not modelled; restart from what was measured
                forwardModelled[l] = false;
                zMean[l] = Double.NaN;
                zVar[l] = Double.NaN;
                TensorStats a = measured == null ? null : measured.get(l).get(Quantity.ACTIVATIONS);
                outMean[l] = a == null ? Double.NaN : a.mean();
                outMeanSquare[l] = a == null ? Double.NaN : a.meanSquare();
            }
            inMeanSquare = outMeanSquare[l];
            inMean = outMean[l];
        }

        double[] gradA = new double[depth];
        double[] gradZ = new double[depth];
        // the layer just below an unmodelled one starts from the measured gradient: no prediction shown there
        boolean[] skipDisplay = new boolean[depth];
        double upstream = 1.0;
        boolean upstreamModelled = true;
        for (int l = depth - 1; l >= 0; l--) {
            ResolvedLayer layer = layers.get(l);
            gradA[l] = upstreamModelled ? upstream : Double.NaN;
            double dInput;
            boolean modelled = true;
            if (layer.spec() instanceof DenseSpec || layer.spec() instanceof Conv2dSpec) {
                double alpha = layer.spec() instanceof DenseSpec d ? d.residual() : 0;
                double fanOut = layer.fans().fanOut();
                if (layer.spec() instanceof Conv2dSpec c) {
                    fanOut /= (double) c.strideH() * c.strideW();
                }
                if (alpha > 0) {
                    gradZ[l] = alpha * alpha * derivative[l] * upstream;
                    dInput = upstream + fanOut * layer.weight().secondMoment() * gradZ[l];
                } else {
                    gradZ[l] = derivative[l] * upstream;
                    dInput = fanOut * layer.weight().secondMoment() * gradZ[l];
                }
            } else if (layer.spec() instanceof FlattenSpec) {
                gradZ[l] = upstream;
                dInput = upstream;
            } else if (layer.spec() instanceof NormSpec n) {
                gradZ[l] = upstream;
                dInput = upstream / (inputVar[l] + n.eps());
            } else if (layer.spec() instanceof org.initscope.model.MaxPool2dSpec) {
                // every output's gradient goes to exactly one input (its maximum)
                gradZ[l] = upstream;
                dInput = upstream * layer.out().size() / layer.in().size();
            } else {
                modelled = false;
                gradZ[l] = Double.NaN;
                dInput = Double.NaN;
            }
            if (!upstreamModelled) {
                gradZ[l] = Double.NaN;
            }
            if (l > 0) {
                if (modelled && upstreamModelled) {
                    upstream = dInput;
                    upstreamModelled = true;
                } else {
                    // restart below a layer the recursion does not model from the gradient measured there
                    TensorStats g = measured == null ? null : measured.get(l - 1).get(Quantity.ACTIVATION_GRADIENTS);
                    upstream = g == null ? Double.NaN : g.meanSquare();
                    upstreamModelled = g != null;
                    skipDisplay[l - 1] = true;
                }
            }
        }

        int batch = net.input().batch();
        var out = new ArrayList<Prediction>(depth);
        for (int l = 0; l < depth; l++) {
            ResolvedLayer layer = layers.get(l);
            boolean holds = layer.weight() == null || layer.weight().zeroMeanIid();
            double positions = layer.spec() instanceof Conv2dSpec ? (double) layer.out().height() * layer.out().width()
                    : 1.0;
            boolean weighted = layer.weight() != null && (layer.spec() instanceof DenseSpec
                    || layer.spec() instanceof Conv2dSpec);
            double actMean = forwardModelled[l] ? outMean[l] : Double.NaN;
            double actMeanSquare = forwardModelled[l] ? outMeanSquare[l] : Double.NaN;
            out.add(new Prediction(zMean[l], zVar[l], actMean, actMeanSquare - actMean * actMean, actMeanSquare,
                    // a recurrent layer's measured ∂L/∂h covers every step, the prediction only the output's
                    skipDisplay[l] || layer.spec() instanceof org.initscope.model.RecurrentSpec ? Double.NaN
                            : gradA[l], gradZ[l],
                    weighted ? batch * positions * inputMeanSquare[l] * gradZ[l] : Double.NaN,
                    weighted ? batch * positions * gradZ[l] : Double.NaN,
                    forwardModelled[l] ? derivative[l] : Double.NaN, holds && forwardModelled[l]));
        }
        return out;
    }
}
