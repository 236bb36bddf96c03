package org.initscope.model;

import java.util.Locale;

/**
 * How long one run of a network (sample, forward, backward, statistics) takes, estimated from its shapes before
 * anything runs, in seconds on this project's 2-core machine when nobody else uses it. A network over
 * {@link Limits#COMPUTE_BUDGET_SECONDS} is refused up front (every path: the app's edits and files, lessons,
 * Compare, stats, theory, render, train), so that no file of a kilobyte costs minutes.
 *
 * <p>The rates are deliberately round and on the slow side of what this machine measured (2026-12, see
 * src/docs/engine.md): GEMMs at 50 GFLOP/s, a recurrent layer's small per-step GEMMs at 12 GFLOP/s, LAPACK's QR of an
 * orthogonal draw at 20 GFLOP/s, and 100 million tensor entries a second for what is element-wise (drawing,
 * activations, statistics, histograms, the convolution's unfolding).
 *
 * @param seconds the whole run
 * @param largest the part that costs most, in words (e.g. "30 orthogonal draws of 8192×8192")
 */
public record ComputeCost(double seconds, String largest) {
    static final double GEMM_FLOPS = 50e9;
    static final double RECURRENT_FLOPS = 12e9;
    static final double QR_FLOPS = 20e9;
    static final double ENTRIES = 100e6;

    public static ComputeCost of(ResolvedNetwork net) {
        long batch = net.input().batch();
        double gemm = 0;
        double recurrent = 0;
        double qr = 0;
        int qrCount = 0;
        String qrShape = "";
        double entries = 2.0 * net.input().values();
        double unfold = 0;
        for (ResolvedLayer l : net.layers()) {
            double out = (double) batch * l.out().size();
            entries += 6 * out;
            for (ResolvedParam p : l.params()) {
                entries += 2.0 * p.count();
                if (p.init().sampling() instanceof Sampling.Orthogonal) {
                    long rows = p.rows() / p.blocks();
                    long m = Math.max(rows, p.cols());
                    long k = Math.min(rows, p.cols());
                    // Householder QR (geqrf) and forming Q: about 4·m·k² − 4/3·k³ flops per block
                    qr += p.blocks() * (4.0 * m * k * k - 4.0 / 3 * k * k * k);
                    qrCount += p.blocks();
                    qrShape = rows + "×" + p.cols();
                }
            }
            if (l.spec() instanceof DenseSpec) {
                gemm += 6.0 * batch * l.inputs() * l.units();
            } else if (l.spec() instanceof Conv2dSpec) {
                long positions = (long) l.out().height() * l.out().width();
                gemm += 6.0 * batch * l.out().features() * l.fans().fanIn();
                // im2col and col2im: the unfolded input, written and read forward and twice backward
                unfold += 4.0 * batch * l.fans().fanIn() * positions * ((Conv2dSpec) l.spec()).groups();
            } else if (l.spec() instanceof RecurrentSpec r) {
                double perStep = (double) r.gates() * r.hiddenSize() * (l.inputs() + r.hiddenSize());
                recurrent += 6.0 * batch * l.in().steps() * perStep;
                entries += 12.0 * batch * l.in().steps() * r.gates() * r.hiddenSize();
            }
        }
        double[] parts = {gemm / GEMM_FLOPS, recurrent / RECURRENT_FLOPS, qr / QR_FLOPS, (entries + unfold) / ENTRIES};
        int top = 0;
        double total = 0;
        for (int i = 0; i < parts.length; i++) {
            total += parts[i];
            if (parts[i] > parts[top]) {
                top = i;
            }
        }
        // the words only for the part that costs most (an edit in the app estimates every time: no formatting then)
        String largest = switch (top) {
            case 0 -> "the matrix products of batch " + batch;
            case 1 -> "the recurrent steps";
            case 2 -> qrCount + " orthogonal draw" + (qrCount == 1 ? "" : "s") + " of " + qrShape
                    + " (QR decompositions)";
            default -> unfold > entries ? "unfolding the convolutions' inputs (im2col)"
                    : "drawing and measuring " + String.format(Locale.ROOT, "%,.0f", entries) + " tensor entries";
        };
        return new ComputeCost(total, largest);
    }

    /** The input–output Jacobian at one example (a product of the layers' matrices, then its SVD). */
    public static ComputeCost jacobian(ResolvedNetwork net) {
        double flops = 0;
        long cols = net.input().features();
        for (ResolvedLayer l : net.layers()) {
            flops += 2.0 * l.units() * l.inputs() * cols;
        }
        long k = Math.min(cols, net.layers().get(net.depth() - 1).units());
        flops += 22.0 * k * k * k;
        return new ComputeCost(flops / QR_FLOPS, "the Jacobian's matrix products and SVD");
    }

    /** Seconds of {@code flops} in large matrix products. */
    public static double gemmSeconds(double flops) {
        return flops / GEMM_FLOPS;
    }

    public boolean overBudget() {
        return seconds > Limits.COMPUTE_BUDGET_SECONDS;
    }

    /** "about 12 min" / "about 45 s". */
    public static String duration(double s) {
        if (s >= 5400) {
            return String.format(Locale.ROOT, "about %.0f hours", s / 3600);
        }
        if (s >= 90) {
            return String.format(Locale.ROOT, "about %.0f min", s / 60);
        }
        return String.format(Locale.ROOT, "about %.0f s", Math.max(1, s));
    }

    /** Why the network is refused, in the user's words, or null when it is within the budget. */
    public String refusal() {
        if (!overBudget()) {
            return null;
        }
        return "this network would take " + duration(seconds) + " to compute here (mostly " + largest + "); the "
                + "limit is " + duration(Limits.COMPUTE_BUDGET_SECONDS) + ": reduce the layer widths, the batch or "
                + "the depth";
    }
}
