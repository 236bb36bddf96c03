package org.initscope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.initscope.config.ConfigReader;
import org.initscope.data.CsvException;
import org.initscope.data.CsvLoader;
import org.initscope.data.DataSpec;
import org.initscope.engine.Quantity;
import org.initscope.engine.train.LayerSnapshot;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import org.initscope.model.Scheme;
import org.initscope.model.SpecException;
import org.initscope.model.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network without a window and print the loss curve and every layer's statistics at "
                + "the recorded steps.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "the hidden layers (a network config); default: "
            + "6 × 64 relu with kaiming_normal")
    Path config;

    @Option(names = "--data", defaultValue = "spiral", paramLabel = "SET",
            description = "spiral | circle | xor | gauss | moons | regression1d | regression2d | digits (as 1×8×8 "
                    + "images for a network that starts with conv2d) | digits-rows | digits-pixels | adding | copy | "
                    + "PATH.csv")
    String data;

    @Option(names = "--seq-len", defaultValue = "50", paramLabel = "T",
            description = "sequence length of adding and copy, 10 to 1000 (default 50)")
    int seqLen;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK", description = "what a CSV's last column is: "
            + "classification (class labels), regression (a value to predict) or auto (default: classes when they are "
            + "2 to 100 whole numbers; otherwise you are asked to choose)")
    String task;

    @Option(names = "--steps", defaultValue = "1000", description = "optimizer steps (default 1000)")
    int steps;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd | momentum | adam")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.01", description = "learning rate (default 0.01)")
    double lr;

    @Option(names = "--l2", defaultValue = "0", description = "L2 weight decay (default 0)")
    double l2;

    @Option(names = "--batch", defaultValue = "32", description = "mini-batch size (default 32)")
    int batch;

    @Option(names = "--record-every", defaultValue = "100", description = "record every N steps (default 100)")
    int recordEvery;

    @Option(names = "--samples", description = "examples of a generated set (default 600; 5000 for adding and copy)")
    Integer samples;

    @Option(names = "--noise", defaultValue = "0.1", description = "noise of a generated set (default 0.1)")
    double noise;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "held-out fraction (default 0.2)")
    double testFraction;

    @Option(names = "--data-seed", defaultValue = "1", description = "seed of the data and the batch order")
    long dataSeed;

    @Option(names = "--output-init", defaultValue = "xavier_uniform", description = "scheme of the output layer")
    String outputInit;

    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static NetworkSpec defaultNetwork() {
        return new NetworkSpec("6 × 64 relu, He", 1, new InputSpec(2, 1, InputDistribution.NORMAL),
                List.of(new DenseSpec(64, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                        DenseSpec.DEFAULT_BIAS, 6)));
    }

    static DataSpec dataSpec(String data, Integer samples, double noise, double testFraction, long seed, int steps) {
        var kind = DataSpec.Kind.byId(data.equals("spirals") ? "spiral" : data);
        if (kind.isEmpty() || kind.get() == DataSpec.Kind.CSV) {
            if (data.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                return new DataSpec(DataSpec.Kind.CSV, 600, 0, seed, testFraction, Path.of(data));
            }
            var ids = DataSpec.Kind.ids().stream().filter(i -> !i.equals("csv")).toList();
            throw new Cli.UsageProblem("unknown data set \"" + data + "\"; allowed: " + String.join(", ", ids)
                    + " or a file ending in .csv" + Suggest.didYouMean(data, ids));
        }
        try {
            int n = samples == null ? DataSpec.of(kind.get()).samples() : samples;
            return new DataSpec(kind.get(), n, noise, seed, testFraction, null, steps);
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (steps < 0 || steps > 10_000_000) {
            throw new Cli.UsageProblem("--steps must be between 0 and 10,000,000");
        }
        var kind = OptimizerSpec.Kind.byId(optimizer).orElseThrow(() -> new Cli.UsageProblem("unknown optimizer \""
                + optimizer + "\"; allowed: " + String.join(", ", OptimizerSpec.Kind.ids())
                + Suggest.didYouMean(optimizer, OptimizerSpec.Kind.ids())));
        Scheme out = Scheme.byId(outputInit).orElseThrow(() -> new Cli.UsageProblem("unknown scheme \"" + outputInit
                + "\"; allowed: " + String.join(", ", Scheme.ids()) + Suggest.didYouMean(outputInit, Scheme.ids())));
        var csvTask = CsvLoader.Task.byId(task).orElseThrow(() -> new Cli.UsageProblem(
                "--task is auto, classification or regression, got \"" + task + "\""));
        NetworkSpec net = config == null ? defaultNetwork() : ConfigReader.read(config);
        TrainSpec ts;
        try {
            ts = new TrainSpec(net, dataSpec(data, samples, noise, testFraction, dataSeed, seqLen).withTask(csvTask),
                    OptimizerSpec.of(kind, lr).withL2(l2), InitSpec.of(out).withScheme(out), InitSpec.of(Scheme.ZEROS),
                    batch, Math.max(1, recordEvery), 100_000);
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageProblem(e.getMessage());
        }
        Trainer trainer;
        try {
            TrainSpec spec0 = ts;
            trainer = Cli.about(config, () -> Trainer.create(spec0));
        } catch (CsvException | SpecException e) {
            throw new Cli.UsageProblem(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageProblem("cannot train this network on " + data + ": " + e.getMessage());
        }
        try (trainer) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainer.step();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            var out0 = spec.commandLine().getOut();
            List<TrainingRecord> records = trainer.history().records();
            out0.print(json ? json(ts, trainer, records, seconds) + System.lineSeparator()
                    : Printable.lines(table(ts, trainer, records, seconds)));
            out0.flush();
        }
        return 0;
    }

    private static String table(TrainSpec ts, Trainer t, List<TrainingRecord> records, double seconds) {
        var sb = new StringBuilder();
        var d = t.data().train();
        String shape = d.sequence() ? d.steps() + " steps × " + d.stepFeatures() : d.d() + " features";
        String task = d.isClassification() ? ", " + d.classes() + " classes" + (d.targets() > 1 ? " × " + d.targets()
                + " answers" : "") : ", regression";
        sb.append(String.format(Locale.ROOT, "InitScope train: %s on %s (%d train, %d test, %s%s); %s lr %s, "
                        + "batch %d; %d steps in %.1f s (%.0f steps/s)%n%n", ts.network().name(), d.name(), d.n(),
                t.data().test().n(), shape, task,
                ts.optimizer().kind().id(), Fmt.num(ts.optimizer().learningRate()), ts.batchSize(), t.steps(), seconds,
                t.steps() / Math.max(seconds, 1e-9)));
        sb.append(String.format(Locale.ROOT, "%8s %6s %11s %11s %9s %9s%n", "step", "epoch", "train loss", "test loss",
                "train acc", "test acc"));
        for (TrainingRecord r : records) {
            sb.append(String.format(Locale.ROOT, "%8d %6d %11s %11s %9s %9s%n", r.step(), r.epoch(),
                    Fmt.f4(r.trainLoss()), Fmt.f4(r.testLoss()), pct(r.trainAccuracy()), pct(r.testAccuracy())));
        }
        TrainingRecord last = records.get(records.size() - 1);
        sb.append(System.lineSeparator()).append("Layers at step ").append(last.step()).append(':')
                .append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%6s %-20s %6s %11s %11s %11s %11s %9s %9s%n", "layer", "type", "units",
                "std[W]", "std[a]", "std[∂L/∂a]", "‖∂L/∂W‖", "log₁₀ΔW/W", "distinct"));
        List<String> labels = t.layerLabels();
        for (LayerSnapshot l : last.layers()) {
            sb.append(String.format(Locale.ROOT, "%6s %-20s %6d %11s %11s %11s %11s %9s %9s%n", l.name(),
                    labels.get(l.index() - 1), l.units(),
                    Fmt.f4(l.get(Quantity.WEIGHTS).std()), Fmt.f4(l.get(Quantity.ACTIVATIONS).std()),
                    Fmt.f4(l.get(Quantity.ACTIVATION_GRADIENTS).std()), Fmt.f4(l.gradientNorm()),
                    Double.isNaN(l.updateRatio()) ? "–" : String.format(Locale.ROOT, "%.2f", l.updateRatio()),
                    l.distinctUnits() + (l.symmetric() ? " (sym.)" : "")));
        }
        return sb.toString();
    }

    private static String pct(double f) {
        return Double.isNaN(f) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * f);
    }

    private static String json(TrainSpec ts, Trainer t, List<TrainingRecord> records, double seconds)
            throws IOException {
        var out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("data");
            var d = t.data().train();
            g.writeStringField("name", d.name());
            g.writeNumberField("train", d.n());
            g.writeNumberField("test", t.data().test().n());
            g.writeNumberField("features", d.d());
            g.writeNumberField("steps", d.steps());
            g.writeNumberField("classes", d.classes());
            g.writeNumberField("answers", d.isClassification() ? d.targets() : 0);
            g.writeEndObject();
            g.writeObjectFieldStart("optimizer");
            g.writeStringField("kind", ts.optimizer().kind().id());
            g.writeNumberField("learningRate", ts.optimizer().learningRate());
            g.writeNumberField("l2", ts.optimizer().l2());
            g.writeNumberField("batch", ts.batchSize());
            g.writeEndObject();
            g.writeNumberField("seed", ts.network().seed());
            g.writeNumberField("steps", t.steps());
            g.writeNumberField("seconds", seconds);
            g.writeArrayFieldStart("records");
            for (TrainingRecord r : records) {
                g.writeStartObject();
                g.writeNumberField("step", r.step());
                g.writeNumberField("epoch", r.epoch());
                num(g, "trainLoss", r.trainLoss());
                num(g, "testLoss", r.testLoss());
                num(g, "trainAccuracy", r.trainAccuracy());
                num(g, "testAccuracy", r.testAccuracy());
                g.writeArrayFieldStart("layers");
                for (LayerSnapshot l : r.layers()) {
                    g.writeStartObject();
                    g.writeStringField("name", l.name());
                    g.writeStringField("type", t.layerLabels().get(l.index() - 1));
                    g.writeNumberField("index", l.index());
                    g.writeBooleanField("output", l.output());
                    g.writeNumberField("units", l.units());
                    num(g, "gradientNorm", l.gradientNorm());
                    num(g, "updateRatio", l.updateRatio());
                    g.writeNumberField("distinctUnits", l.distinctUnits());
                    num(g, "deadUnitFraction", l.deadUnitFraction());
                    for (Quantity q : Quantity.values()) {
                        g.writeFieldName(q.key());
                        StatsJson.writeStats(g, l.get(q));
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void num(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
