package org.initscope.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.initscope.math.GaussianExpectation;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.FlattenSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.ResolvedInit;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Shape;

/**
 * The theory curve: the forward and backward variance recursion over the network's actual schemes (E[W²] = Var +
 * mean² of each scheme, the bias variance and mean), starting from the input the engine draws (unit variance; the
 * digits' constant pixels are 0) and the N(0, 1) upstream gradient.
 *
 * <p>Image layers are followed per position: a conv output at a position sums only the taps that fall inside the
 * input (zero padding contributes nothing), so its variance is (C_in/groups)·E[W²]·Σ_valid taps E[x²] + Var[b], lower
 * at the borders; backward, each input position receives (C_out/groups)·E[W²]·Var[∂L/∂z] from exactly the outputs
 * that read it (the group's C_out/groups channels, not PyTorch's fan_out C_out·kH·kW, and the stride and the borders
 * counted exactly). Max-pooling's backward routes each window's gradient to its maximum; when a ReLU comes before
 * the pool, ReLU′ = 1 at the maximum unless the whole window is ≤ 0 — exactly the windows whose pooled output is 0,
 * whose measured fraction z₀ gives Var[∂L/∂z] = (1 − z₀)·Var[∂L/∂a] instead of ½·Var[∂L/∂a] (linear: 1; other
 * activations: not modelled). Batch norm divides by the per-feature variance (the spread of the per-feature means
 * is not part of it, so the recursion tracks that spread; finite-batch effects of order 1/n per norm layer are left
 * out, as the mean field does); the bias of the layer before it
 * gets an exactly zero gradient when that layer is linear, and in general n·E[γ²]/(σ² + eps)·Var[∂L/∂y]·R with R the
 * part of Var[φ′(z)] not explained by φ(z) (a regression on x̂). Layer norm normalizes each example over its own
 * values (the global variance). Residual layers add α²·E[φ²] forward and 1 + α²·fan_out·E[W²]·E[φ'²] backward.
 *
 * <p>Not modelled: max-pooling's forward (the maximum of correlated values) and recurrent layers. There every
 * prediction is NaN with the reason in {@link Prediction#gaps()}, and the recursion restarts from the measured
 * signal (forward) or gradient (backward).
 */
public final class VarianceRecursion {
    static final String GAP_POOL_FORWARD = "Max-pooling's forward pass is not modelled (the maximum of a window of "
            + "correlated values): the theory restarts from the measured output after the pool.";
    static final String GAP_RECURRENT = "Recurrent layers are not modelled by the variance recursion: the Through "
            + "time tab shows them; the theory restarts from the measured values around them.";
    static final String GAP_RESTART = "The layer above is not modelled: the theory restarts here from the measured "
            + "gradient, so there is no prediction to compare with.";
    static final String GAP_POOL_DERIVATIVE = "The max-pool above sends the gradient only to the window maxima, "
            + "where E[φ'(z)²] is not that of all z: modelled for relu and linear only.";
    static final String GAP_NO_RUN = "Needs a measured run (the fraction of pooled outputs that are 0).";

    private VarianceRecursion() {
    }

    /** Dense networks: everything is modelled. */
    public static List<Prediction> predict(ResolvedNetwork net) {
        return predict(net, null);
    }

    /**
     * Any network; {@code measured} (one result per layer) supplies the restart points after layers the recursion
     * does not model, and the zero fraction of max-pool outputs. May be null when every layer is modelled.
     */
    public static List<Prediction> predict(ResolvedNetwork net, List<LayerResult> measured) {
        return new Walk(net, measured).run();
    }

    /**
     * The moments of a signal per spatial position (one position for vectors and sequences): E[x²], E[x], and the
     * spread of the per-feature (per-channel) means around the mean, Var_j[E[x_j]].
     */
    private static final class Field {
        final int h;
        final int w;
        final double[] m2;
        final double[] mean;
        double spread;

