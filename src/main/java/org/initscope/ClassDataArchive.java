package org.initscope;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.initscope.controller.AppSettings;

/**
 * Class data sharing for the JVM the launcher starts: the classes a start loads (JavaFX, the app, ND4J's Java side:
 * about 46 MB) are written once, at the end of the first run, into an archive that every later start maps instead of
 * loading, verifying and linking each class again. `bench --startup` measured the window built after 3.2–6.7 s with
 * the archive against 6.9–15.8 s without, in alternating starts on a loaded machine.
 *
 * <p>The archive belongs to one build and one JDK: its name is a hash of the JDK and of every class-path jar's path,
 * size and modification time, so a new build or JDK writes a new one (and removes the others). It is used only when
 * every class-path entry is a jar (the JVM cannot archive classes from directories). A JVM writes it under a name of
 * its own; only after that JVM ended normally does the launcher move it into place, with a mark that it was
 * complete, because a JVM that maps a truncated archive crashes before it runs any code. If a start with the archive
 * crashes, the archive is removed (and the start is made again without it when the crash came at once).
 */
final class ClassDataArchive {
    /** The JVM's own exit code after a fatal error (it aborts): 128 + SIGABRT. */
    static final int JVM_CRASH = 134;
    private static final String SUFFIX = ".jsa";
    private static final String COMPLETE = ".complete";

    private final Path dir;
    private final String key;

    ClassDataArchive(Path dir, String key) {
        this.dir = dir;
        this.key = key;
    }

    /**
     * The archive for this class path in {@code dir}, or empty when the class path has anything but jars (or
     * cannot be read), or when {@code -Dinitscope.classDataSharing=false}.
     */
    static Optional<ClassDataArchive> forClassPath(String classPath, Path dir) {
        if (classPath == null || classPath.isBlank()) {
            return Optional.empty();
        }
        if ("false".equals(System.getProperty("initscope.classDataSharing"))) {
            return Optional.empty();
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((System.getProperty("java.home") + '\n' + System.getProperty("java.vm.version") + '\n')
                    .getBytes(StandardCharsets.UTF_8));
            List<String> entries = new ArrayList<>(List.of(classPath.split(File.pathSeparator)));
            if (entries.isEmpty()) {
                return Optional.empty();
            }
            int named = entries.size();
            for (int i = 0; i < entries.size(); i++) {
                String e = entries.get(i);
                Path p = Path.of(e).toAbsolutePath();
                if (!e.endsWith(".jar") || !Files.isRegularFile(p)) {
                    return Optional.empty();
                }
                d.update((p + "\n" + Files.size(p) + "\n" + Files.getLastModifiedTime(p).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                if (i < named) {
                    // the jars a jar's manifest names (java -jar initscope.jar: its lib/ folder) are archived too
                    entries.addAll(manifestClassPath(p));
                }
            }
            return Optional.of(new ClassDataArchive(dir, HexFormat.of().formatHex(d.digest(), 0, 8)));
        } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** The jars named by a jar's manifest (Class-Path, relative to the jar's folder). */
    private static List<String> manifestClassPath(Path jar) throws IOException {
        try (var f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null || cp.isBlank()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String rel : cp.trim().split("\\s+")) {
                out.add(jar.resolveSibling(rel).toString());
            }
            return out;
        }
    }

    Path archive() {
        return dir.resolve("classes-" + key + SUFFIX);
    }

    private Path completeMark() {
        return dir.resolve("classes-" + key + SUFFIX + COMPLETE);
    }

    private Path written(long pid) {
        return dir.resolve("classes-" + key + "." + pid + ".tmp");
    }

    /** Where archives are kept: {@code -Dinitscope.cache}, else the cache folder in InitScope's home folder. */
    static Path cacheDir() {
        String c = System.getProperty("initscope.cache");
        return c != null ? Path.of(c) : AppSettings.home().resolve("cache");
    }

    /** Whether a complete archive is there to be used. */
    boolean ready() {
        return Files.isRegularFile(archive(), LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(completeMark(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The JVM options of the next start: map the archive when it is ready, else write one at exit under a name of
     * this launcher's own ({@code pid}); either way without the JVM's notices about archived classes.
     */
    List<String> jvmOptions(long pid) {
        if (ready()) {
            return List.of("-XX:SharedArchiveFile=" + archive(), "-Xlog:cds*=off");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:ArchiveClassesAtExit=" + written(pid), "-Xlog:cds*=off");
    }

    /**
     * After the started JVM ended with {@code exitCode}: put an archive it wrote into place when it ended normally
     * (else throw it away); remove the archive it used when it crashed. Returns whether the start used an archive
     * and crashed.
     */
    boolean afterExit(List<String> options, int exitCode, long pid) {
        Path tmp = written(pid);
        boolean used = options.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        try {
            if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                if (exitCode == 0 && Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS) && Files.size(tmp) > 0) {
                    Files.move(tmp, archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.write(completeMark(), new byte[0]);
                    removeOthers();
                } else {
                    Files.deleteIfExists(tmp);
                }
            }
            if (used && exitCode == JVM_CRASH) {
                Files.deleteIfExists(completeMark());
                Files.deleteIfExists(archive());
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // the cache is only a cache: the next start writes it again
        }
        return false;
    }

    /** Archives of other builds or JDKs (and marks without an archive) are removed when a new one is in place. */
    private void removeOthers() throws IOException {
        String mine = archive().getFileName().toString();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "classes-*")) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                // another JVM's archive being written now is left alone; one left over an hour ago is not
                boolean ours = name.equals(mine) || name.equals(mine + COMPLETE) || name.endsWith(".tmp")
                        && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis()
                        > System.currentTimeMillis() - 3_600_000L;
                if (!ours && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // in use elsewhere (another running version): left for the next time
                    }
                }
            }
        }
    }
}
