package org.initscope.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.initscope.engine.layers.Module;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;

/**
 * The statistics of one run's tensors: the one measuring code of both engine paths (the dense fast path's workspace
 * and the modules of every other network). Every quantity of every layer gets its {@link TensorStats} (one fused
 * pass for the moments, one for the histogram, over a shared range when the options ask for one), the activations'
 * and pre-activations' saturated fraction, the dead units, and every parameter and its gradient by the name PyTorch
 * gives it (weight and bias; weight_ih, weight_hh, … of a recurrent layer).
 *
 * <p>Tensors are measured one by one as a run finishes them ({@link #measure}, beside the GEMMs, in any order but a
 * layer's activations before its pre-activations), or all after the run ({@link #measureAll}, spread over the cores
 * by tensor, big tensors first).
 */
final class Measurement {
    /** Where a run keeps its tensors (heap arrays, row-major as PyTorch lays them out). */
    interface Tensors {
        /** Quantity {@code q} of layer {@code layer} (0-based), or null when the layer has none (a pool's weights). */
        float[] tensor(int layer, Quantity q);

        /** The layer's parameters by name (its weight and bias unless it says otherwise). */
        default Map<String, float[]> parameters(int layer) {
            return pair(tensor(layer, Quantity.WEIGHTS), tensor(layer, Quantity.BIASES));
        }

        /** The gradients of {@link #parameters}, by the same names. */
        default Map<String, float[]> parameterGradients(int layer) {
            return pair(tensor(layer, Quantity.WEIGHT_GRADIENTS), tensor(layer, Quantity.BIAS_GRADIENTS));
        }

        /** A recurrent layer's trace through time, or null. */
        default RecurrentTrace trace(int layer) {
            return null;
        }

        private static Map<String, float[]> pair(float[] weight, float[] bias) {
            var m = new LinkedHashMap<String, float[]>();
            if (weight != null) {
                m.put("weight", weight);
                m.put("bias", bias);
            }
            return m;
        }
    }

    private final ResolvedNetwork net;
    private final Tensors tensors;
    private final int bins;
    private final boolean sharedRange;
    private final TensorStats[][] stats;
    private final double[] saturation;
    private final double[] dead;

    Measurement(ResolvedNetwork net, Tensors tensors, RunOptions options) {
        this.net = net;
        this.tensors = tensors;
        bins = options.histogramBins();
        sharedRange = options.range() == RunOptions.HistogramRange.SHARED;
        stats = new TensorStats[net.depth()][Quantity.values().length];
        saturation = new double[net.depth()];
        dead = new double[net.depth()];
    }

    /** One tensor the run has finished writing, over its own range (the activations before the pre-activations). */
    void measure(int layer, Quantity q) {
        float[] data = tensors.tensor(layer, q);
        finish(layer, q, data, moments(layer, q, data), Double.NaN, Double.NaN);
    }

    /** Every tensor of the run, over the cores ({@code parallel}) or on the calling thread. */
    List<LayerResult> measureAll(boolean parallel, BooleanSupplier cancelled) {
        record Task(int layer, Quantity q, float[] data) {
        }
        var tasks = new ArrayList<Task>();
        for (int l = 0; l < net.depth(); l++) {
            for (Quantity q : Quantity.values()) {
                // fetched here, on the run's thread: a module may make a tensor's batch-major copy when first asked
                float[] data = tensors.tensor(l, q);
                if (data == null) {
                    stats[l][q.ordinal()] = TensorStats.none();
                } else {
                    tasks.add(new Task(l, q, data));
                }
            }
        }
        // big tensors first, so that the cores finish together
        tasks.sort((x, y) -> Integer.compare(y.data.length, x.data.length));
        var moments = new StatsCalculator.Moments[tasks.size()];
        IntStream indices = parallel ? IntStream.range(0, tasks.size()).parallel() : IntStream.range(0, tasks.size());
        indices.forEach(i -> {
            if (!cancelled.getAsBoolean()) {
                Task t = tasks.get(i);
                moments[i] = moments(t.layer, t.q, t.data);
            }
        });
        check(cancelled);
        var lo = new EnumMap<Quantity, Double>(Quantity.class);
        var hi = new EnumMap<Quantity, Double>(Quantity.class);
        if (sharedRange) {
            for (int i = 0; i < tasks.size(); i++) {
                var m = moments[i];
                if (m.finite() > 0) {
                    lo.merge(tasks.get(i).q, m.min(), Math::min);
                    hi.merge(tasks.get(i).q, m.max(), Math::max);
                }
            }
        }
        indices = parallel ? IntStream.range(0, tasks.size()).parallel() : IntStream.range(0, tasks.size());
        indices.forEach(i -> {
            if (!cancelled.getAsBoolean()) {
                Task t = tasks.get(i);
                finish(t.layer, t.q, t.data, moments[i], lo.getOrDefault(t.q, Double.NaN),
                        hi.getOrDefault(t.q, Double.NaN));
            }
        });
        check(cancelled);
        return results();
    }

    /** The first pass over a tensor; on the activations, also the layer's saturation and dead units. */
    private StatsCalculator.Moments moments(int layer, Quantity q, float[] data) {
        var m = StatsCalculator.moments(data, data.length);
        if (q == Quantity.ACTIVATIONS) {
            ResolvedLayer l = net.layers().get(layer);
            saturation[layer] = StatsCalculator.saturatedFraction(data, data.length, l.activation().kind());
            dead[layer] = Module.deadUnits(data, net.input().batch(), l.out());
        }
        return m;
    }

    /** The second pass: the histogram over [lo, hi] (NaN: the tensor's own range) and the finished stats. */
    private void finish(int layer, Quantity q, float[] data, StatsCalculator.Moments m, double lo, double hi) {
        boolean unit = q == Quantity.ACTIVATIONS || q == Quantity.PRE_ACTIVATIONS;
        stats[layer][q.ordinal()] = StatsCalculator.finish(data, data.length, m, bins, lo, hi,
                unit ? saturation[layer] : 0.0);
    }

    /** Every layer's results, once every tensor is measured. */
    List<LayerResult> results() {
        var out = new ArrayList<LayerResult>(net.depth());
        for (int l = 0; l < net.depth(); l++) {
            var perLayer = new EnumMap<Quantity, TensorStats>(Quantity.class);
            for (Quantity q : Quantity.values()) {
                perLayer.put(q, stats[l][q.ordinal()]);
            }
            out.add(new LayerResult(net.layers().get(l), perLayer, dead[l], null,
                    parameters(l, tensors.parameters(l), Quantity.WEIGHTS, Quantity.BIASES),
                    parameters(l, tensors.parameterGradients(l), Quantity.WEIGHT_GRADIENTS, Quantity.BIAS_GRADIENTS),
                    tensors.trace(l)));
        }
        return out;
    }

    /**
     * The statistics of each parameter (or gradient) by name: a parameter that is the layer's weight or bias tensor
     * itself has those statistics already, unless they were drawn over the shared range.
     */
    private Map<String, TensorStats> parameters(int layer, Map<String, float[]> params, Quantity weight,
            Quantity bias) {
        var out = new LinkedHashMap<String, TensorStats>();
        params.forEach((name, data) -> {
            TensorStats known = null;
            if (!sharedRange) {
                for (Quantity q : List.of(weight, bias)) {
                    if (tensors.tensor(layer, q) == data) {
                        known = stats[layer][q.ordinal()];
                    }
                }
            }
            out.put(name, known != null ? known : TensorStats.of(data, data.length, bins));
        });
        return out;
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("superseded");
        }
    }
}
