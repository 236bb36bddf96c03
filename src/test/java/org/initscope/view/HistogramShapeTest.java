package org.initscope.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.initscope.engine.Histogram;
import org.initscope.engine.TensorStats;
import org.junit.jupiter.api.Test;

/** The one rule every histogram is drawn by: spikes found and clipped, the range padded. */
class HistogramShapeTest {
    private static Histogram of(float[] v) {
        return TensorStats.of(v, v.length, 64).histogram();
    }

    private static float[] normal(int n, long seed) {
        var r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return v;
    }

    private static long spikes(HistogramShape s) {
        return java.util.stream.IntStream.range(0, s.histogram().bins()).filter(s::spike).count();
    }

    @Test
    void reluZerosAreOneSpikeAndTheRestKeepsItsHeight() {
        float[] v = normal(50_000, 1);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        HistogramShape s = HistogramShape.of(of(v), false);
        assertEquals(1, spikes(s));
        assertTrue(s.spike(0), "the zeros are in the first bin");
        assertEquals(1.0, s.height(0));
        double body = java.util.stream.IntStream.range(1, 64).mapToDouble(s::height).max().orElse(0);
        assertEquals(HistogramShape.BODY, body, 1e-12, "the tallest other bin reaches the body's height");
        assertTrue(s.share(0).matches("5\\d%"), s.share(0));
    }

    @Test
    void saturatedTanhHasTwoSpikesAtTheEnds() {
        float[] v = normal(50_000, 2);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.tanh(20 * v[i]);
        }
        HistogramShape s = HistogramShape.of(of(v), false);
        assertEquals(2, spikes(s));
        assertTrue(s.spike(0) && s.spike(63));
        double[] r = s.range();
        assertTrue(r[0] < s.histogram().lo() && r[1] > s.histogram().hi(), "±1 are drawn inside the range");
        assertEquals(0.04 / 1.08, (s.histogram().lo() - r[0]) / (r[1] - r[0]), 1e-9);
    }

    @Test
    void aBellHasNoSpikeAndTheLogAxisClipsNothing() {
        HistogramShape bell = HistogramShape.of(of(normal(50_000, 3)), false);
        assertEquals(0, spikes(bell));
        assertFalse(bell.clipped());
        double tallest = java.util.stream.IntStream.range(0, 64).mapToDouble(bell::height).max().orElse(0);
        assertEquals(1.0, tallest, 1e-12);
        float[] v = normal(50_000, 4);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        HistogramShape log = HistogramShape.of(of(v), true);
        assertEquals(0, spikes(log));
        assertEquals(1.0, log.height(0), 1e-12);
        assertTrue(log.height(40) > 0.3, "small counts stay visible on a log axis: " + log.height(40));
    }

    @Test
    void aConstantTensorIsOneBarInTheMiddleNotASpike() {
        float[] zeros = new float[1000];
        HistogramShape s = HistogramShape.of(of(zeros), false);
        assertEquals(0, spikes(s), "nothing else to keep visible: drawn to full height, unclipped");
        double[] r = s.range();
        assertTrue(r[0] < 0 && r[1] > 0);
        double[] one = HistogramShape.padded(3, 3);
        assertEquals(1.5, one[0]);
        assertEquals(4.5, one[1]);
    }

    @Test
    void everyNonEmptyTensorOfEveryPresetHasBarsToDraw() {
        // the grid writes "no values" only for a histogram without bins: that is a tensor without finite values
        try (var engine = new org.initscope.engine.Propagator()) {
            for (var p : org.initscope.config.Presets.all()) {
                if (p.file().startsWith("conv") || p.file().startsWith("lstm") || p.file().startsWith("rnn")) {
                    continue; // the slow ones: the rule does not depend on the layer type
                }
                var r = engine.run(p.load().resolve());
                for (var l : r.layers()) {
                    for (var e : l.stats().entrySet()) {
                        TensorStats t = e.getValue();
                        assertEquals(t.finiteCount() == 0, t.histogram().isEmpty(), p.file() + " layer " + l.index()
                                + " " + e.getKey());
                    }
                }
            }
        }
    }
}