        Field(int h, int w) {
            this.h = h;
            this.w = w;
            m2 = new double[h * w];
            mean = new double[h * w];
        }

        static Field uniform(int h, int w, double m2, double mean, double spread) {
            var f = new Field(h, w);
            Arrays.fill(f.m2, m2);
            Arrays.fill(f.mean, mean);
            f.spread = spread;
            return f;
        }

        static Field of(Shape s, double m2, double mean, double spread) {
            return s.image() ? uniform(s.height(), s.width(), m2, mean, spread) : uniform(1, 1, m2, mean, spread);
        }

        int positions() {
            return h * w;
        }

        double m2() {
            return average(m2);
        }

        double mean() {
            return average(mean);
        }

        /** E[x²] − E[x]² over all values. */
        double var() {
            double mu = mean();
            return m2() - mu * mu;
        }

        /** The variance of the per-position means (0 for a vector). */
        double positionSpread() {
            double mu = mean();
            double s = 0;
            for (double v : mean) {
                s += (v - mu) * (v - mu);
            }
            return s / mean.length;
        }

        /** The same values as one vector of features (flatten): positions become features. */
        Field flat() {
            return uniform(1, 1, m2(), mean(), spread + positionSpread());
        }
    }

    private static double average(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /** E[φ], E[φ²], E[φ'], E[φ'²] and E[φ·φ'] for z ~ N(mean, var). */
    private record PhiMoments(double phi, double phi2, double d, double d2, double phiD) {
        static PhiMoments of(ActivationSpec act, double mean, double var) {
            ActivationMoments m = ActivationMoments.of(act, mean, var);
            switch (act.kind()) {
                case LINEAR:
                    return new PhiMoments(mean, m.meanSquare(), 1, 1, mean);
                case RELU:
                    // φ' ∈ {0, 1}: E[φ'] = E[φ'²] = P(z > 0), φ·φ' = φ
                    return new PhiMoments(m.mean(), m.meanSquare(), m.derivativeMeanSquare(),
                            m.derivativeMeanSquare(), m.mean());
                case LEAKY_RELU: {
                    double s = act.param();
                    double pos = ActivationMoments.of(ActivationSpec.of(Activation.RELU), mean, var).mean();
                    double neg = ActivationMoments.of(ActivationSpec.of(Activation.RELU), -mean, var).mean();
                    double p = ActivationMoments.of(ActivationSpec.of(Activation.RELU), mean, var)
                            .derivativeMeanSquare();
                    return new PhiMoments(m.mean(), m.meanSquare(), p + s * (1 - p), m.derivativeMeanSquare(),
                            pos - s * s * neg);
                }
                default:
                    return new PhiMoments(m.mean(), m.meanSquare(), GaussianExpectation.of(act::derivative, mean, var),
                            m.derivativeMeanSquare(), GaussianExpectation.of(z -> act.apply(z) * act.derivative(z),
                                    mean, var));
            }
        }
    }

    /** The spread of the per-feature means of φ(z) when z ~ N(m_j, within) with m_j ~ N(mean, between). */
    private static double spreadAfter(ActivationSpec act, double mean, double var, double between) {
        if (!(between > 0)) {
            return 0.0;
        }
        if (act.kind() == Activation.LINEAR) {
            return between;
        }
        double within = Math.max(var - between, 0);
        double m1 = GaussianExpectation.of(m -> ActivationMoments.of(act, m, within).mean(), mean, between, 1e-9);
        double m2 = GaussianExpectation.of(m -> {
            double h = ActivationMoments.of(act, m, within).mean();
            return h * h;
        }, mean, between, 1e-9);
        return Math.max(m2 - m1 * m1, 0);
    }

    /** 1 for the digits' pixels that vary over the set, 0 for the constant ones (standardized to 0). */
    private static double[] digitsPixelSecondMoments() {
        float[] std = DigitsPixels.moments()[1];
        double[] out = new double[std.length];
        for (int j = 0; j < std.length; j++) {
            out[j] = std[j] > 0 ? 1.0 : 0.0;
        }
        return out;
    }

    /** One pass of the recursion over a network. */
    private static final class Walk {
        private final ResolvedNetwork net;
        private final List<LayerResult> measured;
        private final List<ResolvedLayer> layers;
        private final int depth;
        private final boolean needSpread;
        private final List<Map<Quantity, String>> gaps = new ArrayList<>();
        // forward, per layer
        private final Field[] input;
        private final Field[] output;
        private final double[][] zMean;
        private final double[][] zVar;
        private final double[][] d2;
        private final double[] zSpread;
        private final boolean[] forwardModelled;
        // backward, per layer
        private final double[] gradA;
        /** Var[∂L/∂(input of layer l)] that the skip of a longer residual branch starting at l carries. */
        private final double[] skipGradient;
        private final double[] gradZ;
        private final double[] weightGrad;
        private final double[] biasGrad;

        Walk(ResolvedNetwork net, List<LayerResult> measured) {
            this.net = net;
            this.measured = measured;
            layers = net.layers();
            depth = net.depth();
            needSpread = layers.stream().anyMatch(l -> l.spec() instanceof NormSpec n
                    && n.kind() == NormSpec.Kind.BATCH);
            for (int l = 0; l < depth; l++) {
                gaps.add(new EnumMap<>(Quantity.class));
            }
            input = new Field[depth];
            output = new Field[depth];
            zMean = new double[depth][];
            zVar = new double[depth][];
            d2 = new double[depth][];
            zSpread = new double[depth];
            forwardModelled = new boolean[depth];
            gradA = new double[depth];
            skipGradient = new double[depth];
            gradZ = new double[depth];
            weightGrad = new double[depth];
            biasGrad = new double[depth];
        }

        List<Prediction> run() {
            Field x = inputField();
            for (int l = 0; l < depth; l++) {
                input[l] = x;
                forwardModelled[l] = true;
                x = forward(l, x);
                output[l] = x;
            }
            backward();
            return predictions();
        }

        private Field inputField() {
            var in = net.input();
            Shape s = layers.get(0).in();
            if (in.distribution() != InputDistribution.DIGITS) {
                return Field.of(s, 1.0, 0.0, 0.0);
            }
            double[] px = digitsPixelSecondMoments();
            if (s.image() && s.height() * s.width() == 64) {
                var f = new Field(s.height(), s.width());
                System.arraycopy(px, 0, f.m2, 0, 64);
                return f;
            }
            return Field.of(s, average(px), 0.0, 0.0);
        }

        private TensorStats measuredStats(int l, Quantity q) {
            return measured == null ? null : measured.get(l).get(q);
        }

        /** The restart after a layer the recursion does not model: the measured output, uniform over positions. */
        private Field restart(int l) {
            forwardModelled[l] = false;
            zMean[l] = new double[] {Double.NaN};
            zVar[l] = new double[] {Double.NaN};
            d2[l] = new double[] {Double.NaN};
            TensorStats a = measuredStats(l, Quantity.ACTIVATIONS);
            return Field.of(layers.get(l).out(), a == null ? Double.NaN : a.meanSquare(),
                    a == null ? Double.NaN : a.mean(), 0.0);
        }

        private Field forward(int l, Field x) {
            ResolvedLayer layer = layers.get(l);
            if (layer.spec() instanceof DenseSpec dense) {
                return dense(l, layer, dense, x.positions() > 1 ? x.flat() : x);
            }
            if (layer.spec() instanceof Conv2dSpec conv) {
                return conv(l, layer, conv, x);
            }
            if (layer.spec() instanceof FlattenSpec) {
                Field out = x.flat();
                zMean[l] = new double[] {out.mean()};
                zVar[l] = new double[] {out.var()};
                d2[l] = new double[] {1.0};
                return out;
            }
            if (layer.spec() instanceof NormSpec norm) {
                return norm(l, layer, norm, x);
            }
            gaps.get(l).put(Quantity.PRE_ACTIVATIONS, layer.spec() instanceof MaxPool2dSpec ? GAP_POOL_FORWARD
                    : GAP_RECURRENT);
            gaps.get(l).put(Quantity.ACTIVATIONS, gaps.get(l).get(Quantity.PRE_ACTIVATIONS));
            return restart(l);
        }

        private Field dense(int l, ResolvedLayer layer, DenseSpec spec, Field x) {
            double n = layer.fans().fanIn();
            ResolvedInit w = layer.weight();
            ResolvedInit b = layer.bias();
            double zv = n * w.secondMoment() * x.m2() + b.variance();
            double zm = b.mean() + n * w.mean() * x.mean();
            zSpread[l] = n * w.variance() * (x.spread + x.mean() * x.mean()) + b.variance();
            ActivationMoments m = ActivationMoments.of(layer.activation(), zm, zv);
            zMean[l] = new double[] {zm};
            zVar[l] = new double[] {zv};
            d2[l] = new double[] {m.derivativeMeanSquare()};
            double spread = needSpread ? spreadAfter(layer.activation(), zm, zv, zSpread[l]) : 0.0;
            if (spec.isResidual()) {
                // a' = x_in + α·φ(z): x_in (the branch's input) and φ(z) are uncorrelated over the random weights
                double alpha = spec.alpha();
                Field in = spec.residual().branch() == 1 ? x : flat(input[layer.branch().first()]);
                double mean = in.mean() + alpha * m.mean();
                double m2 = in.m2() + 2 * alpha * in.mean() * m.mean() + alpha * alpha * m.meanSquare();
                return Field.uniform(1, 1, m2, mean, in.spread + alpha * alpha * spread);
            }
            return Field.uniform(1, 1, m.meanSquare(), m.mean(), spread);
        }

        private static Field flat(Field f) {
            return f.positions() > 1 ? f.flat() : f;
        }

        /** The input position a tap (i, j) of output (oy, ox) reads, or −1 in the zero padding. */
        private static int source(Conv2dSpec c, Field x, int oy, int ox, int i, int j) {
            int iy = oy * c.strideH() - c.padH() + i;
            int ix = ox * c.strideW() - c.padW() + j;
            return iy < 0 || iy >= x.h || ix < 0 || ix >= x.w ? -1 : iy * x.w + ix;
        }

        private Field conv(int l, ResolvedLayer layer, Conv2dSpec c, Field x) {
            Shape out = layer.out();
            int oh = out.height();
            int ow = out.width();
            double cpg = (double) layer.in().channels() / c.groups();
            ResolvedInit w = layer.weight();
            ResolvedInit b = layer.bias();
            var f = new Field(oh, ow);
            zMean[l] = new double[oh * ow];
            zVar[l] = new double[oh * ow];
            d2[l] = new double[oh * ow];
            double[] tapFraction = new double[c.kernelH() * c.kernelW()];
            var cache = new HashMap<List<Double>, ActivationMoments>();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sumM2 = 0;
                    double sumMean = 0;
                    for (int i = 0; i < c.kernelH(); i++) {
                        for (int j = 0; j < c.kernelW(); j++) {
                            int s = source(c, x, oy, ox, i, j);
                            if (s >= 0) {
                                sumM2 += x.m2[s];
                                sumMean += x.mean[s];
                                tapFraction[i * c.kernelW() + j] += 1.0 / (oh * ow);
                            }
                        }
                    }
                    int p = oy * ow + ox;
                    zVar[l][p] = cpg * w.secondMoment() * sumM2 + b.variance();
                    zMean[l][p] = b.mean() + cpg * w.mean() * sumMean;
                    ActivationMoments m = cache.computeIfAbsent(List.of(zMean[l][p], zVar[l][p]),
                            k -> ActivationMoments.of(layer.activation(), k.get(0), k.get(1)));
                    f.m2[p] = m.meanSquare();
                    f.mean[p] = m.mean();
                    d2[l][p] = m.derivativeMeanSquare();
                }
            }
            double taps = 0;
            for (double t : tapFraction) {
                taps += t * t;
            }
            zSpread[l] = cpg * w.variance() * taps * (x.mean() * x.mean() + x.spread) + b.variance();
            f.spread = needSpread ? spreadAfter(layer.activation(), average(zMean[l]), average(zVar[l]), zSpread[l])
                    : 0.0;
            return f;
        }

