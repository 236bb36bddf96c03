package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lesson-export: a lesson's steps as PNG slides of the asked size and one PDF page per step with its text. */
class LessonExportCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aLessonBecomesOneSlidePerStepAndAHandoutWithOnePagePerStep() throws Exception {
        Path slides = dir.resolve("slides");
        Path pdf = dir.resolve("handout.pdf");
        Run r = run("lesson-export", "--lesson", "vanishing", "--out", slides.toString(), "--width", "1024",
                "--height", "768", "--pdf", pdf.toString());
        assertEquals(0, r.code(), r.err());
        Scenario lesson = Scenarios.find("vanishing");
        int n = lesson.steps().size();
        for (int i = 0; i < n; i++) {
            Path png = slides.resolve(String.format("step-%02d.png", i + 1));
            assertTrue(r.out().contains("wrote " + png), r.out());
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(1024, img.getWidth());
            assertEquals(768, img.getHeight());
            // a drawn slide (text, lines, bars), not an empty canvas
            var colours = new HashSet<Integer>();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 200, "step " + (i + 1) + " has " + colours.size() + " colours");
        }
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertEquals(n, doc.getNumberOfPages(), "one page per step");
            for (int i = 0; i < n; i++) {
                var strip = new PDFTextStripper();
                strip.setStartPage(i + 1);
                strip.setEndPage(i + 1);
                String text = strip.getText(doc).replaceAll("\\s+", " ");
                Scenario.Step s = lesson.steps().get(i);
                assertTrue(text.contains(s.title()), "page " + (i + 1) + " has the title \"" + s.title() + "\": "
                        + text);
                assertTrue(text.contains("Ask the class"), "and the question: " + text);
                assertEquals(1, doc.getPage(i).getResources().getXObjectNames().spliterator().estimateSize() > 0
                        ? 1 : 0, "and the charts as an image");
            }
            assertEquals(lesson.title(), doc.getDocumentInformation().getTitle());
        }
    }

    /** The window's dark theme does not reach the slides: they are drawn exactly as in the light theme. */
    @Test
    void slidesAreLightWhateverTheWindowsTheme() throws Exception {
        // one step with a depth chart and histograms: grid and axis colours are what the dark theme changes
        Path lesson = Files.writeString(dir.resolve("one.json"), "{\"title\": \"One step\", \"steps\": [{"
                + "\"title\": \"Weights far too large\", \"text\": \"Saturated tanh.\", "
                + "\"preset\": \"cs231n-tanh-large.json\", \"view\": \"histograms\", "
                + "\"look\": [\"histogramGrid\", \"depthChart\"]}]}");
        Run light = run("lesson-export", "--lesson", lesson.toString(), "--out", dir.resolve("light").toString(),
                "--width", "1024", "--height", "768");
        assertEquals(0, light.code(), light.err());
        org.initscope.view.ChartExport.onFx(() -> {
            org.initscope.view.ChartPane.darkThemeProperty().set(true);
            return null;
        }, 60);
        try {
            Run dark = run("lesson-export", "--lesson", lesson.toString(), "--out", dir.resolve("dark").toString(),
                    "--width", "1024", "--height", "768");
            assertEquals(0, dark.code(), dark.err());
            BufferedImage a = ImageIO.read(dir.resolve("light").resolve("step-01.png").toFile());
            BufferedImage b = ImageIO.read(dir.resolve("dark").resolve("step-01.png").toFile());
            int differ = 0;
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    differ += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
                }
            }
            assertEquals(0, differ, "pixels that differ between the slides exported in the light and dark themes");
        } finally {
            org.initscope.view.ChartExport.onFx(() -> {
                org.initscope.view.ChartPane.darkThemeProperty().set(false);
                return null;
            }, 60);
        }
    }

    @Test
    void aBadSizeOrAnUnknownLessonIsOneClearLine() throws Exception {
        Run small = run("lesson-export", "--lesson", "vanishing", "--out", dir.resolve("a").toString(), "--width",
                "100");
        assertEquals(2, small.code());
        assertTrue(small.err().startsWith("error: --width must be between 640 and 4096"), small.err());
        Run unknown = run("lesson-export", "--lesson", "nope", "--out", dir.resolve("b").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no such lesson"), unknown.err());
        assertTrue(Files.notExists(dir.resolve("a")) && Files.notExists(dir.resolve("b")), "nothing written");
        Run file = run("lesson-export", "--lesson", "vanishing", "--out", Files.writeString(dir.resolve("f"), "x")
                .toString());
        assertEquals(2, file.code());
        assertTrue(file.err().contains("it is not a folder"), file.err());
    }
}
