package org.initscope.model;

/** How the engine draws a tensor once a scheme has been resolved to numbers. */
public sealed interface Sampling {
    /** Every entry equal to {@code value}. */
    record Constant(double value) implements Sampling {
    }

    /** N(mean, std²). */
    record Normal(double mean, double std) implements Sampling {
    }

    /** U(low, high). */
    record Uniform(double low, double high) implements Sampling {
    }

    /** N(mean, std²) restricted to [a, b] (absolute bounds), by resampling the values outside. */
    record TruncatedNormal(double mean, double std, double a, double b) implements Sampling {
    }

    /** The identity matrix. */
    record Eye() implements Sampling {
    }

    /** gain·Q with Q from the QR decomposition of a Gaussian matrix, signs fixed by diag(R) as PyTorch does. */
    record Orthogonal(double gain) implements Sampling {
    }

    /** N(0, std²), then {@code zerosPerColumn} random entries of every column set to zero. */
    record Sparse(double std, int zerosPerColumn) implements Sampling {
    }
}
