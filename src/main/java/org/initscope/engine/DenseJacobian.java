package org.initscope.engine;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.initscope.model.ResolvedNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The input–output Jacobian ∂a_L/∂x = D_L·W_L ⋯ D_1·W_1 (D_l = diag φ'(z_l)) of a plain dense network at one example
 * of the last run's batch, from {@link Propagator}'s workspace, and the singular values of a Jacobian (ND4J GEMMs and
 * LAPACK's SVD; a residual stack's Jacobian comes from {@code StackPropagator.jacobian}).
 */
final class DenseJacobian {
    private DenseJacobian() {
    }

    /**
     * The singular values at example {@code row}, in descending order; stops with a CancellationException between
     * layers when {@code cancelled} turns true.
     */
    static double[] singularValues(DenseWorkspace ws, ResolvedNetwork net, int row, BooleanSupplier cancelled) {
        INDArray m = null;
        for (int l = 0; l < net.depth(); l++) {
            if (cancelled.getAsBoolean()) {
                if (m != null) {
                    m.close();
                }
                throw new CancellationException("superseded");
            }
            DenseBuffers b = ws.layers[l];
            var act = net.layers().get(l).activation();
            float[] d = new float[b.out];
            for (int u = 0; u < b.out; u++) {
                d[u] = (float) act.derivative(b.z[row * b.out + u]);
            }
            INDArray next = m == null ? b.w.dup() : Nd4j.create(DataType.FLOAT, b.out, m.columns());
            if (m != null) {
                Nd4j.gemm(b.w, m, next, false, false, 1.0, 0.0);
                m.close();
            }
            // row u times φ'(z_u), on the heap: ND4J's broadcast op can have its own dimension array freed during
            // the call (see Mlp)
            float[] rows = next.data().asFloat();
            int cols = (int) next.columns();
            for (int u = 0; u < b.out; u++) {
                for (int c = 0; c < cols; c++) {
                    rows[u * cols + c] *= d[u];
                }
            }
            next.data().asNioFloat().put(0, rows);
            m = next;
        }
        try {
            return singularValues(m);
        } finally {
            m.close();
        }
    }

    /** The singular values of m, in descending order (LAPACK's gesvd on an 'f'-order copy). */
    static double[] singularValues(INDArray m) {
        long rows = m.rows();
        long cols = m.columns();
        long k = Math.min(rows, cols);
        try (INDArray a = m.dup('f'); INDArray sv = Nd4j.create(DataType.FLOAT, k)) {
            Nd4j.getBlasWrapper().lapack().gesvd(a, sv, null, null);
            double[] out = sv.toDoubleVector();
            Arrays.sort(out);
            for (int i = 0; i < out.length / 2; i++) {
                double t = out[i];
                out[i] = out[out.length - 1 - i];
                out[out.length - 1 - i] = t;
            }
            return out;
        }
    }
}
