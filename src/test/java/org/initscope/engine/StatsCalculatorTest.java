package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.initscope.model.Activation;
import org.junit.jupiter.api.Test;

class StatsCalculatorTest {

    private static TensorStats stats(float[] d) {
        var m = StatsCalculator.moments(d, d.length);
        return StatsCalculator.finish(d, d.length, m, 64, Double.NaN, Double.NaN, 0);
    }

    /** numpy.histogram's rule against h's edges, value by value: [e_k, e_k+1), the last bin closed. */
    private static long[] bruteForce(float[] d, Histogram h) {
        int bins = h.bins();
        long[] brute = new long[bins];
        double[] e = h.edges();
        for (float x : d) {
            for (int k = 0; k < bins; k++) {
                if (x >= e[k] && (x < e[k + 1] || (k == bins - 1 && x <= e[bins]))) {
                    brute[k]++;
                    break;
                }
            }
        }
        return brute;
    }

    @Test
    void momentsAndHistogramAgainstBruteForce() {
        Random r = new Random(11);
        float[] d = new float[100_003];
        for (int i = 0; i < d.length; i++) {
            // far from zero and narrow: a naive sum of squares would lose the variance
            d[i] = (float) (1000 + 0.01 * r.nextGaussian());
        }
        d[5] = 0f;
        TensorStats s = stats(d);
        double sum = 0;
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        for (float x : d) {
            sum += x;
            mn = Math.min(mn, x);
            mx = Math.max(mx, x);
        }
        double mean = sum / d.length;
        double ss = 0;
        for (float x : d) {
            ss += (x - mean) * (x - mean);
        }
        double var = ss / (d.length - 1);
        // sums run in float32 lanes over blocks of 256 values, then in double: ~1e-7 relative at worst
        assertEquals(mean, s.mean(), 1e-9 * Math.abs(mean));
        assertEquals(var, s.var(), 1e-7 * var);
        assertEquals(Math.sqrt(var), s.std(), 1e-7 * Math.sqrt(var));
        assertEquals(mn, s.min());
        assertEquals(mx, s.max());
        assertEquals(1.0 / d.length, s.zeroFraction());
        Histogram h = s.histogram();
        assertEquals(64, h.bins());
        assertEquals(mn, h.lo());
        assertEquals(mx, h.hi());
        assertEquals(java.util.Arrays.toString(bruteForce(d, h)), java.util.Arrays.toString(h.counts()));
        assertEquals(d.length, h.total());
    }

    @Test
    void valuesPiledAtTheEndsAreBinnedLikeTheBruteForce() {
        // ReLU outputs (half exactly 0 = the minimum) and saturated tanh (many exactly at the maximum), with a length
        // that is not a multiple of the vector width
        Random r = new Random(17);
        for (double lo : new double[] {0.0, -0.3}) {
            float[] d = new float[50_001];
            for (int i = 0; i < d.length; i++) {
                d[i] = switch (r.nextInt(4)) {
                    case 0, 1 -> 0f;
                    case 2 -> 0.999f;
                    default -> (float) Math.min(0.999, Math.abs(r.nextGaussian()) / 3);
                };
            }
            d[7] = (float) lo;
            var m = StatsCalculator.moments(d, d.length);
            Histogram h = StatsCalculator.finish(d, d.length, m, 64, Double.NaN, Double.NaN, 0).histogram();
            assertEquals(java.util.Arrays.toString(bruteForce(d, h)), java.util.Arrays.toString(h.counts()), "lo " + lo);
        }
    }

