package org.initscope.view;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javafx.stage.Window;
import org.initscope.controller.ExportService;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.PropagationResult;

/**
 * File ▸ Export: charts as PNG, the statistics as CSV, the weights as NumPy files. The FX thread only asks and
 * takes the snapshot; encoding, re-sampling and writing run on the {@link ExportService}'s worker. A failure is reported in the
 * message bar; nothing is thrown at the user. Every export returns a future of its failure message (empty when it
 * worked), for tests.
 */
public final class Exporter {
    private final NetworkSession session;
    private final Dialogs dialogs;
    private final Supplier<Window> owner;
    private final ExportService exports;

    /** Exports of {@code session}'s network, written by {@code exports}. */
    public Exporter(NetworkSession session, ExportService exports, Dialogs dialogs, Supplier<Window> owner) {
        this.session = session;
        this.exports = exports;
        this.dialogs = dialogs;
        this.owner = owner;
    }

    private static CompletableFuture<Optional<String>> nothing() {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * Ask for a file and a scale and write {@code node} as PNG. {@code prepare} runs first on the FX thread (it
     * shows the chart, e.g. selects its tab), then the node is laid out and snapshotted.
     */
    public CompletableFuture<Optional<String>> png(String what, String view, Node node, Runnable prepare) {
        Window w = owner.get();
        Optional<Path> file = dialogs.chooseExport(w, ChartExport.suggestedName(view) + ".png", "png");
        if (file.isEmpty()) {
            return nothing();
        }
        Optional<Integer> scale = dialogs.chooseScale(w);
        if (scale.isEmpty()) {
            return nothing();
        }
        WritableImage image;
        try {
            prepare.run();
            if (node.getScene() != null) {
                node.getScene().getRoot().applyCss();
                node.getScene().getRoot().layout();
            }
            image = ChartExport.snapshot(node, scale.get());
        } catch (RuntimeException e) {
            return failed("Could not export the " + what + ": " + e.getMessage());
        }
        Path target = file.get();
        return exports.write("the " + what, target, () -> ChartExport.writePng(image, target));
    }

    /** Ask for a file and write every layer's statistics of the result on screen as CSV. */
    public CompletableFuture<Optional<String>> csv() {
        PropagationResult r = session.result();
        if (r == null) {
            return failed("Nothing to export yet: the network is still being computed.");
        }
        Optional<Path> file = dialogs.chooseExport(owner.get(), baseName() + "-stats.csv", "csv");
        if (file.isEmpty()) {
            return nothing();
        }
        Path target = file.get();
        return exports.csv(r, target);
    }

    /** Ask for a folder and write every parameter of the network on screen as a .npy file. */
    public CompletableFuture<Optional<String>> npy() {
        PropagationResult r = session.result();
        if (r == null) {
            return failed("Nothing to export yet: the network is still being computed.");
        }
        Optional<Path> dir = dialogs.chooseFolder(owner.get(), "Export the weights as NumPy .npy files into");
        if (dir.isEmpty()) {
            return nothing();
        }
        // the parameters of the network whose result is on screen, drawn again from its seed
        return exports.npy(r, dir.get());
    }

    private CompletableFuture<Optional<String>> failed(String why) {
        session.report(why);
        return CompletableFuture.completedFuture(Optional.of(why));
    }

    private String baseName() {
        String name = session.spec().name();
        return name.isBlank() ? "network" : name.replaceAll("[^A-Za-z0-9_.-]+", "-");
    }
}
