package org.initscope.export;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A lesson's handout as a PDF (Apache PDFBox): one A4 page per step with the step's title, text, what to look at
 * and the question as real, selectable text (DejaVu Sans, embedded as a subset, so that √, ², ≈, σ and φ print),
 * and the step's charts as an image under them. Characters DejaVu Sans lacks (Chinese) are drawn, glyph by glyph,
 * in a CJK font installed on the system ({@link #CJK_FONTS}, embedded as a subset too); without one they print as
 * "?" rather than failing the export.
 */
public final class LessonPdf {
    /** One page: the texts as shown in the lesson card, and the charts as PNG bytes. */
    public record Page(String lesson, String progress, String title, String text, String look, String question,
            byte[] png) {
    }

    private static final float MARGIN = 42;
    private static final float GAP = 6;
    /**
     * Where a CJK font may be found (for a lesson in Chinese), in this order; the first that PDFBox can embed is
     * used. Only TrueType outlines can be embedded (PDFBox subsets them); OpenType fonts with CFF outlines — Noto Sans
     * CJK, Source Han Sans, the CJK fonts most Linux systems have — load but fail when the PDF is saved, so they are
     * not used (see {@link #loadCjk}).
     */
    static final List<String> CJK_FONTS = List.of(
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/arphic/uming.ttc",
            "C:\\Windows\\Fonts\\msyh.ttc",
            "C:\\Windows\\Fonts\\simsun.ttc",
            "C:\\Windows\\Fonts\\simhei.ttf",
            "/System/Library/Fonts/STHeiti Light.ttc",
            "/System/Library/Fonts/PingFang.ttc",
            "/Library/Fonts/Arial Unicode.ttf",
            "/System/Library/Fonts/Supplemental/Arial Unicode.ttf");

    private LessonPdf() {
    }

    /** The PDF of these pages, as bytes (write them with {@link AtomicFiles}). */
    public static byte[] render(String title, List<Page> pages) throws IOException {
        try (var doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("InitScope");
            try (Fonts fonts = new Fonts(doc)) {
                for (Page p : pages) {
                    page(doc, fonts, p);
                }
                var out = new ByteArrayOutputStream();
                doc.save(out);
                return out.toByteArray();
            }
        }
    }

    /** Write the PDF atomically. */
    public static void write(Path file, String title, List<Page> pages) throws IOException {
        byte[] bytes = render(title, pages);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** The fonts: DejaVu Sans (shipped) and, when the text needs it and one is installed, a CJK font. */
    private static final class Fonts implements Closeable {
        final PDFont regular;
        final PDFont bold;
        private final PDDocument doc;
        /** The CJK font's file, open until the document is saved (the subset is made then). */
        private final List<Closeable> open = new ArrayList<>();
        private PDFont cjk;
        private Path cjkFile;
        private boolean cjkTried;

        Fonts(PDDocument doc) throws IOException {
            this.doc = doc;
            regular = load(doc, "DejaVuSans.ttf");
            bold = load(doc, "DejaVuSans-Bold.ttf");
        }

        private static PDFont load(PDDocument doc, String name) throws IOException {
            try (InputStream in = LessonPdf.class.getResourceAsStream("/org/initscope/fonts/" + name)) {
                if (in == null) {
                    throw new IOException("the font " + name + " is missing from the application");
                }
                return PDType0Font.load(doc, in, true);
            }
        }

        PDFont cjk() {
            if (!cjkTried) {
                cjkTried = true;
                for (String f : CJK_FONTS) {
                    cjk = loadCjk(doc, Path.of(f), open);
                    if (cjk != null) {
                        cjkFile = Path.of(f);
                        break;
                    }
                }
            }
            return cjk;
        }

        @Override
        public void close() throws IOException {
            for (var c : open) {
                c.close();
            }
        }
    }

    /** The file of the CJK font a handout embeds on this machine, if there is one (tests). */
    static Optional<Path> cjkFont() throws IOException {
        try (var doc = new PDDocument(); var fonts = new Fonts(doc)) {
            return fonts.cjk() == null ? Optional.empty() : Optional.of(fonts.cjkFile);
        }
    }

    /**
     * A font file (or the first font of a collection) that has Chinese glyphs as TrueType outlines, loaded for
     * embedding; else null. The font file stays open (in {@code open}) until the document is saved.
     */
    static PDFont loadCjk(PDDocument doc, Path p, List<Closeable> open) {
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            TrueTypeFont ttf;
            if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
                var fonts = new ArrayList<TrueTypeFont>();
                var coll = new TrueTypeCollection(p.toFile());
                open.add(coll);
                coll.processAllFonts(fonts::add);
                if (fonts.isEmpty()) {
                    return null;
                }
                ttf = fonts.get(0);
            } else {
                var file = new RandomAccessReadBufferedFile(p.toFile());
                open.add(file);
                ttf = new TTFParser().parse(file);
            }
            // CFF outlines (no glyf table): PDFBox loads them but cannot write the subset ("OTF fonts do not have a
            // glyf table" when the PDF is saved)
            if (!ttf.getTableMap().containsKey("glyf")) {
                return null;
            }
            PDFont font = PDType0Font.load(doc, ttf, true);
            // a font without Chinese in its cmap is no use either
            return canShow(font, "中") && canShow(font, "层") ? font : null;
        } catch (IOException | RuntimeException e) {
            return null; // not usable: the next one, or "?"
        }
    }

    private static void page(PDDocument doc, Fonts fonts, Page p) throws IOException {
        var page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        float w = page.getMediaBox().getWidth();
        float h = page.getMediaBox().getHeight();
        float width = w - 2 * MARGIN;
        float y = h - MARGIN;
        try (var cs = new PDPageContentStream(doc, page)) {
            y = paragraph(cs, fonts, fonts.regular, 9.5f, 0.4f, p.lesson() + "  ·  " + p.progress(), MARGIN, y, width);
            y -= GAP;
            y = paragraph(cs, fonts, fonts.bold, 17, 0f, p.title(), MARGIN, y, width);
            y -= GAP;
            y = paragraph(cs, fonts, fonts.regular, 11, 0f, p.text(), MARGIN, y, width);
            if (!p.look().isEmpty()) {
                y -= GAP;
                y = paragraph(cs, fonts, fonts.regular, 10.5f, 0.35f, p.look(), MARGIN, y, width);
            }
            if (!p.question().isEmpty()) {
                y -= GAP;
                y = paragraph(cs, fonts, fonts.bold, 11.5f, 0f, p.question(), MARGIN, y, width);
            }
            y -= 2 * GAP;
            if (p.png() != null && p.png().length > 0) {
                PDImageXObject img = PDImageXObject.createFromByteArray(doc, p.png(), p.title());
                float room = y - MARGIN;
                float scale = Math.min(width / img.getWidth(), room / img.getHeight());
                float iw = img.getWidth() * scale;
                float ih = img.getHeight() * scale;
                cs.drawImage(img, MARGIN + (width - iw) / 2, y - ih, iw, ih);
            }
        }
    }

    /** Text wrapped at word boundaries into {@code width}; returns the y below it. */
    private static float paragraph(PDPageContentStream cs, Fonts fonts, PDFont font, float size, float grey,
            String text, float x, float y, float width) throws IOException {
        float leading = size * 1.3f;
        for (String para : text.split("\n")) {
            for (String line : wrap(fonts, font, size, para, width)) {
                y -= leading;
                cs.beginText();
                cs.setNonStrokingColor(grey, grey, grey);
                cs.newLineAtOffset(x, y);
                show(cs, fonts, font, size, line);
                cs.endText();
            }
        }
        cs.setNonStrokingColor(0f, 0f, 0f);
        return y;
    }

    /** A line in runs of one font each: the main font, the CJK one where the main lacks a glyph, else "?". */
    private static void show(PDPageContentStream cs, Fonts fonts, PDFont font, float size, String line)
            throws IOException {
        var run = new StringBuilder();
        PDFont runFont = font;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            i += Character.charCount(cp);
            PDFont f = canShow(font, ch) ? font : fonts.cjk() != null && canShow(fonts.cjk(), ch) ? fonts.cjk() : font;
            if (f == font && !canShow(font, ch)) {
                ch = "?";
            }
            if (f != runFont && run.length() > 0) {
                cs.setFont(runFont, size);
                cs.showText(run.toString());
                run.setLength(0);
            }
            runFont = f;
            run.append(ch);
        }
        if (run.length() > 0) {
            cs.setFont(runFont, size);
            cs.showText(run.toString());
        }
    }

    private static boolean canShow(PDFont font, String ch) {
        try {
            font.encode(ch);
            return font.getStringWidth(ch) > 0 || ch.isBlank();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static float width(Fonts fonts, PDFont font, float size, String s) {
        float total = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            i += Character.charCount(cp);
            PDFont f = canShow(font, ch) ? font : fonts.cjk() != null && canShow(fonts.cjk(), ch) ? fonts.cjk() : null;
            try {
                total += (f == null ? font.getStringWidth("?") : f.getStringWidth(ch)) / 1000 * size;
            } catch (IOException | IllegalArgumentException e) {
                total += size * 0.6f;
            }
        }
        return total;
    }

    /** Words (and, in Chinese, single characters) packed into lines no wider than {@code width}. */
    static List<String> wrap(Fonts fonts, PDFont font, float size, String text, float width) {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (String word : text.split("(?<= )|(?<=[\\u3000-\\u9fff\\uff00-\\uffef])(?=.)")) {
            String candidate = line + word;
            if (line.length() > 0 && width(fonts, font, size, candidate.stripTrailing()) > width) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                line.append(word.stripLeading());
            } else {
                line.append(word);
            }
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