    @Test
    void valuesOnTheEdgesLandWhereNumpyPutsThem() {
        // 0..10 in 10 bins: every integer is an edge; 10 belongs to the last bin
        float[] d = new float[11];
        for (int i = 0; i <= 10; i++) {
            d[i] = i;
        }
        var m = StatsCalculator.moments(d, d.length);
        long[] c = StatsCalculator.finish(d, d.length, m, 10, Double.NaN, Double.NaN, 0).histogram().counts();
        assertEquals("[1, 1, 1, 1, 1, 1, 1, 1, 1, 2]", java.util.Arrays.toString(c));
        // 0.1-steps are not exact in binary: still, each value goes to the bin whose edges enclose it
        float[] tenths = new float[101];
        for (int i = 0; i <= 100; i++) {
            tenths[i] = i / 10f;
        }
        Histogram h = stats(tenths).histogram();
        for (float x : tenths) {
            int k = 0;
            while (k < 63 && x >= h.edge(k + 1)) {
                k++;
            }
            assertTrue(h.count(k) > 0);
        }
        assertEquals(101, h.total());
    }

    @Test
    void nonFiniteValuesAreCountedNotMixedIn() {
        float[] d = {1, 2, Float.NaN, 3, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 4};
        TensorStats s = stats(d);
        assertEquals(8, s.count());
        assertEquals(2, s.nan());
        assertEquals(1, s.posInf());
        assertEquals(1, s.negInf());
        assertEquals(4, s.finiteCount());
        assertEquals(2.5, s.mean(), 1e-15);
        assertEquals(5.0 / 3, s.var(), 1e-15);
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        assertEquals(4, s.histogram().total());
    }

    @Test
    void degenerateTensors() {
        TensorStats constant = stats(new float[] {0.5f, 0.5f, 0.5f});
        assertEquals(0, constant.var());
        assertEquals(0.0, constant.histogram().lo(), 1e-15, "numpy widens a constant range by ±0.5");
        assertEquals(1.0, constant.histogram().hi(), 1e-15);
        TensorStats allNaN = stats(new float[] {Float.NaN, Float.NaN});
        assertTrue(Double.isNaN(allNaN.mean()));
        assertTrue(allNaN.histogram().isEmpty());
        TensorStats one = stats(new float[] {3f});
        assertTrue(Double.isNaN(one.var()), "unbiased variance of one value is undefined, as in torch.var");
        var m = StatsCalculator.moments(new float[] {-5, 0, 5, 100}, 4);
        TensorStats fixed = StatsCalculator.finish(new float[] {-5, 0, 5, 100}, 4, m, 2, -10, 10, 0);
        assertEquals(3, fixed.histogram().total(), "values outside a fixed range are not counted");
    }

    @Test
    void saturation() {
        float[] a = {0.99f, -0.98f, 0.5f, 0.0f};
        assertEquals(0.5, StatsCalculator.saturatedFraction(a, 4, Activation.TANH));
        float[] s = {0.01f, 0.99f, 0.5f, 0.2f};
        assertEquals(0.5, StatsCalculator.saturatedFraction(s, 4, Activation.SIGMOID));
        assertEquals(0.0, StatsCalculator.saturatedFraction(a, 4, Activation.RELU));
    }

    @Test
    void saturationCountsExactlyWhatTheDoubleDefinitionCounts() {
        // every float within 64 ulp of the thresholds, plus the far ends
        var values = new java.util.ArrayList<Float>();
        for (double t : new double[] {0.97, -0.97, 0.03, 0.0, 1.0}) {
            float f = (float) t;
            for (int k = -64; k <= 64; k++) {
                values.add(f);
                f = k < 0 ? Math.nextDown(f) : Math.nextUp(f);
            }
        }
        values.add(Float.NaN);
        values.add(Float.MIN_VALUE);
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        for (Activation act : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
            double centre = act == Activation.SIGMOID ? 0.5 : 0.0;
            double limit = act == Activation.SIGMOID ? Activation.SATURATION - 0.5 : Activation.SATURATION;
            long c = 0;
            for (float x : a) {
                c += Math.abs(x - centre) > limit ? 1 : 0;
            }
            assertEquals((double) c / a.length, StatsCalculator.saturatedFraction(a, a.length, act), act.id());
        }
    }
}
