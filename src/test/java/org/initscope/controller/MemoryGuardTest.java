package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.initscope.engine.MemoryEstimate;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network too large for memory is refused before it replaces the current one, with the estimate. */
class MemoryGuardTest {
    static final String HUGE = "{\"name\": \"huge\", \"input\": {\"features\": 16384, \"batch\": 100000}, "
            + "\"layers\": [{\"units\": 16384, \"activation\": \"relu\", \"repeat\": 4}]}";
    private NetworkSession session;

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void theEstimateCountsEveryTensor() throws Exception {
        var net = org.initscope.config.ConfigReader.parse(HUGE, "huge.json").resolve();
        MemoryEstimate e = MemoryEstimate.of(net);
        // 4 layers of 100000 × 16384 floats: z, a and both gradients on the heap alone are 4 × 4 × 6.1 GiB
        assertTrue(e.heapBytes() > 4L * 4 * 100_000 * 16384 * 4, MemoryEstimate.bytes(e.heapBytes()));
        assertTrue(e.totalBytes() > 100L << 30, MemoryEstimate.bytes(e.totalBytes()));
        assertEquals("171.7 GB", MemoryEstimate.bytes(e.totalBytes()));
    }

    @Test
    void openingAHugeNetworkKeepsThePreviousOne(@TempDir Path dir) throws Exception {
        session = new NetworkSession(NetworkSpec.defaultNetwork(), Runnable::run, false);
        assertTrue(session.editLayer(0, l -> l.withUnits(400)).isEmpty());
        NetworkSpec before = session.spec();
        Path huge = dir.resolve("huge.json");
        Files.writeString(huge, HUGE);
        Optional<String> refused = session.open(huge);
        assertTrue(refused.isPresent());
        String bar = session.problemProperty().get();
        assertTrue(bar.startsWith("Could not open the file. " + huge) && bar.contains("needs about")
                && bar.contains(" GB "), bar);
        assertEquals(before, session.spec(), "the previous network stays");
        assertTrue(session.isDirty(), "and so does its unsaved state");
        assertEquals(null, session.fileProperty().get());
        // an edit that would make the network too large is refused the same way
        Optional<String> edit = session.edit(n -> n.withInput(n.input().withBatch(1_000_000)));
        assertTrue(edit.isPresent() && edit.get().contains("GB"), String.valueOf(edit));
        assertEquals(before, session.spec());
        assertFalse(session.problemProperty().get().isEmpty());
    }
}
