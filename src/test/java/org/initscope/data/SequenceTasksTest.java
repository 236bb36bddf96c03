package org.initscope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sequence tasks made from a seed (adding, copy) and the digits read as sequences. */
class SequenceTasksTest {

    @Test
    void theAddingProblemHasTwoMarkersOneInEachHalfAndTheirSumAsTarget() throws Exception {
        for (int t : new int[] {10, 100, 1000}) {
            DataSpec spec = DataSpec.of(DataSpec.Kind.ADDING).withSequenceLength(t).withSamples(t == 1000 ? 500 : 5000);
            Dataset d = Datasets.load(spec);
            assertEquals(t, d.steps());
            assertEquals(2, d.stepFeatures());
            assertEquals(2 * t, d.d());
            assertEquals(0, d.classes());
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < d.n(); i++) {
                int first = -1;
                int second = -1;
                for (int k = 0; k < t; k++) {
                    float value = d.x()[(i * t + k) * 2];
                    float marker = d.x()[(i * t + k) * 2 + 1];
                    assertTrue(value >= 0 && value < 1);
                    if (marker == 1f) {
                        if (first < 0) {
                            first = k;
                        } else {
                            assertTrue(second < 0, "exactly two markers");
                            second = k;
                        }
                    } else {
                        assertEquals(0f, marker);
                    }
                }
                assertTrue(first >= 0 && first < t / 2 && second >= t / 2, "one marker in each half: " + first + ", "
                        + second);
                float target = d.x()[(i * t + first) * 2] + d.x()[(i * t + second) * 2];
                assertEquals(target, d.y()[i]);
                sum += d.y()[i];
                sq += d.y()[i] * d.y()[i];
            }
            double mean = sum / d.n();
            double var = sq / d.n() - mean * mean;
            // the sum of two U(0, 1): mean 1, variance 1/6 (standard errors 0.006 and 0.003 at n = 5000)
            if (d.n() == 5000) {
                assertEquals(1, mean, 0.02);
                assertEquals(1.0 / 6, var, 0.01, "the variance baseline (predicting 1 scores it)");
            }
            assertArrayEquals(d.y(), Datasets.load(spec).y(), "seeded");
        }
    }

    @Test
    void theCopyTaskHidesFiveSymbolsBeforeABlankDelayAndAMarker() throws Exception {
        DataSpec spec = DataSpec.of(DataSpec.Kind.COPY).withSequenceLength(30).withSamples(400);
        Dataset d = Datasets.load(spec);
        int f = Datasets.COPY_SYMBOLS + 1;
        assertEquals(30, d.steps());
        assertEquals(f, d.stepFeatures());
        assertEquals(Datasets.COPY_SYMBOLS, d.classes());
        assertEquals(Datasets.COPY_LENGTH, d.targets(), "five answers per example");
        assertEquals(5 * 8, d.outputs());
        int[] counts = new int[8];
        for (int i = 0; i < d.n(); i++) {
            for (int k = 0; k < 30; k++) {
                double rowSum = 0;
                for (int j = 0; j < f; j++) {
                    rowSum += d.x()[(i * 30 + k) * f + j];
                }
                if (k < 5) {
                    int label = d.labels()[i * 5 + k];
                    assertEquals(1f, d.x()[(i * 30 + k) * f + label], "step " + k + " shows the symbol to recall");
                    assertEquals(1, rowSum);
                    counts[label]++;
                } else if (k == 29) {
                    assertEquals(1f, d.x()[(i * 30 + k) * f + 8], "the marker at step T");
                    assertEquals(1, rowSum);
                } else {
                    assertEquals(0, rowSum, "a blank");
                }
            }
        }
        for (int c : counts) {
            assertTrue(c > 200 && c < 300, "each symbol about 2000/8 times: " + java.util.Arrays.toString(counts));
        }
        // rows keep their five labels together
        Dataset two = d.rows(new int[] {7, 3});
        assertArrayEquals(java.util.Arrays.copyOfRange(d.labels(), 35, 40), java.util.Arrays.copyOfRange(two.labels(),
                0, 5));
        assertArrayEquals(java.util.Arrays.copyOfRange(d.labels(), 15, 20), java.util.Arrays.copyOfRange(two.labels(),
                5, 10));
    }

    @Test
    void theDigitsReadRowByRowOrPixelByPixelAreTheSameStandardizedPixels() throws Exception {
        var flat = Datasets.split(DataSpec.of(DataSpec.Kind.DIGITS));
        var rows = Datasets.split(DataSpec.of(DataSpec.Kind.DIGITS_ROWS));
        var pixels = Datasets.split(DataSpec.of(DataSpec.Kind.DIGITS_PIXELS));
        assertEquals(8, rows.train().steps());
        assertEquals(8, rows.train().stepFeatures());
        assertEquals(64, pixels.train().steps());
        assertEquals(1, pixels.train().stepFeatures());
        assertArrayEquals(flat.train().x(), rows.train().x());
        assertArrayEquals(flat.test().x(), pixels.test().x());
        assertArrayEquals(flat.test().labels(), pixels.test().labels());
    }

    @Test
    void theAddingProblemIsNotStandardized() throws Exception {
        var split = Datasets.split(DataSpec.of(DataSpec.Kind.ADDING).withSamples(200).withSequenceLength(20));
        Dataset all = Datasets.load(DataSpec.of(DataSpec.Kind.ADDING).withSamples(200).withSequenceLength(20));
        for (int i = 0; i < split.train().x().length; i++) {
            float v = split.train().x()[i];
            assertTrue(v >= 0 && v <= 1, "values in [0, 1), markers 0 or 1: " + v);
        }
        assertEquals(200, split.train().n() + split.test().n());
        assertEquals(all.n(), 200);
    }

    @Test
    void sequenceLengthAndSizeAreBounded() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataSpec.of(DataSpec.Kind.ADDING).withSequenceLength(1001));
        assertTrue(e.getMessage().contains("between 10 and 1000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSpec.of(DataSpec.Kind.COPY).withSequenceLength(9));
        var big = assertThrows(IllegalArgumentException.class,
                () -> DataSpec.of(DataSpec.Kind.COPY).withSequenceLength(1000).withSamples(10_000));
        assertTrue(big.getMessage().contains("fewer samples or a shorter T"), big.getMessage());
    }
}