        private Field norm(int l, ResolvedLayer layer, NormSpec n, Field x) {
            double eps = n.eps();
            ResolvedInit gamma = layer.weight();
            ResolvedInit beta = layer.bias();
            double mu = x.mean();
            // BatchNorm: the variance of each feature (channel) over the batch (and positions), without the spread
            // of the per-feature means; LayerNorm: of each example over its values, where that spread is included
            double v = n.kind() == NormSpec.Kind.BATCH ? Math.max(x.m2() - mu * mu - x.spread, 0) : x.var();
            var f = new Field(x.h, x.w);
            for (int p = 0; p < f.positions(); p++) {
                double centred = n.kind() == NormSpec.Kind.BATCH
                        ? x.m2[p] - x.mean[p] * x.mean[p] - x.spread + (x.mean[p] - mu) * (x.mean[p] - mu)
                        : x.m2[p] - 2 * x.mean[p] * mu + mu * mu;
                f.m2[p] = gamma.secondMoment() * centred / (v + eps) + beta.secondMoment();
                f.mean[p] = gamma.mean() * (x.mean[p] - mu) / Math.sqrt(v + eps) + beta.mean();
            }
            f.spread = beta.variance() + (n.kind() == NormSpec.Kind.BATCH ? 0.0
                    : gamma.secondMoment() * x.spread / (v + eps));
            zMean[l] = new double[] {0.0};
            zVar[l] = new double[] {v / (v + eps)};
            d2[l] = new double[] {1.0};
            return f;
        }

