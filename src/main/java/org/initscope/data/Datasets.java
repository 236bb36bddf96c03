package org.initscope.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Makes and loads data sets. The generated 2-D sets follow TensorFlow Playground and scikit-learn's make_moons;
 * every random draw comes from the spec's seed, so the same spec gives the same points.
 */
public final class Datasets {
    private static final List<String> TWO = List.of("0", "1");
    private static volatile Dataset digits;

    private Datasets() {
    }

    /** The training and test splits of a spec, standardized with the training split's moments. */
    public record Split(Dataset train, Dataset test, float[][] moments) {
    }

    public static Dataset load(DataSpec spec) throws CsvException {
        return switch (spec.kind()) {
            case SPIRAL -> spiral(spec);
            case CIRCLE -> circle(spec);
            case XOR -> xor(spec);
            case GAUSS -> gauss(spec);
            case MOONS -> moons(spec);
            case REGRESSION_1D -> regression1d(spec);
            case REGRESSION_2D -> regression2d(spec);
            case DIGITS -> digits();
            case DIGITS_ROWS -> digitsAsSequence(8);
            case DIGITS_PIXELS -> digitsAsSequence(64);
            case ADDING -> adding(spec);
            case COPY -> copy(spec);
            case CSV -> CsvLoader.read(spec.csv(), spec.task());
        };
    }

    /**
     * The splits of a spec. The adding problem and the copy task are not standardized: their values are already
     * on a unit scale and their markers and one-hot symbols mean 0 or 1.
     */
    public static Split split(DataSpec spec) throws CsvException {
        return split(load(spec), spec.testFraction(), spec.seed(), !spec.kind().variableLength());
    }

    /** Shuffle with the seed, hold out a fraction for testing, standardize both with the training moments. */
    public static Split split(Dataset all, double testFraction, long seed) {
        return split(all, testFraction, seed, true);
    }

    /** The same, standardizing only if asked (otherwise the moments are 0 and 1). */
    public static Split split(Dataset all, double testFraction, long seed, boolean standardize) {
        int[] idx = IntStream.range(0, all.n()).toArray();
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int nTest = (int) Math.round(all.n() * testFraction);
        nTest = Math.min(nTest, all.n() - 2);
        int[] train = Arrays.copyOfRange(idx, 0, all.n() - nTest);
        int[] test = Arrays.copyOfRange(idx, all.n() - nTest, all.n());
        Dataset tr = all.rows(train);
        if (!standardize) {
            float[] ones = new float[all.d()];
            Arrays.fill(ones, 1f);
            return new Split(tr, all.rows(test), new float[][] {new float[all.d()], ones});
        }
        float[][] m = tr.featureMoments();
        return new Split(tr.standardized(m), all.rows(test).standardized(m), m);
    }

    private static Dataset labelled(String name, float[] x, int[] labels, int n) {
        return new Dataset(name, x, n, 2, labels, null, 1, 2, TWO, 0);
    }

