package org.initscope.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.initscope.config.ConfigReader;
import org.initscope.engine.Propagator;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10,000 recomputes in a row do not grow the process: resident memory (Java heap, ND4J's off-heap buffers and
 * native libraries all count in RSS) after the run is compared with after a warm-up. Runs in the {@code soak}
 * profile ({@code mvn -Psoak verify}), not in the default suite: it takes a few minutes.
 */
@Tag("soak")
class RecomputeSoakTest {
    private static final int RUNS = 10_000;

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Test
    void tenThousandRecomputesDoNotGrowTheProcess() throws Exception {
        ResolvedNetwork dense = ConfigReader.parse("""
                {"seed": 1, "input": {"features": 128, "batch": 128},
                 "layers": [{"units": 128, "activation": "tanh", "repeat": 6, "init": "xavier_normal"}]}""", "dense")
                .resolve();
        ResolvedNetwork conv = ConfigReader.parse("""
                {"seed": 1, "input": {"channels": 2, "height": 8, "width": 8, "batch": 16},
                 "layers": [{"type": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1, "activation": "relu"},
                  {"type": "batchnorm"}, {"type": "flatten"}, {"type": "dense", "units": 8}]}""", "conv").resolve();
        var engine = new Propagator();
        for (int i = 0; i < 500; i++) {
            engine.run(i % 5 == 0 ? conv : dense);
        }
        System.gc();
        long before = rssKb();
        long t0 = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            engine.run(i % 5 == 0 ? conv : dense);
        }
        System.gc();
        Thread.sleep(500);
        long after = rssKb();
        System.out.printf("soak: %d recomputes in %.1f s; RSS %d MB before, %d MB after (%+d MB)%n", RUNS,
                (System.nanoTime() - t0) / 1e9, before / 1024, after / 1024, (after - before) / 1024);
        assertTrue(before > 0 && after > 0, "RSS readable on Linux");
        // the heap may still settle by a few tens of MB; a leak of even 10 kB per run would add 100 MB
        assertTrue(after - before < 64 * 1024, "RSS grew from " + before / 1024 + " to " + after / 1024 + " MB");
    }
}
