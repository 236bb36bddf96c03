package org.initscope.engine.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.initscope.data.CsvException;
import org.initscope.data.Dataset;
import org.initscope.data.Datasets;
import org.initscope.engine.Lsuv;
import org.initscope.engine.MemoryEstimate;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.Quantity;
import org.initscope.engine.ResourceLimitException;
import org.initscope.engine.Seeds;
import org.initscope.engine.TensorStats;
import org.initscope.engine.layers.Module;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.ComputeCost;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.FlattenSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.Limits;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Parameterization;
import org.initscope.model.NormSpec;
import org.initscope.model.ResolvedInit;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.ResolvedParam;
import org.initscope.model.Scheme;
import org.initscope.model.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains the user's network on a data set, one mini-batch at a time, and records how every layer's weights,
 * activations and gradients evolve. Deterministic: the network seed fixes the weights, the data seed the data and
 * the order of the batches. Not thread-safe: one thread drives it.
 *
 * <p>A stack of plain dense layers on vectors trains on the dense fast path ({@link Mlp}); any other network — conv,
 * pooling, flatten, normalization, residual and recurrent layers, images and sequences — through the explorer's
 * layer modules ({@link ModuleNet}). Both record the same statistics.
 */
public final class Trainer implements AutoCloseable {
    /** Rows of the training set the per-layer statistics are measured on (the same rows at every record). */
    public static final int PROBE_ROWS = 256;
    public static final int BINS = 48;
    /**
     * At most this many float32 values held by one pass of the statistics' probe rows or of one evaluation chunk
     * (64 MB): a 1000-step LSTM measures its statistics on fewer rows than a small MLP.
     */
    static final long PASS_BUDGET = 16L << 20;
    /** Rows of one evaluation or prediction pass at most. */
    static final int MAX_CHUNK = 4096;
    /**
     * Loss and accuracy are measured on at most this many rows of each split (the first ones: the splits are
     * shuffled, so a random sample), fewer when the rows are large: rows × {@link #floatsPerExample} at most
     * {@link #EVAL_BUDGET} (an LSTM of 64 over 100 steps: 327 rows). Every record evaluates both splits, so this
     * bounds the cost of recording; the passes themselves go in chunks of at most {@link #PASS_BUDGET} values.
     */
    public static final int EVAL_ROWS = 1024;
    static final long EVAL_BUDGET = 128L << 20;

    /**
     * One layer as it is trained, resolved with the data's shape (the first layer's fans come from the data): one of
     * the user's layers ("L3"), or one the task adds ({@code added}: a flatten before the output, the output layer
     * "out", whose softmax or identity the loss applies).
     */
    public record TrainedLayer(String name, ResolvedLayer layer, boolean added) {
    }

    private final TrainSpec spec;
    private final Datasets.Split split;
    private final Net net;
    private final List<TrainedLayer> trained;
    private final Optimizer optimizer;
    /** The factor on the learning rate and on the weight decay of each of {@code net.params()} (all 1 in SP). */
    private double[] learningRateScales;
    private double[] weightDecayScales;
    private final TrainingHistory history;
    private final int probeRows;
    private final int chunkRows;
    private final int evalRows;
    private final float[] probeX;
    private final int[] probeLabels;
    private final float[] probeTargets;
    private final boolean batchNorm;
    private final SplittableRandom order;
    private int[] permutation;
    private int cursor;
    private long step;
    /** Whether a record may take the probe rows' pass as the first chunk of its evaluation (tests turn it off). */
    boolean probeInEvaluation = true;
    private int epoch;

