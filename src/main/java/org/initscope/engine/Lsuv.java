package org.initscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.initscope.model.WeightedSpec;

/**
 * Layer-sequential unit-variance initialization (Mishkin &amp; Matas 2016, "All you need is a good init", Algorithm 1):
 * every weighted layer starts orthonormal (orthogonal, gain 1), then, layer after layer from the input, its weights
 * are divided by √Var[z_l] — z_l the layer's output before the activation, measured on the network's input batch —
 * until |Var[z_l] − 1| &lt; tol or {@code maxIterations} passes. The result is an ordinary network: each layer
 * orthogonal with its slider scale set to the product of the rescalings, so that the same seed draws exactly the
 * weights LSUV ended with, and the app shows and saves it like any other.
 */
public final class Lsuv {
    public static final double DEFAULT_TOLERANCE = 0.1;
    public static final int DEFAULT_ITERATIONS = 10;

    private Lsuv() {
    }

    /**
     * What LSUV did.
     *
     * @param network    the network with LSUV's weights (orthogonal × scale per layer)
     * @param variances  Var[z_l] of each layer at the end (NaN for layers without weights)
     * @param iterations the passes each layer took (0 for layers without weights)
     * @param converged  whether every weighted layer reached |Var − 1| &lt; tol
     */
    public record Result(NetworkSpec network, double[] variances, int[] iterations, boolean converged,
            double tolerance) {
    }

    /** LSUV with tol = 0.1 and at most 10 passes per layer (the paper's values). */
    public static Result apply(NetworkSpec spec) {
        return apply(spec, DEFAULT_TOLERANCE, DEFAULT_ITERATIONS, () -> false);
    }

    public static Result apply(NetworkSpec spec, double tol, int maxIterations, BooleanSupplier cancelled) {
        if (!(tol > 0 && tol < 1)) {
            throw new SpecException("tol", "the tolerance must be between 0 and 1");
        }
        var layers = new ArrayList<LayerSpec>();
        for (LayerSpec l : spec.expandedLayers()) {
            layers.add(l instanceof WeightedSpec w ? (LayerSpec) w.withInit(InitSpec.of(Scheme.ORTHOGONAL, "gain", 1.0))
                    .withScale(1.0) : l);
        }
        NetworkSpec net = spec.withLayers(layers);
        int n = layers.size();
        double[] variances = new double[n];
        int[] iterations = new int[n];
        boolean converged = true;
        try (Propagator engine = new Propagator()) {
            for (int l = 0; l < n; l++) {
                variances[l] = Double.NaN;
                if (!(layers.get(l) instanceof WeightedSpec)) {
                    continue;
                }
                boolean done = false;
                for (int it = 0; it <= maxIterations && !done; it++) {
                    PropagationResult r = engine.run(net.resolve(), RunOptions.momentsOnly(), cancelled);
                    double var = r.layers().get(l).get(Quantity.PRE_ACTIVATIONS).var();
                    variances[l] = var;
                    iterations[l] = it;
                    if (Math.abs(var - 1) < tol) {
                        done = true;
                    } else if (it < maxIterations && var > 0 && Double.isFinite(var)) {
                        WeightedSpec w = (WeightedSpec) layers.get(l);
                        double scale = w.scale() / Math.sqrt(var);
                        if (!(scale >= DenseSpec.MIN_SCALE && scale <= DenseSpec.MAX_SCALE)) {
                            break;
                        }
                        layers.set(l, w.withScale(scale));
                        net = spec.withLayers(layers);
                    } else {
                        break;
                    }
                }
                converged &= done;
            }
        }
        return new Result(net.compressed(), variances, iterations, converged, tol);
    }

    /** The layers whose output variance LSUV measured: Var[z_l] of each weighted layer, in order. */
    public static List<Double> weightedVariances(Result r) {
        var out = new ArrayList<Double>();
        for (double v : r.variances()) {
            if (!Double.isNaN(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
