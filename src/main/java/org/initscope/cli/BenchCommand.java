package org.initscope.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.initscope.engine.GemmProbe;
import org.initscope.engine.NativeSetup;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.RunOptions;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Scheme;
import org.initscope.model.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the full recompute (sample, forward, backward, every statistic and histogram) of a dense "
                + "stack, against the GEMM limit of this machine and, when python3 with NumPy is there, against the "
                + "NumPy peer measured in the same run.")
final class BenchCommand implements Callable<Integer> {
    private static final Pattern PEER_LINE = Pattern.compile("median ([0-9.]+) ms, min ([0-9.]+) ms");

    @Option(names = "--layers", defaultValue = "10", description = "depth (default 10)")
    int layers;

    @Option(names = "--width", defaultValue = "500", description = "units per layer and input features (default 500)")
    int width;

    @Option(names = "--batch", defaultValue = "1000", description = "batch size (default 1000)")
    int batch;

    @Option(names = "--activation", defaultValue = "tanh", description = "activation (default tanh)")
    String activation;

    @Option(names = "--repeats", defaultValue = "7", description = "timed repeats after a warm-up (default 7)")
    int repeats;

    @Option(names = "--numpy-peer", paramLabel = "FILE",
            description = "the NumPy peer script (default: ../shared/peers/numpy_peer.py when it exists)")
    Path peer;

    @Option(names = "--no-numpy", description = "do not run the NumPy peer")
    boolean noNumpy;

    @Option(names = "--train", description = "time the training view instead: 6 × 64 relu (He) on the spirals, "
            + "recording every 10 steps and drawing the live output map 20 times per second, as the app does")
    boolean train;

    @Option(names = "--seconds", defaultValue = "5", description = "duration of the --train measurement (default 5)")
    double seconds;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (train) {
            return trainBench();
        }
        if (layers < 1 || layers > NetworkSpec.MAX_DEPTH || width < 1 || batch < 1 || repeats < 1) {
            throw new Cli.UsageProblem("--layers must be 1.." + NetworkSpec.MAX_DEPTH + "; --width, --batch and "
                    + "--repeats must be ≥ 1");
        }
        Activation act = Activation.byId(activation).orElseThrow(() -> new Cli.UsageProblem("unknown activation \""
                + activation + "\"; allowed: " + String.join(", ", Activation.ids())
                + Suggest.didYouMean(activation, Activation.ids())));
        var out = spec.commandLine().getOut();
        // the same initialization as the NumPy peer: xavier_normal with the activation's gain
        var dense = new DenseSpec(width, ActivationSpec.of(act), InitSpec.of(Scheme.XAVIER_NORMAL, "gain",
                ParamDef.AUTO), DenseSpec.DEFAULT_BIAS, layers);
        NetworkSpec net = new NetworkSpec("bench", 0, new InputSpec(width, batch, InputDistribution.NORMAL),
                List.of(dense));
        double gflop = 6.0 * batch * (double) width * width * layers / 1e9;
        out.printf(Locale.ROOT, "InitScope bench: %d layers × %d (%s), batch %d, %d repeats%n", layers, width,
                act.id(), batch, repeats);
        out.flush();