        // ---- backward ----

        private void backward() {
            Shape last = layers.get(depth - 1).out();
            double[] g = Field.of(last, 1.0, 0.0, 0.0).m2;
            boolean modelled = true;
            for (int l = depth - 1; l >= 0; l--) {
                ResolvedLayer layer = layers.get(l);
                gradA[l] = modelled ? average(g) : Double.NaN;
                double[] in = modelled ? backward(l, layer, g) : null;
                if (!modelled) {
                    gradZ[l] = Double.NaN;
                    weightGrad[l] = Double.NaN;
                    biasGrad[l] = Double.NaN;
                    for (Quantity q : new Quantity[] {Quantity.ACTIVATION_GRADIENTS,
                        Quantity.PRE_ACTIVATION_GRADIENTS, Quantity.WEIGHT_GRADIENTS, Quantity.BIAS_GRADIENTS}) {
                        gaps.get(l).putIfAbsent(q, GAP_NO_RUN);
                    }
                }
                if (l == 0) {
                    break;
                }
                if (in != null) {
                    g = in;
                    modelled = true;
                } else {
                    // restart below a layer the recursion does not model from the gradient measured there
                    TensorStats m = measuredStats(l - 1, Quantity.ACTIVATION_GRADIENTS);
                    modelled = m != null;
                    g = Field.of(layers.get(l - 1).out(), m == null ? Double.NaN : m.meanSquare(), 0, 0).m2;
                    gaps.get(l - 1).put(Quantity.ACTIVATION_GRADIENTS, GAP_RESTART);
                }
            }
        }

