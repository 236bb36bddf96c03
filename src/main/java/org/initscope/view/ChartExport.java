package org.initscope.view;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.SplitPane;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import javax.imageio.ImageIO;
import org.initscope.config.View;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.PropagationResult;
import org.initscope.export.AtomicFiles;

/**
 * Charts as PNG images: a snapshot of a node at 1×, 2× or 3× (on the FX thread), written atomically (on any
 * thread), and the charts built on their own for the headless {@code render} command.
 */
public final class ChartExport {
    /** The views that can be exported: the three charts and the whole Explore view. */
    public static final List<String> VIEWS = List.of("depth", "histograms", "ridgeline", "dashboard");
    public static final int MAX_SCALE = 4;

    private ChartExport() {
    }

    /** The node drawn at {@code scale}, on an opaque white background (call on the FX thread). */
    public static WritableImage snapshot(Node node, double scale) {
        var params = new SnapshotParameters();
        params.setTransform(Transform.scale(scale, scale));
        params.setFill(Color.WHITE);
        return node.snapshot(params, null);
    }

    /**
     * Let the charts under {@code root} take any size: an image of an exact size asked for on the command line is
     * drawn at that size even below the minimum a window keeps for reading (call on the FX thread).
     */
    public static void anySize(Node root) {
        if (root instanceof ChartPane || root instanceof Card) {
            ((Region) root).setMinSize(0, 0);
        }
        if (root instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(ChartExport::anySize);
        }
        if (root instanceof SplitPane sp) {
            sp.getItems().forEach(ChartExport::anySize);
        }
    }

    /** {@code work} run later on the FX thread (call from any thread): its result, or what it threw. */
    public static <T> CompletableFuture<T> later(Callable<T> work) {
        var f = new CompletableFuture<T>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /**
     * Run {@code work} on the FX thread and wait up to {@code seconds} for its result (call from another thread);
     * an exception it throws is thrown here.
     */
    public static <T> T onFx(Callable<T> work, long seconds) throws Exception {
        var f = later(work);
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Encode an image as PNG into {@code file}, atomically (any thread). */
    public static void writePng(Image image, Path file) throws IOException {
        var argb = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        BufferedImage b = SwingFXUtils.fromFXImage(image, argb);
        // encoded in memory first (no ImageIO cache file in the temporary folder): a failed write is then our own
        // I/O error with its reason (a full disk), not ImageIO's "I/O error writing PNG file!" and its stack trace
        var png = new ByteArrayOutputStream();
        ImageIO.setUseCache(false);
        if (!ImageIO.write(b, "png", png)) {
            throw new IOException("no PNG encoder");
        }
        AtomicFiles.write(file, png::writeTo);
    }

    /** "depth-chart.png"-style default names for the export dialogs. */
    public static String suggestedName(String view) {
        return switch (view) {
            case "depth" -> "depth-chart";
            case "histograms" -> "histograms";
            case "ridgeline" -> "ridgeline";
            default -> "dashboard";
        };
    }

    /**
     * A chart on its own for {@code view} (one of {@link #VIEWS}) showing {@code result}; the dashboard is the
     * Explore view's charts panel (depth chart above the histograms), on {@code session}, which must hold the result
     * (call on the FX thread).
     */
    public static Region standalone(String view, PropagationResult result, NetworkSession session) {
        switch (view.toLowerCase(Locale.ROOT)) {
            case "depth" -> {
                var c = new DepthChart();
                c.resultProperty().set(result);
                return c;
            }
            case "histograms" -> {
                var c = new HistogramGrid();
                c.resultProperty().set(result);
                return c;
            }
            case "ridgeline" -> {
                var c = new RidgelineChart();
                c.resultProperty().set(result);
                return c;
            }
            case "dashboard" -> {
                var p = new ChartsPanel(session);
                p.showView(View.HISTOGRAMS);
                return p;
            }
            default -> throw new IllegalArgumentException("unknown view " + view + " (one of " + String.join(", ",
                    VIEWS) + ")");
        }
    }
}
