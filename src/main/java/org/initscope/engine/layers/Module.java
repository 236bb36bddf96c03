package org.initscope.engine.layers;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.initscope.engine.Quantity;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.Sampler;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.FlattenSpec;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Shape;

/**
 * One layer of the general engine ({@link StackPropagator}): samples its parameters, runs forward and backward on
 * heap float arrays and exposes every tensor it measured. Layout is batch-major and PyTorch's: a vector per
 * example, an image as C×H×W (NCHW), a sequence as T×F (batch_first). GEMMs run on ND4J ({@link Gemm}).
 */
public abstract class Module {
    /**
     * How normalization layers compute (the only layers it changes), as PyTorch's {@code train()}/{@code eval()}:
     * with the batch's statistics, updating the running ones ({@link #TRAIN}, an optimizer step); with the batch's
     * statistics, leaving the running ones as they are ({@link #MEASURE}: the explorer and the statistics of a
     * recorded step, which must not change the network); or with the running statistics ({@link #EVAL}: test loss,
     * accuracy, predictions).
     */
    public enum Mode {
        TRAIN, MEASURE, EVAL
    }

    protected final ResolvedLayer layer;
    protected Mode mode = Mode.MEASURE;
    /** Whether backward computes ∂L/∂(input): not for the first layer of a network in training. */
    protected boolean inputGradient = true;
    /** Threads a layer may spread its work over (0: every core). */
    protected int threads;
    /**
     * With {@link #reuseBuffers} on: the arrays of the module's tensors kept from pass to pass (float[] or int[]), by
     * (slot, length), least recently used first; null when off.
     */
    private LinkedHashMap<Long, Object> buffers;
    /** Values (4 bytes each) of the arrays in {@link #buffers}. */
    private long bufferValues;
    /** Floats of the arrays a module keeps with {@link #reuseBuffers} on, at most (8 MB a layer). */
    public static final long KEEP_BUFFER_FLOATS = 1L << 21;

    protected Module(ResolvedLayer layer) {
        this.layer = layer;
    }

    /**
     * Whether {@link #backward} must return ∂L/∂(input). The first layer of a training network need not: its input
     * is the data (backward then returns null and skips that work, an im2col fold or a GEMM).
     */
    public void computeInputGradient(boolean on) {
        inputGradient = on;
    }

    /**
     * At most this many threads for the layer's own work (0: every core, the explorer's choice for one large
     * batch). Training's batches are small: handing 32 examples to a second core costs more than it saves when the
     * machine is busy, and the other core draws the charts.
     */
    public void threads(int n) {
        threads = n;
    }

    /**
     * Keep the arrays of the tensors from pass to pass (training): a pass at a given row count writes into the arrays
     * of the last pass at that row count instead of new ones — no allocation and no zeroing of megabytes per pass.
     * Only for a caller that reads a pass's tensors before the next pass (a training run does; the explorer keeps
     * each run's tensors and does not reuse).
     */
    public void reuseBuffers(boolean on) {
        buffers = on ? new LinkedHashMap<>(16, 0.75f, true) : null;
        bufferValues = 0;
    }

    /**
     * An array of {@code length} floats for the tensor {@code slot} (0, 1, … per module) of this pass: with
     * {@link #reuseBuffers} on, the one that slot had at that length before, with its old values (the caller writes
     * every entry, or clears it), as long as the module's kept arrays stay within {@link #KEEP_BUFFER_FLOATS} (the
     * least recently used go first); otherwise a new one (zeros).
     */
    protected final float[] buffer(int slot, int length) {
        return kept(slot, length, float[]::new);
    }

    /** The same for an int array (slots shared with {@link #buffer}: each slot holds one kind). */
    protected final int[] intBuffer(int slot, int length) {
        return kept(slot, length, int[]::new);
    }

    @SuppressWarnings("unchecked")
    private <T> T kept(int slot, int length, IntFunction<T> make) {
        Object kept = buffers == null ? null : buffers.get((long) slot << 32 | length);
        if (kept != null) {
            return (T) kept;
        }
        T made = make.apply(length);
        keep(slot, length, made);
        return made;
    }

