package org.initscope;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.initscope.cli.Cli;

/**
 * The entry point of {@code java -jar initscope.jar}: with arguments, the command line; without, the desktop app.
 * It does not extend javafx.application.Application, so that the jar also starts with JavaFX on the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        var out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        var err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.execute(args, out, err);
        System.exit(code);
    }
}
