package org.initscope.engine.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initscope.engine.ActivationKernels;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.Quantity;
import org.initscope.engine.Sampler;
import org.initscope.engine.Seeds;
import org.initscope.engine.layers.Gemm;
import org.initscope.model.ActivationSpec;
import org.initscope.model.ResolvedInit;
import org.initscope.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A multi-layer perceptron for training: the hidden layers and a linear output layer, with softmax cross-entropy
 * (classification) or mean squared error (regression), as torch.nn.CrossEntropyLoss and MSELoss with their
 * default mean reduction. The GEMMs run on native arrays kept by this class ({@link Gemm}: cblas_sgemm on them
 * directly); the bias, the activations and the bias gradient on heap copies with InitScope's accurate kernels. In
 * {@link DataType#DOUBLE} mode every step is in double precision (for gradient checks).
 *
 * <p>No ND4J op runs in a pass. ND4J 1.0.0-M2.1's broadcast op (what {@code addiRowVector} runs) passes the native
 * buffer of the dimension array it makes for itself to the native call without keeping the op reachable: a garbage
 * collection during the call lets ND4J's deallocator free that buffer while the call reads it, and the JVM dies with
 * SIGSEGV in {@code sd::DataBuffer::primary()} (seen in a full test run; {@code DenseTrainingGcStressTest}
 * reproduces it). The heap loops give the same floats: one rounding per bias addition, and the column sums row after
 * row in float, as ND4J's sum over dimension 0 (checked to the bit by {@code MlpNativeSafetyTest}).
 */
public final class Mlp implements Net {
    /**
     * One layer's shape, activation (null for the output), resolved initializers and what it multiplies x·Wᵀ by
     * (μP's readout: output_mult/m; 1 otherwise).
     */
    public record Layer(int in, int out, ActivationSpec activation, ResolvedInit weight, ResolvedInit bias,
            double multiplier) {
        public Layer(int in, int out, ActivationSpec activation, ResolvedInit weight, ResolvedInit bias) {
            this(in, out, activation, weight, bias, 1);
        }
    }

    private final DataType type;
    private final List<Layer> layers;
    private final int classes;
    final INDArray[] w;
    final INDArray[] b;
    final INDArray[] dw;
    final INDArray[] db;
    /** Heap copies of the parameters and their gradients, for the optimizer. */
    final double[][] wHeap;
    final double[][] bHeap;
    final double[][] dwHeap;
    final double[][] dbHeap;
    private int batch = -1;
    private INDArray[] z;
    private INDArray[] a;
    private INDArray[] dz;
    private INDArray[] da;
    private float[][] zf;
    private float[][] af;
    private float[][] dzf;
    private float[][] daf;
    private double[][] zd;
    private double[][] ad;
    private double[][] dzd;
    private double[][] dad;
    /** Per layer: the bias as the pass reads it, then the bias gradient's column sums (float or double mode). */
    private final float[][] rowF;
    private final double[][] rowD;

    /**
     * @param classes number of classes (softmax cross-entropy), or 0 for regression (mean squared error)
     */
    public Mlp(List<Layer> layers, int classes, DataType type, long seed) {
        Nd4jRuntime.start();
        this.type = type;
        this.layers = List.copyOf(layers);
        this.classes = classes;
        int n = layers.size();
        w = new INDArray[n];
        b = new INDArray[n];
        dw = new INDArray[n];
        db = new INDArray[n];
        wHeap = new double[n][];
        bHeap = new double[n][];
        dwHeap = new double[n][];
        dbHeap = new double[n][];
        rowF = new float[n][];
        rowD = new double[n][];
        Sampler sampler = new Sampler();
        for (int l = 0; l < n; l++) {
            Layer layer = layers.get(l);
            INDArray wf = Nd4j.create(DataType.FLOAT, layer.out(), layer.in());
            float[] heap = new float[layer.out() * layer.in()];
            sampler.fill(layer.weight().sampling(), wf, heap, Seeds.derive(seed, l + 1, Seeds.WEIGHTS));
            INDArray bf = Nd4j.create(DataType.FLOAT, 1, layer.out());
            sampler.fill(layer.bias().sampling(), bf, new float[layer.out()], Seeds.derive(seed, l + 1, Seeds.BIAS));
            w[l] = type == DataType.FLOAT ? wf : wf.castTo(type);
            b[l] = type == DataType.FLOAT ? bf : bf.castTo(type);
            dw[l] = Nd4j.create(type, layer.out(), layer.in());
            db[l] = Nd4j.create(type, 1, layer.out());
            wHeap[l] = w[l].data().asDouble();
            bHeap[l] = b[l].data().asDouble();
            dwHeap[l] = new double[wHeap[l].length];
            dbHeap[l] = new double[bHeap[l].length];
            rowF[l] = new float[layer.out()];
            rowD[l] = new double[layer.out()];
        }
    }

    /** The gradients of the last backward pass into the heap copies. */
    @Override
    public void gradientsToHeap() {
        for (int l = 0; l < layers.size(); l++) {
            copyOut(dw[l], dwHeap[l]);
            copyOut(db[l], dbHeap[l]);
        }
    }

    /** The heap parameters (after an update) back into the native arrays the GEMMs read. */
    @Override
    public void parametersToNative() {
        for (int l = 0; l < layers.size(); l++) {
            copyIn(wHeap[l], w[l]);
            copyIn(bHeap[l], b[l]);
        }
    }

    private void copyOut(INDArray src, double[] dst) {
        if (type == DataType.FLOAT) {
            var fb = src.data().asNioFloat();
            for (int i = 0; i < dst.length; i++) {
                dst[i] = fb.get(i);
            }
        } else {
            src.data().asNioDouble().get(0, dst);
        }
    }

    private void copyIn(double[] src, INDArray dst) {
        if (type == DataType.FLOAT) {
            var fb = dst.data().asNioFloat();
            for (int i = 0; i < src.length; i++) {
                fb.put(i, (float) src[i]);
            }
        } else {
            dst.data().asNioDouble().put(0, src);
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    public DataType type() {
        return type;
    }

    @Override
    public int classes() {
        return classes;
    }

    /** Per-batch-size buffers, kept (the training batch, the probe rows, the output view's grid, …). */
    private final Map<Integer, Object[]> bufferSets = new LinkedHashMap<>(8, 0.75f, true);

    private void buffers(int rows) {
        if (rows == batch) {
            return;
        }
        Object[] set = bufferSets.get(rows);
        if (set == null) {
            set = newBuffers(rows);
            bufferSets.put(rows, set);
            if (bufferSets.size() > 8) {
                var eldest = bufferSets.entrySet().iterator().next();
                closeBuffers(eldest.getValue());
                bufferSets.remove(eldest.getKey());
            }
        }
        batch = rows;
        z = (INDArray[]) set[0];
        a = (INDArray[]) set[1];
        dz = (INDArray[]) set[2];
        da = (INDArray[]) set[3];
        zf = (float[][]) set[4];
        af = (float[][]) set[5];
        dzf = (float[][]) set[6];
        daf = (float[][]) set[7];
        zd = (double[][]) set[8];
        ad = (double[][]) set[9];
        dzd = (double[][]) set[10];
        dad = (double[][]) set[11];
    }

    private Object[] newBuffers(int rows) {
        int n = layers.size();
        var nz = new INDArray[n];
        var na = new INDArray[n];
        var ndz = new INDArray[n];
        var nda = new INDArray[n];
        var fz = new float[n][];
        var fa = new float[n][];
        var fdz = new float[n][];
        var fda = new float[n][];
        var dz2 = new double[n][];
        var da2 = new double[n][];
        var ddz = new double[n][];
        var dda = new double[n][];
        for (int l = 0; l < n; l++) {
            int out = layers.get(l).out();
            nz[l] = Nd4j.create(type, rows, out);
            na[l] = Nd4j.create(type, rows, out);
            ndz[l] = Nd4j.create(type, rows, out);
            nda[l] = Nd4j.create(type, rows, out);
            if (type == DataType.FLOAT) {
                fz[l] = new float[rows * out];
                fa[l] = new float[rows * out];
                fdz[l] = new float[rows * out];
                fda[l] = new float[rows * out];
            } else {
                dz2[l] = new double[rows * out];
                da2[l] = new double[rows * out];
                ddz[l] = new double[rows * out];
                dda[l] = new double[rows * out];
            }
        }
        INDArray input = Nd4j.create(type, rows, layers.get(0).in());
        return new Object[] {nz, na, ndz, nda, fz, fa, fdz, fda, dz2, da2, ddz, dda, input};
    }

    /** The same on a heap batch (copied into a native input kept per batch size); the mode does not apply. */
    @Override
    public double pass(float[] x, int rows, int[] labels, float[] targets, boolean backward,
            org.initscope.engine.layers.Module.Mode mode) {
        Object[] set = bufferSets.get(rows);
        if (set == null) {
            buffers(rows);
            set = bufferSets.get(rows);
        }
        INDArray input = (INDArray) set[12];
        if (type == DataType.FLOAT) {
            input.data().asNioFloat().put(0, x, 0, rows * layers.get(0).in());
        } else {
            var db = input.data().asNioDouble();
            for (int i = 0; i < rows * layers.get(0).in(); i++) {
                db.put(i, x[i]);
            }
        }
        return pass(input, labels, targets, backward);
    }

    /**
     * Forward (and, if asked, backward) on a batch; returns the mean loss. After a backward pass dw/db hold the
     * gradients of that mean loss.
     *
     * @param labels class of each row (classification), or null
     * @param targets row-major targets (regression), or null
     */
    public double pass(INDArray x, int[] labels, float[] targets, boolean backward) {
        int rows = (int) x.rows();
        buffers(rows);
        int n = layers.size();
        INDArray prev = x;
        for (int l = 0; l < n; l++) {
            Layer layer = layers.get(l);
            Gemm.multiply(prev, false, w[l], true, z[l], layer.multiplier(), 0);
            // the bias and the activation on the heap: no ND4J op here (see the class comment)
            if (type == DataType.FLOAT) {
                Sampler.toHeap(z[l], zf[l]);
                b[l].data().asNioFloat().get(0, rowF[l]);
                addRows(zf[l], rowF[l]);
                if (layer.activation() == null) {
                    Sampler.toNative(zf[l], a[l]);
                } else {
                    ActivationKernels.forwardRange(layer.activation(), zf[l], af[l], 0, zf[l].length);
                    Sampler.toNative(af[l], a[l]);
                }
            } else {
                z[l].data().asNioDouble().get(0, zd[l]);
                b[l].data().asNioDouble().get(0, rowD[l]);
                addRows(zd[l], rowD[l]);
                for (int i = 0; i < zd[l].length; i++) {
                    ad[l][i] = layer.activation() == null ? zd[l][i] : layer.activation().apply(zd[l][i]);
                }
                a[l].data().asNioDouble().put(0, ad[l]);
            }
            prev = a[l];
        }
        double loss = loss(a[n - 1], labels, targets, backward);
        if (!backward) {
            return loss;
        }
        for (int l = n - 1; l >= 0; l--) {
            INDArray input = l == 0 ? x : a[l - 1];
            double c = layers.get(l).multiplier();
            Gemm.multiply(dz[l], true, input, false, dw[l], c, 0);
            if (type == DataType.FLOAT) {
                columnSums(dzf[l], rowF[l]);
                db[l].data().asNioFloat().put(0, rowF[l]);
            } else {
                columnSums(dzd[l], rowD[l]);
                db[l].data().asNioDouble().put(0, rowD[l]);
            }
            if (l > 0) {
                Gemm.multiply(dz[l], false, w[l], false, da[l - 1], c, 0);
                Layer below = layers.get(l - 1);
                if (type == DataType.FLOAT) {
                    Sampler.toHeap(da[l - 1], daf[l - 1]);
                    ActivationKernels.backwardRange(below.activation(), zf[l - 1], af[l - 1], daf[l - 1], dzf[l - 1],
                            0, daf[l - 1].length);
                    Sampler.toNative(dzf[l - 1], dz[l - 1]);
                } else {
                    da[l - 1].data().asNioDouble().get(0, dad[l - 1]);
                    for (int i = 0; i < dad[l - 1].length; i++) {
                        dzd[l - 1][i] = dad[l - 1][i] * below.activation().derivative(zd[l - 1][i]);
                    }
                    dz[l - 1].data().asNioDouble().put(0, dzd[l - 1]);
                }
            }
        }
        return loss;
    }

    /** Adds the row vector v to every row of the row-major m (rows × v.length), in m's precision. */
    private static void addRows(float[] m, float[] v) {
        for (int i = 0; i < m.length; i += v.length) {
            for (int j = 0; j < v.length; j++) {
                m[i + j] += v[j];
            }
        }
    }

    private static void addRows(double[] m, double[] v) {
        for (int i = 0; i < m.length; i += v.length) {
            for (int j = 0; j < v.length; j++) {
                m[i + j] += v[j];
            }
        }
    }

    /** The column sums of the row-major m into out, row after row in m's precision (as ND4J's sum over dimension 0). */
    private static void columnSums(float[] m, float[] out) {
        Arrays.fill(out, 0f);
        for (int i = 0; i < m.length; i += out.length) {
            for (int j = 0; j < out.length; j++) {
                out[j] += m[i + j];
            }
        }
    }

    private static void columnSums(double[] m, double[] out) {
        Arrays.fill(out, 0);
        for (int i = 0; i < m.length; i += out.length) {
            for (int j = 0; j < out.length; j++) {
                out[j] += m[i + j];
            }
        }
    }

    /**
     * The loss of the output (logits or predictions) and, if asked, its gradient: into the output layer's dz, on the
     * heap too (the bias gradient sums it there).
     */
    private double loss(INDArray out, int[] labels, float[] targets, boolean gradient) {
        int rows = (int) out.rows();
        int cols = (int) out.columns();
        double[] o = out.data().asDouble();
        double[] g = gradient ? new double[o.length] : null;
        double total = Loss.of(o, rows, cols, classes, labels, targets, g);
        if (gradient) {
            int last = layers.size() - 1;
            if (type == DataType.FLOAT) {
                float[] gf = dzf[last];
                for (int i = 0; i < g.length; i++) {
                    gf[i] = (float) g[i];
                }
                Sampler.toNative(gf, dz[last]);
            } else {
                System.arraycopy(g, 0, dzd[last], 0, g.length);
                dz[last].data().asNioDouble().put(0, g);
            }
        }
        return total;
    }

    /** Class probabilities (softmax) or predictions of the last forward pass, row-major. */
    @Override
    public double[] outputs() {
        int n = layers.size();
        return Loss.predictions(a[n - 1].data().asDouble(), batch, layers.get(n - 1).out(), classes);
    }

    /** Layer l's output a_l of the last pass, as computed (tests; the readout's is the logits). */
    INDArray activationsOf(int l) {
        return a[l].dup();
    }

    // ---- views of the last pass, for statistics (float mode) ----

    float[] preActivations(int l) {
        return Arrays.copyOf(zf[l], zf[l].length);
    }

    float[] activations(int l) {
        return a[l].data().asFloat();
    }

    float[] activationGradients(int l) {
        if (l == layers.size() - 1) {
            return dz[l].data().asFloat();
        }
        return Arrays.copyOf(daf[l], daf[l].length);
    }

    float[] preActivationGradients(int l) {
        return dz[l].data().asFloat();
    }

    // ---- what the trainer records ----

    @Override
    public int layerCount() {
        return layers.size();
    }

    @Override
    public LayerInfo layer(int l) {
        Layer layer = layers.get(l);
        boolean output = l == layers.size() - 1;
        return new LayerInfo(output, layer.out(), layer.activation(), output ? "linear " + layer.out()
                : "dense " + layer.out());
    }

    @Override
    public float[] tensor(int l, Quantity q) {
        return switch (q) {
            case WEIGHTS -> w[l].data().asFloat();
            case BIASES -> b[l].data().asFloat();
            case PRE_ACTIVATIONS -> preActivations(l);
            case ACTIVATIONS -> activations(l);
            case ACTIVATION_GRADIENTS -> activationGradients(l);
            case PRE_ACTIVATION_GRADIENTS -> preActivationGradients(l);
            case WEIGHT_GRADIENTS -> dw[l].data().asFloat();
            case BIAS_GRADIENTS -> db[l].data().asFloat();
        };
    }

    @Override
    public int distinctUnits(int l) {
        Layer layer = layers.get(l);
        return Trainer.distinctUnits(w[l].data().asFloat(), b[l].data().asFloat(), layer.out(), layer.in());
    }

    @Override
    public double deadUnitFraction(int l) {
        return org.initscope.engine.layers.Module.deadUnits(activations(l), batch,
                Shape.flat(layers.get(l).out()));
    }

    private List<Param> params;

    @Override
    public List<Param> params() {
        if (params == null) {
            var p = new ArrayList<Param>();
            for (int l = 0; l < layers.size(); l++) {
                p.add(new Param(l, "weight", true, true, wHeap[l], dwHeap[l]));
                p.add(new Param(l, "bias", false, false, bHeap[l], dbHeap[l]));
            }
            params = List.copyOf(p);
        }
        return params;
    }

    public INDArray weight(int l) {
        return w[l];
    }

    public INDArray bias(int l) {
        return b[l];
    }

    public INDArray weightGradient(int l) {
        return dw[l];
    }

    public INDArray biasGradient(int l) {
        return db[l];
    }

    /** The native arrays of every buffer set kept now (tests). */
    List<INDArray> keptBuffers() {
        var kept = new ArrayList<INDArray>();
        for (Object[] set : bufferSets.values()) {
            for (int i = 0; i < 4; i++) {
                kept.addAll(List.of((INDArray[]) set[i]));
            }
            kept.add((INDArray) set[12]);
        }
        return kept;
    }

    private static void closeBuffers(Object[] set) {
        for (int i = 0; i < 4; i++) {
            for (INDArray x : (INDArray[]) set[i]) {
                x.close();
            }
        }
        ((INDArray) set[12]).close();
    }

    @Override
    public void close() {
        for (Object[] set : bufferSets.values()) {
            closeBuffers(set);
        }
        bufferSets.clear();
        for (INDArray[] arr : new INDArray[][] {w, b, dw, db}) {
            if (arr != null) {
                for (INDArray x : arr) {
                    if (x != null && !x.wasClosed()) {
                        x.close();
                    }
                }
            }
        }
    }
}
