package org.initscope.controller;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.initscope.engine.LayerResult;
import org.initscope.engine.MeanField;
import org.initscope.engine.PropagationResult;
import org.initscope.model.ActivationSpec;
import org.initscope.model.ResolvedNetwork;

/**
 * The mean-field theory for the views: the table of a result's layers and the phase map of an activation, each
 * computed on a background worker where the latest request wins (a stale map is cancelled between its rows, a
 * stale table is never shown), and the single values a chart's hover asks for. Owned by a {@link NetworkSession}
 * ({@link NetworkSession#theory()}); the views only show what comes back.
 */
public final class TheoryService implements AutoCloseable {
    /** The mean-field numbers of every layer of {@code result}, and what the table's symbols mean. */
    public record MeanFieldTable(PropagationResult result, List<MeanField.LayerTheory> rows, List<String> notes) {
    }

    /** Which part of the (σ_w², σ_b²) plane, on a grid of nx × ny cells. */
    public record PhaseRequest(ActivationSpec activation, double xMax, double yMax, int nx, int ny) {
    }

    /**
     * χ₁ at the fixed point at the centre of each cell (row j from the top: {@code chi[j * nx + i]}) and the edge of
     * chaos at ny + 1 values of σ_b² from 0 to yMax.
     */
    public record PhaseMap(PhaseRequest request, double[] chi, MeanField.Edge[] edge) {
    }

    private final Latest<PropagationResult, MeanFieldTable> tables;
    private final Latest<PhaseRequest, PhaseMap> maps;

    public TheoryService(Executor deliver) {
        tables = new Latest<>("initscope-theory", deliver, (r, cancelled) -> table(r));
        maps = new Latest<>("initscope-phase-diagram", deliver, TheoryService::map);
    }

    /** The mean-field table of {@code r}, handed to {@code show} unless a newer table was asked for meanwhile. */
    public void meanField(PropagationResult r, Consumer<MeanFieldTable> show) {
        tables.submit(r, callback(show));
    }

    /** The phase map, handed to {@code show} unless a newer map was asked for meanwhile. */
    public void phaseMap(PhaseRequest request, Consumer<PhaseMap> show) {
        maps.submit(request, callback(show));
    }

    /** χ₁ at the fixed point reached from a unit signal (one value: the hover of the phase diagram). */
    public double chi1AtFixedPoint(ActivationSpec activation, double sigmaW2, double sigmaB2) {
        return MeanField.chi1AtFixedPoint(activation, sigmaW2, sigmaB2);
    }

    /** The mean-field numbers of every layer of {@code net} (one network; the sweep chart's overlays). */
    public static List<MeanField.LayerTheory> layers(ResolvedNetwork net) {
        return MeanField.layers(net);
    }

    /** σ_w² at the edge of chaos for σ_b² (χ₁ = 1). */
    public static double criticalWeightVariance(ActivationSpec activation, double sigmaB2) {
        return MeanField.criticalWeightVariance(activation, sigmaB2);
    }

    /** The fixed point q* of the length map. */
    public static double fixedPoint(ActivationSpec activation, double sigmaW2, double sigmaB2) {
        return MeanField.fixedPoint(activation, sigmaW2, sigmaB2);
    }

    /** The depth scales ξ_q and ξ_c at q*. */
    public static MeanField.DepthScales depthScales(ActivationSpec activation, double sigmaW2, double sigmaB2,
            double qStar) {
        return MeanField.depthScales(activation, sigmaW2, sigmaB2, qStar);
    }

    static MeanFieldTable table(PropagationResult r) {
        List<MeanField.LayerTheory> rows = MeanField.layers(r.network(), r.layers().stream()
                .map(LayerResult::predicted).toList());
        return new MeanFieldTable(r, rows, MeanField.notes(rows));
    }

    static PhaseMap map(PhaseRequest q, BooleanSupplier cancelled) {
        int nx = q.nx();
        int ny = q.ny();
        double[] chi = new double[nx * ny];
        for (int j = 0; j < ny; j++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            for (int i = 0; i < nx; i++) {
                double sw2 = q.xMax() * (i + 0.5) / nx;
                double sb2 = q.yMax() * (ny - j - 0.5) / ny;
                chi[j * nx + i] = MeanField.chi1AtFixedPoint(q.activation(), sw2, sb2);
            }
        }
        var edge = new MeanField.Edge[ny + 1];
        for (int j = 0; j <= ny; j++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            edge[j] = MeanField.edge(q.activation(), q.yMax() * j / ny);
        }
        return new PhaseMap(q, chi, edge);
    }

    private static <R> Latest.Callback<R> callback(Consumer<R> show) {
        return new Latest.Callback<>() {
            @Override
            public void done(R result) {
                show.accept(result);
            }

            @Override
            public void failed(Throwable error) {
                System.getLogger("initscope").log(System.Logger.Level.WARNING, "theory failed", error);
            }
        };
    }

    @Override
    public void close() {
        tables.close();
        maps.close();
    }
}