        /** The layer's gradients from g = Var[∂L/∂a] per output position; returns Var[∂L/∂input] or null. */
        private double[] backward(int l, ResolvedLayer layer, double[] g) {
            weightGrad[l] = Double.NaN;
            biasGrad[l] = Double.NaN;
            int batch = net.input().batch();
            if (layer.spec() instanceof DenseSpec || layer.spec() instanceof Conv2dSpec) {
                double[] factor = derivativeFactor(l, layer);
                if (factor == null) {
                    gradZ[l] = Double.NaN;
                    for (Quantity q : new Quantity[] {Quantity.PRE_ACTIVATION_GRADIENTS, Quantity.WEIGHT_GRADIENTS,
                        Quantity.BIAS_GRADIENTS}) {
                        gaps.get(l).put(q, measured == null ? GAP_NO_RUN : GAP_POOL_DERIVATIVE);
                    }
                    return null;
                }
                boolean residual = layer.spec() instanceof DenseSpec d && d.isResidual();
                double alpha = residual ? ((DenseSpec) layer.spec()).alpha() : 1;
                double[] gz = new double[g.length];
                for (int p = 0; p < g.length; p++) {
                    gz[p] = alpha * alpha * factor[p] * g[p];
                }
                gradZ[l] = average(gz);
                gradients(l, layer, gz, batch);
                double[] in = layer.spec() instanceof Conv2dSpec c ? convBackward(l, layer, c, gz)
                        : new double[] {layer.fans().fanOut() * layer.weight().secondMoment() * gz[0]};
                if (residual) {
                    // the skip carries ∂L/∂a' unchanged to the branch's input (this layer's, or its first layer's)
                    int first = layer.branch().first();
                    if (first == l) {
                        in[0] += g[0];
                    } else {
                        skipGradient[first] += g[0];
                    }
                }
                if (layer.branch() != null && layer.branch().first() == l && layer.branch().length() > 1) {
                    in[0] += skipGradient[l];
                }
                return in;
            }
            if (layer.spec() instanceof FlattenSpec) {
                gradZ[l] = average(g);
                return Field.uniform(input[l].h, input[l].w, g[0], 0, 0).m2;
            }
            if (layer.spec() instanceof NormSpec n) {
                return normBackward(l, layer, n, g, batch);
            }
            if (layer.spec() instanceof MaxPool2dSpec pool) {
                gradZ[l] = average(g);
                return poolBackward(l, pool, g);
            }
            // recurrent: its measured ∂L/∂h covers every step, a prediction would cover the output's only
            gradA[l] = Double.NaN;
            gradZ[l] = Double.NaN;
            for (Quantity q : new Quantity[] {Quantity.ACTIVATION_GRADIENTS, Quantity.PRE_ACTIVATION_GRADIENTS,
                Quantity.WEIGHT_GRADIENTS, Quantity.BIAS_GRADIENTS}) {
                gaps.get(l).put(q, GAP_RECURRENT);
            }
            return null;
        }

