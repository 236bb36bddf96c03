package org.initscope.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.initscope.Launcher;

/**
 * The start as a user sees it, in cold JVMs: each run starts {@code java -jar} as a user would (with the launcher's
 * relaunch for the Vector API), on a headless screen, with settings and autosave folders of its own (nothing
 * remembered, nothing to restore), and reports when each phase of the start was reached, counted from the
 * first JVM's start; the app quits after its first frame with real charts.
 */
final class StartupBench {
    private static final Pattern PHASE = Pattern.compile("^startup: (.+) after (\\d+) ms$");

    private StartupBench() {
    }

    /** One run: its phases in the order reached (ms from the launch), and the wall time the bench saw. */
    record Run(Map<String, Long> phases, double wallMs) {
    }

    /** How a start is made: with the class-data archive of the earlier starts in {@code cache}, or without one. */
    record Kind(String name, Path cache, boolean classDataSharing) {
    }

    static List<Run> run(int runs, String geometry, Consumer<String> progress)
            throws IOException, InterruptedException {
        Path cache = Files.createTempDirectory("initscope-startup-cache");
        try {
            return run(runs, geometry, new Kind("", cache, false), progress);
        } finally {
            deleteTree(cache);
        }
    }

    static List<Run> run(int runs, String geometry, Kind kind, Consumer<String> progress)
            throws IOException, InterruptedException {
        String javaCommand = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("initscope-startup");
            try {
                List<String> cmd = new ArrayList<>(List.of(javaCommand, "-Dinitscope.startupTiming=true",
                        "-Dinitscope.home=" + dir.resolve("home"), "-Dinitscope.prefs=org/initscope/bench",
                        "-Djava.util.prefs.userRoot=" + dir.resolve("prefs"), "-Dglass.platform=Monocle",
                        "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k",
                        "-Dheadless.geometry=" + geometry + "-32", "-Dinitscope.cache=" + kind.cache(),
                        "-Dinitscope.classDataSharing=" + kind.classDataSharing()));
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
                long t0 = System.nanoTime();
                var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                // this bench's own launch time and relaunch mark would be inherited: each start times itself
                Launcher.asNewLaunch(pb.environment());
                Process p = pb.start();
                Map<String, Long> phases = new LinkedHashMap<>();
                List<String> other = new ArrayList<>();
                try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Matcher m = PHASE.matcher(line.strip());
                        if (m.matches()) {
                            phases.put(m.group(1), Long.parseLong(m.group(2)));
                        } else {
                            other.add(line);
                        }
                    }
                }
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("the app did not start within 120 s");
                }
                double wall = (System.nanoTime() - t0) / 1e6;
                if (!phases.containsKey("first frame with real charts")) {
                    throw new IllegalStateException("the app did not report its first frame: "
                            + String.join(" | ", other.subList(Math.max(0, other.size() - 5), other.size())));
                }
                long firstFrame = phases.get("first frame with real charts");
                if (firstFrame > wall) {
                    throw new IllegalStateException("the app reported its first frame " + firstFrame + " ms after "
                            + "its launch, but it ran for only " + Math.round(wall) + " ms: it timed another launch");
                }
                out.add(new Run(phases, wall));
                progress.accept(String.format(Locale.ROOT, "%srun %d: first frame with real charts after "
                        + "%d ms", kind.name().isEmpty() ? "" : kind.name() + ", ", i + 1,
                        phases.get("first frame with real charts")));
            } finally {
                deleteTree(dir);
            }
        }
        return out;
    }

    /** The median over the runs of each phase (ms; the mean of the middle two for an even count), in the order of the first run. */
    static Map<String, Double> medians(List<Run> runs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String phase : runs.get(0).phases().keySet()) {
            double[] v = runs.stream().filter(r -> r.phases().containsKey(phase))
                    .mapToDouble(r -> r.phases().get(phase)).sorted().toArray();
            m.put(phase, v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
        }
        return m;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
