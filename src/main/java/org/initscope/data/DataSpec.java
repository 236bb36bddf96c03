package org.initscope.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which data to train on and how to split it: a generated set (with size, noise and seed), the digits, or a CSV
 * file. Immutable.
 */
public record DataSpec(Kind kind, int samples, double noise, long seed, double testFraction, Path csv) {

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

        public boolean generated() {
            return this != DIGITS && this != CSV;
        }

        public static List<String> ids() {
            return Arrays.stream(values()).map(Kind::id).toList();
        }

        public static Optional<Kind> byId(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
        }
    }

    public DataSpec {
        if (samples < 4 || samples > 1_000_000) {
            throw new IllegalArgumentException("samples must be between 4 and 1,000,000, got " + samples);
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
    }

    public static DataSpec of(Kind kind) {
        return new DataSpec(kind, 600, kind == Kind.GAUSS ? 0.6 : 0.1, 1, 0.2, null);
    }

    public DataSpec withKind(Kind k) {
        return new DataSpec(k, samples, noise, seed, testFraction, k == Kind.CSV ? csv : null);
    }

    public DataSpec withSamples(int s) {
        return new DataSpec(kind, s, noise, seed, testFraction, csv);
    }

    public DataSpec withNoise(double v) {
        return new DataSpec(kind, samples, v, seed, testFraction, csv);
    }

    public DataSpec withSeed(long s) {
        return new DataSpec(kind, samples, noise, s, testFraction, csv);
    }

    public DataSpec withTestFraction(double f) {
        return new DataSpec(kind, samples, noise, seed, f, csv);
    }

    public static DataSpec csv(Path file) {
        return new DataSpec(Kind.CSV, 600, 0, 1, 0.2, file);
    }
}
