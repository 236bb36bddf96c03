package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.initscope.config.ConfigReader;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save that fails says why, keeps the network unsaved, leaves no partial or temporary file behind and never
 * touches the file that was there.
 */
class SaveFailureTest {
    @TempDir
    Path dir;
    private NetworkSession session;

    @BeforeEach
    void open() {
        session = new NetworkSession(new NetworkSpec("small", 1, new InputSpec(16, 32, InputDistribution.NORMAL),
                List.of(new DenseSpec(16, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                        DenseSpec.DEFAULT_BIAS, 3))), Runnable::run, false);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    /** The failed save's promises: a message, still dirty, the same files with the same bytes as before. */
    private void assertFailedCleanly(Path target, Path folder, String reason) throws IOException {
        List<Path> before = listing(folder);
        var bytes = new java.util.HashMap<Path, byte[]>();
        for (Path p : before) {
            if (Files.isRegularFile(p)) {
                bytes.put(p, Files.readAllBytes(p));
            }
        }
        NetworkSpec spec = session.spec();
        Path file = session.fileProperty().get();
        Optional<String> failed = session.save(target);
        assertTrue(failed.isPresent(), "saving to " + target + " must fail");
        String m = failed.get();
        assertTrue(m.contains(reason), m);
        assertTrue(m.startsWith("Could not save " + target) && m.contains("still unsaved"), m);
        assertFalse(m.contains("Exception") || m.contains("null") || m.contains(".tmp"), m);
        assertEquals(m, session.problemProperty().get(), "the message bar shows it");
        assertTrue(session.isDirty(), "a failed save keeps the unsaved state");
        assertEquals(spec, session.spec());
        assertEquals(file, session.fileProperty().get(), "the window's file stays the old one");
        assertEquals(before, listing(folder), "nothing partial or temporary is left");
        for (var e : bytes.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey() + " is unchanged");
        }
    }

    /** Save once (the original file), then edit: the state every failure below starts from. */
    private Path savedThenEdited(Path folder) throws Exception {
        Path original = folder.resolve("net.json");
        assertTrue(session.save(original).isEmpty());
        assertFalse(session.isDirty());
        assertTrue(session.editLayer(0, l -> l.withUnits(9)).isEmpty());
        assertTrue(session.isDirty());
        return original;
    }

    @Test
    void aReadOnlyFolderKeepsTheOriginal() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path original = savedThenEdited(ro);
        NetworkSpec onDisk = ConfigReader.read(original);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        try {
            if (Files.isWritable(ro)) {
                // root ignores permissions; the immutable attribute stops root too (ext4 and most Linux file systems)
                immutable = run("chattr", "+i", ro.toString());
            }
            Assumptions.assumeFalse(Files.isWritable(ro) && !immutable,
                    "neither permissions nor chattr make a folder read-only here (the tests below still run)");
            assertFailedCleanly(original, ro, immutable ? "operation not permitted" : "permission denied");
            assertEquals(onDisk, ConfigReader.read(original), "the original file still reads as before");
        } finally {
            if (immutable) {
                run("chattr", "-i", ro.toString());
            }
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // writable again: the same save succeeds
        assertTrue(session.save(original).isEmpty());
        assertFalse(session.isDirty());
        assertEquals(session.spec(), ConfigReader.read(original).expanded());
    }

    private static boolean run(String... cmd) {
        return org.initscope.export.AtomicFilesTest.run(cmd);
    }

    /** Failures that need no permissions, so that they run as root and in any CI. */
    @Test
    void failuresWithoutPermissionsLeaveNothingBehind() throws Exception {
        Path original = savedThenEdited(dir);
        // the target is a folder (with a file in it)
        Path folder = Files.createDirectory(dir.resolve("folder.json"));
        Files.writeString(folder.resolve("inside.txt"), "keep me");
        assertFailedCleanly(folder, dir, "folder");
        assertEquals("keep me", Files.readString(folder.resolve("inside.txt")));
        // the target is an empty folder
        Path empty = Files.createDirectory(dir.resolve("empty.json"));
        assertFailedCleanly(empty, dir, "directory");
        assertTrue(Files.isDirectory(empty));
        // the parent is a regular file
        Path plain = Files.writeString(dir.resolve("plain.txt"), "not a folder");
        assertFailedCleanly(plain.resolve("net.json"), dir, "not a directory");
        assertEquals("not a folder", Files.readString(plain));
        // the parent does not exist
        assertFailedCleanly(dir.resolve("missing").resolve("net.json"), dir, "the folder does not exist");
        // and the original, untouched by all of it, still reads as the network saved first
        assertEquals(3, ConfigReader.read(original).expanded().depth());
        assertEquals(16, ConfigReader.read(original).expanded().layers().get(0) instanceof DenseSpec d
                ? d.units() : -1);
    }

    /**
     * A config opened through a symbolic link (a course folder linked into a home folder) is saved into the linked
     * file, which keeps its permissions; the link stays a link. A device is refused like a folder.
     */
    @Test
    void savingThroughALinkWritesTheLinkedFileWithItsPermissions() throws Exception {
        Path course = Files.createDirectory(dir.resolve("course"));
        Path real = course.resolve("lesson-net.json");
        assertTrue(session.save(real).isEmpty());
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw-r--"));
        Path link = Files.createSymbolicLink(dir.resolve("mine.json"), real);
        assertTrue(session.open(link).isEmpty());
        assertTrue(session.editLayer(0, l -> l.withUnits(11)).isEmpty());
        assertTrue(session.save(link).isEmpty(), session.problemProperty().get());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(11, ((DenseSpec) ConfigReader.read(real).expanded().layers().get(0)).units(),
                "the linked file holds the saved network");
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        Path fifo = dir.resolve("pipe.json");
        Assumptions.assumeTrue(run("mkfifo", fifo.toString()));
        assertTrue(session.editLayer(0, l -> l.withUnits(12)).isEmpty());
        assertFailedCleanly(fifo, dir, "it is a named pipe (FIFO), not a regular file");
    }
}