        /**
         * E[φ'(z)²] per position, or what reaches z through the max-pool above: (1 − z₀) for relu (ReLU′ = 1 at a
         * positive window maximum, z₀ the measured fraction of pooled outputs that are 0), 1 for linear; null where
         * it is not modelled.
         */
        private double[] derivativeFactor(int l, ResolvedLayer layer) {
            if (!forwardModelled[l]) {
                return null;
            }
            if (l + 1 < depth && layers.get(l + 1).spec() instanceof MaxPool2dSpec) {
                double[] f = new double[d2[l].length];
                switch (layer.activation().kind()) {
                    case LINEAR -> Arrays.fill(f, 1.0);
                    case RELU -> {
                        TensorStats pooled = measuredStats(l + 1, Quantity.ACTIVATIONS);
                        if (pooled == null) {
                            return null;
                        }
                        Arrays.fill(f, 1 - pooled.zeroFraction());
                    }
                    default -> {
                        return null;
                    }
                }
                return f;
            }
            return d2[l];
        }

        /** The weight and bias gradients of a dense or conv layer from Var[∂L/∂z] per position. */
        private void gradients(int l, ResolvedLayer layer, double[] gz, int batch) {
            Field x = input[l];
            // Var[∂L/∂b] = batch·Σ_p Var[∂L/∂z] (independent examples and positions); Var[∂L/∂W] per weight entry
            // (one tap) sums Var[∂L/∂z]·E[x²] over the positions where the tap reads the input, not the padding
            double independent = 0;
            double weight = 0;
            double valid = 0;
            if (layer.spec() instanceof Conv2dSpec c) {
                int ow = layer.out().width();
                int taps = c.kernelH() * c.kernelW();
                for (int p = 0; p < gz.length; p++) {
                    double sum = 0;
                    int inside = 0;
                    for (int i = 0; i < c.kernelH(); i++) {
                        for (int j = 0; j < c.kernelW(); j++) {
                            int s = source(c, x, p / ow, p % ow, i, j);
                            if (s >= 0) {
                                sum += x.m2[s];
                                inside++;
                            }
                        }
                    }
                    independent += batch * gz[p];
                    weight += batch * gz[p] * sum / taps;
                    valid += batch * gz[p] * inside / taps;
                }
            } else {
                Field v = x.positions() > 1 ? x.flat() : x;
                independent = batch * gz[0];
                weight = batch * gz[0] * v.m2();
                valid = independent;
            }
            biasGrad[l] = independent;
            weightGrad[l] = weight;
            if (l + 1 < depth && layers.get(l + 1).spec() instanceof NormSpec n && n.kind() == NormSpec.Kind.BATCH) {
                // the batch norm above removes the mean of its input's gradient over each feature: the bias gets
                // only the part of φ'(z) that x̂ = φ(z) standardized does not explain (none for a linear layer)
                biasGrad[l] = beforeBatchNorm(l, layer, n, batch);
                // ∂L/∂W = Σ δ·(x − E x) + E[x]·∂L/∂b: the part through the input's mean shrinks with ∂L/∂b
                Field v = x.positions() > 1 ? x.flat() : x;
                double meanPart = v.mean() * v.mean() + v.spread;
                double fraction = independent > 0 ? valid / independent : 1;
                weightGrad[l] = weight - meanPart * fraction * (independent - biasGrad[l]);
            }
        }

