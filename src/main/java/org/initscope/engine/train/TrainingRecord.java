package org.initscope.engine.train;

import java.util.List;

/** The state of a training run at one step: the metrics and every layer's snapshot. */
public record TrainingRecord(long step, int epoch, double trainLoss, double testLoss, double trainAccuracy,
        double testAccuracy, List<LayerSnapshot> layers, OutputView output) {

    public TrainingRecord {
        layers = List.copyOf(layers);
    }
}