        double[] total = new double[repeats];
        double[][] phases = new double[5][repeats];
        try (var engine = new Propagator()) {
            // warm-up: native start, JIT; every timed repeat then draws everything anew (a new seed)
            for (int i = 0; i < 3; i++) {
                engine.run(net.withSeed(-1 - i).resolve(), RunOptions.defaults());
            }
            for (int i = 0; i < repeats; i++) {
                ResolvedNetwork resolved = net.withSeed(i + 1).resolve();
                long t0 = System.nanoTime();
                PropagationResult r = engine.run(resolved, RunOptions.defaults());
                total[i] = (System.nanoTime() - t0) / 1e6;
                var t = r.timings();
                phases[0][i] = t.sampleMs();
                phases[1][i] = t.forwardMs();
                phases[2][i] = t.backwardMs();
                phases[3][i] = t.statsMs();
                phases[4][i] = t.theoryMs();
            }
        }
        GemmProbe.LayerGemms g = GemmProbe.measure(batch, width, width, Math.max(7, repeats * 2));
        double gemmMs = layers * (g.forwardMs() + g.weightGradMs()) + (layers - 1) * g.inputGradMs();
        double gemmFlop = 2.0 * batch * (double) width * width * (2 * layers + layers - 1) / 1e9;
        double gemmRate = gemmFlop / (gemmMs / 1000);
        double median = median(total);
        double min = Arrays.stream(total).min().orElse(Double.NaN);
        out.printf(Locale.ROOT, "  full recompute: median %.1f ms, min %.1f ms%n", median, min);
        out.printf(Locale.ROOT, "  phases (median ms): sample %.1f, forward %.1f, backward %.1f, statistics %.1f, "
                + "theory %.1f%n", median(phases[0]), median(phases[1]), median(phases[2]), median(phases[3]),
                median(phases[4]));
        out.printf(Locale.ROOT, "  work: %.2f GFLOP (6·B·n²·L) → %.1f GFLOP/s effective%n", gflop,
                gflop / (median / 1000));
        out.printf(Locale.ROOT, "  ND4J GEMM here: %.0f GFLOP/s (forward %.2f, weight-grad %.2f, input-grad %.2f ms "
                + "per layer); GEMM limit %.1f ms → InitScope / limit = %.2f×%n", gemmRate, g.forwardMs(),
                g.weightGradMs(), g.inputGradMs(), gemmMs, median / gemmMs);
        out.printf(Locale.ROOT, "  OpenBLAS kernels: %s; %d cores%n", NativeSetup.blasCoreType(),
                Runtime.getRuntime().availableProcessors());
        out.flush();
        if (!noNumpy) {
            numpy(out, act, median);
        }
        return 0;
    }

    private void numpy(java.io.PrintWriter out, Activation act, double initscopeMedian) {
        Path script = peer != null ? peer : Path.of("..", "shared", "peers", "numpy_peer.py");
        if (!Files.isRegularFile(script)) {
            out.println("  NumPy peer: not found (" + script + "); pass --numpy-peer FILE");
            return;
        }
        if (act != Activation.TANH && act != Activation.RELU && act != Activation.LINEAR) {
            out.println("  NumPy peer: supports tanh, relu and linear only");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), Integer.toString(layers),
                Integer.toString(width), Integer.toString(batch), act.id(), Integer.toString(repeats)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text;
            try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                text = String.join("\n", r.lines().toList());
            }
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                out.println("  NumPy peer: timed out");
                return;
            }
            Matcher m = PEER_LINE.matcher(text);
            if (p.exitValue() != 0 || !m.find()) {
                out.println("  NumPy peer: failed (" + lastLine(text) + ")");
                return;
            }
            double peerMedian = Double.parseDouble(m.group(1));
            out.printf(Locale.ROOT, "  NumPy peer (same run): median %.1f ms, min %s ms → NumPy / InitScope = %.2f×%n",
                    peerMedian, m.group(2), peerMedian / initscopeMedian);
        } catch (java.io.IOException e) {
            out.println("  NumPy peer: python3 not available (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    /** The training loop as the app drives it: steps, records every 10 steps, a live map every 50 ms. */
    private int trainBench() throws Exception {
        var out = spec.commandLine().getOut();
        var ts = org.initscope.engine.train.TrainSpec.of(TrainCommand.defaultNetwork(),
                org.initscope.data.DataSpec.of(org.initscope.data.DataSpec.Kind.SPIRAL)).withRecordEvery(10)
                .withMaxRecords(400);
        try (var t = org.initscope.engine.train.Trainer.create(ts)) {
            for (int i = 0; i < 500; i++) {
                t.step();
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long nextView = start;
            long steps = 0;
            int views = 0;
            double viewMs = 0;
            while (System.nanoTime() < end) {
                t.step();
                steps++;
                long now = System.nanoTime();
                if (now >= nextView) {
                    t.outputView(64);
                    views++;
                    viewMs += (System.nanoTime() - now) / 1e6;
                    nextView = now + 50_000_000L;
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "InitScope bench --train: %s on the spirals (480 training points), batch %d, "
                    + "adam%n", TrainCommand.defaultNetwork().name(), ts.batchSize());
            out.printf(Locale.ROOT, "  %.0f optimizer steps/s over %.1f s (recording every 10 steps: %d records kept), "
                    + "%.1f live output maps/s at %.1f ms each%n", steps / s, s, t.history().size(), views / s,
                    viewMs / Math.max(1, views));
        }
        out.flush();
        return 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "no output" : lines[lines.length - 1];
    }
}
