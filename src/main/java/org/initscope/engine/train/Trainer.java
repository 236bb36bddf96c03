package org.initscope.engine.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.initscope.data.CsvException;
import org.initscope.data.Dataset;
import org.initscope.data.Datasets;
import org.initscope.engine.Quantity;
import org.initscope.engine.Seeds;
import org.initscope.engine.TensorStats;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Fans;
import org.initscope.model.Initializers;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the user's network on a data set, one mini-batch at a time, and records how every layer's weights,
 * activations and gradients evolve. Deterministic: the network seed fixes the weights, the data seed the data and
 * the order of the batches. Not thread-safe: one thread drives it.
 */
public final class Trainer implements AutoCloseable {
    /** Rows of the training set the per-layer statistics are measured on (the same rows at every record). */
    public static final int PROBE_ROWS = 256;
    public static final int BINS = 48;

    private final TrainSpec spec;
    private final Datasets.Split split;
    private final Mlp mlp;
    private final Optimizer optimizer;
    private final TrainingHistory history;
    private final INDArray probeX;
    private final int[] probeLabels;
    private final float[] probeTargets;
    private final SplittableRandom order;
    private int[] permutation;
    private int cursor;
    private long step;
    private int epoch;
    private INDArray batchX;
    private int[] batchLabels;
    private float[] batchTargets;

    public Trainer(TrainSpec spec, Datasets.Split split, DataType type) {
        this.spec = spec;
        this.split = split;
        Dataset train = split.train();
        NetworkSpec net = spec.network().withInput(spec.network().input().withFeatures(train.d()));
        ResolvedNetwork resolved = net.resolve();
        var layers = new ArrayList<Mlp.Layer>();
        for (ResolvedLayer l : resolved.layers()) {
            layers.add(new Mlp.Layer(l.inputs(), l.units(), l.activation(), l.weight(), l.bias()));
        }
        int lastWidth = resolved.layers().get(resolved.depth() - 1).units();
        int outputs = train.isClassification() ? train.classes() : train.targets();
        var fans = Fans.dense(lastWidth, outputs);
        layers.add(new Mlp.Layer(lastWidth, outputs, null,
                Initializers.weight(spec.outputInit(), fans, ActivationSpec.of(Activation.LINEAR)),
                Initializers.bias(spec.outputBias(), lastWidth, outputs)));
        mlp = new Mlp(layers, train.isClassification() ? train.classes() : 0, type, spec.network().seed());
        optimizer = new Optimizer(spec.optimizer());
        history = new TrainingHistory(spec.recordEvery(), spec.maxRecords());
        int probe = Math.min(PROBE_ROWS, train.n());
        int[] rows = IntStream.range(0, probe).toArray();
        Dataset p = train.rows(rows);
        probeX = matrix(p, type);
        probeLabels = p.labels();
        probeTargets = p.y();
        order = new SplittableRandom(Seeds.derive(spec.data().seed(), 0, 77) ^ spec.network().seed());
        newEpochOrder();
        history.add(record());
    }

    /** Load the spec's data (generate, read the digits or the CSV) and build a trainer in float32. */
    public static Trainer create(TrainSpec spec) throws CsvException {
        return new Trainer(spec, Datasets.split(spec.data()), DataType.FLOAT);
    }

    private static INDArray matrix(Dataset d, DataType type) {
        INDArray m = Nd4j.createFromArray(d.x()).reshape(d.n(), d.d());
        return type == DataType.FLOAT ? m : m.castTo(type);
    }

    private void newEpochOrder() {
        int n = split.train().n();
        permutation = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        cursor = 0;
    }

    public TrainSpec spec() {
        return spec;
    }

    public Datasets.Split data() {
        return split;
    }

    public Mlp model() {
        return mlp;
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return step;
    }

    /** Completed passes over the training set. */
    public int epochs() {
        return epoch;
    }

    public TrainingHistory history() {
        return history;
    }

