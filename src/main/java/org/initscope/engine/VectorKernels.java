package org.initscope.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Kernels} on the Vector API. Loaded only when the jdk.incubator.vector module is present. */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F_HALF = VectorSpecies.of(float.class,
            jdk.incubator.vector.VectorShape.forBitSize(D.vectorBitSize() / 2));

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

    @Override
    void boxMuller(double[] u, float[] out, int half, int from, int to) {
        int len = D.length();
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector minusTwo = DoubleVector.broadcast(D, -2.0);
        DoubleVector twoPi = DoubleVector.broadcast(D, 2 * Math.PI);
        int i = from;
        int bound = from + D.loopBound(to - from);
        for (; i < bound; i += len) {
            DoubleVector r = one.sub(DoubleVector.fromArray(D, u, i)).lanewise(VectorOperators.LOG).mul(minusTwo)
                    .lanewise(VectorOperators.SQRT);
            DoubleVector t = DoubleVector.fromArray(D, u, i + half).mul(twoPi);
            ((FloatVector) r.mul(t.lanewise(VectorOperators.COS)).convertShape(VectorOperators.D2F, F_HALF, 0))
                    .intoArray(out, i);
            ((FloatVector) r.mul(t.lanewise(VectorOperators.SIN)).convertShape(VectorOperators.D2F, F_HALF, 0))
                    .intoArray(out, i + half);
        }
        for (; i < to; i++) {
            double r = Math.sqrt(-2 * Math.log(1 - u[i]));
            double t = 2 * Math.PI * u[i + half];
            out[i] = (float) (r * Math.cos(t));
            out[i + half] = (float) (r * Math.sin(t));
        }
    }
}
