package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LiveMapPaceTest {
    private long now;
    private final LiveMapPace pace = new LiveMapPace(() -> now);

    @Test
    void whilePlayingTheMapsTakeAtMostAFifthOfTheTime() {
        assertTrue(pace.due(true), "the first frame of a run has its maps");
        // maps that took 100 ms: the next ones after 400 ms more (100 of every 500 ms)
        now = 1_000_000_000L;
        long start = pace.now();
        now += 100_000_000L;
        pace.computed(start);
        now += 399_000_000L;
        assertFalse(pace.due(true));
        now += 1_000_000L;
        assertTrue(pace.due(true));
    }

    @Test
    void cheapMapsFollowEveryFrame() {
        now = 5_000_000_000L;
        long start = pace.now();
        now += 2_000_000L;
        pace.computed(start);
        // 8 ms later: the next frame (40 ms) is long past it
        now += 8_000_000L;
        assertTrue(pace.due(true));
    }

    @Test
    void aStepAPauseOrANewRunAlwaysHasItsOwnMaps() {
        now = 0;
        long start = pace.now();
        now += 100_000_000L;
        pace.computed(start);
        assertFalse(pace.due(true));
        assertTrue(pace.due(false), "not playing: the frame shows the maps of its step");
        pace.reset();
        assertTrue(pace.due(true), "a rebuilt run starts with its maps");
    }
}
