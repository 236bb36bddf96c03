package org.initscope.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.initscope.app.InitScopeApp;
import org.initscope.config.ConfigReader;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.config.SweepReader;
import org.initscope.controller.AppSettings;
import org.initscope.engine.sweep.Reproductions;
import org.initscope.i18n.I18n;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Open the desktop app, optionally with a network config (what running without a command does).")
final class AppCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a network config to open")
    Path file;

    @Option(names = "--lesson", paramLabel = "NAME|FILE", description = "start a lesson: a built-in one (vanishing, "
            + "saturation, xavier-vs-he, zero-init, pytorch-default, selu, isometry) or a lesson file")
    String lesson;

    @Option(names = "--step", paramLabel = "N", defaultValue = "1", description = "the lesson step to start at "
            + "(1-based; default 1)")
    int step;

    @Option(names = "--sweep", paramLabel = "FILE", description = "open a sweep file in the Experiments mode and run "
            + "it")
    Path sweep;

    @Option(names = "--reproduce", paramLabel = "NAME", description = "run a reproduced paper in the Experiments mode "
            + "(see reproduce --list)")
    String reproduce;

    @Option(names = "--presentation", description = "start in presentation mode (large text, thick lines)")
    boolean presentation;

    @Option(names = "--lock", description = "start with editing locked")
    boolean lock;

    @Option(names = "--language", paramLabel = "en|zh-CN", description = "the window's language (remembered)")
    String language;

    @Option(names = "--theme", paramLabel = "light|dark", description = "the theme (remembered)")
    String theme;

    @Override
    public Integer call() throws Exception {
        if (language != null) {
            if (I18n.Language.byTag(language) == null) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--language is en or zh-CN, got " + language);
            }
            AppSettings.get().setLanguage(language);
        }
        if (theme != null) {
            if (!theme.equalsIgnoreCase("light") && !theme.equalsIgnoreCase("dark")) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--theme is light or dark, got " + theme);
            }
            AppSettings.get().setTheme(theme.toUpperCase(Locale.ROOT));
        }
        if (file != null) {
            ConfigReader.read(file);
        }
        Scenario s = null;
        if (lesson != null) {
            s = Scenarios.find(lesson);
            if (step < 1 || step > s.steps().size()) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--step must be "
                        + "between 1 and " + s.steps().size() + " for the lesson \"" + s.title() + "\"");
            }
        }
        if (sweep != null && reproduce != null) {
            throw new Cli.UsageProblem("--sweep and --reproduce both run in the Experiments mode: give one");
        }
        var sweepSpec = sweep == null ? null : SweepReader.read(sweep);
        var paper = reproduce == null ? null : Reproductions.byId(reproduce).orElseThrow(
                () -> new Cli.UsageProblem("unknown experiment " + Cli.shown(reproduce) + "; the experiments are "
                        + String.join(", ", Reproductions.ids())));
        InitScopeApp.open(file, new InitScopeApp.StartOptions(s, step - 1, presentation, lock, sweepSpec, paper));
        return 0;
    }
}
