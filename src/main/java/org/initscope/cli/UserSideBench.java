package org.initscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    static int startup(PrintWriter out, PrintWriter err, String screen, int runs, boolean json) throws Exception {
        if (runs < 1 || runs > 50) {
            throw new Cli.UsageProblem("--runs must be 1..50");
        }
        double load = StartupBench.loadAverage();
        List<StartupBench.Run> result = StartupBench.run(runs, screen, line -> {
            err.println("bench --startup: " + line);
            err.flush();
        });
        Map<String, Double> medians = StartupBench.medians(result);
        if (json) {
            var mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("screen", screen);
            root.put("runs", runs);
            root.put("loadAverageAtStart", load);
            var m = root.putObject("medianMs");
            medians.forEach(m::put);
            var all = root.putArray("firstFrameMs");
            result.forEach(r -> all.add(r.phases().get("first frame with real charts")));
            out.println(mapper.writeValueAsString(root));
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "InitScope bench --startup: %d cold starts of the app on a headless %s screen (load "
                + "average %.1f at the start), ms from the launch (median)%n%n", runs, screen, load);
        medians.forEach((phase, ms) -> out.printf(Locale.ROOT, "  %-32s %8.0f%n", phase, ms));
        out.printf(Locale.ROOT, "%nfirst frame with real charts, every run: %s ms%n", String.join(", ",
                result.stream().map(r -> Long.toString(r.phases().get("first frame with real charts"))).toList()));
        out.flush();
        return 0;
    }
}
