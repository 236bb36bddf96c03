package org.initscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A handout in Chinese: DejaVu Sans (shipped) has no CJK glyphs, so each Chinese character is drawn in a CJK font
 * installed on the machine and embedded; the text stays selectable (the PDF's text is the step's text, not "?").
 */
class LessonPdfTest {
    private static final String TITLE = "小权重：信号逐层消失";
    private static final String TEXT = "每一层把激活的方差乘以 σ_w²·E[φ'(z)²] ≈ 0.22：十层之后 Var[a] ≈ 3e-7。";
    private static final String QUESTION = "问全班：为什么反向的梯度也消失了？";

    @Test
    void chineseTextIsDrawnInAnInstalledCjkFontNotAsQuestionMarks() throws Exception {
        var font = LessonPdf.cjkFont();
        Assumptions.assumeTrue(font.isPresent(), "no CJK font PDFBox can embed on this machine: "
                + LessonPdf.CJK_FONTS);
        byte[] pdf = LessonPdf.render("梯度消失", List.of(new LessonPdf.Page("梯度消失", "第 1 步，共 1 步", TITLE, TEXT,
                "看：深度图", QUESTION, null)));
        try (var doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            for (String s : List.of(TITLE, TEXT, QUESTION)) {
                assertTrue(text.contains(s.replaceAll("\\s+", "")), "the page has \"" + s + "\" in " + font.get()
                        + ": " + text);
            }
            assertFalse(text.contains("?"), text);
            // two fonts embedded: DejaVu Sans for the Latin letters and symbols, the CJK one for the rest
            var fonts = new java.util.HashSet<String>();
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                fonts.add(doc.getPage(0).getResources().getFont(name).getName());
            }
            assertTrue(fonts.stream().anyMatch(f -> f.contains("DejaVuSans")), fonts.toString());
            assertTrue(fonts.stream().anyMatch(f -> !f.contains("DejaVuSans")), fonts.toString());
            for (var name : doc.getPage(0).getResources().getFontNames()) {
                assertTrue(doc.getPage(0).getResources().getFont(name).isEmbedded(), name + " is embedded");
            }
        }
    }

    /**
     * Noto Sans CJK (the CJK font most Linux systems have) has CFF outlines: PDFBox loads it but fails when the PDF is
     * saved. It is never chosen, so a handout in Chinese is written (with another CJK font, or "?").
     */
    @Test
    void aCjkFontWithCffOutlinesIsNeverEmbedded() throws Exception {
        var noto = java.nio.file.Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(noto), "Noto Sans CJK is not installed");
        var open = new java.util.ArrayList<java.io.Closeable>();
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            assertEquals(null, LessonPdf.loadCjk(doc, noto, open), "CFF outlines cannot be embedded");
        } finally {
            for (var c : open) {
                c.close();
            }
        }
        byte[] pdf = LessonPdf.render("梯度消失", List.of(new LessonPdf.Page("梯度消失", "1/1", TITLE, TEXT, "", "",
                null)));
        try (var doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
        }
    }
}
