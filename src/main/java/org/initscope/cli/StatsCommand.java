package org.initscope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.initscope.config.ConfigReader;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.RunOptions;
import org.initscope.export.StatsCsv;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Run a network forward and backward once and print every layer's statistics.")
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "network config (JSON); default: the built-in "
            + "network (10 × 500 tanh, xavier_normal with gain 5/3, batch 256)")
    Path config;

    @Option(names = "--seed", paramLabel = "N", description = "override the config's seed")
    Long seed;

    @Option(names = "--bins", paramLabel = "N", defaultValue = "64", description = "histogram bins (default 64)")
    int bins;

    @Option(names = "--shared-range", description = "histograms of a quantity share one range across layers")
    boolean sharedRange;

    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @Option(names = "--csv", description = "print every layer's statistics as CSV (one row per layer and quantity)")
    boolean csv;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (bins < 1 || bins > RunOptions.MAX_BINS) {
            throw new Cli.UsageProblem("--bins must be between 1 and " + RunOptions.MAX_BINS + ", got " + bins);
        }
        if (json && csv) {
            throw new Cli.UsageProblem("--json and --csv exclude each other");
        }
        NetworkSpec net = config == null ? NetworkSpec.defaultNetwork() : ConfigReader.read(config);
        if (seed != null) {
            net = net.withSeed(seed);
        }
        var options = new RunOptions(bins, sharedRange ? RunOptions.HistogramRange.SHARED
                : RunOptions.HistogramRange.PER_LAYER);
        NetworkSpec run = net;
        PropagationResult result = Cli.about(config, () -> {
            try (var engine = new Propagator()) {
                return engine.run(run.resolve(), options);
            }
        });
        var out = spec.commandLine().getOut();
        // the table names the network and its layers as the file does: control characters escaped for the terminal
        out.print(csv ? StatsCsv.write(result) : json ? StatsJson.write(result, false) + System.lineSeparator()
                : Printable.lines(StatsTable.write(result)));
        out.flush();
        return 0;
    }
}
