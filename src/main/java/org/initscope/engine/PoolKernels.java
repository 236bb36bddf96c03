package org.initscope.engine;

/** The pooling layers' vector loops ({@link Kernels}), for the layer modules. */
public final class PoolKernels {
    private PoolKernels() {
    }

    /**
     * 2×2 max pooling with stride 2 over the planes [0, planes) of x, each inPlane values in rows of inW, plane p's
     * outputs to out[p·outPlane …]: each window's first maximum in row-major order, a NaN winning (the first), and
     * in from[o] the winner's index in x; corners[o] is output o's top left input within its plane. Returns how many
     * planes it pooled, from the first: all or none (the caller pools those left).
     */
    public static int maxPool2x2(float[] x, int planes, int inW, int inPlane, int outPlane, int[] corners,
            float[] out, int[] from) {
        return Kernels.INSTANCE.maxPool2x2(x, planes, inW, inPlane, outPlane, corners, out, from);
    }
}
