package org.initscope.engine.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.config.ConfigException;
import org.initscope.config.Scenarios;
import org.initscope.data.DataSpec;
import org.initscope.engine.expect.Expectation.Layers;
import org.initscope.engine.expect.Expectation.Measure;
import org.initscope.engine.expect.Expectation.Reference;
import org.initscope.engine.expect.Expectation.Side;
import org.initscope.engine.expect.Expectation.Test;
import org.initscope.engine.expect.ExpectationChecker.Setting;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Scheme;

/** Lesson statements about training on the sequence tasks: their settings and their chance baselines. */
class SequenceExpectationsTest {

    /** A lesson step's train settings take the sequence length of the adding problem and the copy task. */
    @org.junit.jupiter.api.Test
    void aStepSetsTheSequenceLength() throws Exception {
        var lesson = Scenarios.parse("""
                {"title": "t", "summary": "s", "steps": [{"title": "copy", "text": "x", "preset": "lstm-keras-default.json",
                 "mode": "train", "train": {"data": "copy", "seq_len": 30, "samples": 400}}]}""", "t.json");
        DataSpec data = lesson.steps().get(0).training().data();
        assertEquals(DataSpec.Kind.COPY, data.kind());
        assertEquals(30, data.sequenceLength());
        var bad = assertThrows(ConfigException.class, () -> Scenarios.parse("""
                {"title": "t", "summary": "s", "steps": [{"title": "copy", "text": "x", "preset": "lstm-keras-default.json",
                 "mode": "train", "train": {"data": "adding", "seq_len": 5}}]}""", "t.json"));
        assertTrue(bad.getMessage().contains("seq_len"), bad.getMessage());
    }

    /**
     * The copy task's chance is over its five answers per example: guessing the most frequent of 8 symbols is right
     * about 1/8 of the time (counting examples instead of answers would give 5 × that).
     */
    @org.junit.jupiter.api.Test
    void chanceOnTheCopyTaskCountsEveryAnswer() {
        var net = new NetworkSpec("lstm", 1, InputSpec.sequence(12, 9, 32, InputDistribution.NORMAL),
                List.of(RecurrentSpec.torchDefault(RecurrentSpec.Cell.LSTM, 8)));
        var settings = new TrainSettings(DataSpec.of(DataSpec.Kind.COPY).withSequenceLength(12).withSamples(400),
                OptimizerSpec.adam(0.01), Scheme.XAVIER_UNIFORM, 32);
        var atStart = new Expectation(Measure.TRAIN_ACCURACY, null, Layers.none(), Side.A, 0, 1,
                new Test.Below(new Reference.Chance(), 2), "", "");
        var loss = new Expectation(Measure.TRAIN_LOSS, null, Layers.none(), Side.A, 0, 1,
                new Test.Above(new Reference.Chance(), 0.9), "", "");
        var out = ExpectationChecker.check(new Setting(net, null, settings), List.of(atStart, loss));
        out.forEach(o -> assertTrue(o.holds(), o.message()));
        String chance = out.get(0).measured().replaceAll(".*\\(chance: ([0-9.]+).*", "$1");
        assertEquals(0.14, Double.parseDouble(chance), 0.03, out.get(0).measured());
        String lossChance = out.get(1).measured().replaceAll(".*\\(chance: ([0-9.]+).*", "$1");
        assertEquals(Math.log(8), Double.parseDouble(lossChance), 0.01, "the entropy of 8 nearly equal symbols");
    }
}
