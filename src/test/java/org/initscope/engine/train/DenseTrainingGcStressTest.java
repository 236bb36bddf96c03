package org.initscope.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training worker's dense loop survives 90 s of young collections ({@link DenseTrainingStress} in a JVM of its
 * own with a 4 MB young generation and a thread making garbage). Before the dense path stopped running ND4J ops it
 * died with SIGSEGV in {@code sd::DataBuffer::primary()} after 18, 45 and 49 s (3 runs in 3), the crash seen once in
 * a full test run; {@link MlpNativeSafetyTest} is the default suite's deterministic check of the same cause. Runs in
 * the {@code soak} profile.
 */
@Tag("soak")
class DenseTrainingGcStressTest {
    @TempDir
    Path dir;

    @Test
    void ninetySecondsOfTrainingUnderCollectionsDoNotCrashTheJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-Xmn4m", "--add-modules", "jdk.incubator.vector",
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-cp", System.getProperty("java.class.path"),
                DenseTrainingStress.class.getName(), "90"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the stress run did not end");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        File[] crashes = dir.toFile().listFiles((d, n) -> n.startsWith("hs_err"));
        assertEquals(0, crashes == null ? 0 : crashes.length, "the JVM crashed:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("steps "), out);
    }
}
