package org.initscope;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javafx.application.Application;
import org.initscope.app.InitScopeApp;
import org.initscope.cli.Cli;

/**
 * The entry point of {@code java -jar initscope.jar}: with arguments, the command line; without, the desktop app.
 * It does not extend Application, so that the jar also starts with JavaFX on the class path.
 *
 * <p>The engine's reductions run on the JDK's Vector API, an incubator module that a jar cannot add to its own
 * JVM: when it is missing, the launcher starts the same command once more with {@code --add-modules
 * jdk.incubator.vector} (0.2 s) instead of running 3–5× slower statistics. {@code -Dinitscope.noRelaunch=true}
 * keeps the first JVM (the engine then uses its scalar loops).
 */
public final class Launcher {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String RELAUNCHED = "INITSCOPE_RELAUNCHED";
    static final String LAUNCHED_AT = "INITSCOPE_LAUNCHED_AT";

    /** When the user started InitScope (epoch ms): this JVM's start, or the first one's before a relaunch. */
    public static long launchedAt() {
        try {
            String s = System.getenv(LAUNCHED_AT);
            if (s != null) {
                return Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private Launcher() {
    }

    /**
     * For a new, separate start of InitScope from this process (bench --startup): without this process's launch
     * time and relaunch mark in its environment, it times its own start and adds the vector module as a user's does.
     */
    public static void asNewLaunch(Map<String, String> environment) {
        environment.remove(LAUNCHED_AT);
        environment.remove(RELAUNCHED);
    }

    /** JavaFX's logger, kept (the logging keeps loggers weakly): its filter drops the class-path notice. */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: " + VECTOR_MODULE;

    /**
     * No JDK or JavaFX notices on a normal run: JavaFX on the class path (as {@code java -jar} runs it, and as
     * supported for an app that ships its own JavaFX jars) logs "Unsupported JavaFX configuration" at every start;
     * that one record is dropped, every other JavaFX warning still shows.
     */
    static void quiet() {
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null
                || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
    }

    public static void main(String[] args) {
        quiet();
        if (shouldRelaunch()) {
            Integer code = relaunch(args);
            if (code != null) {
                System.exit(code);
            }
        }
        if (args.length == 0) {
            InitScopeApp.open(null, InitScopeApp.StartOptions.NONE);
            System.exit(0);
        }
        var out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        var err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.execute(args, out, err);
        System.exit(code);
    }

    static boolean shouldRelaunch() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()
                && ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent()
                && !Boolean.getBoolean("initscope.noRelaunch")
                && System.getenv(RELAUNCHED) == null;
    }

    /** Copy a child's error output line by line, without the incubator-module notice. */
    static void copyErrors(InputStream in, PrintStream err) {
        try (var r = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.equals(INCUBATOR_WARNING)) {
                    err.println(line);
                    err.flush();
                }
            }
        } catch (IOException e) {
            // the child ended: nothing more to copy
        }
    }

    /**
     * Run this command again in a JVM with the Vector API; null if that JVM cannot be started. The desktop app's
     * JVM maps the class-data archive of earlier starts (ClassDataArchive), or writes one as it ends.
     */
    private static Integer relaunch(String[] args) {
        Optional<ClassDataArchive> archive = args.length == 0
                ? ClassDataArchive.forClassPath(System.getProperty("java.class.path"), ClassDataArchive.cacheDir())
                : Optional.empty();
        long started = System.nanoTime();
        List<String> cds = archive.map(a -> a.jvmOptions(ProcessHandle.current().pid())).orElse(List.of());
        Integer code = relaunch(args, cds);
        if (code != null && archive.isPresent()
                && archive.get().afterExit(cds, code, ProcessHandle.current().pid())
                && System.nanoTime() - started < 10_000_000_000L) {
            // the JVM crashed at once on the archive (a damaged file): start without it
            code = relaunch(args, List.of());
        }
        return code;
    }

    private static Integer relaunch(String[] args, List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--add-modules=" + VECTOR_MODULE);
        cmd.addAll(jvmOptions);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Launcher.class.getName());
        cmd.addAll(List.of(args));
        // the child's error stream passes through, less the JVM's notice that the Vector API incubates
        var pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(RELAUNCHED, "1");
        // the startup time counts from this first JVM's start
        pb.environment().put(LAUNCHED_AT, Long.toString(ManagementFactory.getRuntimeMXBean().getStartTime()));
        try {
            Process child = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
            Thread errors = new Thread(() -> copyErrors(child.getErrorStream(), System.err), "initscope-stderr");
            errors.setDaemon(true);
            errors.start();
            int code = child.waitFor();
            errors.join(2000);
            return code;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