    public Trainer(TrainSpec spec, Datasets.Split split, DataType type) {
        this.spec = spec;
        this.split = split;
        Dataset train = split.train();
        NetworkSpec user = spec.network().withInput(inputFor(spec.network(), train));
        batchNorm = user.layers().stream().anyMatch(l -> l instanceof NormSpec n && n.kind() == NormSpec.Kind.BATCH);
        int classes = train.isClassification() ? train.classes() : 0;
        // the whole network as trained: the user's layers, a flatten when they end with an image, the output layer
        // (μP's as drawn), and its lsuv layers rescaled on the first rows of the training data
        ResolvedNetwork all = readout(withOutputLayer(user, train.outputs()).resolve());
        if (Lsuv.applies(all)) {
            int rows = Math.min(PROBE_ROWS, train.n());
            all = Lsuv.resolve(all, train.rows(IntStream.range(0, rows).toArray()).x(), rows, 1, () -> false);
        }
        if (plainDense(user)) {
            Parameterization p = spec.parameterization();
            var layers = new ArrayList<Mlp.Layer>();
            for (ResolvedLayer l : all.layers()) {
                boolean output = l.index() == all.depth();
                // μP (mup's MuReadout): the readout multiplies its input by output_mult/m
                layers.add(new Mlp.Layer(l.inputs(), l.units(), output ? null : l.activation(), l.weight(), l.bias(),
                        output ? p.forwardMultiplier(Parameterization.Role.OUTPUT, l.inputs()) : 1));
            }
            guard(layers, spec.batchSize(), train.n() + split.test().n(), train.d(), type);
            net = new Mlp(layers, classes, type, spec.network().seed());
        } else {
            if (!spec.parameterization().standard()) {
                throw new IllegalArgumentException(spec.parameterization().kind().label() + " is defined here for "
                        + "stacks of plain dense layers only");
            }
            // the explorer's estimate of these modules (largest tensor, memory, compute) before anything is drawn
            MemoryEstimate.check(all);
            net = new ModuleNet(all, classes);
        }
        var shown = new ArrayList<TrainedLayer>();
        for (ResolvedLayer l : all.layers()) {
            boolean added = l.index() > user.depth();
            shown.add(new TrainedLayer(!added ? "L" + l.index() : l.index() == all.depth() ? "out" : l.spec().type(), l,
                    added));
        }
        trained = List.copyOf(shown);
        optimizer = new Optimizer(spec.optimizer());
        scaleLearningRates();
        history = new TrainingHistory(spec.recordEvery(), spec.maxRecords());
        long perRow = Math.max(1, floatsPerExample(user));
        probeRows = (int) Math.max(Math.min(2, train.n()), Math.min(Math.min(PROBE_ROWS, train.n()),
                PASS_BUDGET / perRow));
        // one chunk for a small network's whole evaluation and output map (each row count keeps its own buffers)
        chunkRows = (int) Math.max(1, Math.min(MAX_CHUNK, PASS_BUDGET / perRow));
        evalRows = (int) Math.max(64, Math.min(EVAL_ROWS, EVAL_BUDGET / perRow));
        Dataset p = train.rows(IntStream.range(0, probeRows).toArray());
        probeX = p.x();
        probeLabels = p.labels();
        probeTargets = p.y();
        order = new SplittableRandom(Seeds.derive(spec.data().seed(), 0, 77) ^ spec.network().seed());
        newEpochOrder();
        history.add(record());
    }

    /**
     * Refuse up front (nothing allocated yet), with the estimate, a training run that cannot fit in memory or whose
     * step and record would take longer than the compute budget. Per parameter: the native weight and gradient
     * (float), their heap copies, the optimizer's state (Adam's two moments) and the copy a record takes to measure
     * the update (doubles): 56 bytes. Per activation entry, for each row count the trainer keeps buffers for (the
     * batch and the last, shorter one, an evaluation chunk and its remainder, the probe rows, the two output maps):
     * z, a and their gradients in native memory and on the heap.
     */
    static void guard(List<Mlp.Layer> layers, int batch, int dataRows, int features, DataType type) {
        long params = 0;
        long largest = 0;
        long units = 0;
        double macs = 0;
        for (Mlp.Layer l : layers) {
            long w = (long) l.in() * l.out();
            params += w + l.out();
            largest = Math.max(largest, w);
            units += l.out();
            macs += (double) w;
        }
        long rows = 2L * batch + 2 * 1024 + PROBE_ROWS + (long) RECORD_MAP * RECORD_MAP
                + (long) Limits.MAX_LIVE_MAP * Limits.MAX_LIVE_MAP;
        for (Mlp.Layer l : layers) {
            largest = Math.max(largest, (long) Math.max(Math.max(batch, 1024), RECORD_MAP * RECORD_MAP) * l.out());
        }
        int size = type == DataType.FLOAT ? Float.BYTES : Double.BYTES;
        long heap = 40L * params + rows * units * 4 * size + 3L * dataRows * features * Float.BYTES;
        long nat = 2L * params * size + rows * units * 4 * size;
        MemoryEstimate.require(new MemoryEstimate(heap, nat), largest);
        // one step (forward and backward on the batch) and one record (every row of the data forward, the probe
        // rows forward and backward, the output maps forward)
        double flops = 6.0 * batch * macs + 2.0 * dataRows * macs + 6.0 * PROBE_ROWS * macs
                + 2.0 * (RECORD_MAP * RECORD_MAP + Limits.MAX_LIVE_MAP
                        * org.initscope.model.Limits.MAX_LIVE_MAP) * macs;
        double seconds = ComputeCost.gemmSeconds(flops);
        if (seconds > Limits.COMPUTE_BUDGET_SECONDS) {
            throw new ResourceLimitException("one training step and record of this network "
                    + "would take " + ComputeCost.duration(seconds) + " here (the limit is "
                    + ComputeCost.duration(Limits.COMPUTE_BUDGET_SECONDS)
                    + "): reduce the layer widths, the batch or the data");
        }
    }

