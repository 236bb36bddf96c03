package org.initscope.engine.train;

import java.util.Objects;
import org.initscope.data.DataSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Parameterization;
import org.initscope.model.Scheme;

/**
 * A training run: the user's layers of any type (their input takes the data's shape: a vector, a 1×8×8 digit for a
 * network starting with a conv layer, or a sequence), an output layer sized to the task with its own initializer, the data, the optimizer and the mini-batch size. The network's seed
 * fixes the weights; the data spec's seed fixes the data and the order of the batches.
 *
 * @param recordEvery record the full per-layer statistics every this many steps (doubled when the history fills)
 * @param maxRecords  at most this many records are kept (older ones are thinned to every other)
 */
public record TrainSpec(NetworkSpec network, DataSpec data, OptimizerSpec optimizer, InitSpec outputInit,
        InitSpec outputBias, int batchSize, int recordEvery, int maxRecords) {

    public static final int MAX_BATCH = 4096;

    public TrainSpec {
        Objects.requireNonNull(network);
        Objects.requireNonNull(data);
        Objects.requireNonNull(optimizer);
        Objects.requireNonNull(outputInit);
        Objects.requireNonNull(outputBias);
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("the batch size must be between 1 and " + MAX_BATCH);
        }
        if (recordEvery < 1 || maxRecords < 4) {
            throw new IllegalArgumentException("recordEvery must be ≥ 1 and maxRecords ≥ 4");
        }
    }

    /**
     * How the widths scale the output layer's initialization and the learning rates: the network's (SP, NTK, μP; the
     * latter two for stacks of plain dense layers).
     */
    public Parameterization parameterization() {
        return network.parameterization();
    }

    /** The same run with the network in another parameterization. */
    public TrainSpec withParameterization(Parameterization p) {
        return withNetwork(network.withParameterization(p));
    }

    public static TrainSpec of(NetworkSpec network, DataSpec data) {
        return new TrainSpec(network, data, OptimizerSpec.adam(0.01), InitSpec.of(Scheme.XAVIER_UNIFORM),
                InitSpec.of(Scheme.ZEROS), 32, 10, 400);
    }

    public TrainSpec withNetwork(NetworkSpec n) {
        return new TrainSpec(n, data, optimizer, outputInit, outputBias, batchSize, recordEvery, maxRecords);
    }

    public TrainSpec withData(DataSpec d) {
        return new TrainSpec(network, d, optimizer, outputInit, outputBias, batchSize, recordEvery, maxRecords);
    }

    public TrainSpec withOptimizer(OptimizerSpec o) {
        return new TrainSpec(network, data, o, outputInit, outputBias, batchSize, recordEvery, maxRecords);
    }

    public TrainSpec withOutputInit(InitSpec i) {
        return new TrainSpec(network, data, optimizer, i, outputBias, batchSize, recordEvery, maxRecords);
    }

    public TrainSpec withBatchSize(int b) {
        return new TrainSpec(network, data, optimizer, outputInit, outputBias, b, recordEvery, maxRecords);
    }

    public TrainSpec withRecordEvery(int r) {
        return new TrainSpec(network, data, optimizer, outputInit, outputBias, batchSize, r, maxRecords);
    }

    public TrainSpec withMaxRecords(int m) {
        return new TrainSpec(network, data, optimizer, outputInit, outputBias, batchSize, recordEvery, m);
    }
}
