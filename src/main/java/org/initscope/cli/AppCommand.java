package org.initscope.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.initscope.config.ConfigReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Open the desktop app, optionally with a network config (what running without a command does).")
final class AppCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a network config to open")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (file != null) {
            ConfigReader.read(file);
        }
        org.initscope.app.InitScopeApp.open(file);
        return 0;
    }
}
