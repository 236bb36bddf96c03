package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.initscope.config.ConfigReader;
import org.initscope.config.Presets;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.RunOptions;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presentation model without a UI thread: edits, refusals, files, and the background computation. */
class NetworkSessionTest {
    private NetworkSession session;

    private static NetworkSpec small() {
        return new NetworkSpec("small", 1, new InputSpec(16, 32, InputDistribution.NORMAL), List.of(new DenseSpec(16,
                ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL), DenseSpec.DEFAULT_BIAS, 4)));
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        await(c, () -> "");
    }

    private static void await(java.util.function.BooleanSupplier c, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out " + state.get());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void editsAreAppliedOnlyWhenTheNetworkStillResolves() throws Exception {
        session = new NetworkSession(small(), Runnable::run);
        assertEquals(4, session.depth(), "repeat is expanded for editing");
        NetworkSpec before = session.spec();
        var refused = session.editLayer(1, l -> l.withInit(InitSpec.of(Scheme.NORMAL, "std", -1.0)));
        assertTrue(refused.isEmpty() == false);
        assertEquals(before, session.spec());
        assertFalse(session.isDirty());
        refused = session.editLayer(1, l -> l.withInit(InitSpec.of(Scheme.EYE)).withUnits(20));
        assertTrue(refused.get().contains("square"), refused.get());
        assertTrue(session.editLayer(2, l -> l.withInit(InitSpec.of(Scheme.NORMAL, "std", 0.5))).isEmpty());
        assertTrue(session.isDirty());
        assertEquals(0.5, ((DenseSpec) session.layerSpec(2)).init().number("std"));
        await(session::upToDate);
        // the layer's 16×16 weights were re-drawn with std 0.5: a sample std of n = 256 normals has a standard error
        // of σ/√(2n) = 0.022, so 4 of them (0.088) separate "re-drawn at 0.5" from Xavier's √(2/32) = 0.25
        assertEquals(0.5, session.result().layer(3).get(Quantity.WEIGHTS).std(), 4 * 0.5 / Math.sqrt(2 * 256));
    }

    @Test
    void theResolvedNetworkFollowsTheSpecAndIsResolvedOncePerSpec() {
        session = new NetworkSession(small(), Runnable::run);
        var first = session.resolved();
        assertTrue(first == session.resolved(), "the same spec is not resolved again");
        assertEquals(session.spec().layers().size(), first.depth());
        session.editLayer(2, l -> l.withInit(InitSpec.of(Scheme.NORMAL, "std", 0.5)));
        assertEquals(0.5, session.resolved().layers().get(2).weight().std(), 1e-12);
        session.undo();
        assertEquals(first.layers().get(2).weight().std(), session.resolved().layers().get(2).weight().std(), 0);
    }

    @Test
    void layerOperations() {
        session = new NetworkSession(small(), Runnable::run);
        session.editLayer(0, l -> l.withUnits(8));
        session.selectedProperty().set(0);
        session.duplicateLayer();
        assertEquals(5, session.depth());
        assertEquals(1, session.selected());
        assertEquals(8, ((DenseSpec) session.layerSpec(1)).units());
        session.moveLayer(1, 4);
        assertEquals(8, ((DenseSpec) session.layerSpec(4)).units());
        assertEquals(4, session.selected());
        session.removeLayer();
        assertEquals(4, session.depth());
        assertEquals(3, session.selected());
        session.setDepth(7);
        assertEquals(7, session.depth());
        assertEquals(((DenseSpec) session.layerSpec(3)), ((DenseSpec) session.layerSpec(6)), "depth repeats the last layer");
        session.setDepth(2);
        assertEquals(2, session.depth());
        assertEquals(1, session.selected());
        assertTrue(session.setDepth(0).isPresent());
        session.selectedProperty().set(0);
        session.editLayer(0, l -> l.withActivation(ActivationSpec.of(Activation.RELU)));
        session.applyActivationToAll();
        assertEquals(Activation.RELU, ((DenseSpec) session.layerSpec(1)).activation().kind());
        while (session.depth() > 1) {
            session.removeLayer();
        }
        assertTrue(session.removeLayer().isPresent(), "the last layer stays");
    }

    @Test
    void filesKeepTheNetworkOnFailure(@TempDir Path dir) throws Exception {
        session = new NetworkSession(small(), Runnable::run);
        session.editLayer(0, l -> l.withScale(3.0));
        NetworkSpec edited = session.spec();
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"input\": {\"features\": 5}, \"layers\": [{\"units\": 0}]}");
        assertTrue(session.open(bad).isPresent());
        assertEquals(edited, session.spec());
        assertTrue(session.isDirty());
        assertTrue(session.problemProperty().get().contains("layers[0].units"), session.problemProperty().get());

        Path good = dir.resolve("net.json");
        assertTrue(session.save(good).isEmpty());
        assertFalse(session.isDirty());
        assertEquals(good, session.fileProperty().get());
        // saved compressed: the three identical layers after the scaled one are one entry with repeat 3
        NetworkSpec read = ConfigReader.read(good);
        assertEquals(2, read.layers().size());
        assertEquals(edited, read.expanded());

        Path readOnly = dir.resolve("ro");
        Files.createDirectory(readOnly);
        readOnly.toFile().setWritable(false);
        session.editLayer(1, l -> l.withUnits(9));
        var failed = session.save(readOnly.resolve("x.json"));
        if (!readOnly.toFile().canWrite()) {
            assertTrue(failed.isPresent());
            assertTrue(session.isDirty(), "a failed save keeps the unsaved state");
        }
        readOnly.toFile().setWritable(true);
    }

    /**
     * Every callback hears its own request's generation, also when it runs on the worker before {@code submit} has
     * returned (a direct executor and a tiny network). It read a field {@code submit} had not written yet: a
     * finished request then looked older than the newest (generation 0), and the session's 'computing' stayed on for
     * good — everyPresetLoadsAndRuns timed out that way in full-suite runs under load.
     */
    @Test
    void everyCallbackHearsItsOwnGenerationEvenBeforeSubmitReturns() throws Exception {
        var heard = new CopyOnWriteArrayList<long[]>();
        var service = new ComputeService(Runnable::run, new ComputeService.Listener() {
            @Override
            public void started(long generation) {
                heard.add(new long[] {0, generation});
            }

            @Override
            public void finished(long generation, PropagationResult result, double[] jacobian) {
                heard.add(new long[] {1, generation});
            }

            @Override
            public void failed(long generation, Throwable error) {
                throw new AssertionError(error);
            }
        });
        try {
            var tiny = new NetworkSpec("tiny", 1, new InputSpec(2, 4, InputDistribution.NORMAL), List.of(
                    new DenseSpec(2, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                            DenseSpec.DEFAULT_BIAS, 1))).resolve();
            for (int i = 0; i < 300; i++) {
                int before = heard.size();
                long g = service.submit(tiny, RunOptions.defaults(), false);
                await(() -> heard.size() == before + 2);
                assertEquals(g, heard.get(before)[1], "started, request " + i);
                assertEquals(g, heard.get(before + 1)[1], "finished, request " + i);
            }
        } finally {
            service.close();
        }
    }

    @Test
    void theNewestRequestWins() throws Exception {
        List<PropagationResult> delivered = new CopyOnWriteArrayList<>();
        var generations = new ArrayList<Long>();
        var service = new ComputeService(Runnable::run, new ComputeService.Listener() {
            @Override
            public void started(long generation) {
            }

            @Override
            public void finished(long generation, PropagationResult result, double[] jacobian) {
                delivered.add(result);
            }

            @Override
            public void failed(long generation, Throwable error) {
                throw new AssertionError(error);
            }
        });
        try {
            NetworkSpec base = new NetworkSpec("n", 1, new InputSpec(256, 256, InputDistribution.NORMAL), List.of(
                    new DenseSpec(256, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                            DenseSpec.DEFAULT_BIAS, 8)));
            for (int i = 0; i < 50; i++) {
                generations.add(service.submit(base.withSeed(i).resolve(), RunOptions.defaults(), false));
            }
            await(() -> !delivered.isEmpty() && delivered.get(delivered.size() - 1).seed() == 49);
            Thread.sleep(200);
            assertEquals(49, delivered.get(delivered.size() - 1).seed());
            assertTrue(delivered.size() < 10, "superseded requests are dropped, not queued: " + delivered.size());
            assertEquals(50, generations.size());
        } finally {
            service.close();
        }
    }

    @Test
    void everyPresetLoadsAndRuns() throws Exception {
        session = new NetworkSession(small(), Runnable::run);
        for (Presets.Preset p : Presets.all()) {
            NetworkSpec spec = p.load();
            session.replace(spec, null);
            // (a timeout names the preset and what the session says: a refusal or a failed computation)
            await(session::upToDate, () -> p.file() + ": computing " + session.computingProperty().get()
                    + ", error '" + session.computeErrorProperty().get() + "'");
            assertEquals(spec.depth(), session.result().layers().size(), p.title());
        }
    }
}