    private static Dataset spiral(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        float[] x = new float[2 * n];
        int[] y = new int[n];
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            int c = i < half ? 0 : 1;
            int k = c == 0 ? i : i - half;
            int m = c == 0 ? half : n - half;
            double radius = 5.0 * k / m;
            double t = 1.75 * k / m * 2 * Math.PI + c * Math.PI;
            x[2 * i] = (float) (radius * Math.sin(t) + s.noise() * 5 * gauss(r) * 0.2);
            x[2 * i + 1] = (float) (radius * Math.cos(t) + s.noise() * 5 * gauss(r) * 0.2);
            y[i] = c;
        }
        return labelled("spiral", x, y, n);
    }

    private static Dataset circle(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i < n / 2 ? 0 : 1;
            double radius = c == 0 ? r.nextDouble(0, 2.5) : r.nextDouble(3.5, 5);
            double a = r.nextDouble(0, 2 * Math.PI);
            x[2 * i] = (float) (radius * Math.sin(a) + s.noise() * gauss(r));
            x[2 * i + 1] = (float) (radius * Math.cos(a) + s.noise() * gauss(r));
            y[i] = c;
        }
        return labelled("circle", x, y, n);
    }

    private static Dataset xor(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble(-5, 5);
            double b = r.nextDouble(-5, 5);
            // keep a margin around the axes, as TensorFlow Playground does
            a += a > 0 ? 0.3 : -0.3;
            b += b > 0 ? 0.3 : -0.3;
            y[i] = a * b >= 0 ? 1 : 0;
            x[2 * i] = (float) (a + s.noise() * gauss(r));
            x[2 * i + 1] = (float) (b + s.noise() * gauss(r));
        }
        return labelled("xor", x, y, n);
    }

    private static Dataset gauss(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        float[] x = new float[2 * n];
        int[] y = new int[n];
        double sd = 0.5 + 2 * s.noise();
        for (int i = 0; i < n; i++) {
            int c = i < n / 2 ? 0 : 1;
            double centre = c == 0 ? 2 : -2;
            x[2 * i] = (float) (centre + sd * gauss(r));
            x[2 * i + 1] = (float) (centre + sd * gauss(r));
            y[i] = c;
        }
        return labelled("gauss", x, y, n);
    }

    private static Dataset moons(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        float[] x = new float[2 * n];
        int[] y = new int[n];
        int outer = n / 2;
        for (int i = 0; i < n; i++) {
            int c = i < outer ? 0 : 1;
            int k = c == 0 ? i : i - outer;
            int m = c == 0 ? outer : n - outer;
            double t = Math.PI * k / Math.max(1, m - 1);
            double a = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double b = c == 0 ? Math.sin(t) : 1 - Math.sin(t) - 0.5;
            x[2 * i] = (float) (a + s.noise() * gauss(r));
            x[2 * i + 1] = (float) (b + s.noise() * gauss(r));
            y[i] = c;
        }
        return labelled("moons", x, y, n);
    }

    private static Dataset regression1d(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble(-2, 2);
            x[i] = (float) a;
            y[i] = (float) (Math.sin(3 * a) + s.noise() * gauss(r));
        }
        return new Dataset("regression1d", x, n, 1, null, y, 1, 0, List.of(), 0);
    }

    private static Dataset regression2d(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        float[] x = new float[2 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble(-3, 3);
            double b = r.nextDouble(-3, 3);
            x[2 * i] = (float) a;
            x[2 * i + 1] = (float) b;
            y[i] = (float) (Math.sin(a) * Math.cos(b) + s.noise() * gauss(r));
        }
        return new Dataset("regression2d", x, n, 2, null, y, 1, 0, List.of(), 0);
    }

    /** Symbols of the copy task (its classes) and how many of them are remembered. */
    public static final int COPY_SYMBOLS = 8;
    public static final int COPY_LENGTH = 5;

    /**
     * The adding problem (Hochreiter &amp; Schmidhuber 1997; the form of Le et al. 2015 and Arjovsky et al. 2016):
     * T steps of (value, marker), the values U(0, 1), exactly two markers — one in the first half, one in the second
     * — and the target the sum of the two marked values. Predicting 1 every time scores the variance of the sum,
     * 1/6 ≈ 0.167: the baseline a network must beat to have learnt anything.
     */
    private static Dataset adding(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        int t = s.sequenceLength();
        float[] x = new float[n * t * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int off = i * t * 2;
            for (int k = 0; k < t; k++) {
                x[off + 2 * k] = (float) r.nextDouble();
            }
            int first = r.nextInt(t / 2);
            int second = t / 2 + r.nextInt(t - t / 2);
            x[off + 2 * first + 1] = 1f;
            x[off + 2 * second + 1] = 1f;
            y[i] = x[off + 2 * first] + x[off + 2 * second];
        }
        return new Dataset("adding", x, n, t * 2, null, y, 1, 0, List.of(), 0, t);
    }

    /**
     * Copy memory (after Hochreiter &amp; Schmidhuber 1997 and Arjovsky et al. 2016), read out at the end: 5 symbols
     * of 8 (one-hot) at steps 1–5, blanks (all 0) until a marker at step T, and the 5 symbols to be recalled from
     * the last state — 5 answers of 8 classes each. Guessing scores ln 8 ≈ 2.08 and 12.5 % accuracy.
     */
    private static Dataset copy(DataSpec s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.samples();
        int t = s.sequenceLength();
        int f = COPY_SYMBOLS + 1;
        float[] x = new float[n * t * f];
        int[] labels = new int[n * COPY_LENGTH];
        for (int i = 0; i < n; i++) {
            int off = i * t * f;
            for (int k = 0; k < COPY_LENGTH; k++) {
                int symbol = r.nextInt(COPY_SYMBOLS);
                x[off + k * f + symbol] = 1f;
                labels[i * COPY_LENGTH + k] = symbol;
            }
            x[off + (t - 1) * f + COPY_SYMBOLS] = 1f;
        }
        return new Dataset("copy", x, n, t * f, labels, null, COPY_LENGTH, COPY_SYMBOLS,
                IntStream.range(0, COPY_SYMBOLS).mapToObj(Integer::toString).toList(), 0, t);
    }

    /** The digits as sequences: row by row (8 steps of 8 pixels) or pixel by pixel (64 steps of 1). */
    private static Dataset digitsAsSequence(int steps) {
        Dataset d = digits();
        return new Dataset(steps == 8 ? "digits-rows" : "digits-pixels", d.x(), d.n(), d.d(), d.labels(), null, 1,
                d.classes(), d.classNames(), d.imageSide(), steps);
    }

    private static double gauss(SplittableRandom r) {
        // Box–Muller on the seeded stream: reproducible across JVMs (Random's Gaussian is too, but this
        // keeps every draw on one stream)
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** The 8×8 digits (UCI, via scikit-learn; see digits-ATTRIBUTION.rst beside the data). */
    public static Dataset digits() {
        Dataset d = digits;
        if (d != null) {
            return d;
        }
        synchronized (Datasets.class) {
            if (digits == null) {
                digits = readDigits();
            }
            return digits;
        }
    }

    private static Dataset readDigits() {
        try (InputStream in = Datasets.class.getResourceAsStream("/org/initscope/data/digits.csv.gz");
                var r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII))) {
            List<String> lines = r.lines().filter(l -> !l.isBlank()).toList();
            int n = lines.size();
            float[] x = new float[n * 64];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                String[] p = lines.get(i).split(",");
                for (int j = 0; j < 64; j++) {
                    x[i * 64 + j] = Float.parseFloat(p[j]);
                }
                y[i] = Integer.parseInt(p[64].trim());
            }
            return new Dataset("digits", x, n, 64, y, null, 1, 10,
                    IntStream.range(0, 10).mapToObj(Integer::toString).toList(), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
