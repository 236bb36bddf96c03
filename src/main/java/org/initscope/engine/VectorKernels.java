package org.initscope.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** {@link Kernels} on the Vector API. Loaded only when the jdk.incubator.vector module is present. */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    /** Int lanes as many as {@link #F}'s (the pooling's indices beside its values). */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Float> F_HALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));

    @Override
    String name() {
        return "vector (" + F.vectorBitSize() + "-bit)";
    }

    @Override
    boolean moments(float[] data, int from, int to, float shift, double[] acc) {
        if (from >= to) {
            return true;
        }
        FloatVector sh = FloatVector.broadcast(F, shift);
        FloatVector mn = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        FloatVector mx = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        // Kahan-compensated float lanes: as precise as double sums for float data, at full vector speed
        FloatVector s = FloatVector.zero(F);
        FloatVector sc = FloatVector.zero(F);
        FloatVector q = FloatVector.zero(F);
        FloatVector qc = FloatVector.zero(F);
        long zeros = 0;
        int i = from;
        int bound = from + F.loopBound(to - from);
        for (; i < bound; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, data, i);
            mn = mn.min(x);
            mx = mx.max(x);
            zeros += x.compare(VectorOperators.EQ, 0f).trueCount();
            FloatVector y = x.sub(sh);
            FloatVector ys = y.sub(sc);
            FloatVector ts = s.add(ys);
            sc = ts.sub(s).sub(ys);
            s = ts;
            FloatVector y2 = y.mul(y).sub(qc);
            FloatVector tq = q.add(y2);
            qc = tq.sub(q).sub(y2);
            q = tq;
        }
        double sum = laneSum(s) - laneSum(sc);
        double sumSq = laneSum(q) - laneSum(qc);
        float lo = mn.reduceLanes(VectorOperators.MIN);
        float hi = mx.reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            float x = data[i];
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            double y = (double) x - shift;
            sum += y;
            sumSq += y * y;
            zeros += x == 0f ? 1 : 0;
        }
        if (!Float.isFinite(lo) || !Float.isFinite(hi) || !Double.isFinite(sumSq)) {
            return false;
        }
        acc[0] += sum;
        acc[1] += sumSq;
        acc[2] = Math.min(acc[2], lo);
        acc[3] = Math.max(acc[3], hi);
        acc[4] += zeros;
        return true;
    }

    /** The lanes added in double precision. */
    private static double laneSum(FloatVector v) {
        double t = 0;
        for (int k = 0; k < v.length(); k++) {
            t += v.lane(k);
        }
        return t;
    }

    /** 1.5·2²³: adding it rounds a float below 2²² in magnitude to an integer held in the low mantissa bits. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToIntBits(MAGIC);

    @Override
    int lanes() {
        return F.length();
    }

    @Override
    void binIndices(float[] data, int from, int to, float lo, float scale, float top, float first, float last,
            int[] idx) {
        // JDK 17 does not compile the float→int lane conversion to a vector instruction (it ran slower than the
        // scalar loop), so floor and the conversion go through the magic-number trick; where an index is used,
        // 0 < f < top ≤ 4096, and there floor(f) is exactly the scalar loop's (int) f
        FloatVector vlo = FloatVector.broadcast(F, lo);
        FloatVector vscale = FloatVector.broadcast(F, scale);
        FloatVector none = FloatVector.broadcast(F, -1f);
        FloatVector lastBin = FloatVector.broadcast(F, top - 1);
        FloatVector zero = FloatVector.zero(F);
        int i = from;
        int bound = from + F.loopBound(to - from);
        for (; i < bound; i += F.length()) {
            // the scalar definition's float operations in the same order, so every index is the same
            FloatVector x = FloatVector.fromArray(F, data, i);
            FloatVector f = x.sub(vlo).mul(vscale);
            FloatVector nearest = f.add(MAGIC).sub(MAGIC);
            FloatVector k = nearest.sub(1f, nearest.compare(VectorOperators.GT, f));
            VectorMask<Float> ok = f.compare(VectorOperators.GT, 0f).and(f.compare(VectorOperators.LT, top))
                    .and(f.sub(k).sub(0.5f).abs().compare(VectorOperators.LT, 0.499f));
            FloatVector bin = none.blend(k, ok).blend(lastBin, x.compare(VectorOperators.EQ, last))
                    .blend(zero, x.compare(VectorOperators.EQ, first));
            ((IntVector) bin.add(MAGIC).viewAsIntegralLanes()).sub(MAGIC_BITS).intoArray(idx, i - from);
        }
        binIndicesScalar(data, i, to, lo, scale, top, first, last, idx, from);
    }

    @Override
    long countOutside(float[] data, int from, int to, float lo, float hi) {
        long c = 0;
        int i = from;
        int bound = from + F.loopBound(to - from);
        for (; i < bound; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, data, i);
            c += x.compare(VectorOperators.GT, hi).or(x.compare(VectorOperators.LT, lo)).trueCount();
        }
        for (; i < to; i++) {
            float x = data[i];
            c += x > hi || x < lo ? 1 : 0;
        }
        return c;
    }

    @Override
    boolean tanhRational(float[] z, float[] bias, float[] a, int from, int to) {
        // the scalar loop's operations lane by lane (min/max, FMA, one division: all exactly rounded), so the results
        // are the same bits; explicit because the JIT's own vectorization of that loop ran at a third of this speed
        FloatVector clamp = FloatVector.broadcast(F, ActivationKernels.T_CLAMP);
        // counted in a scalar: a mask carried around the loop made full runs slower than the scalar tanh here
        int beyond = 0;
        int i = from;
        int bound = from + F.loopBound(to - from);
        for (; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, z, i);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(F, bias, i - from));
                v.intoArray(z, i);
            }
            beyond += v.abs().compare(VectorOperators.GT, clamp).trueCount();
            FloatVector x = v.min(clamp).max(clamp.neg());
            FloatVector x2 = x.mul(x);
            FloatVector p = FloatVector.broadcast(F, ActivationKernels.T_A13)
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_A11))
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_A9))
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_A7))
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_A5))
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_A3))
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_A1));
            FloatVector q = FloatVector.broadcast(F, ActivationKernels.T_B6)
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_B4))
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_B2))
                    .fma(x2, FloatVector.broadcast(F, ActivationKernels.T_B0));
            x.mul(p.div(q)).intoArray(a, i);
        }
        // no short-circuit: a data-dependent branch here would make the JIT deoptimize the loop when it flips
        return beyond > 0 | tanhScalar(z, bias, i - from, a, i, to);
    }

    @Override
    int maxPool2x2(float[] x, int planes, int inW, int inPlane, int outPlane, int[] corners, float[] out,
            int[] from) {
        if (outPlane % F.length() != 0) {
            return 0;
        }
        IntVector right = IntVector.broadcast(I, 1);
        IntVector left = IntVector.zero(I);
        IntVector down = IntVector.broadcast(I, inW);
        IntVector downRight = IntVector.broadcast(I, inW + 1);
        for (int p = 0; p < planes; p++) {
            int in = p * inPlane;
            int o = p * outPlane;
            for (int j = 0; j < outPlane; j += F.length()) {
                // the window's four values of F.length() outputs, gathered through the corners
                FloatVector v0 = FloatVector.fromArray(F, x, in, corners, j);
                FloatVector v1 = FloatVector.fromArray(F, x, in + 1, corners, j);
                FloatVector v2 = FloatVector.fromArray(F, x, in + inW, corners, j);
                FloatVector v3 = FloatVector.fromArray(F, x, in + inW + 1, corners, j);
                // of each row's pair the second only when greater or a NaN against a number, then of the two rows
                VectorMask<Float> top = later(v0, v1);
                VectorMask<Float> bottom = later(v2, v3);
                FloatVector m01 = v0.blend(v1, top);
                FloatVector m23 = v2.blend(v3, bottom);
                VectorMask<Float> lower = later(m01, m23);
                m01.blend(m23, lower).intoArray(out, o + j);
                IntVector k = left.blend(right, top.cast(I)).blend(down.blend(downRight, bottom.cast(I)), lower.cast(I));
                IntVector.fromArray(I, corners, j).add(in).add(k).intoArray(from, o + j);
            }
        }
        return planes;
    }

    /** Lanes where v, the later value, wins against u: greater, or a NaN against a number. */
    private static VectorMask<Float> later(FloatVector u, FloatVector v) {
        return v.compare(VectorOperators.GT, u).or(v.compare(VectorOperators.NE, v)
                .andNot(u.compare(VectorOperators.NE, u)));
    }

    @Override
    void reluBackward(float[] z, float[] dA, float[] dZ, int from, int to, float slope) {
        FloatVector zero = FloatVector.zero(F);
        int i = from;
        int bound = from + F.loopBound(to - from);
        if (slope == 0f) {
            // PyTorch's threshold_backward: (a ≤ 0 ? 0 : grad). A blend, not a product: an infinite or NaN gradient
            // at an inactive unit still gives exactly 0, and at a NaN activation (a ≤ 0 is false) the gradient passes
            for (; i < bound; i += F.length()) {
                FloatVector g = FloatVector.fromArray(F, dA, i);
                g.blend(zero, FloatVector.fromArray(F, z, i).compare(VectorOperators.LE, 0f)).intoArray(dZ, i);
            }
        } else {
            // leaky_relu_backward: (z > 0 ? grad : grad·slope); NaN takes the slope branch
            for (; i < bound; i += F.length()) {
                FloatVector g = FloatVector.fromArray(F, dA, i);
                g.mul(slope).blend(g, FloatVector.fromArray(F, z, i).compare(VectorOperators.GT, 0f)).intoArray(dZ, i);
            }
        }
        reluBackwardScalar(z, dA, dZ, i, to, slope);
    }

    /** SplitMix64 outputs for the counters i + lane (lane = 0, 1, ...). */
    private static LongVector splitMix(long seed, LongVector lane, long i) {
        LongVector z = lane.add(i + 1).mul(GAMMA).add(seed);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }

    /** k·2⁻⁵² from the top 52 bits, exactly: those bits under the exponent of 1.0 give 1 + k·2⁻⁵², minus 1. */
    private static DoubleVector unit(LongVector bits) {
        return ((DoubleVector) bits.lanewise(VectorOperators.LSHR, 12).or(0x3FF0000000000000L).viewAsFloatingLanes())
                .sub(1.0);
    }

    @Override
    void uniforms(long seed, float[] out, int from, int to, double low, double high) {
        LongVector lane = (LongVector) L.iotaShuffle(0, 1, false).toVector();
        double width = high - low;
        int i = from;
        int bound = from + D.loopBound(to - from);
        for (; i < bound; i += D.length()) {
            // low + width·u as the scalar loop: a multiply and an add, each rounded (no FMA)
            DoubleVector u = unit(splitMix(seed, lane, i)).mul(width).add(low);
            ((FloatVector) u.convertShape(VectorOperators.D2F, F_HALF, 0)).intoArray(out, i);
        }
        uniformsScalar(seed, out, i, to, low, high);
    }

    @Override
    void gaussians(long seed, float[] out, int n, int from, int to, float mean, float std) {
        int half = (n + 1) / 2;
        // the pairs whose second value exists; the last one of an odd n goes to the scalar tail
        int paired = Math.max(from, Math.min(to, n - half));
        LongVector lane = (LongVector) L.iotaShuffle(0, 1, false).toVector();
        int i = from;
        int bound = from + D.loopBound(paired - from);
        for (; i < bound; i += D.length()) {
            DoubleVector r = unit(splitMix(seed, lane, i)).neg().add(1.0).lanewise(VectorOperators.LOG).mul(-2.0)
                    .lanewise(VectorOperators.SQRT);
            DoubleVector t = unit(splitMix(seed, lane, (long) i + half)).mul(2 * Math.PI);
            // the half-width float vectors are only stored: arithmetic on them would give the JIT's type profiles of
            // FloatVector two classes, and the other float loops (tanh, binning) then ran at a tenth of their speed
            ((FloatVector) r.mul(t.lanewise(VectorOperators.COS)).convertShape(VectorOperators.D2F, F_HALF, 0))
                    .intoArray(out, i);
            ((FloatVector) r.mul(t.lanewise(VectorOperators.SIN)).convertShape(VectorOperators.D2F, F_HALF, 0))
                    .intoArray(out, i + half);
        }
        if (std != 1f || mean != 0f) {
            scale(out, from, i, std, mean);
            scale(out, from + half, i + half, std, mean);
        }
        gaussiansScalar(seed, out, n, i, to, mean, std);
    }

    /** x·std + mean in float over out[from, to), as the scalar definition: a product and a sum, each rounded. */
    private static void scale(float[] out, int from, int to, float std, float mean) {
        int i = from;
        int bound = from + F.loopBound(Math.max(0, to - from));
        for (; i < bound; i += F.length()) {
            FloatVector.fromArray(F, out, i).mul(std).add(mean).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = out[i] * std + mean;
        }
    }
}
