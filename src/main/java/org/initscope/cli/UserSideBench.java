package org.initscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.initscope.app.TrainUiBench;
import org.initscope.app.UiBench;

/** {@code bench --ui} and {@code bench --startup}: the numbers a user feels, printed as a table or as JSON. */
final class UserSideBench {
    private UserSideBench() {
    }

    static int ui(PrintWriter out, PrintWriter err, String screen, double dragSeconds, boolean json) throws Exception {
        double load = StartupBench.loadAverage();
        UiBench.headless(screen);
        UiBench.Report report = UiBench.run(dragSeconds, true, line -> {
            err.println("bench --ui: " + line);
            err.flush();
        });
        if (json) {
            var mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("screen", report.screen());
            root.put("loadAverageAtStart", load);
            var first = root.putObject("firstEdits");
            first.put("firstMs", report.firstEdits().first());
            first.put("tenthMs", report.firstEdits().tenth());
            first.put("medianOfLaterMs", report.firstEdits().medianOfLater());
            var rows = root.putArray("gestures");
            for (UiBench.Row r : report.rows()) {
                var o = rows.addObject();
                o.put("network", r.network());
                o.put("gesture", r.gesture());
                o.put("edits", r.edits());
                o.put("shown", r.shown());
                o.put("dropped", r.dropped());
                o.put("lastShown", r.lastShown());
                o.put("seconds", r.seconds());
                o.put("updatesPerSecond", r.updatesPerSecond());
                o.put("p50Ms", r.p50());
                o.put("p95Ms", r.p95());
                o.put("maxMs", r.max());
                o.put("fxPausesOver16Ms", r.fxPauses());
                o.put("longestFxBusyMs", r.longestFxBusy());
                o.put("longestPulseGapMs", r.longestGap());
            }
            out.println(mapper.writeValueAsString(root));
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "InitScope bench --ui: the real window on a headless %s screen (load average %.1f at "
                + "the start)%n%n", report.screen(), load);
        var f = report.firstEdits();
        out.printf(Locale.ROOT, "first edits after the window appeared (a slider step, edit → frame): first %.0f ms, "
                + "tenth %.0f ms, median of the 2nd–12th %.0f ms (first / later = %.2f)%n%n", f.first(), f.tenth(),
                f.medianOfLater(), f.first() / f.medianOfLater());
        out.printf(Locale.ROOT, "%-26s %-22s %6s %6s %7s %10s %9s %9s %9s %10s %11s%n", "network", "gesture",
                "edits", "shown", "dropped", "updates/s", "p50 ms", "p95 ms", "max ms", "FX >16 ms",
                "FX busy ms");
        for (UiBench.Row r : report.rows()) {
            out.printf(Locale.ROOT, "%-26s %-22s %6d %6d %7d %10.1f %9.0f %9.0f %9.0f %10d %11.0f%n", r.network(),
                    r.gesture(), r.edits(), r.shown(), r.dropped(), r.updatesPerSecond(), r.p50(), r.p95(), r.max(),
                    r.fxPauses(), r.longestFxBusy());
        }
        out.println();
        out.println("edits: changes of the network the gesture made (tabs: switches); shown: those a frame showed "
                + "(the others were superseded while computing: the latest edit wins); latency from the edit to the "
                + "first frame laid out with its result; FX >16 ms: pulses the FX thread was busy for more than 16 ms "
                + "of its own CPU time; FX busy: the longest such stretch.");
        out.flush();
        return 0;
    }