    private void keep(int slot, int length, Object made) {
        if (buffers == null || length > KEEP_BUFFER_FLOATS) {
            return;
        }
        buffers.put((long) slot << 32 | length, made);
        bufferValues += length;
        for (Iterator<Map.Entry<Long, Object>> it = buffers.entrySet().iterator(); bufferValues > KEEP_BUFFER_FLOATS
                && it.hasNext(); ) {
            Map.Entry<Long, Object> old = it.next();
            if (old.getValue() != made) {
                bufferValues -= old.getKey() & 0xFFFFFFFFL;
                it.remove();
            }
        }
    }

    /** The mode of the following passes (see {@link Mode}); {@link Mode#MEASURE} until set. */
    public void mode(Mode m) {
        mode = m;
    }

    public ResolvedLayer layer() {
        return layer;
    }

    /** The module for a resolved layer. */
    public static Module of(ResolvedLayer l) {
        if (l.spec() instanceof DenseSpec) {
            return new DenseModule(l);
        }
        if (l.spec() instanceof Conv2dSpec) {
            return new Conv2dModule(l);
        }
        if (l.spec() instanceof MaxPool2dSpec) {
            return new MaxPool2dModule(l);
        }
        if (l.spec() instanceof FlattenSpec) {
            return new FlattenModule(l);
        }
        if (l.spec() instanceof NormSpec) {
            return new NormModule(l);
        }
        if (l.spec() instanceof RecurrentSpec) {
            return new RecurrentModule(l);
        }
        throw new IllegalArgumentException("no module for " + l.spec().type());
    }

    /**
     * Draw every parameter from its initializer, reproducibly: each tensor's seed derives from (network seed,
     * layer index, which tensor) through {@link org.initscope.engine.Seeds}.
     */
    public abstract void sample(Sampler sampler, long seed);

    /** x holds batch × in.size() values; returns batch × out.size() values and keeps what backward needs. */
    public abstract float[] forward(float[] x, int batch);

    /**
     * dOut is ∂L/∂(output); returns ∂L/∂(input) and computes the parameter gradients (summed over the batch, as
     * autograd does for a loss summed over the batch).
     */
    public abstract float[] backward(float[] dOut, int batch);

    /**
     * The tensor measured as {@code q} after forward and backward, or null when the layer has none (the weights of
     * a pooling layer). Layers without an activation report their output as both pre-activation and activation.
     */
    public abstract float[] tensor(Quantity q);

    /**
     * The 0-based index of the first layer of the residual branch this layer closes when the branch spans earlier
     * layers (the network hands that layer's input to {@link #skip} before {@link #forward}, and adds
     * {@link #skipGradient} to the gradient reaching it); −1 otherwise.
     */
    public int skipFrom() {
        return -1;
    }

    /** The input of the branch's first layer, for a layer whose {@link #skipFrom} is ≥ 0. */
    public void skip(float[] branchInput) {
    }

    /** After {@link #backward}: ∂L/∂(the branch's input) through the skip, for a layer whose skipFrom is ≥ 0. */
    public float[] skipGradient() {
        return null;
    }

