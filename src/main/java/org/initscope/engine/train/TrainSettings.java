package org.initscope.engine.train;

import java.util.Objects;
import org.initscope.data.DataSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;

/**
 * How a network is trained in the Train and Compare tabs: the data, the optimizer, the output layer's initializer
 * and the mini-batch size. The Train tab starts with {@link #DEFAULT}; a lesson step may set its own, and a lesson's
 * expectations about training are checked with exactly these settings (see {@link #spec}).
 */
public record TrainSettings(DataSpec data, OptimizerSpec optimizer, Scheme output, int batch) {
    /** What the Train tab starts with: the spirals (600 points, noise 0.1), Adam at 0.01, xavier_uniform, 32. */
    public static final TrainSettings DEFAULT = new TrainSettings(DataSpec.of(DataSpec.Kind.SPIRAL),
            OptimizerSpec.adam(0.01), Scheme.XAVIER_UNIFORM, 32);

    public TrainSettings {
        Objects.requireNonNull(data);
        Objects.requireNonNull(optimizer);
        Objects.requireNonNull(output);
        if (batch < 1 || batch > TrainSpec.MAX_BATCH) {
            throw new IllegalArgumentException("the mini-batch size must be between 1 and " + TrainSpec.MAX_BATCH);
        }
    }

    /** The run of {@code net} with these settings (the output layer's bias starts at zero, as in the Train tab). */
    public TrainSpec spec(NetworkSpec net, int recordEvery, int maxRecords) {
        return new TrainSpec(net, data, optimizer, InitSpec.of(output), InitSpec.of(Scheme.ZEROS), batch,
                recordEvery, maxRecords);
    }
}
