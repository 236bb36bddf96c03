package org.initscope.cli;

import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import org.initscope.config.ConfigReader;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.export.AtomicFiles;
import org.initscope.model.NetworkSpec;
import org.initscope.view.ChartExport;
import org.initscope.view.Theme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Draws a chart of the app into a PNG without a window: JavaFX runs headless on Monocle with software rendering,
 * the chart classes are the app's, in a scene of the requested size with the app's theme and stylesheets.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Draw a chart of a network into a PNG file, without a window (headless).")
final class RenderCommand implements Callable<Integer> {
    static final int MIN_SIZE = 200;
    static final int MAX_SIZE = 8000;

    @Option(names = "--config", paramLabel = "FILE", description = "network config (JSON); default: the built-in "
            + "network")
    Path config;

    @Option(names = "--seed", paramLabel = "N", description = "override the config's seed")
    Long seed;

    @Option(names = "--view", required = true, paramLabel = "VIEW",
            description = "depth, histograms, ridgeline or dashboard (the depth chart above the histograms)")
    String view;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "the PNG to write")
    Path out;

    @Option(names = "--width", paramLabel = "W", defaultValue = "1200", description = "width in points "
            + "(default 1200)")
    int width;

    @Option(names = "--height", paramLabel = "H", defaultValue = "700", description = "height in points "
            + "(default 700)")
    int height;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "1", description = "pixels per point, 1 to "
            + ChartExport.MAX_SCALE + " (default 1): the PNG is W·S × H·S pixels")
    double scale;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String v = view.toLowerCase(Locale.ROOT);
        if (!ChartExport.VIEWS.contains(v)) {
            throw new Cli.UsageProblem("unknown view '" + view + "': use one of " + String.join(", ",
                    ChartExport.VIEWS));
        }
        if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
            throw new Cli.UsageProblem("--width and --height must be between " + MIN_SIZE + " and " + MAX_SIZE
                    + ", got " + width + "×" + height);
        }
        if (!(scale >= 1 && scale <= ChartExport.MAX_SCALE)) {
            throw new Cli.UsageProblem("--scale must be between 1 and " + ChartExport.MAX_SCALE + ", got " + scale);
        }
        if ((double) width * height * scale * scale > 100e6) {
            throw new Cli.UsageProblem("the image would have more than 100 million pixels: lower --scale or the size");
        }
        // a bad target (no folder, a folder, a device, a pipe, a loop of links) is refused before the computation
        Path target;
        try {
            target = AtomicFiles.check(out);
        } catch (IOException e) {
            throw new Cli.UsageProblem("cannot write " + Cli.shown(out.toString()) + ": " + AtomicFiles.describe(e));
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new Cli.UsageProblem("cannot write " + Cli.shown(out.toString()) + ": the folder does not exist");
        }
        NetworkSpec net = config == null ? NetworkSpec.defaultNetwork() : ConfigReader.read(config);
        if (seed != null) {
            net = net.withSeed(seed);
        }
        NetworkSpec run = net;
        PropagationResult result = Cli.about(config, () -> {
            try (var engine = new Propagator()) {
                return engine.run(run.resolve());
            }
        });
        startHeadless();
        WritableImage image = ChartExport.onFx(() -> draw(v, result), 120);
        try {
            ChartExport.writePng(image, out);
        } catch (IOException e) {
            throw new Cli.UsageProblem("cannot write " + Cli.shown(out.toString()) + ": " + AtomicFiles.describe(e));
        }
        var o = spec.commandLine().getOut();
        o.println("wrote " + Cli.shown(out.toString()) + " (" + (int) image.getWidth() + "×" + (int) image.getHeight() + " pixels, "
                + v + ")");
        o.flush();
        return 0;
    }

    /** The chart in a scene of the requested size with the app's theme, laid out and snapshotted (FX thread). */
    private WritableImage draw(String v, PropagationResult result) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        NetworkSession session = null;
        try {
            if (v.equals("dashboard")) {
                session = new NetworkSession(result.network().spec(), Platform::runLater, false);
                session.show(result);
            }
            Region chart = ChartExport.standalone(v, result, session);
            var root = new StackPane(chart);
            root.getStyleClass().add("chart-card");
            var scene = new Scene(root, width, height);
            scene.getStylesheets().addAll(Theme.appStylesheets());
            root.applyCss();
            // the size asked for, even below the charts' on-screen minimum
            ChartExport.anySize(root);
            root.setClip(new Rectangle(width, height));
            root.layout();
            return ChartExport.snapshot(root, scale);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /**
     * Start JavaFX without a display: Monocle's headless glass with software rendering. The properties are set
     * here, for this command only, before the toolkit starts (not if it already runs, or if set on the command line).
     */
    static synchronized void startHeadless() {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("headless.geometry", "1920x1200-32");
        try {
            var started = new CompletableFuture<Void>();
            Platform.startup(() -> started.complete(null));
            started.get(30, TimeUnit.SECONDS);
        } catch (IllegalStateException alreadyRunning) {
            // the toolkit runs already (tests): use it
        } catch (Exception e) {
            throw new IllegalStateException("JavaFX did not start headless: " + e, e);
        }
        Platform.setImplicitExit(false);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

}