    /** Load the spec's data (generate, read the digits or the CSV) and build a trainer in float32. */
    public static Trainer create(TrainSpec spec) throws CsvException {
        return new Trainer(spec, Datasets.split(spec.data()), DataType.FLOAT);
    }

    /**
     * What one example of the data looks like to the network: a sequence for sequence tasks, a 1×8×8 image for the
     * digits when the network starts with a conv, pooling or flatten layer (or a normalization layer on an image
     * input), otherwise a vector of the data's features.
     */
    static InputSpec inputFor(NetworkSpec net, Dataset data) {
        if (data.sequence()) {
            return InputSpec.sequence(data.steps(), data.stepFeatures(), 1, InputDistribution.NORMAL);
        }
        int side = data.imageSide();
        LayerSpec first = net.layers().get(0);
        boolean image = first instanceof Conv2dSpec || first instanceof MaxPool2dSpec || first instanceof FlattenSpec
                || first instanceof NormSpec && net.input().image();
        if (side > 0 && image) {
            return InputSpec.image(data.d() / (side * side), side, side, 1, InputDistribution.NORMAL);
        }
        return new InputSpec(data.d(), 1, InputDistribution.NORMAL);
    }

    /** Plain dense layers on vectors: the dense fast path. */
    private static boolean plainDense(NetworkSpec net) {
        return !net.input().image() && !net.input().sequence()
                && net.layers().stream().allMatch(l -> l instanceof DenseSpec d && !d.isResidual());
    }

    /**
     * The user's layers, a flatten when they end with an image, and the linear output layer: with the output
     * initializer of the spec, or at W = 0, b = 0 when the network uses Fixup (its rule 1 zeroes the classification
     * layer too) or the output initializer is fixup.
     */
    private NetworkSpec withOutputLayer(NetworkSpec user, int outputs) {
        var layers = new ArrayList<LayerSpec>(user.layers());
        if (user.resolve().layers().get(user.depth() - 1).out().image()) {
            layers.add(new FlattenSpec(1));
        }
        layers.add(new DenseSpec(outputs, ActivationSpec.of(Activation.LINEAR), outputInit(user), outputBias(user),
                1));
        return user.withLayers(layers);
    }

    private boolean zeroOutput(NetworkSpec user) {
        return spec.outputInit().scheme() == Scheme.FIXUP || usesFixup(user);
    }

    private InitSpec outputInit(NetworkSpec user) {
        return zeroOutput(user) ? InitSpec.of(Scheme.ZEROS) : spec.outputInit();
    }

    private InitSpec outputBias(NetworkSpec user) {
        return zeroOutput(user) ? InitSpec.of(Scheme.ZEROS) : spec.outputBias();
    }

    /** μP's readout as drawn: its initial weights and bias × √m (mup's {@code _rescale_parameters}). */
    private ResolvedNetwork readout(ResolvedNetwork net) {
        ResolvedLayer out = net.layers().get(net.depth() - 1);
        double s = spec.parameterization().initStdScale(Parameterization.Role.OUTPUT, out.inputs());
        if (s == 1) {
            return net;
        }
        var layers = new ArrayList<>(net.layers());
        ResolvedInit w = out.weight().scaled(s);
        ResolvedInit b = out.bias().scaled(s);
        layers.set(net.depth() - 1, new ResolvedLayer(out.index(), out.specIndex(), out.spec(), out.in(), out.out(),
                out.fans(), w, b, List.of(new ResolvedParam("weight", out.units(), out.inputs(), 1, out.fans(), w),
                        new ResolvedParam("bias", out.units(), 1, 1, out.fans(), b)), out.branch()));
        return new ResolvedNetwork(net.spec(), layers);
    }