    public OptimizerSpec optimizer() {
        return optimizer.spec();
    }

    /** Change the optimizer or its learning rate mid-run: the weights and the step count stay. */
    public void setOptimizer(OptimizerSpec next) {
        optimizer.setSpec(next);
    }

    /** One optimizer step on the next mini-batch (a new epoch starts with a new order). */
    public void step() {
        org.initscope.engine.Nd4jRuntime.setBlasThreads(1);
        Dataset train = split.train();
        int size = Math.min(spec.batchSize(), train.n() - cursor);
        int[] rows = java.util.Arrays.copyOfRange(permutation, cursor, cursor + size);
        cursor += size;
        if (cursor >= train.n()) {
            // the epoch is complete with this batch; the next step starts a new order
            epoch++;
            newEpochOrder();
        }
        Dataset batch = train.rows(rows);
        if (batchX != null && batchX.rows() == size) {
            if (mlp.type() == DataType.FLOAT) {
                batchX.data().asNioFloat().put(0, batch.x());
            } else {
                batchX.assign(Nd4j.createFromArray(batch.x()).reshape(size, train.d()).castTo(mlp.type()));
            }
        } else {
            batchX = matrix(batch, mlp.type());
        }
        batchLabels = batch.labels();
        batchTargets = batch.y();
        mlp.pass(batchX, batchLabels, batchTargets, true);
        mlp.gradientsToHeap();
        boolean recording = (step + 1) % history.interval() == 0;
        int n = mlp.layers().size();
        double[] gradNorm = new double[n];
        double[] updateRatio = new double[n];
        double[][] before = new double[n][];
        if (recording) {
            for (int l = 0; l < n; l++) {
                gradNorm[l] = norm(mlp.dwHeap[l]);
                before[l] = mlp.wHeap[l].clone();
            }
        }
        optimizer.beginStep();
        for (int l = 0; l < n; l++) {
            optimizer.update(mlp.wHeap[l], mlp.dwHeap[l], true);
            optimizer.update(mlp.bHeap[l], mlp.dbHeap[l], false);
        }
        mlp.parametersToNative();
        step++;
        if (recording) {
            for (int l = 0; l < n; l++) {
                double[] w = mlp.wHeap[l];
                double dn = 0;
                for (int i = 0; i < w.length; i++) {
                    double d = w[i] - before[l][i];
                    dn += d * d;
                }
                double wn = norm(w);
                dn = Math.sqrt(dn);
                updateRatio[l] = wn > 0 && dn > 0 ? Math.log10(dn / wn) : Double.NaN;
            }
            history.add(record(gradNorm, updateRatio));
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Steps until the current epoch ends. */
    public void runEpoch() {
        int start = epoch;
        do {
            step();
        } while (epoch == start);
    }

    /** Loss and accuracy on both splits. */
    public record Metrics(double trainLoss, double testLoss, double trainAccuracy, double testAccuracy) {
    }

    public Metrics evaluate() {
        double[] tr = evaluate(split.train());
        double[] te = split.test().n() == 0 ? new double[] {Double.NaN, Double.NaN} : evaluate(split.test());
        return new Metrics(tr[0], te[0], tr[1], te[1]);
    }

    /** {mean loss, accuracy (NaN for regression)} over a data set, in chunks. */
    private double[] evaluate(Dataset d) {
        double loss = 0;
        long correct = 0;
        int chunk = 1024;
        for (int start = 0; start < d.n(); start += chunk) {
            int size = Math.min(chunk, d.n() - start);
            Dataset part = d.rows(IntStream.range(start, start + size).toArray());
            try (INDArray x = matrix(part, mlp.type())) {
                loss += mlp.pass(x, part.labels(), part.y(), false) * size;
                if (d.isClassification()) {
                    double[] p = mlp.outputs();
                    int k = d.classes();
                    for (int r = 0; r < size; r++) {
                        int best = 0;
                        for (int c = 1; c < k; c++) {
                            if (p[r * k + c] > p[r * k + best]) {
                                best = c;
                            }
                        }
                        correct += best == part.labels()[r] ? 1 : 0;
                    }
                }
            }
        }
        return new double[] {loss / d.n(), d.isClassification() ? (double) correct / d.n() : Double.NaN};
    }

    /** Predicted classes (or values) for some rows of a standardized data set. */
    public double[] predict(float[] x, int rows) {
        if (rows == 0) {
            return new double[0];
        }
        try (INDArray m = Nd4j.createFromArray(x).reshape(rows, split.train().d())) {
            INDArray in = mlp.type() == DataType.FLOAT ? m : m.castTo(mlp.type());
            int[] dummy = new int[rows];
            float[] t = new float[rows * Math.max(1, split.train().targets())];
            mlp.pass(in, mlp.classes() > 0 ? dummy : null, mlp.classes() > 0 ? null : t, false);
            return mlp.outputs();
        }
    }

    private TrainingRecord record() {
        double[] nan = new double[mlp.layers().size()];
        java.util.Arrays.fill(nan, Double.NaN);
        return record(nan, nan.clone());
    }

    /** Metrics and every layer's statistics on the probe rows, now. */
    private TrainingRecord record(double[] gradNorm, double[] updateRatio) {
        Metrics m = evaluate();
        mlp.pass(probeX, probeLabels, probeTargets, true);
        var layers = new ArrayList<LayerSnapshot>();
        int n = mlp.layers().size();
        for (int l = 0; l < n; l++) {
            Mlp.Layer layer = mlp.layers().get(l);
            var stats = new EnumMap<Quantity, TensorStats>(Quantity.class);
            float[] wv = mlp.w[l].data().asFloat();
            stats.put(Quantity.WEIGHTS, TensorStats.of(wv, wv.length, BINS));
            float[] bv = mlp.b[l].data().asFloat();
            stats.put(Quantity.BIASES, TensorStats.of(bv, bv.length, BINS));
            float[] zv = mlp.preActivations(l);
            stats.put(Quantity.PRE_ACTIVATIONS, TensorStats.of(zv, zv.length, BINS));
            float[] av = mlp.activations(l);
            stats.put(Quantity.ACTIVATIONS, layer.activation() == null ? TensorStats.of(av, av.length, BINS)
                    : TensorStats.ofActivations(av, av.length, BINS, layer.activation().kind()));
            float[] dav = mlp.activationGradients(l);
            stats.put(Quantity.ACTIVATION_GRADIENTS, TensorStats.of(dav, dav.length, BINS));
            float[] dzv = mlp.preActivationGradients(l);
            stats.put(Quantity.PRE_ACTIVATION_GRADIENTS, TensorStats.of(dzv, dzv.length, BINS));
            float[] dwv = mlp.dw[l].data().asFloat();
            stats.put(Quantity.WEIGHT_GRADIENTS, TensorStats.of(dwv, dwv.length, BINS));
            float[] dbv = mlp.db[l].data().asFloat();
            stats.put(Quantity.BIAS_GRADIENTS, TensorStats.of(dbv, dbv.length, BINS));
            layers.add(new LayerSnapshot(l + 1, l == n - 1, stats, gradNorm[l], updateRatio[l],
                    distinctUnits(wv, bv, layer.out(), layer.in()), layer.out(), deadFraction(av, layer.out())));
        }
        return new TrainingRecord(step, epoch, m.trainLoss(), m.testLoss(), m.trainAccuracy(), m.testAccuracy(),
                layers, outputView(RECORD_MAP));
    }

    /** Grid size of the map kept in every record (the live view uses a finer one). */
    public static final int RECORD_MAP = 40;
    /** Test images whose predicted labels are shown for image data. */
    public static final int SHOWN_IMAGES = 12;

    /** The network's output over the input space now (see {@link OutputView}). */
    public OutputView outputView(int size) {
        Dataset train = split.train();
        if (train.imageSide() > 0) {
            Dataset test = split.test().n() > 0 ? split.test() : train;
            int k = Math.min(SHOWN_IMAGES, test.n());
            int[] rows = IntStream.range(0, k).toArray();
            Dataset shown = test.rows(rows);
            double[] p = predict(shown.x(), k);
            int[] labels = new int[k];
            int c = test.classes();
            for (int r = 0; r < k; r++) {
                int best = 0;
                for (int j = 1; j < c; j++) {
                    if (p[r * c + j] > p[r * c + best]) {
                        best = j;
                    }
                }
                labels[r] = best;
            }
            return new OutputView(OutputView.Kind.DIGITS, k, new float[0], new double[4], rows, labels);
        }
        if (train.d() == 1 && !train.isClassification()) {
            double[] ext = extent(0);
            float[] xs = new float[size];
            for (int i = 0; i < size; i++) {
                xs[i] = (float) (ext[0] + (ext[1] - ext[0]) * i / (size - 1));
            }
            double[] p = predict(xs, size);
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = (float) p[i];
            }
            return new OutputView(OutputView.Kind.CURVE, size, v, new double[] {ext[0], ext[1], 0, 0}, new int[0],
                    new int[0]);
        }
        if (train.d() != 2) {
            return OutputView.none();
        }
        double[] ex = extent(0);
        double[] ey = extent(1);
        float[] grid = new float[size * size * 2];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                int i = r * size + c;
                grid[2 * i] = (float) (ex[0] + (ex[1] - ex[0]) * (c + 0.5) / size);
                grid[2 * i + 1] = (float) (ey[1] - (ey[1] - ey[0]) * (r + 0.5) / size);
            }
        }
        double[] p = predict(grid, size * size);
        float[] v = new float[size * size];
        int k = train.isClassification() ? train.classes() : 1;
        for (int i = 0; i < size * size; i++) {
            if (!train.isClassification()) {
                v[i] = (float) p[i];
            } else if (k == 2) {
                v[i] = (float) p[i * 2 + 1];
            } else {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (p[i * k + j] > p[i * k + best]) {
                        best = j;
                    }
                }
                v[i] = best;
            }
        }
        return new OutputView(OutputView.Kind.MAP, size, v, new double[] {ex[0], ex[1], ey[0], ey[1]}, new int[0],
                new int[0]);
    }

    /** The range of a standardized feature over both splits, with a 10 % margin. */
    private double[] extent(int j) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Dataset d : new Dataset[] {split.train(), split.test()}) {
            for (int i = 0; i < d.n(); i++) {
                lo = Math.min(lo, d.feature(i, j));
                hi = Math.max(hi, d.feature(i, j));
            }
        }
        double pad = 0.1 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * Units whose incoming weights and bias agree to ~3 significant digits count as one (float GEMMs may round
     * the columns of identical units differently in the last bits): with zero or constant
     * initialization every unit of a layer gets the same gradient and they never become different.
     */
    static int distinctUnits(float[] w, float[] b, int units, int inputs) {
        var seen = new HashSet<List<Integer>>();
        for (int u = 0; u < units; u++) {
            var key = new ArrayList<Integer>(inputs + 1);
            for (int j = 0; j < inputs; j++) {
                key.add(Float.floatToIntBits(w[u * inputs + j]) & 0xFFFFE000);
            }
            key.add(Float.floatToIntBits(b[u]) & 0xFFFFE000);
            seen.add(key);
        }
        return seen.size();
    }

    private static double deadFraction(float[] a, int units) {
        int rows = a.length / units;
        int dead = 0;
        for (int u = 0; u < units; u++) {
            boolean alive = false;
            for (int r = 0; r < rows && !alive; r++) {
                alive = a[r * units + u] != 0f;
            }
            dead += alive ? 0 : 1;
        }
        return (double) dead / units;
    }

    @Override
    public void close() {
        mlp.close();
        probeX.close();
        if (batchX != null) {
            batchX.close();
        }
    }
}
