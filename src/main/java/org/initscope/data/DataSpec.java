package org.initscope.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.initscope.model.Limits;

/**
 * Which data to train on and how to split it: a generated set (with size, noise and seed), a generated sequence
 * task (with its length T), the digits (as vectors or images, or read as a sequence), or a CSV file. Immutable.
 *
 * @param sequenceLength T of the adding problem and the copy task (10 to 1,000); kept but unused by the others
 */
public record DataSpec(Kind kind, int samples, double noise, long seed, double testFraction, Path csv,
        int sequenceLength, CsvLoader.Task task) {

    /** The data sets InitScope can make or load. */
    public enum Kind {
        SPIRAL("spiral", "two interleaved spirals", true),
        CIRCLE("circle", "a disc inside a ring", true),
        XOR("xor", "the four quadrants, labelled by the sign of x·y", true),
        GAUSS("gauss", "two Gaussian blobs", true),
        MOONS("moons", "two interleaved half-moons", true),
        REGRESSION_1D("regression1d", "y = sin(3x) + noise on [−2, 2]", false),
        REGRESSION_2D("regression2d", "y = sin(x₁)·cos(x₂) + noise", false),
        DIGITS("digits", "8×8 handwritten digits, 1797 images, 10 classes (UCI)", false),
        DIGITS_ROWS("digits-rows", "the digits read row by row: a sequence of 8 steps of 8 pixels", false),
        DIGITS_PIXELS("digits-pixels", "the digits read pixel by pixel: a sequence of 64 steps of 1 pixel", false),
        ADDING("adding", "the adding problem: T steps of (value, marker), predict the sum of the 2 marked values",
                false),
        COPY("copy", "copy memory: 5 symbols at the start, a marker at step T, recall the 5 symbols", false),
        CSV("csv", "a CSV file: numeric features, the last column the label or target", false);

        private final String id;
        private final String description;
        private final boolean plane;

        Kind(String id, String description, boolean plane) {
            this.id = id;
            this.description = description;
            this.plane = plane;
        }

        public String id() {
            return id;
        }

        public String description() {
            return description;
        }

        /** A labelled 2-D set whose decision boundary can be drawn. */
        public boolean planar() {
            return plane;
        }

        /** Made by the program from the seed (the number of examples is a setting). */
        public boolean generated() {
            return this != DIGITS && this != DIGITS_ROWS && this != DIGITS_PIXELS && this != CSV;
        }

        /** A sequence task: the network must start with an rnn or lstm layer. */
        public boolean sequence() {
            return this == DIGITS_ROWS || this == DIGITS_PIXELS || this == ADDING || this == COPY;
        }

        /** Its sequence length T is a setting (the adding problem and the copy task). */
        public boolean variableLength() {
            return this == ADDING || this == COPY;
        }

        /** One of the digits' forms. */
        public boolean digits() {
            return this == DIGITS || this == DIGITS_ROWS || this == DIGITS_PIXELS;
        }

        public static List<String> ids() {
            return Arrays.stream(values()).map(Kind::id).toList();
        }

        public static Optional<Kind> byId(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
        }
    }

    public static final int MIN_STEPS = 10;
    public static final int MAX_STEPS = 1000;
    /** The sequence length the adding problem and the copy task start with. */
    public static final int DEFAULT_STEPS = 50;
    /** Examples of a sequence task by default: enough that an LSTM learns the rule, not the examples. */
    public static final int SEQUENCE_SAMPLES = 5000;
    /** Values of a generated sequence set are bounded (float32: 200 MB). */
    public static final long MAX_SEQUENCE_VALUES = 50_000_000L;

    public DataSpec(Kind kind, int samples, double noise, long seed, double testFraction, Path csv) {
        this(kind, samples, noise, seed, testFraction, csv, DEFAULT_STEPS);
    }

    /** With the task read from the file (a CSV whose task is unclear is refused; see {@link CsvLoader.Task}). */
    public DataSpec(Kind kind, int samples, double noise, long seed, double testFraction, Path csv,
            int sequenceLength) {
        this(kind, samples, noise, seed, testFraction, csv, sequenceLength, CsvLoader.Task.AUTO);
    }

    public DataSpec {
        task = task == null ? CsvLoader.Task.AUTO : task;
        if (samples < Limits.MIN_SAMPLES || samples > Limits.MAX_SAMPLES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "samples must be between %,d "
                    + "and %,d, got %,d", Limits.MIN_SAMPLES, Limits.MAX_SAMPLES, samples));
        }
        if (!(noise >= 0 && noise <= 5)) {
            throw new IllegalArgumentException("noise must be between 0 and 5, got " + noise);
        }
        if (!(testFraction >= 0 && testFraction <= 0.9)) {
            throw new IllegalArgumentException("the test fraction must be between 0 and 0.9, got " + testFraction);
        }
        if (kind == Kind.CSV && csv == null) {
            throw new IllegalArgumentException("a CSV data set needs a file");
        }
        if (sequenceLength < MIN_STEPS || sequenceLength > MAX_STEPS) {
            throw new IllegalArgumentException("the sequence length T must be between " + MIN_STEPS + " and "
                    + MAX_STEPS + ", got " + sequenceLength);
        }
        if (kind.variableLength() && (long) samples * sequenceLength * stepFeatures(kind) > MAX_SEQUENCE_VALUES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%,d sequences of %,d steps "
                    + "are %,d values, more than the %,d this machine's training keeps in memory: use fewer samples "
                    + "or a shorter T", samples, sequenceLength, (long) samples * sequenceLength
                    * stepFeatures(kind), MAX_SEQUENCE_VALUES));
        }
    }

    /** Values per time step of a generated sequence task: (value, marker) or 8 one-hot symbols and a marker. */
    static int stepFeatures(Kind kind) {
        return kind == Kind.COPY ? Datasets.COPY_SYMBOLS + 1 : 2;
    }

    public static DataSpec of(Kind kind) {
        return new DataSpec(kind, kind.variableLength() ? SEQUENCE_SAMPLES : 600, kind == Kind.GAUSS ? 0.6 : 0.1, 1,
                0.2, null, DEFAULT_STEPS);
    }

    /**
     * Another kind; a sequence task's number of examples starts at its default when coming from a set that is not
     * one (600 points of the spirals are too few sequences), and back.
     */
    public DataSpec withKind(Kind k) {
        int s = samples;
        if (k.variableLength() != kind.variableLength()) {
            s = of(k).samples();
        }
        return new DataSpec(k, s, noise, seed, testFraction, k == Kind.CSV ? csv : null, sequenceLength, task);
    }

    public DataSpec withSamples(int s) {
        return new DataSpec(kind, s, noise, seed, testFraction, csv, sequenceLength, task);
    }

    public DataSpec withNoise(double v) {
        return new DataSpec(kind, samples, v, seed, testFraction, csv, sequenceLength, task);
    }

    public DataSpec withSeed(long s) {
        return new DataSpec(kind, samples, noise, s, testFraction, csv, sequenceLength, task);
    }

    public DataSpec withTestFraction(double f) {
        return new DataSpec(kind, samples, noise, seed, f, csv, sequenceLength, task);
    }

    public DataSpec withSequenceLength(int t) {
        return new DataSpec(kind, samples, noise, seed, testFraction, csv, t, task);
    }

    /** The same data with the CSV's task chosen. */
    public DataSpec withTask(CsvLoader.Task t) {
        return new DataSpec(kind, samples, noise, seed, testFraction, csv, sequenceLength, t);
    }

    public static DataSpec csv(Path file) {
        return new DataSpec(Kind.CSV, 600, 0, 1, 0.2, file);
    }
}
