package org.initscope.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.initscope.config.ConfigException;
import org.initscope.engine.ResourceLimitException;
import org.initscope.model.Printable;
import org.initscope.model.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code stats}, {@code schemes}, {@code bench}. Bad input exits 2 with one clear message. */
@Command(name = "initscope", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Shows how weight initialization shapes the signal in a neural network.%n"
                + "Without a command, java -jar initscope.jar opens the desktop app.",
        subcommands = {AppCommand.class, StatsCommand.class, TrainCommand.class, TheoryCommand.class, PhaseCommand.class,
            SchemesCommand.class, BenchCommand.class, RenderCommand.class, LessonExportCommand.class, LessonCommand.class,
            SweepCommand.class, ReproduceCommand.class,
            CommandLine.HelpCommand.class})
public final class Cli implements Runnable {
    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A problem with what the user asked for: printed as one line, exit code 2. */
    public static final class UsageProblem extends RuntimeException {
        public UsageProblem(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"InitScope " + VERSION};
        }
    }

    /** Run the command line; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        var cmd = new CommandLine(new Cli());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + shown(message(ex)));
            commandLine.getErr().flush();
            return isUserError(ex) ? 2 : 1;
        });
        cmd.setParameterExceptionHandler(Cli::badArguments);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * A command line that cannot be parsed: one line saying what is wrong (the arguments escaped: they can hold
     * control characters), a suggestion when picocli has one, and where the options are listed; exit code 2.
     */
    private static int badArguments(CommandLine.ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        String what = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
                && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            boolean file = arg.toLowerCase(Locale.ROOT).endsWith(".json");
            what = "'" + arg + "' is not an option" + (c.getSubcommands().isEmpty() ? "" : " or a command")
                    + " of " + c.getCommandSpec().qualifiedName()
                    + (file && c.getCommandSpec().findOption("--config") != null
                            ? "; a network config is given as --config " + arg : "");
        }
        err.println("error: " + shown(what));
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            err.println("did you mean " + shown(String.join(" or ", u.getSuggestions())) + "?");
        }
        err.println("(" + c.getCommandSpec().qualifiedName() + " --help lists the options)");
        err.flush();
        return 2;
    }

    /** Work on a network read from {@code config}: a refusal for memory or time names that file first. */
    static <T> T about(Path config, Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (ResourceLimitException e) {
            if (config == null) {
                throw e;
            }
            ResourceLimitException named = new ResourceLimitException(config + ": " + e.getMessage());
            named.setStackTrace(e.getStackTrace());
            throw named;
        }
    }

    /** Text from a file or the command line as it may be printed on a terminal (control characters escaped). */
    static String shown(String s) {
        return Printable.of(s);
    }

    private static boolean isUserError(Throwable ex) {
        return ex instanceof ConfigException || ex instanceof ResourceLimitException || ex instanceof UsageProblem
                || ex instanceof SpecException;
    }

    private static String message(Throwable ex) {
        if (isUserError(ex)) {
            return ex.getMessage();
        }
        String m = ex.getMessage();
        return "unexpected " + ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
