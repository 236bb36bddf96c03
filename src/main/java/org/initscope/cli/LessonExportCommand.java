package org.initscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.view.LessonExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A lesson as slides and a handout, without a window: every step drawn in presentation mode (headless, as the
 * {@code render} command draws) into DIR/step-01.png, … and one PDF of all steps.
 */
@Command(name = "lesson-export", mixinStandardHelpOptions = true,
        description = "Write every step of a lesson as a PNG slide (its title, text and question beside its charts) "
                + "and one PDF handout of all steps, without a window (headless).")
final class LessonExportCommand implements Callable<Integer> {
    @Option(names = "--lesson", required = true, paramLabel = "NAME|FILE", description = "a built-in lesson "
            + "(vanishing, saturation, xavier-vs-he, zero-init, pytorch-default, selu, isometry) or a lesson file")
    String lesson;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder for the PNGs (made if "
            + "missing; its parent must exist)")
    Path out;

    @Option(names = "--width", paramLabel = "W", defaultValue = "1920", description = "slide width in pixels "
            + "(default 1920)")
    int width;

    @Option(names = "--height", paramLabel = "H", defaultValue = "1080", description = "slide height in pixels "
            + "(default 1080; 1024×768 for a 4:3 projector)")
    int height;

    @Option(names = "--pdf", paramLabel = "FILE", description = "the handout PDF (default: DIR/<lesson>-handout.pdf)")
    Path pdf;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (LessonExport.parseSize(width + "x" + height).isEmpty()) {
            throw new Cli.UsageProblem("--width must be between " + LessonExport.MIN_SIZE + " and "
                    + LessonExport.MAX_SIZE + " and --height between " + LessonExport.MIN_SIZE / 2 + " and "
                    + LessonExport.MAX_SIZE + ", got " + width + "×" + height);
        }
        Scenario s = Scenarios.find(lesson);
        Path dir = out.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Cli.UsageProblem("cannot write into " + out + ": it is not a folder");
        }
        if (dir.getParent() == null || !Files.isDirectory(dir.getParent())) {
            throw new Cli.UsageProblem("cannot write into " + out + ": its parent folder does not exist");
        }
        Path handout = pdf != null ? pdf.toAbsolutePath() : dir.resolve(LessonExport.fileStem(s) + "-handout.pdf");
        if (handout.getParent() == null || !Files.isDirectory(handout.getParent()) && !handout.getParent().equals(dir)) {
            throw new Cli.UsageProblem("cannot write " + handout + ": the folder does not exist");
        }
        RenderCommand.startHeadless();
        var o = spec.commandLine().getOut();
        LessonExport.export(s, width, height, dir, handout, line -> {
            o.println(line);
            o.flush();
        });
        return 0;
    }
}
