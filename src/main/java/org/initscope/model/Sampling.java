package org.initscope.model;

/** How the engine draws a tensor once a scheme has been resolved to numbers. */
public sealed interface Sampling {
    /** The same draw multiplied by {@code s} > 0 (the layer's weight scale). */
    default Sampling scaled(double s) {
        if (s == 1) {
            return this;
        }
        if (this instanceof Constant c) {
            return new Constant(c.value() * s);
        }
        if (this instanceof Normal n) {
            return new Normal(n.mean() * s, n.std() * s);
        }
        if (this instanceof Uniform u) {
            return new Uniform(u.low() * s, u.high() * s);
        }
        if (this instanceof TruncatedNormal t) {
            return new TruncatedNormal(t.mean() * s, t.std() * s, t.a() * s, t.b() * s);
        }
        if (this instanceof Eye e) {
            return new Eye(e.value() * s);
        }
        if (this instanceof Dirac d) {
            return new Dirac(d.value() * s, d.groups(), d.outChannels(), d.inPerGroup(), d.kh(), d.kw());
        }
        if (this instanceof Orthogonal o) {
            return new Orthogonal(o.gain() * s);
        }
        Sparse sp = (Sparse) this;
        return new Sparse(sp.std() * s, sp.zerosPerColumn());
    }

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

    /** {@code value} times the identity matrix. */
    record Eye(double value) implements Sampling {
    }

    /**
     * {@code value} at the kernel centre [g·(out/groups)+d, d, kH/2, kW/2] for d < min(out/groups, inPerGroup), as
     * torch.nn.init.dirac_; zeros elsewhere.
     */
    record Dirac(double value, int groups, int outChannels, int inPerGroup, int kh, int kw) implements Sampling {
    }

    /** gain·Q with Q from the QR decomposition of a Gaussian matrix, signs fixed by diag(R) as PyTorch does. */
    record Orthogonal(double gain) implements Sampling {
    }

    /** N(0, std²), then {@code zerosPerColumn} random entries of every column set to zero. */
    record Sparse(double std, int zerosPerColumn) implements Sampling {
    }
}