    static int trainUi(PrintWriter out, PrintWriter err, String screen, String preset, double seconds, Path png,
            boolean json) throws Exception {
        double load = StartupBench.loadAverage();
        UiBench.headless(screen);
        var r = TrainUiBench.run(preset, 3, seconds, png, line -> {
            err.println("bench --train-ui: " + line);
            err.flush();
        });
        if (json) {
            var mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("preset", r.preset());
            root.put("screen", r.screen());
            root.put("loadAverageAtStart", load);
            root.put("seconds", r.seconds());
            root.put("recordEvery", r.recordEvery());
            root.put("steps", r.steps());
            root.put("stepsPerSecond", r.stepsPerSecond());
            root.put("framesWithNewStatePerSecond", r.newStateFramesPerSecond());
            root.put("framesWithNewRecordPerSecond", r.newRecordFramesPerSecond());
            root.put("statesPublishedPerSecond", r.statesPerSecond());
            root.put("pulsesPerSecond", r.pulsesPerSecond());
            root.put("fxBusyShare", r.fxBusyShare());
            root.put("workerCpuShare", r.workerCpuShare());
            root.put("rendererCpuShare", r.rendererCpuShare());
            root.put("workerCpuMsPerStep", r.workerCpuMsPerStep());
            root.put("drawCpuMsPerPulse", r.drawCpuMsPerPulse());
            root.put("fxPausesOver16Ms", r.fxPausesOver16Ms());
            root.put("longestPulseGapMs", r.longestGapMs());
            out.println(mapper.writeValueAsString(root));
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "InitScope bench --train-ui (load average %.1f at the start)%n", load);
        TrainUiBench.describe(r).forEach(out::println);
        out.flush();
        return 0;
    }

    static int startup(PrintWriter out, PrintWriter err, String screen, int runs, boolean json) throws Exception {
        if (runs < 1 || runs > 50) {
            throw new Cli.UsageProblem("--runs must be 1..50");
        }
        double load = StartupBench.loadAverage();
        Consumer<String> progress = line -> {
            err.println("bench --startup: " + line);
            err.flush();
        };
        // the first start writes the class-data archive; then starts with it and without it, one after the other,
        // so that the two are measured under the same load
        Path cache = Files.createTempDirectory("initscope-startup-cache");
        List<StartupBench.Run> first;
        List<StartupBench.Run> with = new ArrayList<>();
        List<StartupBench.Run> without = new ArrayList<>();
        try {
            first = StartupBench.run(1, screen, new StartupBench.Kind("first start", cache, true), progress);
            for (int i = 0; i < runs; i++) {
                with.addAll(StartupBench.run(1, screen, new StartupBench.Kind("with the archive", cache, true),
                        progress));
                without.addAll(StartupBench.run(1, screen, new StartupBench.Kind("without", cache, false),
                        progress));
            }
        } finally {
            StartupBench.deleteTree(cache);
        }
        Map<String, Double> m0 = StartupBench.medians(first);
        Map<String, Double> m1 = StartupBench.medians(with);
        Map<String, Double> m2 = StartupBench.medians(without);
        if (json) {
            var mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("screen", screen);
            root.put("runs", runs);
            root.put("loadAverageAtStart", load);
            var f = root.putObject("firstStartMs");
            m0.forEach(f::put);
            var m = root.putObject("medianMs");
            m1.forEach(m::put);
            var w = root.putObject("medianWithoutArchiveMs");
            m2.forEach(w::put);
            var all = root.putArray("firstFrameMs");
            with.forEach(r -> all.add(r.phases().get(FIRST_FRAME)));
            var allWithout = root.putArray("firstFrameWithoutArchiveMs");
            without.forEach(r -> allWithout.add(r.phases().get(FIRST_FRAME)));
            out.println(mapper.writeValueAsString(root));
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "InitScope bench --startup: cold starts of the app on a headless %s screen (load "
                + "average %.1f at the start), ms from the launch: the first start (it writes the class-data "
                + "archive), then %d starts with the archive and %d without, alternating (medians)%n%n", screen, load,
                runs, runs);
        out.printf(Locale.ROOT, "  %-32s %11s %13s %11s%n", "phase", "first start", "with archive", "without");
        for (String phase : m1.keySet()) {
            out.printf(Locale.ROOT, "  %-32s %11.0f %13.0f %11.0f%n", phase, m0.getOrDefault(phase, Double.NaN),
                    m1.get(phase), m2.getOrDefault(phase, Double.NaN));
        }
        out.printf(Locale.ROOT, "%nfirst frame with real charts, every start with the archive: %s ms; without: %s ms"
                + "%n", frames(with), frames(without));
        out.flush();
        return 0;
    }

    private static final String FIRST_FRAME = "first frame with real charts";

    private static String frames(List<StartupBench.Run> runs) {
        return String.join(", ", runs.stream().map(r -> Long.toString(r.phases().get(FIRST_FRAME))).toList());
    }
}
