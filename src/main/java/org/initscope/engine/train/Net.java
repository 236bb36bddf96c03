package org.initscope.engine.train;

import java.util.List;
import org.initscope.engine.Quantity;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.layers.Module;
import org.initscope.model.ActivationSpec;

/**
 * A network the {@link Trainer} trains: the user's layers and the output layer, a loss, and what the statistics of
 * a recorded step read. Two kinds: {@link Mlp}, the fast path for stacks of plain dense layers, and
 * {@link ModuleNet}, every layer type of the explorer through its {@link Module}s.
 */
interface Net extends AutoCloseable {
    /**
     * One parameter tensor for the optimizer, as a heap copy in double precision: {@link #gradientsToHeap} fills
     * {@code grad}, the optimizer updates {@code value}, {@link #parametersToNative} makes the network use it.
     *
     * @param layer 0-based layer
     * @param main  the layer's main weight (weight, weight_hh): its norm and update ratio are recorded
     * @param decay whether weight decay applies (weights; not biases, normalization shifts or residual scales)
     */
    record Param(int layer, String name, boolean main, boolean decay, double[] value, double[] grad) {
    }

    /** What a recorded step shows of a layer. */
    record LayerInfo(boolean output, int units, ActivationSpec activation, String label) {
    }

    /** Layers whose statistics are recorded, the output layer last. */
    int layerCount();

    LayerInfo layer(int l);

    /** Classes per answer (softmax cross-entropy), or 0 for regression (mean squared error). */
    int classes();

    /**
     * Forward (and, if asked, backward) on {@code rows} examples; returns the mean loss.
     *
     * @param labels  rows·heads labels (classification), else null
     * @param targets rows·outputs targets (regression), else null
     * @param mode    how normalization layers compute (see {@link Module.Mode})
     */
    double pass(float[] x, int rows, int[] labels, float[] targets, boolean backward, Module.Mode mode);

    /** Class probabilities (a softmax per answer) or predictions of the last pass, row-major. */
    double[] outputs();

    /** A tensor of layer l in the last pass (float32, the layout the engine uses), or null when the layer has none. */
    float[] tensor(int l, Quantity q);

    /** Units of layer l that never differ from another unit (see {@link Trainer#distinctUnits}). */
    int distinctUnits(int l);

    /** Fraction of layer l's units that were 0 for every example of the last pass. */
    double deadUnitFraction(int l);

    /** What happened through time in layer l in the last pass, or null for a layer that is not recurrent. */
    default RecurrentTrace trace(int l) {
        return null;
    }

    List<Param> params();

    /** The gradients of the last backward pass into the parameters' heap copies. */
    void gradientsToHeap();

    /** The heap copies (after an update) back into the network. */
    void parametersToNative();

    @Override
    void close();
}
