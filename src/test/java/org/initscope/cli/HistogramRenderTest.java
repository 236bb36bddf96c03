package org.initscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.initscope.view.Palette;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/**
 * The histogram rules, read off the PNGs {@code render} writes (the grid of histograms is the app's own chart):
 * values at the ends of the range are drawn inside the frame, a spike does not flatten the rest of the distribution,
 * and every cell of a non-empty tensor shows bars, however small its values.
 */
class HistogramRenderTest {
    private static final int W = 480;
    private static final int H = 320;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** One dense layer of 300 with the activation and weight std given, rendered as the histogram grid. */
    private static BufferedImage render(Path dir, String name, String activation, double std, int layers, int w,
            int h) throws Exception {
        Path cfg = Files.writeString(dir.resolve(name + ".json"), """
                {"name": "%s", "seed": 5, "input": {"features": 300, "batch": 256},
                 "layers": [{"units": 300, "activation": "%s", "repeat": %d,
                             "init": {"scheme": "normal", "std": %s}}]}""".formatted(name, activation, layers, std));
        Path png = dir.resolve(name + ".png");
        var r = CliTest.run("render", "--config", cfg.toString(), "--view", "histograms", "--out", png.toString(),
                "--width", Integer.toString(w), "--height", Integer.toString(h));
        assertEquals(0, r.code(), r.err());
        return ImageIO.read(png.toFile());
    }

    /** The activations' blue, pure or blended with the background under the bars' translucency. */
    private static boolean forward(BufferedImage img, int x, int y) {
        int c = img.getRGB(x, y) & 0xffffff;
        float[] hsb = java.awt.Color.RGBtoHSB(c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff, null);
        return Math.abs(hsb[0] - Palette.FORWARD.getHue() / 360) < 0.03 && hsb[1] > 0.35;
    }

    /** Per column of [x0, x1): the height of the bar (bottom − the topmost blue pixel), 0 without one. */
    private static int[] barHeights(BufferedImage img, int x0, int x1, int y0, int y1) {
        int bottom = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) {
                if (forward(img, x, y)) {
                    bottom = Math.max(bottom, y);
                }
            }
        }
        int[] out = new int[x1 - x0];
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) {
                if (forward(img, x, y)) {
                    out[x - x0] = bottom - y + 1;
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void saturatedTanhShowsItsSpikesInsideTheFrameAtFullHeight(@TempDir Path dir) throws Exception {
        // N(0, 1) weights, 300 inputs: pre-activations with std ≈ 17, about 90 % of the units at ±1
        BufferedImage img = render(dir, "saturated", "tanh", 1.0, 1, W, H);
        // one cell: x from 6 to W − 6, the plot between the header and the tick labels
        int[] heights = barHeights(img, 0, W, 20, H - 20);
        int left = 0;
        while (heights[left] == 0) {
            left++;
        }
        int right = heights.length - 1;
        while (heights[right] == 0) {
            right--;
        }
        int tallest = java.util.Arrays.stream(heights).max().orElse(0);
        assertTrue(left >= 6 + 8, "the −1 spike is drawn inside the frame, not on it: first bar at x = " + left);
        assertTrue(right <= W - 6 - 8, "the +1 spike is drawn inside the frame: last bar at x = " + right);
        assertTrue(heights[left] > 0.9 * tallest && heights[right] > 0.9 * tallest,
                "both spikes reach the top: " + heights[left] + ", " + heights[right] + " of " + tallest);
        assertTrue(tallest > 0.6 * H, "the plot fills the cell: " + tallest);
    }

    @Test
    void reluKeepsItsNonZeroPartTallNextToTheSpikeAtZero(@TempDir Path dir) throws Exception {
        // He: half the outputs are exactly 0, one bin holding ≈ 50 % of the values
        BufferedImage img = render(dir, "relu", "relu", Math.sqrt(2.0 / 300), 1, W, H);
        int[] heights = barHeights(img, 0, W, 20, H - 20);
        int spike = 0;
        while (heights[spike] == 0) {
            spike++;
        }
        int spikeHeight = java.util.Arrays.stream(heights, spike, spike + 6).max().orElse(0);
        // the non-zero part: everything right of the zero bin (bins are ≈ 7 px wide here)
        int body = java.util.Arrays.stream(heights, spike + 12, heights.length).max().orElse(0);
        assertTrue(body > 0.5 * spikeHeight, "the positive half is taller than half the plot: " + body + " against "
                + "the spike's " + spikeHeight);
        assertTrue(spikeHeight > 0.6 * H, "the spike still reaches the top: " + spikeHeight);
    }

    @Test
    void everyCellOfANonEmptyTensorShowsBars(@TempDir Path dir) throws Exception {
        // std 0.0005 with 300 inputs: × 0.0087 in std per layer, so layer 6's activations are about 1e-12 — tiny,
        // but values: every cell draws bars, none says "no values"
        int n = 6;
        int w = 640;
        int h = 400;
        BufferedImage img = render(dir, "tiny", "tanh", 0.0005, n, w, h);
        // 6 cells about 4:3 in 640 × 400: 3 columns, 2 rows
        double cw = w / 3.0;
        double ch = h / 2.0;
        for (int i = 0; i < n; i++) {
            int x0 = (int) ((i % 3) * cw);
            int y0 = (int) ((i / 3) * ch);
            int blue = 0;
            for (int x = x0 + 1; x < (int) (x0 + cw) - 1; x++) {
                for (int y = y0 + 1; y < (int) (y0 + ch) - 1; y++) {
                    blue += forward(img, x, y) ? 1 : 0;
                }
            }
            assertTrue(blue > 300, "layer " + (i + 1) + " shows its bars: " + blue + " pixels");
        }
    }
}