        private double beforeBatchNorm(int l, ResolvedLayer layer, NormSpec n, int batch) {
            Field y = output[l];
            double group = (double) batch * y.positions();
            double v = Math.max(y.m2() - y.mean() * y.mean() - y.spread, 0);
            // moments of (φ, φ') over the group: the positions' distributions, each without the channel offset
            double e1 = 0;
            double e2 = 0;
            double d1 = 0;
            double dd = 0;
            double pd = 0;
            int positions = zMean[l].length;
            for (int p = 0; p < positions; p++) {
                PhiMoments m = PhiMoments.of(layer.activation(), zMean[l][p], Math.max(zVar[l][p] - zSpread[l], 0));
                e1 += m.phi() / positions;
                e2 += m.phi2() / positions;
                d1 += m.d() / positions;
                dd += m.d2() / positions;
                pd += m.phiD() / positions;
            }
            double varPhi = e2 - e1 * e1;
            double cov = pd - e1 * d1;
            double r = dd - d1 * d1 - (varPhi > 0 ? cov * cov / varPhi : 0);
            double upstream = gradA[l + 1];
            return group * layers.get(l + 1).weight().secondMoment() / (v + n.eps()) * upstream * Math.max(r, 0);
        }

        /** Each input position receives (C_out/groups)·E[W²]·Var[∂L/∂z] from every output that reads it. */
        private double[] convBackward(int l, ResolvedLayer layer, Conv2dSpec c, double[] gz) {
            Field x = input[l];
            double opg = (double) layer.out().channels() / c.groups();
            double e = opg * layer.weight().secondMoment();
            double[] in = new double[x.positions()];
            int ow = layer.out().width();
            for (int p = 0; p < gz.length; p++) {
                for (int i = 0; i < c.kernelH(); i++) {
                    for (int j = 0; j < c.kernelW(); j++) {
                        int s = source(c, x, p / ow, p % ow, i, j);
                        if (s >= 0) {
                            in[s] += e * gz[p];
                        }
                    }
                }
            }
            return in;
        }

