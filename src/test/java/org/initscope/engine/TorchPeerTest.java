package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.initscope.cli.Python;
import org.initscope.export.Npy;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The float32 activations against PyTorch itself, when it is installed (issue 14, item 9): the engine's kernels
 * compute φ(z) and ∂L/∂z for z spread over the saturating range (|z| up to 30, with NaN and ±Inf), and
 * org/initscope/peer/torch_peer.py recomputes them with torch autograd in float32. Exact zeros, exact ±1 and NaN/Inf
 * must sit at the same places. Without python3, NumPy or PyTorch the script says so and the test is skipped.
 */
class TorchPeerTest {

    @Test
    void activationsMatchPyTorchFloat32(@TempDir Path dir) throws Exception {
        var r = new Random(14);
        int n = 20_000;
        String[] names = {"tanh", "sigmoid", "relu"};
        for (String name : names) {
            float[] z = new float[n];
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                z[i] = (float) ((r.nextDouble() * 2 - 1) * 30);
                g[i] = (float) r.nextGaussian();
            }
            z[0] = Float.NaN;
            z[1] = Float.POSITIVE_INFINITY;
            z[2] = Float.NEGATIVE_INFINITY;
            z[3] = 0f;
            z[4] = 8.664339742f;
            z[5] = Math.nextUp(8.664339742f);
            z[6] = -95f;
            z[7] = 17f;
            ActivationSpec act = ActivationSpec.of(Activation.byId(name).orElseThrow());
            float[] a = new float[n];
            float[] dz = new float[n];
            ActivationKernels.forwardRange(act, z.clone(), a, 0, n);
            ActivationKernels.backwardRange(act, z, a, g, dz, 0, n);
            Npy.write(dir.resolve(name + "_z.npy"), new int[] {n}, z);
            Npy.write(dir.resolve(name + "_g.npy"), new int[] {n}, g);
            Npy.write(dir.resolve(name + "_a.npy"), new int[] {n}, a);
            Npy.write(dir.resolve(name + "_dz.npy"), new int[] {n}, dz);
        }
        Path script = dir.resolve("torch_peer.py");
        try (InputStream in = TorchPeerTest.class.getResourceAsStream("/org/initscope/peer/torch_peer.py")) {
            Files.write(script, in.readAllBytes());
        }
        var cmd = new java.util.ArrayList<>(java.util.List.of(Python.interpreter(), script.toString(), dir.toString()));
        cmd.addAll(java.util.List.of(names));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("python3 is not available: " + e.getMessage());
            return;
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the peer script finishes");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(out.startsWith("skipped"), out.strip());
        assertEquals(0, p.exitValue(), out);
        for (String name : names) {
            assertTrue(out.contains("ok " + name), out);
        }
    }
}