    /** Whether any layer of the network is initialized with Fixup. */
    public static boolean usesFixup(NetworkSpec net) {
        return net.layers().stream().anyMatch(l -> l instanceof DenseSpec d && d.init().scheme() == Scheme.FIXUP);
    }

    /** Float32 values one example holds in a forward and backward pass, roughly (four per value of every layer). */
    private static long floatsPerExample(NetworkSpec net) {
        long sum = net.input().shape().size();
        for (ResolvedLayer l : net.resolve().layers()) {
            long values = l.out().size();
            if (l.in().sequence()) {
                // every step's gates, their pre-activations and gradients, hidden and cell states
                values = (long) l.in().steps() * ((long) l.params().get(0).rows() * 3 + 4L * l.out().channels());
            }
            sum += 4 * values;
        }
        return sum;
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

    /** The network being trained (tests read its parameters). */
    Net net() {
        return net;
    }

    public TrainSpec spec() {
        return spec;
    }

    /** The layers as trained: the hidden layers with the data's feature count as the first input, then the output. */
    public List<TrainedLayer> layers() {
        return trained;
    }

    public Datasets.Split data() {
        return split;
    }

    Net model() {
        return net;
    }

    /** What each recorded layer is ("conv2d 8, 3×3", "lstm 64", …; the output layer is "linear N"). */
    public List<String> layerLabels() {
        return IntStream.range(0, net.layerCount()).mapToObj(l -> net.layer(l).label()).toList();
    }

    /** Rows of each split the loss and accuracy are measured on (all of a small set). */
    public int evaluationRows() {
        return evalRows;
    }

    /** Rows of the training set the per-layer statistics are measured on. */
    public int probeRows() {
        return probeRows;
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
        // μP's and NTK's factors depend on the kind of optimizer
        scaleLearningRates();
    }

    /** One optimizer step on the next mini-batch (a new epoch starts with a new order). */
    public void step() {
        Nd4jRuntime.setBlasThreads(1);
        Dataset train = split.train();
        if (batchNorm && train.n() - cursor < 2 && train.n() >= 2) {
            // BatchNorm cannot train on one example (PyTorch refuses it): a last batch of one is dropped
            epoch++;
            newEpochOrder();
        }
        int size = Math.min(spec.batchSize(), train.n() - cursor);
        int[] rows = Arrays.copyOfRange(permutation, cursor, cursor + size);
        cursor += size;
        if (cursor >= train.n()) {
            // the epoch is complete with this batch; the next step starts a new order
            epoch++;
            newEpochOrder();
        }
        Dataset batch = train.rows(rows);
        net.pass(batch.x(), size, batch.labels(), batch.y(), true, Module.Mode.TRAIN);
        net.gradientsToHeap();
        boolean recording = (step + 1) % history.interval() == 0;
        int n = net.layerCount();
        double[] gradNorm = new double[n];
        double[] updateRatio = new double[n];
        Arrays.fill(gradNorm, Double.NaN);
        Arrays.fill(updateRatio, Double.NaN);
        double[][] before = new double[n][];
        if (recording) {
            for (Net.Param p : net.params()) {
                if (p.main()) {
                    gradNorm[p.layer()] = norm(p.grad());
                    before[p.layer()] = p.value().clone();
                }
            }
        }
        optimizer.beginStep();
        List<Net.Param> params = net.params();
        for (int i = 0; i < params.size(); i++) {
            Net.Param p = params.get(i);
            optimizer.update(p.value(), p.grad(), p.decay(), learningRateScales[i], weightDecayScales[i]);
        }
        net.parametersToNative();
        step++;
        if (recording) {
            for (Net.Param p : net.params()) {
                if (!p.main()) {
                    continue;
                }
                double[] w = p.value();
                double[] w0 = before[p.layer()];
                double dn = 0;
                for (int i = 0; i < w.length; i++) {
                    double d = w[i] - w0[i];
                    dn += d * d;
                }
                // against the weights before the step, as CS231n's update/value ratio and DL4J's update:parameter
                // ratio: after it the norm already holds the update
                double wn = norm(w0);
                dn = Math.sqrt(dn);
                updateRatio[p.layer()] = wn > 0 && dn > 0 ? Math.log10(dn / wn) : Double.NaN;
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

    /**
     * The mean |x| of one tensor of every recorded layer (the output layer last) in the last pass. After
     * {@link #step()} that pass is the step's own forward and backward pass on its mini-batch, with the weights before
     * the step's update: the coordinate check of Yang et al. (mup's {@code coord_check} records its step t there).
     */
    public double[] lastPassMeanAbs(Quantity q) {
        double[] out = new double[net.layerCount()];
        for (int l = 0; l < out.length; l++) {
            float[] v = net.tensor(l, q);
            double sum = 0;
            int n = v == null ? 0 : v.length;
            for (int i = 0; i < n; i++) {
                sum += Math.abs(v[i]);
            }
            out[l] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }

    /**
     * The learning-rate and weight-decay factors of every parameter under the network's parametrization: each
     * layer's role (input, hidden, output) and fans are those of its weight (rows × columns of an {@link Mlp}'s
     * layers); SP leaves every factor at 1.
     */
    private void scaleLearningRates() {
        Parameterization p = spec.parameterization();
        List<Net.Param> params = net.params();
        learningRateScales = new double[params.size()];
        weightDecayScales = new double[params.size()];
        Arrays.fill(learningRateScales, 1);
        Arrays.fill(weightDecayScales, 1);
        if (p.standard()) {
            return;
        }
        List<Mlp.Layer> layers = ((Mlp) net).layers();
        boolean adam = optimizer.spec().kind() == OptimizerSpec.Kind.ADAM;
        for (int i = 0; i < params.size(); i++) {
            Net.Param q = params.get(i);
            Mlp.Layer l = layers.get(q.layer());
            var role = Parameterization.Role.of(q.layer(), layers.size());
            learningRateScales[i] = p.learningRateScale(role, q.main(), l.in(), l.out(), adam);
            weightDecayScales[i] = p.weightDecayScale(role, q.main(), l.in(), l.out(), adam);
        }
    }

    /** The learning-rate factor of every parameter of {@link #net()}'s params (tests). */
    double[] learningRateScales() {
        return learningRateScales.clone();
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

    /** Loss and accuracy on both splits (see {@link #EVAL_ROWS}), normalization in eval mode. */
    public Metrics evaluate() {
        return evaluate(null);
    }

    /**
     * {@link #evaluate()}; with {@code probed} (a network without BatchNorm, whose forward pass is the same in every
     * mode), the first chunk of the training split is the probe rows' pass, forward and backward, and
     * {@code probed} runs right after it, while that pass's tensors are there.
     */
    private Metrics evaluate(Runnable probed) {
        double[] tr = evaluate(split.train(), probed);
        double[] te = split.test().n() == 0 ? new double[] {Double.NaN, Double.NaN} : evaluate(split.test(), null);
        return new Metrics(tr[0], te[0], tr[1], te[1]);
    }

    /**
     * Rows of one evaluation pass at most: small enough that a pass's tensors and a convolution's im2col buffers
     * stay in the core's cache (the conv digits preset's evaluation took 0.7 × the time in chunks of 256 rows as in
     * one chunk of 1,024).
     */
    static final int EVAL_CHUNK = 256;

    /**
     * {mean loss, accuracy (NaN for regression)} over (the first evalRows rows of) a data set, in chunks; with
     * {@code probed}, the first chunk is the probe rows (see {@link #evaluate(Runnable)}).
     */
    private double[] evaluate(Dataset d, Runnable probed) {
        int n = Math.min(d.n(), evalRows);
        double loss = 0;
        long correct = 0;
        int answers = d.isClassification() ? d.targets() : 0;
        int chunk = Math.min(chunkRows, EVAL_CHUNK);
        int start = 0;
        if (probed != null) {
            loss += net.pass(probeX, probeRows, probeLabels, probeTargets, true, Module.Mode.MEASURE) * probeRows;
            correct += correct(d, probeRows, probeLabels);
            probed.run();
            start = probeRows;
        }
        for (; start < n; start += chunk) {
            int size = Math.min(chunk, n - start);
            Dataset part = d.rows(IntStream.range(start, start + size).toArray());
            loss += net.pass(part.x(), size, part.labels(), part.y(), false, Module.Mode.EVAL) * size;
            correct += correct(d, size, part.labels());
        }
        return new double[] {loss / n, d.isClassification() ? (double) correct / ((long) n * answers) : Double.NaN};
    }

    /** Answers of the last pass (rows of {@code d}) that are right; 0 for regression. */
    private long correct(Dataset d, int rows, int[] labels) {
        if (!d.isClassification()) {
            return 0;
        }
        int[] best = Loss.argmax(net.outputs(), rows * d.targets(), d.classes());
        long correct = 0;
        for (int a = 0; a < best.length; a++) {
            correct += best[a] == labels[a] ? 1 : 0;
        }
        return correct;
    }

    /** Predicted class probabilities (or values) for some rows of a standardized data set, in eval mode. */
    public double[] predict(float[] x, int rows) {
        if (rows == 0) {
            return new double[0];
        }
        Dataset train = split.train();
        double[] p = new double[rows * train.outputs()];
        int[] dummy = new int[chunkRows * Math.max(1, train.targets())];
        float[] t = new float[chunkRows * train.outputs()];
        int d = train.d();
        for (int start = 0; start < rows; start += chunkRows) {
            int size = Math.min(chunkRows, rows - start);
            float[] part = Arrays.copyOfRange(x, start * d, (start + size) * d);
            net.pass(part, size, net.classes() > 0 ? dummy : null, net.classes() > 0 ? null : t, false,
                    Module.Mode.EVAL);
            System.arraycopy(net.outputs(), 0, p, start * train.outputs(), size * train.outputs());
        }
        return p;
    }

    private TrainingRecord record() {
        double[] nan = new double[net.layerCount()];
        Arrays.fill(nan, Double.NaN);
        return record(nan, nan.clone());
    }

    /**
     * Metrics and every layer's statistics on the probe rows, now (normalization with the probe's statistics). The
     * probe rows are the first rows of the training split, whose loss a record measures anyway: without BatchNorm
     * (the one layer whose forward pass depends on the mode) their pass, forward and backward, is the first chunk of
     * that evaluation, and the statistics are taken right after it — one forward pass of the probe rows, not two.
     */
    private TrainingRecord record(double[] gradNorm, double[] updateRatio) {
        var layers = new ArrayList<LayerSnapshot>();
        Metrics m;
        if (probeInEvaluation && !batchNorm && probeRows <= Math.min(split.train().n(), evalRows)) {
            m = evaluate(() -> layers.addAll(snapshots(gradNorm, updateRatio)));
        } else {
            m = evaluate();
            net.pass(probeX, probeRows, probeLabels, probeTargets, true, Module.Mode.MEASURE);
            layers.addAll(snapshots(gradNorm, updateRatio));
        }
        return new TrainingRecord(step, epoch, m.trainLoss(), m.testLoss(), m.trainAccuracy(), m.testAccuracy(),
                layers, outputView(RECORD_MAP));
    }

    /**
     * Every layer's statistics from the probe rows' pass that just ran. A tensor that is the same array as one
     * measured before in this record (a pooling layer's output as pre-activation and activation, a flatten layer's
     * tensors, which are its input's) takes those statistics again: the same numbers, measured once. (Activations of
     * a saturating activation are measured with their saturated fraction, each time.)
     */
    private List<LayerSnapshot> snapshots(double[] gradNorm, double[] updateRatio) {
        var layers = new ArrayList<LayerSnapshot>();
        var measured = new IdentityHashMap<float[], TensorStats>();
        int n = net.layerCount();
        for (int l = 0; l < n; l++) {
            Net.LayerInfo info = net.layer(l);
            var stats = new EnumMap<Quantity, TensorStats>(Quantity.class);
            for (Quantity q : Quantity.values()) {
                float[] v = net.tensor(l, q);
                if (v == null) {
                    stats.put(q, TensorStats.none());
                } else if (q == Quantity.ACTIVATIONS && info.activation() != null
                        && info.activation().kind().saturates()) {
                    stats.put(q, TensorStats.ofActivations(v, v.length, BINS, info.activation().kind()));
                } else {
                    // without saturation, an activation's statistics are any tensor's (a saturated fraction of 0)
                    stats.put(q, measured.computeIfAbsent(v, a -> TensorStats.of(a, a.length, BINS)));
                }
            }
            layers.add(new LayerSnapshot(l + 1, info.output(), stats, gradNorm[l], updateRatio[l],
                    net.distinctUnits(l), info.units(), net.deadUnitFraction(l), net.trace(l)));
        }
        return layers;
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
            return new OutputView(OutputView.Kind.DIGITS, k, new float[0], new double[4], rows, labels, steps());
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
                    new int[0], steps());
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
                new int[0], steps());
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

    @Override
    public void close() {
        net.close();
    }
}