    /**
     * Forward through a stack of modules, handing each layer that closes a longer residual branch the input of the
     * branch's first layer.
     */
    public static float[] forward(List<Module> modules, float[] x, int batch,
            BooleanSupplier cancelled) {
        var inputs = new float[modules.size()][];
        float[] h = x;
        for (int l = 0; l < modules.size(); l++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("superseded");
            }
            Module m = modules.get(l);
            inputs[l] = h;
            if (m.skipFrom() >= 0) {
                m.skip(inputs[m.skipFrom()]);
            }
            h = m.forward(h, batch);
        }
        return h;
    }

    /**
     * Backward through a stack of modules from ∂L/∂(output); the gradient that a longer residual branch's skip
     * carries is added where the branch starts. Returns ∂L/∂x (null when the first layer computes none).
     */
    public static float[] backward(List<Module> modules, float[] dOut, int batch,
            BooleanSupplier cancelled) {
        var pending = new float[modules.size()][];
        float[] g = dOut;
        for (int l = modules.size() - 1; l >= 0; l--) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("superseded");
            }
            Module m = modules.get(l);
            g = m.backward(g, batch);
            if (m.skipFrom() >= 0) {
                float[] s = m.skipGradient();
                int to = m.skipFrom();
                if (pending[to] == null) {
                    pending[to] = s.clone();
                } else {
                    for (int i = 0; i < s.length; i++) {
                        pending[to][i] += s[i];
                    }
                }
            }
            if (pending[l] != null && g != null) {
                float[] p = pending[l];
                for (int i = 0; i < g.length; i++) {
                    g[i] += p[i];
                }
            }
        }
        return g;
    }

    /** Every parameter by PyTorch's name (weight, bias, weight_ih, …), for the statistics of each. */
    public Map<String, float[]> parameters() {
        var m = new LinkedHashMap<String, float[]>();
        if (tensor(Quantity.WEIGHTS) != null) {
            m.put("weight", tensor(Quantity.WEIGHTS));
            m.put("bias", tensor(Quantity.BIASES));
        }
        return m;
    }

    /** The gradient of every parameter of {@link #parameters()}, by the same names. */
    public Map<String, float[]> parameterGradients() {
        var m = new LinkedHashMap<String, float[]>();
        if (tensor(Quantity.WEIGHT_GRADIENTS) != null) {
            m.put("weight", tensor(Quantity.WEIGHT_GRADIENTS));
            m.put("bias", tensor(Quantity.BIAS_GRADIENTS));
        }
        return m;
    }

    /**
     * State that is not a parameter but changes in training, by PyTorch's buffer names (a BatchNorm's running_mean
     * and running_var); copies, empty for most layers.
     */
    public Map<String, float[]> buffers() {
        return Map.of();
    }

    /** What happened through time in a recurrent layer; null for the others. */
    public RecurrentTrace trace() {
        return null;
    }

    /**
     * Floats a layer allocates for its work besides the tensors it measures ({heap, native}): a convolution's
     * im2col buffers; nothing for the other layers.
     */
    public static long[] scratchFloats(ResolvedLayer l, int batch) {
        return l.spec() instanceof Conv2dSpec ? Conv2dModule.convScratchFloats(l, batch) : new long[] {0, 0};
    }

    /**
     * Heap floats a layer on one thread (training, a sweep's cell) keeps from pass to pass, every layer at once: a
     * convolution's buffers of a training batch (at most 8 MB) and, for convolution and pooling layers, the arrays
     * of their tensors ({@link #reuseBuffers}: at most {@link #KEEP_BUFFER_FLOATS}, and no more than four tensors of
     * 2,048 rows); nothing for the other layers.
     */
    public static long keptFloats(ResolvedLayer l) {
        boolean conv = l.spec() instanceof Conv2dSpec;
        if (!conv && !(l.spec() instanceof MaxPool2dSpec)) {
            return 0;
        }
        long tensors = Math.min(KEEP_BUFFER_FLOATS, 4L * 2048 * Math.max(l.in().size(), l.out().size()));
        return tensors + (conv ? Conv2dModule.convKeptFloats(l) : 0);
    }

    /** Values per example entering the layer (all time steps). */
    protected int inSize() {
        return (int) layer.in().size();
    }

    /** Values per example leaving the layer (all time steps). */
    protected int outSize() {
        return (int) layer.out().size();
    }

    /**
     * Fraction of units that are 0 for every example: a unit is a feature of a vector, a channel of an image (a dead
     * filter), a hidden unit of a sequence (at every step).
     */
    public static double deadUnits(float[] a, int batch, Shape shape) {
        if (!shape.image() && !shape.sequence()) {
            return deadFeatures(a, batch, shape.channels());
        }
        int units = shape.channels();
        int per = shape.image() ? shape.height() * shape.width() : Math.max(1, shape.steps());
        int stride = shape.features() * Math.max(1, shape.steps());
        int dead = 0;
        for (int u = 0; u < units; u++) {
            boolean zero = true;
            for (int b = 0; b < batch && zero; b++) {
                for (int p = 0; p < per; p++) {
                    int i = shape.image() ? b * stride + u * per + p : b * stride + p * shape.channels() + u;
                    if (a[i] != 0f) {
                        zero = false;
                        break;
                    }
                }
            }
            if (zero) {
                dead++;
            }
        }
        return (double) dead / units;
    }

    /** A batch of vectors (rows × cols, row-major): scanned row by row until every unit has shown a value ≠ 0. */
    private static double deadFeatures(float[] a, int rows, int cols) {
        boolean[] alive = new boolean[cols];
        int living = 0;
        for (int r = 0; r < rows && living < cols; r++) {
            int off = r * cols;
            for (int c = 0; c < cols; c++) {
                if (!alive[c] && a[off + c] != 0f) {
                    alive[c] = true;
                    living++;
                }
            }
        }
        // usually every unit is alive after the first rows, and the scan stops there
        return (double) (cols - living) / cols;
    }
}
