package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/** Undo/redo, recent files and autosave, without a UI thread. */
class HistoryTest {
    private NetworkSession session;
    @TempDir
    Path dir;

    private static NetworkSpec small() {
        return new NetworkSpec("small", 1, new InputSpec(8, 4, InputDistribution.NORMAL), List.of(new DenseSpec(8,
                ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL), DenseSpec.DEFAULT_BIAS, 3)));
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void undoAndRedoWalkThroughEveryEditAndTrackTheSavedState() throws Exception {
        session = new NetworkSession(small(), Runnable::run, false);
        NetworkSpec start = session.spec();
        assertFalse(session.canUndoProperty().get());
        session.editLayer(0, l -> l.withUnits(12));
        NetworkSpec afterUnits = session.spec();
        session.editLayer(1, l -> l.withActivation(ActivationSpec.of(Activation.RELU)));
        session.setDepth(5);
        assertEquals(5, session.depth());
        assertTrue(session.isDirty());

        assertTrue(session.undo().isEmpty());
        assertEquals(3, session.depth());
        assertTrue(session.undo().isEmpty());
        assertEquals(afterUnits, session.spec());
        assertTrue(session.undo().isEmpty());
        assertEquals(start, session.spec());
        assertFalse(session.isDirty(), "back at the saved state");
        assertEquals("nothing to undo", session.undo().orElseThrow());

        assertTrue(session.redo().isEmpty());
        assertEquals(afterUnits, session.spec());
        assertTrue(session.isDirty());
        // a new edit after an undo drops the redo branch
        session.editLayer(2, l -> l.withUnits(5));
        assertFalse(session.canRedoProperty().get());

        session.lockedProperty().set(true);
        assertEquals(NetworkSession.LOCKED, session.undo().orElseThrow());
    }

    @Test
    void aGestureIsOneUndoStepAndRefusedEditsNone() throws Exception {
        session = new NetworkSession(small(), Runnable::run, false);
        NetworkSpec start = session.spec();
        session.history().beginGesture(); // the scale slider starts to move
        for (int s = 1; s <= 20; s++) {
            double scale = s;
            session.editLayer(0, l -> l.withScale(scale));
        }
        session.history().endGesture();
        assertTrue(session.editLayer(0, l -> l.withInit(InitSpec.of(Scheme.NORMAL, "std", -1.0))).isPresent());
        assertEquals(20, ((DenseSpec) session.layerSpec(0)).scale());
        assertEquals("Undo change scale of layer 1", session.history().undoText());
        session.undo();
        assertEquals(start, session.spec(), "the whole drag is one step");
        assertFalse(session.canUndoProperty().get());
        assertEquals("Redo change scale of layer 1", session.history().redoText());
    }

    @Test
    void editsOutsideAGestureAreStepsOfTheirOwnHoweverQuick() {
        session = new NetworkSession(small(), Runnable::run, false);
        NetworkSpec start = session.spec();
        session.editLayer(2, l -> l.withInit(InitSpec.of(Scheme.NORMAL, "std", 0.1)));
        NetworkSpec normal = session.spec();
        session.editLayer(2, l -> l.withInit(InitSpec.of(Scheme.NORMAL, "std", 0.2)));
        assertEquals("Undo change std of layer 3", session.history().undoText());
        session.undo();
        assertEquals(normal, session.spec(), "two quick edits are two steps");
        assertEquals("Undo change weight initializer of layer 3", session.history().undoText());
        session.undo();
        assertEquals(start, session.spec());
        assertEquals("Undo", session.history().undoText());
    }

    @Test
    void everyKindOfEditGetsATrueLabel() {
        session = new NetworkSession(small(), Runnable::run, false);
        session.editLayer(1, l -> l.withUnits(5));
        assertEquals("Undo change out_features of layer 2", session.history().undoText());
        session.editLayer(0, l -> l.withActivation(ActivationSpec.of(Activation.RELU)));
        assertEquals("Undo change activation of layer 1", session.history().undoText());
        session.setDepth(5);
        assertEquals("Undo add 2 layers", session.history().undoText());
        session.setDepth(4);
        assertEquals("Undo remove layer 5", session.history().undoText());
        session.moveLayer(1, 0);
        assertEquals("Undo swap layers 1 and 2", session.history().undoText());
        session.applyActivationToAll();
        assertTrue(session.history().undoText().startsWith("Undo change activation of "), 
                session.history().undoText());
        session.newSeed();
        assertEquals("Undo draw with a new seed", session.history().undoText());
    }

    @Test
    void openingAFileStartsANewHistoryAndIsRemembered() throws Exception {
        session = new NetworkSession(small(), Runnable::run, false);
        session.editLayer(0, l -> l.withUnits(12));
        Path f = dir.resolve("net.json");
        assertTrue(session.save(f).isEmpty());
        assertEquals(f.toAbsolutePath().normalize(), AppSettings.get().recentFiles().get(0));
        session.editLayer(0, l -> l.withUnits(7));
        assertTrue(session.open(f).isEmpty());
        assertFalse(session.canUndoProperty().get(), "a file starts a new history");
        assertEquals(12, ((DenseSpec) session.layerSpec(0)).units());
    }

    @Test
    void autosaveKeepsUnsavedWorkAndForgetsItOnceSaved() throws Exception {
        session = new NetworkSession(small(), Runnable::run, false);
        Path home = dir.resolve("home");
        try (var autosave = new Autosave(session, home, 50)) {
            session.editLayer(0, l -> l.withUnits(11));
            Thread.sleep(200);
            autosave.flush();
            var left = org.initscope.config.ConfigReader.read(autosave.file());
            assertEquals(session.spec(), left.expanded(), "what a kill would have lost is on disk");
            assertTrue(Autosave.pending(home).isEmpty(), "this window is alive: its copy is not offered");

            // a new run restores it as unsaved changes
            var next = new NetworkSession(small(), Runnable::run, false);
            next.restore(left, null);
            assertEquals(11, ((DenseSpec) next.layerSpec(0)).units());
            assertTrue(next.isDirty());
            next.close();

            assertTrue(session.save(dir.resolve("saved.json")).isEmpty());
            Thread.sleep(100);
            autosave.flush();
            assertTrue(Autosave.pending(home).isEmpty(), "saved: nothing to offer back");
            assertFalse(Files.exists(autosave.file()));
        }
    }
}
