package org.initscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive: one per build and JDK, written by a JVM that ends normally and put in place
 * only then, used by the next starts, and removed when a JVM crashes on it (a truncated archive makes the JVM crash
 * before it runs any code: the last test shows that it does, and that the launcher recovers).
 */
class ClassDataArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void oneArchivePerBuildOfTheJarsAndTheJarsTheirManifestsName() throws Exception {
        Path lib = tmp.resolve("lib");
        Files.createDirectories(lib);
        Path dep = jar(lib.resolve("dep.jar"), null, null);
        Path app = jar(tmp.resolve("app.jar"), "lib/dep.jar", null);
        Path cache = tmp.resolve("cache");
        String k1 = ClassDataArchive.forClassPath(app.toString(), cache).orElseThrow().archive().toString();
        assertEquals(k1, ClassDataArchive.forClassPath(app.toString(), cache).orElseThrow().archive().toString(),
                "the same jars, the same archive");
        Files.setLastModifiedTime(dep, FileTime.fromMillis(Files.getLastModifiedTime(dep).toMillis() - 60_000));
        String k2 = ClassDataArchive.forClassPath(app.toString(), cache).orElseThrow().archive().toString();
        assertNotEquals(k1, k2, "a library named by the app jar's manifest changed: another archive");
        Files.setLastModifiedTime(app, FileTime.fromMillis(Files.getLastModifiedTime(app).toMillis() - 60_000));
        assertNotEquals(k2, ClassDataArchive.forClassPath(app.toString(), cache).orElseThrow().archive().toString(),
                "a new build of the app jar: another archive");
        assertTrue(ClassDataArchive.forClassPath(app + java.io.File.pathSeparator + tmp, cache).isEmpty(),
                "a folder on the class path: no archive (the JVM cannot archive classes from folders)");
        assertTrue(ClassDataArchive.forClassPath(tmp.resolve("missing.jar").toString(), cache).isEmpty());
        assertTrue(ClassDataArchive.forClassPath("", cache).isEmpty());
    }

    @Test
    void anArchiveIsPutInPlaceOnlyAfterItsJvmEndedNormally() throws Exception {
        Path app = jar(tmp.resolve("app.jar"), null, null);
        var a = ClassDataArchive.forClassPath(app.toString(), tmp.resolve("cache")).orElseThrow();
        List<String> writing = a.jvmOptions(41);
        assertTrue(writing.get(0).startsWith("-XX:ArchiveClassesAtExit="), writing.toString());
        Path tmpArchive = Path.of(writing.get(0).substring(writing.get(0).indexOf('=') + 1));
        Files.write(tmpArchive, new byte[100]);
        assertFalse(a.afterExit(writing, 1, 41));
        assertFalse(Files.exists(tmpArchive), "a JVM that failed: what it wrote is thrown away");
        assertFalse(a.ready());

        Files.write(tmpArchive, new byte[100]);
        assertFalse(a.afterExit(writing, 0, 41));
        assertTrue(a.ready(), "a JVM that ended normally: its archive is in place");
        assertEquals(List.of("-XX:SharedArchiveFile=" + a.archive(), "-Xlog:cds*=off"), a.jvmOptions(42));

        // an archive of an older build is removed when the new one is in place
        Path old = tmp.resolve("cache/classes-0123456789abcdef.jsa");
        Files.write(old, new byte[1]);
        Files.write(tmpArchive, new byte[100]);
        a.afterExit(writing, 0, 41);
        assertFalse(Files.exists(old));
        assertTrue(a.ready());

        assertTrue(a.afterExit(a.jvmOptions(43), ClassDataArchive.JVM_CRASH, 43), "a crash on the archive");
        assertFalse(a.ready(), "the archive it crashed on is removed");
        assertFalse(Files.exists(a.archive()));
    }

    @Test
    void aRealJvmWritesUsesAndCrashesOnATruncatedArchive() throws Exception {
        Path app = helloJar();
        var a = ClassDataArchive.forClassPath(app.toString(), tmp.resolve("cache")).orElseThrow();
        List<String> writing = a.jvmOptions(7);
        var first = java(writing, app);
        assertEquals(0, first.code(), first.output());
        assertEquals("hello\n", first.output(), "no notice from the JVM about the classes it could not archive");
        a.afterExit(writing, first.code(), 7);
        assertTrue(a.ready());
        assertTrue(Files.size(a.archive()) > 10_000);

        List<String> using = a.jvmOptions(8);
        var second = java(using, app);
        assertEquals(0, second.code());
        assertEquals("hello\n", second.output());
        assertFalse(a.afterExit(using, second.code(), 8));
        assertTrue(a.ready());

        // a damaged archive (a disk that filled up as another program wrote it): the JVM crashes before main
        byte[] whole = Files.readAllBytes(a.archive());
        a.archive().toFile().setWritable(true);
        Files.write(a.archive(), java.util.Arrays.copyOf(whole, whole.length - whole.length / 8));
        var third = java(using, app);
        assertEquals(ClassDataArchive.JVM_CRASH, third.code(), "the JVM's own fatal-error exit");
        assertTrue(a.afterExit(using, third.code(), 9));
        assertFalse(Files.exists(a.archive()));
        assertEquals(List.of("-XX:ArchiveClassesAtExit=" + tmp.resolve("cache").resolve(
                a.archive().getFileName().toString().replace(".jsa", ".10.tmp")), "-Xlog:cds*=off"), a.jvmOptions(10),
                "the next start writes a new one");
    }

    private record Ran(int code, String output) {
    }

    private Ran java(List<String> options, Path jar) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.addAll(List.of("-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"), "-cp", jar.toString(), "Hello"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Ran(p.exitValue(), out);
    }

    private Path helloJar() throws IOException {
        Path src = tmp.resolve("src/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "public class Hello { public static void main(String[] a) { "
                + "System.out.print(\"hello\\n\"); } }");
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.toString()));
        return jar(tmp.resolve("hello.jar"), null, classes.resolve("Hello.class"));
    }

    private static Path jar(Path path, String classPath, Path classFile) throws IOException {
        var m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream o = Files.newOutputStream(path); var j = new JarOutputStream(o, m)) {
            if (classFile != null) {
                j.putNextEntry(new JarEntry(classFile.getFileName().toString()));
                j.write(Files.readAllBytes(classFile));
                j.closeEntry();
            }
        }
        return path;
    }
}
