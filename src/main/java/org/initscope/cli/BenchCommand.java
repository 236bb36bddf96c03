package org.initscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
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
import org.initscope.config.Presets;
import org.initscope.data.DataSpec;
import org.initscope.engine.GemmProbe;
import org.initscope.engine.NativeSetup;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.RunOptions;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.RecurrentSpec;
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

    @Option(names = "--layers", description = "depth (default: the three standard workloads; alone: 10)")
    Integer layers;

    @Option(names = "--width", description = "units per layer and input features (default 500)")
    Integer width;

    @Option(names = "--batch", description = "batch size (default 1000)")
    Integer batch;

    @Option(names = "--activation", description = "activation (default tanh)")
    String activation;

    @Option(names = "--init", paramLabel = "SCHEME", description = "the initialization of every layer (default "
            + "xavier_normal with the activation's gain; the peers run only with that one), e.g. orthogonal")
    String init;

    @Option(names = "--same-seed", description = "every timed repeat with the same seed and the scale 1 %% larger than "
            + "the one before, as a scale-slider drag recomputes (orthogonal draws then come from the cache); default: a "
            + "new seed each")
    boolean sameSeed;

    @Option(names = "--lockstep", description = "time Compare's training in lockstep instead: the default network "
            + "against itself with another seed on the spirals, the steps alone, the live maps, and the app's worker")
    boolean lockstep;

    @Option(names = "--repeats", defaultValue = "7", description = "timed repeats after a warm-up; the median is "
            + "reported (default 7)")
    int repeats;

    @Option(names = "--numpy-peer", paramLabel = "FILE",
            description = "the NumPy peer script (default: ../shared/peers/numpy_peer.py from the working directory "
                    + "or from the repository holding the jar)")
    Path peer;

    @Option(names = "--no-numpy", description = "do not run the NumPy peer")
    boolean noNumpy;

    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @Option(names = "--train", description = "time training instead, as the app drives it (recording every 10 steps, "
            + "a live view 20 times per second): 6 × 64 relu (He) on the spirals, the conv digits preset on 1×8×8 "
            + "images and an LSTM (hidden 64, T = 100, batch 32) on the adding problem; the conv and LSTM steps "
            + "also against PyTorch's CPU time for the same steps when python3 has torch")
    boolean train;

    @Option(names = "--no-torch", description = "do not run the PyTorch peer (of the recompute, or with --train)")
    boolean noTorch;

    @Option(names = "--sweep", description = "time sweeps instead: a 16 × 16 grid at initialization of 10 × 256 tanh "
            + "networks (batch 256) and an 8 × 8 grid with 200 training steps per cell, each with a cell per core, one "
            + "cell at a time, and one cell on every BLAS thread, in the same run")
    boolean sweep;

    @Option(names = "--rounds", defaultValue = "2", description = "with --sweep: rounds of the 16 × 16 grid per way "
            + "(the fastest counts; default 2)")
    int rounds;

    @Option(names = "--seconds", defaultValue = "5", description = "duration of the --train and --lockstep measurements and of the --ui "
            + "slider drag (default 5)")
    double seconds;

    @Option(names = "--ui", description = "time what a user feels instead: the real window (headless) driven by "
            + "scripted gestures (a scale-slider drag, the depth spinner held, a std typed, presets, view tabs) on "
            + "the default network and on 4 × 2048, each from the edit to the frame that shows it")
    boolean ui;

    @Option(names = "--train-ui", description = "time training in the real window instead (headless): the conv digits "
            + "preset (or --preset) loaded, the Train tab shown, Play pressed; optimizer steps/s and the frames/s that "
            + "showed a newer step or a new record, over --seconds after 3 s of warm-up")
    boolean trainUi;

    @Option(names = "--preset", defaultValue = "conv-digits.json", paramLabel = "FILE",
            description = "with --train-ui: the preset that trains (default conv-digits.json)")
    String preset;

    @Option(names = "--png", paramLabel = "FILE", description = "with --train-ui: also write the window as it was at "
            + "the end of the measurement (still training) to this PNG")
    Path png;

    @Option(names = "--startup", description = "time the start instead: cold JVMs from the launch to the first frame "
            + "with real charts (median of --runs)")
    boolean startup;

    @Option(names = "--runs", defaultValue = "5", description = "with --startup: how many cold starts (default 5)")
    int runs;

    @Option(names = "--screen", defaultValue = "1366x768", paramLabel = "WxH",
            description = "with --ui and --startup: the headless screen's size (default 1366x768)")
    String screen;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One dense stack to time. */
    record Workload(int layers, int width, int batch, Activation activation, Scheme init) {
        Workload(int layers, int width, int batch, Activation activation) {
            this(layers, width, batch, activation, Scheme.XAVIER_NORMAL);
        }

        String label() {
            return layers + "×" + width + " " + activation.id() + " batch " + batch
                    + (init == Scheme.XAVIER_NORMAL ? "" : " " + init.id());
        }

        /** The peers draw xavier_normal with the activation's gain, as the default workloads do. */
        boolean peersApply() {
            return init == Scheme.XAVIER_NORMAL;
        }
    }

    /** The standard workloads: the default network's shape, a deep ReLU net and a wide one. */
    static final List<Workload> STANDARD = List.of(new Workload(10, 500, 1000, Activation.TANH),
            new Workload(50, 256, 512, Activation.RELU), new Workload(4, 2048, 1024, Activation.RELU));

    /** What one workload measured; NumPy's fields are NaN (and {@code numpyNote} says why) when it did not run. */
    record Measured(Workload w, double median, double min, double[] phases, double gflop, double gemmMs,
            double gemmRate, GemmProbe.LayerGemms gemms, double numpyMedian, double numpyMin, String numpyNote,
            double torchMedian, double torchMin, String torchNote) {
        double timesGemmLimit() {
            return median / gemmMs;
        }

        double fasterThanNumpy() {
            return numpyMedian / median;
        }
    }

    @Override
    public Integer call() throws Exception {
        if ((train ? 1 : 0) + (sweep ? 1 : 0) + (ui ? 1 : 0) + (startup ? 1 : 0) + (lockstep ? 1 : 0)
                + (trainUi ? 1 : 0) > 1) {
            throw new Cli.UsageProblem("--train, --train-ui, --sweep, --ui, --startup and --lockstep are different "
                    + "benchmarks: give one");
        }
        if (lockstep) {
            return LockstepBench.run(spec.commandLine().getOut(), seconds);
        }
        if (train) {
            return trainBench();
        }
        if (sweep) {
            if (rounds < 1 || rounds > 20) {
                throw new Cli.UsageProblem("--rounds must be between 1 and 20");
            }
            return SweepBench.run(spec.commandLine().getOut(), json, rounds);
        }
        if (ui || startup || trainUi) {
            if (!screen.matches("\\d{3,5}x\\d{3,5}")) {
                throw new Cli.UsageProblem("--screen is WIDTHxHEIGHT, e.g. 1366x768; got " + Cli.shown(screen));
            }
            if (trainUi) {
                if (Presets.byFile(preset).isEmpty()) {
                    throw new Cli.UsageProblem("--preset: no preset " + Cli.shown(preset));
                }
                return UserSideBench.trainUi(spec.commandLine().getOut(), spec.commandLine().getErr(), screen,
                        preset, seconds, png, json);
            }
            return ui ? UserSideBench.ui(spec.commandLine().getOut(), spec.commandLine().getErr(), screen, seconds,
                    json) : UserSideBench.startup(spec.commandLine().getOut(), spec.commandLine().getErr(), screen,
                    runs, json);
        }
        List<Workload> workloads;
        if (layers == null && width == null && batch == null && activation == null && init == null) {
            workloads = STANDARD;
        } else {
            int l = layers == null ? 10 : layers;
            int n = width == null ? 500 : width;
            int b = batch == null ? 1000 : batch;
            String a = activation == null ? "tanh" : activation;
            if (l < 1 || l > NetworkSpec.MAX_DEPTH || n < 1 || b < 1) {
                throw new Cli.UsageProblem("--layers must be 1.." + NetworkSpec.MAX_DEPTH + "; --width and --batch "
                        + "must be ≥ 1");
            }
            Activation act = Activation.byId(a).orElseThrow(() -> new Cli.UsageProblem("unknown activation \""
                    + a + "\"; allowed: " + String.join(", ", Activation.ids())
                    + Suggest.didYouMean(a, Activation.ids())));
            Scheme scheme = init == null ? Scheme.XAVIER_NORMAL : Scheme.byId(init).orElseThrow(
                    () -> new Cli.UsageProblem("unknown scheme \"" + init + "\"; allowed: " + String.join(", ",
                            Scheme.ids()) + Suggest.didYouMean(init, Scheme.ids())));
            workloads = List.of(new Workload(l, n, b, act, scheme));
        }
        if (repeats < 1) {
            throw new Cli.UsageProblem("--repeats must be ≥ 1");
        }
        var out = spec.commandLine().getOut();
        Path script = noNumpy ? null : peerScript();
        List<Measured> results = new ArrayList<>();
        for (Workload w : workloads) {
            if (!json) {
                out.printf(Locale.ROOT, "InitScope bench: %d layers × %d (%s, %s), batch %d, %d repeats%n",
                        w.layers(), w.width(), w.activation().id(), w.init().id(), w.batch(), repeats);
                out.flush();
            }
            Measured m = measure(w, script);
            results.add(m);
            if (!json) {
                print(out, m);
            }
        }
        if (json) {
            out.println(toJson(results));
        } else if (results.size() > 1) {
            out.println();
            out.printf(Locale.ROOT, "%-26s %13s %11s %9s %20s %11s %13s%n", "workload", "InitScope ms", "GEMM limit",
                    "NumPy ms", "× faster than NumPy", "PyTorch ms", "× GEMM limit");
            for (Measured m : results) {
                out.printf(Locale.ROOT, "%-26s %13.1f %11.1f %9s %20s %11s %13.2f%n", m.w().label(), m.median(),
                        m.gemmMs(), Double.isNaN(m.numpyMedian()) ? "—" : String.format(Locale.ROOT, "%.1f",
                                m.numpyMedian()), Double.isNaN(m.numpyMedian()) ? "—"
                                : String.format(Locale.ROOT, "%.2f", m.fasterThanNumpy()),
                        Double.isNaN(m.torchMedian()) ? "—" : String.format(Locale.ROOT, "%.1f", m.torchMedian()),
                        m.timesGemmLimit());
            }
        }
        out.flush();
        return 0;
    }

    /** The network with the scale slider at {@code scale} (every layer's weights times it). */
    private static NetworkSpec withScale(NetworkSpec net, double scale) {
        var d = (DenseSpec) net.layers().get(0);
        return net.withLayers(List.of(new DenseSpec(d.units(), d.activation(), d.init(), d.bias(), scale,
                d.residual(), d.repeat())));
    }

    private Measured measure(Workload w, Path script) throws Exception {
        // the same initialization as the NumPy peer: xavier_normal with the activation's gain
        var dense = new DenseSpec(w.width(), ActivationSpec.of(w.activation()), w.peersApply()
                ? InitSpec.of(Scheme.XAVIER_NORMAL, "gain", ParamDef.AUTO) : InitSpec.of(w.init()),
                DenseSpec.DEFAULT_BIAS, w.layers());
        NetworkSpec net = new NetworkSpec("bench", 0, new InputSpec(w.width(), w.batch(), InputDistribution.NORMAL),
                List.of(dense));
        double gflop = 6.0 * w.batch() * (double) w.width() * w.width() * w.layers() / 1e9;
        double[] total = new double[repeats];
        double[][] phases = new double[8][repeats];
        try (var engine = new Propagator()) {
            // warm-up: native start, JIT; every timed repeat then draws everything anew (a new seed)
            for (int i = 0; i < 3; i++) {
                engine.run(net.withSeed(-1 - i).resolve(), RunOptions.defaults());
            }
            for (int i = 0; i < repeats; i++) {
                ResolvedNetwork resolved = sameSeed ? withScale(net, 1 + 0.01 * (i + 1)).resolve()
                        : net.withSeed(i + 1).resolve();
                long t0 = System.nanoTime();
                PropagationResult r = engine.run(resolved, RunOptions.defaults());
                total[i] = (System.nanoTime() - t0) / 1e6;
                var t = r.timings();
                phases[0][i] = t.sampleMs();
                phases[1][i] = t.forwardMs();
                phases[2][i] = t.backwardMs();
                phases[3][i] = t.statsMs();
                phases[4][i] = t.theoryMs();
                phases[5][i] = t.gemmMs();
                phases[6][i] = t.waitMs();
                phases[7][i] = t.besideMs();
            }
        }
        int b = w.batch();
        int n = w.width();
        int l = w.layers();
        GemmProbe.LayerGemms g = GemmProbe.measure(b, n, n, Math.max(7, repeats * 2));
        double gemmMs = l * (g.forwardMs() + g.weightGradMs()) + (l - 1) * g.inputGradMs();
        double gemmFlop = 2.0 * b * (double) n * n * (2 * l + l - 1) / 1e9;
        double[] ph = new double[phases.length];
        for (int i = 0; i < ph.length; i++) {
            ph[i] = median(phases[i]);
        }
        double median = median(total);
        double min = Arrays.stream(total).min().orElse(Double.NaN);
        double[] peer = {Double.NaN, Double.NaN};
        String notTheirs = "not run (the peers draw xavier_normal, not " + w.init().id() + ")";
        String note = noNumpy ? "not run (--no-numpy)" : !w.peersApply() ? notTheirs : numpy(w, script, peer);
        double[] torch = {Double.NaN, Double.NaN};
        String torchNote = noTorch ? "not run (--no-torch)" : !w.peersApply() ? notTheirs
                : torchRecompute(w, torch);
        return new Measured(w, median, min, ph, gflop, gemmMs, gemmFlop / (gemmMs / 1000), g, peer[0], peer[1],
                note, torch[0], torch[1], torchNote);
    }

    /** The PyTorch peer of the recompute (torch_recompute_peer.py from the bench resources); "" or why not. */
    private String torchRecompute(Workload w, double[] result) throws IOException {
        String[] torchLine = new String[1];
        Path f = Files.createTempFile("initscope-torch-recompute", ".py");
        try {
            try (var in = BenchCommand.class.getResourceAsStream("/org/initscope/bench/torch_recompute_peer.py")) {
                Files.write(f, in.readAllBytes());
            }
            String why = runPeer(List.of(Python.interpreter(), f.toString(), Integer.toString(w.layers()),
                    Integer.toString(w.width()), Integer.toString(w.batch()), w.activation().id(),
                    Integer.toString(repeats)), result, torchLine);
            // the peer's own line says which PyTorch and BLAS ran (a build on the reference BLAS is far slower)
            return why.isEmpty() ? Cli.shown(torchLine[0]) : why;
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private void print(PrintWriter out, Measured m) {
        out.printf(Locale.ROOT, "  full recompute: median %.1f ms, min %.1f ms%n", m.median(), m.min());
        double[] p = m.phases();
        out.printf(Locale.ROOT, "  phases (median ms): sample %.1f, forward %.1f, backward %.1f, statistics %.1f, "
                + "theory %.1f%n", p[0], p[1], p[2], p[3], p[4]);
        if (p[7] > 0) {
            // the statistics beside the GEMMs: what the engine's thread did, and the second thread's work
            out.printf(Locale.ROOT, "  engine thread (median ms): GEMMs on one BLAS thread %.1f, waiting for the "
                    + "statistics thread %.1f, the rest (draws, element-wise, copies) about %.1f; statistics thread busy "
                    + "%.1f (draws, moments, histograms)%n", p[5], p[6], m.median() - p[5] - p[6] - p[4], p[7]);
        } else {
            out.printf(Locale.ROOT, "  engine thread (median ms): GEMMs on every BLAS thread %.1f, the rest (draws, "
                    + "element-wise, copies, statistics over the cores) about %.1f%n", p[5], m.median() - p[5] - p[4]);
        }
        out.printf(Locale.ROOT, "  work: %.2f GFLOP (6·B·n²·L) → %.1f GFLOP/s effective%n", m.gflop(),
                m.gflop() / (m.median() / 1000));
        var g = m.gemms();
        out.printf(Locale.ROOT, "  ND4J GEMM here: %.0f GFLOP/s (forward %.2f, weight-grad %.2f, input-grad %.2f ms "
                + "per layer); GEMM limit %.1f ms → InitScope / limit = %.2f× the GEMM limit%n", m.gemmRate(),
                g.forwardMs(), g.weightGradMs(), g.inputGradMs(), m.gemmMs(), m.timesGemmLimit());
        out.printf(Locale.ROOT, "  OpenBLAS kernels: %s; %d cores%n", NativeSetup.blasCoreType(),
                Runtime.getRuntime().availableProcessors());
        if (Double.isNaN(m.torchMedian())) {
            out.println("  PyTorch peer: " + m.torchNote());
        } else {
            out.printf(Locale.ROOT, "  PyTorch peer (same run): median %.1f ms, min %.1f ms → PyTorch / InitScope = "
                    + "%.2f× (%s)%n", m.torchMedian(), m.torchMin(), m.torchMedian() / m.median(), m.torchNote());
        }
        if (Double.isNaN(m.numpyMedian())) {
            out.println("  NumPy peer: " + m.numpyNote());
        } else {
            out.printf(Locale.ROOT, "  NumPy peer (same run): median %.1f ms, min %.1f ms → NumPy / InitScope = "
                    + "%.2f× faster than NumPy%n", m.numpyMedian(), m.numpyMin(), m.fasterThanNumpy());
        }
        out.flush();
    }

    private String toJson(List<Measured> results) throws IOException {
        var mapper = new ObjectMapper();
        var root = mapper.createObjectNode();
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("blasKernels", NativeSetup.blasCoreType());
        root.put("repeats", repeats);
        var arr = root.putArray("workloads");
        for (Measured m : results) {
            var o = arr.addObject();
            o.put("layers", m.w().layers());
            o.put("width", m.w().width());
            o.put("batch", m.w().batch());
            o.put("activation", m.w().activation().id());
            o.put("medianMs", m.median());
            o.put("minMs", m.min());
            var ph = o.putObject("phasesMs");
            String[] names = {"sample", "forward", "backward", "statistics", "theory", "engineThreadGemm",
                "engineThreadWait", "statisticsThreadBusy"};
            for (int i = 0; i < names.length; i++) {
                ph.put(names[i], m.phases()[i]);
            }
            o.put("gflop", m.gflop());
            o.put("gemmLimitMs", m.gemmMs());
            o.put("gemmGflops", m.gemmRate());
            o.put("timesGemmLimit", m.timesGemmLimit());
            if (Double.isNaN(m.torchMedian())) {
                o.putNull("torchMedianMs");
            } else {
                o.put("torchMedianMs", m.torchMedian());
                o.put("torchMinMs", m.torchMin());
            }
            o.put("torchNote", m.torchNote());
            if (Double.isNaN(m.numpyMedian())) {
                o.putNull("numpyMedianMs");
                o.putNull("numpyMinMs");
                o.putNull("fasterThanNumpy");
                o.put("numpyNote", m.numpyNote());
            } else {
                o.put("numpyMedianMs", m.numpyMedian());
                o.put("numpyMinMs", m.numpyMin());
                o.put("fasterThanNumpy", m.fasterThanNumpy());
            }
        }
        return mapper.writeValueAsString(root);
    }

    /** The peer script: --numpy-peer, else ../shared/peers/numpy_peer.py beside the working directory or the repo. */
    private Path peerScript() {
        if (peer != null) {
            return peer;
        }
        Path rel = Path.of("..", "shared", "peers", "numpy_peer.py");
        if (Files.isRegularFile(rel)) {
            return rel;
        }
        try {
            // java -jar target/initscope.jar from anywhere: the repository is the jar's folder's parent
            Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = jar.getParent() == null ? null : jar.getParent().getParent();
            if (repo != null && Files.isRegularFile(repo.resolve(rel))) {
                return repo.resolve(rel);
            }
        } catch (Exception e) {
            // no code source: fall back to the working directory's path, reported as not found
        }
        return rel;
    }

    /** Run the peer; fills {@code result} with its median and minimum, or returns why it did not run. */
    private String numpy(Workload w, Path script, double[] result) {
        if (!Files.isRegularFile(script)) {
            return "not found (" + script + "); pass --numpy-peer FILE";
        }
        Activation act = w.activation();
        if (act != Activation.TANH && act != Activation.RELU && act != Activation.LINEAR) {
            return "supports tanh, relu and linear only";
        }
        return runPeer(List.of(Python.interpreter(), script.toString(), Integer.toString(w.layers()),
                Integer.toString(w.width()), Integer.toString(w.batch()), act.id(), Integer.toString(repeats)),
                result);
    }

    /**
     * Run a peer script that prints "median X ms, min Y ms"; fills {@code result} with X and Y, or returns why it
     * did not run. A peer that exits 3 lacks its library (PyTorch): it is skipped, saying so.
     */
    private static String runPeer(List<String> cmd, double[] result) {
        return runPeer(cmd, result, null);
    }

    /** As above; {@code line}, if not null, gets the peer's line with its numbers (what it ran, on which BLAS). */
    private static String runPeer(List<String> cmd, double[] result, String[] line) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text;
            try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                text = String.join("\n", r.lines().toList());
            }
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "timed out";
            }
            if (p.exitValue() == 3) {
                return "skipped: " + lastLine(text) + " (" + Python.interpreter() + " has no PyTorch here; install torch or name a Python that has it in INITSCOPE_PYTHON)";
            }
            Matcher m = PEER_LINE.matcher(text);
            if (p.exitValue() != 0 || !m.find()) {
                return "failed (" + lastLine(text) + ")";
            }
            result[0] = Double.parseDouble(m.group(1));
            result[1] = Double.parseDouble(m.group(2));
            if (line != null) {
                line[0] = lastLine(text);
            }
            return "";
        } catch (IOException e) {
            return Python.interpreter() + " not available (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The conv and LSTM workloads of {@code --train}. */
    record TrainWorkload(String name, String description, TrainSpec spec, List<String> peerArgs, int timedSteps) {
    }

    static List<TrainWorkload> trainWorkloads() {
        NetworkSpec conv = Presets.byFile("conv-digits.json").orElseThrow().load();
        NetworkSpec lstm = new NetworkSpec("lstm 64 (PyTorch's default init)", 1, InputSpec.sequence(100, 2, 32,
                InputDistribution.NORMAL), List.of(RecurrentSpec.torchDefault(RecurrentSpec.Cell.LSTM, 64)));
        return List.of(
                new TrainWorkload("conv digits", "the conv digits preset (conv 8, pool, conv 16, pool, flatten, dense "
                        + "10) on the digits as 1×8×8 images", TrainSpec.of(conv, DataSpec.of(DataSpec.Kind.DIGITS)),
                        List.of("conv", "200", "32"), 200),
                new TrainWorkload("lstm adding", "an LSTM, hidden 64, on the adding problem, T = 100",
                        TrainSpec.of(lstm, DataSpec.of(DataSpec.Kind.ADDING).withSequenceLength(100)),
                        List.of("lstm", "40", "32", "64", "100"), 40));
    }

    /** The training loop as the app drives it: steps, records every 10 steps, a live view every 50 ms. */
    private int trainBench() throws Exception {
        var out = spec.commandLine().getOut();
        var ts = TrainSpec.of(TrainCommand.defaultNetwork(), DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(10)
                .withMaxRecords(400);
        out.printf(Locale.ROOT, "InitScope bench --train: %s on the spirals (480 training points), batch %d, adam%n",
                TrainCommand.defaultNetwork().name(), ts.batchSize());
        out.flush();
        live(out, ts, 500);
        Path script = noTorch ? null : torchPeer();
        for (TrainWorkload w : trainWorkloads()) {
            out.printf(Locale.ROOT, "%nInitScope bench --train: %s, batch %d, adam%n", w.description(),
                    w.spec().batchSize());
            out.flush();
            // the optimizer steps alone, as the PyTorch peer times them: no recording, no views
            double[] ms = new double[w.timedSteps()];
            try (var t = Trainer.create(w.spec().withRecordEvery(1_000_000))) {
                for (int i = 0; i < 10; i++) {
                    t.step();
                }
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    t.step();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double median = median(ms);
            out.printf(Locale.ROOT, "  one optimizer step (forward, loss, backward, Adam): median %.2f ms, min %.2f ms "
                    + "over %d steps → %.0f steps/s%n", median, Arrays.stream(ms).min().orElse(Double.NaN),
                    ms.length, 1000 / median);
            double[] peer = {Double.NaN, Double.NaN};
            String note = noTorch ? "not run (--no-torch)" : peer(script, w.peerArgs(), peer);
            if (Double.isNaN(peer[0])) {
                out.println("  PyTorch peer: " + note);
            } else {
                out.printf(Locale.ROOT, "  PyTorch peer (same run, CPU): median %.2f ms, min %.2f ms per step → "
                        + "PyTorch / InitScope = %.2f× (above 1: InitScope is faster)%n", peer[0], peer[1],
                        peer[0] / median);
            }
            out.flush();
            live(out, w.spec().withRecordEvery(10).withMaxRecords(400), 20);
        }
        out.flush();
        return 0;
    }

    /** Steps/s with recording every 10 steps and a live view every 50 ms, after {@code warm} steps. */
    private void live(PrintWriter out, TrainSpec ts, int warm) throws Exception {
        try (var t = Trainer.create(ts)) {
            for (int i = 0; i < warm; i++) {
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
            out.printf(Locale.ROOT, "  %.0f optimizer steps/s over %.1f s with recording every 10 steps (%d records "
                    + "kept) and %.1f live views/s at %.1f ms each%n", steps / s, s, t.history().size(), views / s,
                    viewMs / Math.max(1, views));
        }
        out.flush();
    }

    /** The PyTorch peer script, copied out of the jar into a temporary file. */
    private static Path torchPeer() throws IOException {
        Path f = Files.createTempFile("initscope-torch-peer", ".py");
        f.toFile().deleteOnExit();
        try (var in = BenchCommand.class.getResourceAsStream("/org/initscope/bench/torch_train_peer.py")) {
            Files.write(f, in.readAllBytes());
        }
        return f;
    }

    /** Run the PyTorch peer; fills {@code result} with its median and minimum ms per step, or says why not. */
    private static String peer(Path script, List<String> args, double[] result) {
        var cmd = new ArrayList<String>(List.of(Python.interpreter(), script.toString()));
        cmd.addAll(args);
        return runPeer(cmd, result);
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
