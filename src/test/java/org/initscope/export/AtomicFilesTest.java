package org.initscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one safe-write routine of every save and export: it writes through symbolic links to their target (an atomic
 * replace of the target), refuses devices, pipes and folders, keeps the old file's permissions and owner, gives a
 * new file the umask's default mode, and leaves no temporary file behind.
 */
public class AtomicFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    public static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void aSymbolicLinkIsWrittenThroughToItsTarget() throws Exception {
        Path real = Files.writeString(dir.resolve("course.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("course.json"));
        AtomicFiles.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(Path.of("course.json"), Files.readSymbolicLink(link));
        assertEquals("new", Files.readString(real), "the target gets the new content");
        // a chain of links, across folders, relative and absolute
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path second = Files.createSymbolicLink(sub.resolve("second.json"), Path.of("../link.json"));
        Path first = Files.createSymbolicLink(dir.resolve("first.json"), second.toAbsolutePath());
        AtomicFiles.writeString(first, "newer");
        assertTrue(Files.isSymbolicLink(first) && Files.isSymbolicLink(second) && Files.isSymbolicLink(link));
        assertEquals("newer", Files.readString(real));
        assertEquals(List.of("course.json", "first.json", "link.json", "sub"), names(), "no temporary file is left");
        // a link to a file that does not exist yet creates that file
        Path dangling = Files.createSymbolicLink(dir.resolve("later.json"), Path.of("sub/created.json"));
        AtomicFiles.writeString(dangling, "made");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(sub.resolve("created.json")));
    }

    @Test
    void aLoopOfLinksIsRefusedClearly() throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        Files.createSymbolicLink(a, b.getFileName());
        Files.createSymbolicLink(b, a.getFileName());
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(a, "x"));
        assertTrue(AtomicFiles.describe(e).contains("symbolic links"), AtomicFiles.describe(e));
        assertTrue(Files.isSymbolicLink(a) && Files.isSymbolicLink(b));
    }

    @Test
    void devicesPipesAndFoldersAreRefusedAndKept() throws Exception {
        Path fifo = dir.resolve("pipe.png");
        Assumptions.assumeTrue(run("mkfifo", fifo.toString()), "mkfifo is needed");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(fifo, "x"));
        assertEquals("it is a named pipe (FIFO), not a regular file", AtomicFiles.describe(e));
        assertEquals(0010000, ((Integer) Files.getAttribute(fifo, "unix:mode")) & 0170000, "the pipe is still there");
        // a link to the pipe is refused the same way
        Path toFifo = Files.createSymbolicLink(dir.resolve("to-pipe.png"), fifo.getFileName());
        assertEquals("it is a named pipe (FIFO), not a regular file",
                AtomicFiles.describe(assertThrows(IOException.class, () -> AtomicFiles.writeString(toFifo, "x"))));
        assertTrue(Files.isSymbolicLink(toFifo));
        // a character device (made here: the system's /dev/null is never touched)
        Path device = dir.resolve("null.png");
        if (run("mknod", device.toString(), "c", "1", "3")) {
            IOException d = assertThrows(IOException.class, () -> AtomicFiles.writeString(device, "x"));
            assertEquals("it is a device, not a regular file", AtomicFiles.describe(d));
            assertFalse(Files.isRegularFile(device), "the device node is kept");
        }
        assertEquals("it is a device, not a regular file", AtomicFiles.describe(assertThrows(IOException.class,
                () -> AtomicFiles.check(Path.of("/dev/null")))), "checked before anything is computed");
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        assertTrue(AtomicFiles.describe(assertThrows(IOException.class, () -> AtomicFiles.writeString(folder, "x")))
                .contains("folder"));
        assertTrue(Files.isDirectory(folder));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void theOldFilesPermissionsAndOwnerAreKept() throws Exception {
        for (String perms : List.of("rw-r-----", "rw-rw-r--", "rw-r--r--", "rw-------", "rwxr-x---")) {
            Path f = Files.writeString(dir.resolve("shared-" + perms + ".json"), "old");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
            AtomicFiles.writeString(f, "new");
            assertEquals(perms, mode(f), "the mode of " + f.getFileName());
            assertEquals("new", Files.readString(f));
        }
        // a student's file saved by root keeps its owner and group (where the system lets us set them)
        Path owned = Files.writeString(dir.resolve("student.json"), "old");
        Assumptions.assumeTrue(run("chown", "65534:65534", owned.toString()), "chown is needed");
        Object uid = Files.getAttribute(owned, "unix:uid");
        Object gid = Files.getAttribute(owned, "unix:gid");
        AtomicFiles.writeString(owned, "new");
        assertEquals(uid, Files.getAttribute(owned, "unix:uid"));
        assertEquals(gid, Files.getAttribute(owned, "unix:gid"));
    }

    @Test
    void aNewFileGetsTheUmasksDefault() throws Exception {
        // what this process's umask gives a new file
        Path probe = Files.createFile(dir.resolve("probe"));
        String expected = mode(probe);
        Path f = dir.resolve("new.json");
        AtomicFiles.writeString(f, "x");
        assertEquals(expected, mode(f));
        // and other umasks, in a child JVM started by a shell with that umask
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        for (String[] c : new String[][] {{"027", "rw-r-----"}, {"002", "rw-rw-r--"}, {"077", "rw-------"},
            {"022", "rw-r--r--"}}) {
            Path out = dir.resolve("umask-" + c[0] + ".json");
            Process p = new ProcessBuilder("sh", "-c", "umask " + c[0] + " && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                    java, cp, WriteChild.class.getName(), out.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, log);
            assertEquals(c[1], mode(out), "umask " + c[0]);
        }
    }

    /** Writes one file with {@link AtomicFiles} (run by the umask test in a JVM of its own). */
    public static final class WriteChild {
        public static void main(String[] args) throws IOException {
            AtomicFiles.writeString(Path.of(args[0]), "written with the umask of the shell\n");
        }
    }
}