        /** Each window's gradient goes to one of its k² inputs (its maximum: each is the maximum as often). */
        private double[] poolBackward(int l, MaxPool2dSpec pool, double[] g) {
            Field x = input[l];
            int k = pool.kernel();
            int s = pool.stride();
            int ow = layers.get(l).out().width();
            double[] in = new double[x.positions()];
            for (int p = 0; p < g.length; p++) {
                int oy = p / ow;
                int ox = p % ow;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        in[(oy * s + i) * x.w + ox * s + j] += g[p] / (k * k);
                    }
                }
            }
            return in;
        }

        private double[] normBackward(int l, ResolvedLayer layer, NormSpec n, double[] g, int batch) {
            Field x = input[l];
            boolean bn = n.kind() == NormSpec.Kind.BATCH;
            double mu = x.mean();
            double v = bn ? Math.max(x.m2() - mu * mu - x.spread, 0) : x.var();
            double r = v / (v + n.eps());
            double gamma2 = layer.weight().secondMoment();
            // the group: every value of a feature (channel) over the batch, or every value of one example; the
            // projection off the mean and x̂ (a factor 1 − 2/n) and the scatter of the per-feature variances (which
            // raises E[1/σ²] by about as much) are finite-batch effects the mean field leaves out
            double group = bn ? (double) batch * x.positions() : layer.in().features();
            double[] in = new double[g.length];
            for (int p = 0; p < g.length; p++) {
                in[p] = gamma2 * g[p] / (v + n.eps());
            }
            gradZ[l] = gamma2 * average(g);
            // dβ = Σ ∂L/∂y and dγ = Σ ∂L/∂y·x̂ over the batch (and positions, for a channel of an image)
            double perParameter = bn ? group : batch;
            biasGrad[l] = perParameter * average(g);
            weightGrad[l] = perParameter * average(g) * r;
            return in;
        }

        private List<Prediction> predictions() {
            int batch = net.input().batch();
            var out = new ArrayList<Prediction>(depth);
            for (int l = 0; l < depth; l++) {
                ResolvedLayer layer = layers.get(l);
                boolean holds = layer.weight() == null || layer.weight().zeroMeanIid();
                Field a = output[l];
                double zm = forwardModelled[l] ? average(zMean[l]) : Double.NaN;
                // Var[z] over all values: the positions' variances and the spread of their means
                double zv = Double.NaN;
                if (forwardModelled[l]) {
                    double s = 0;
                    for (int p = 0; p < zVar[l].length; p++) {
                        s += (zVar[l][p] + zMean[l][p] * zMean[l][p]) / zVar[l].length;
                    }
                    zv = s - zm * zm;
                }
                double am = forwardModelled[l] ? a.mean() : Double.NaN;
                double ams = forwardModelled[l] ? a.m2() : Double.NaN;
                Map<Quantity, String> gap = gaps.get(l);
                // where the recursion restarted from a measured value, that value is not a prediction
                double ga = gap.containsKey(Quantity.ACTIVATION_GRADIENTS) ? Double.NaN : gradA[l];
                out.add(new Prediction(zm, zv, am, ams - am * am, ams, ga, gradZ[l], weightGrad[l], biasGrad[l],
                        forwardModelled[l] ? average(d2[l]) : Double.NaN, holds && forwardModelled[l], gap));
            }
            return out;
        }
    }
}
