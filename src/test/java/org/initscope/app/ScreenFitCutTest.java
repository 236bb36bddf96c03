package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The screen tests' elision rule: a skin's text is elided when it is a cut of the text, and only then. */
class ScreenFitCutTest {
    @Test
    void cutsAsJavaFxMakesThemAreElision() {
        assertTrue(ScreenFit.cutOf("all lay...", "all layers", "..."), "cut at the end");
        assertTrue(ScreenFit.cutOf("...of 10", "Layer 1 of 10", "..."), "cut at the start");
        assertTrue(ScreenFit.cutOf("La...10", "Layer 1 of 10", "..."), "cut in the middle");
        assertTrue(ScreenFit.cutOf("ReZero / Ski ...", "ReZero / SkipInit (0, learned)", "..."),
                "a cut before a space");
        assertTrue(ScreenFit.cutOf("all la", "all layers", "..."), "overrun style CLIP: a strict beginning");
        assertTrue(ScreenFit.cutOf("v...", "values", "..."), "one letter left");
    }

    @Test
    void aStaleOrWholeTextIsNotElision() {
        assertFalse(ScreenFit.cutOf("computing…", "0.51", "..."), "an older text the skin has not replaced yet");
        assertFalse(ScreenFit.cutOf("computing...", "std 0.51", "..."), "an older text with three dots");
        assertFalse(ScreenFit.cutOf("all layers", "all layers", "..."), "the whole text");
        assertFalse(ScreenFit.cutOf("layers", "all layers", "..."), "not the beginning, and no ellipsis");
        assertFalse(ScreenFit.cutOf("b...", "values", "..."), "a piece the text does not have");
    }
}
