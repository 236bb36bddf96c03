package org.initscope.view;

import javafx.scene.paint.Color;
import org.initscope.engine.Health;
import org.initscope.engine.Quantity;

/**
 * Colours that keep their meaning everywhere: blue is the forward signal, orange the backward one (gradients),
 * green the weights; solid is measured, dashed predicted. Chosen to stay distinct for the common colour-vision
 * deficiencies and on a projector.
 */
public final class Palette {
    public static final Color FORWARD = Color.web("#1c6fd8");
    public static final Color BACKWARD = Color.web("#e8590c");
    public static final Color WEIGHTS = Color.web("#2b8a3e");
    public static final Color GRID = Color.web("#d0d7de");
    /** What a lesson step asks the class to look at (amber). */
    public static final Color HIGHLIGHT = Color.web("#f08c00");
    public static final Color GRID_DARK = Color.web("#3d444d");
    public static final Color AXIS_TEXT = Color.web("#57606a");
    public static final Color AXIS_TEXT_DARK = Color.web("#9198a1");

    private Palette() {
    }

    public static Color of(Quantity q) {
        return switch (q) {
            case WEIGHTS, BIASES -> WEIGHTS;
            case PRE_ACTIVATIONS, ACTIVATIONS -> FORWARD;
            default -> BACKWARD;
        };
    }

    public static Color of(Health h) {
        return switch (h) {
            case VANISHING -> Color.web("#7048e8");
            case EXPLODING -> Color.web("#e03131");
            case SATURATED -> Color.web("#f08c00");
            case DEAD -> Color.web("#495057");
            case NON_FINITE -> Color.web("#a61e4d");
        };
    }

    public static String css(Color c) {
        return String.format("#%02x%02x%02x", (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }
}
