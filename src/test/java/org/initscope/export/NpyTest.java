package org.initscope.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.initscope.config.ConfigReader;
import org.initscope.engine.Parameters;
import org.initscope.model.ResolvedNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    record Parsed(String header, int[] shape, float[] values) {
    }

    /** A minimal .npy reader: checks the fixed parts and returns the shape and values. */
    static Parsed parse(byte[] bytes) {
        var b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, magic);
        int len = Short.toUnsignedInt(b.getShort());
        assertEquals(0, (10 + len) % 64, "the data starts at a multiple of 64");
        byte[] h = new byte[len];
        b.get(h);
        String header = new String(h, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"));
        var m = java.util.regex.Pattern.compile("'shape': \\(([0-9, ]*)\\)").matcher(header);
        assertTrue(m.find(), header);
        int[] shape = java.util.Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        int n = java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        assertEquals(n * 4, b.remaining());
        float[] values = new float[n];
        b.asFloatBuffer().get(values);
        return new Parsed(header, shape, values);
    }

    @Test
    void headerBytesAreExactlyNumPys() throws Exception {
        var out = new ByteArrayOutputStream();
        Npy.write(out, new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -0.5f});
        byte[] bytes = out.toByteArray();
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        assertEquals(118, header.length(), "10 bytes before the header, 128 in all");
        byte[] expected = new byte[128];
        expected[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, expected, 1, 5);
        expected[6] = 1;
        expected[7] = 0;
        expected[8] = (byte) header.length();
        expected[9] = 0;
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, expected, 10, header.length());
        assertArrayEquals(expected, java.util.Arrays.copyOf(bytes, 128));
        assertEquals(128 + 6 * 4, bytes.length);
        Parsed p = parse(bytes);
        assertArrayEquals(new int[] {2, 3}, p.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -0.5f}, p.values());
        // a vector's shape is a one-tuple
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }", Npy.dict(new int[] {7}));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (8, 2, 3, 3), }",
                Npy.dict(new int[] {8, 2, 3, 3}));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(out, new int[] {2, 2}, new float[3]));
        assertEquals("layer01_weight.npy", Npy.fileName(1, 10, "weight"));
        assertEquals("layer012_bias_hh.npy", Npy.fileName(12, 150, "bias_hh"));
    }

    private static ResolvedNetwork network() throws Exception {
        return ConfigReader.parse("""
                {"seed": 3, "input": {"features": 20, "batch": 8},
                 "layers": [{"units": 16, "activation": "relu", "init": {"scheme": "kaiming_normal"},
                             "bias": {"scheme": "uniform", "a": -0.1, "b": 0.1}},
                            {"units": 4, "activation": "tanh", "init": {"scheme": "xavier_uniform"}}]}""", "t")
                .resolve();
    }

    @Test
    void everyParameterIsWrittenAndReadsBack(@TempDir Path dir) throws Exception {
        ResolvedNetwork net = network();
        var tensors = Parameters.tensors(net);
        List<Path> files = Npy.writeAll(dir, tensors);
        assertEquals(List.of("layer01_weight.npy", "layer01_bias.npy", "layer02_weight.npy", "layer02_bias.npy"),
                files.stream().map(f -> f.getFileName().toString()).toList());
        Parsed w = parse(Files.readAllBytes(dir.resolve("layer01_weight.npy")));
        assertArrayEquals(new int[] {16, 20}, w.shape());
        assertArrayEquals(tensors.get(0).get(0).values(), w.values());
        Parsed b = parse(Files.readAllBytes(dir.resolve("layer01_bias.npy")));
        assertArrayEquals(new int[] {16}, b.shape());
        assertArrayEquals(tensors.get(0).get(1).values(), b.values());
        try (var listing = Files.list(dir)) {
            assertEquals(4, listing.count(), "no temporary files left behind");
        }
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void numpyLoadsTheFiles(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        var tensors = Parameters.tensors(network());
        Npy.writeAll(dir, tensors);
        Process p = new ProcessBuilder("python3", "-c", """
                import numpy as np, sys
                w = np.load(sys.argv[1])
                b = np.load(sys.argv[2])
                print(w.dtype, w.shape, b.shape, repr(float(w.astype(np.float64).sum())), repr(float(w[3, 7])))
                """, dir.resolve("layer01_weight.npy").toString(), dir.resolve("layer01_bias.npy").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        float[] w = tensors.get(0).get(0).values();
        double sum = 0;
        for (float v : w) {
            sum += v;
        }
        String[] parts = out.split(" ");
        assertEquals("float32", parts[0]);
        assertEquals("(16, 20) (16,)", out.substring(out.indexOf('(')).replaceAll(" [-0-9.e]+ [-0-9.e]+$", ""));
        assertEquals(sum, Double.parseDouble(parts[parts.length - 2]), 1e-9 * Math.max(1, Math.abs(sum)));
        assertEquals((double) w[3 * 20 + 7], Double.parseDouble(parts[parts.length - 1]), 0.0);
    }
}
