package org.initscope;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the suite's time goes: the CPU seconds of this test JVM (all its threads: the JIT, the renderer, the engine's
 * workers) and the wall-clock seconds of every test class and method, one line each appended to
 * {@code target/test-cpu.tsv} (CPU, wall, class or method, name, JVM id). On a shared machine the CPU seconds say far
 * more than the wall-clock ones. Registered for every test through {@code junit-platform.properties}
 * (extension autodetection) and {@code META-INF/services}; it measures, it never fails a test.
 */
public class CpuPerClass implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CpuPerClass.class);

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void begin(ExtensionContext c) {
        c.getStore(NS).put("t", new long[] {cpu(), System.nanoTime()});
    }

    private static void end(ExtensionContext c, String kind) {
        long[] s = c.getStore(NS).get("t", long[].class);
        String name = c.getRequiredTestClass().getName() + c.getTestMethod().map(m -> "#" + m.getName()).orElse("");
        String line = String.format("%.2f\t%.2f\t%s\t%s\t%s%n", (cpu() - s[0]) / 1e9, (System.nanoTime() - s[1]) / 1e9,
                kind, name, ProcessHandle.current().pid());
        try {
            Files.writeString(Path.of("target", "test-cpu.tsv"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // measurement only
        }
    }

    @Override
    public void beforeAll(ExtensionContext c) {
        begin(c);
    }

    @Override
    public void afterAll(ExtensionContext c) {
        end(c, "class");
    }

    @Override
    public void beforeEach(ExtensionContext c) {
        begin(c);
    }

    @Override
    public void afterEach(ExtensionContext c) {
        end(c, "method");
    }
}
