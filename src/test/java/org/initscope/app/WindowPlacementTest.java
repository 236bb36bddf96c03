package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Rectangle2D;
import org.initscope.app.WindowPlacement.Placement;
import org.junit.jupiter.api.Test;

/** Where the window opens: sized from the screen, never off it, a remembered place only while it is on a screen. */
class WindowPlacementTest {
    private static final Rectangle2D FULL_HD = new Rectangle2D(0, 0, 1920, 1040); // 1920×1080 with a task bar
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 728);
    private static final Rectangle2D PROJECTOR = new Rectangle2D(0, 0, 1024, 768);

    @Test
    void aLargeScreenGetsNinetyPercentCentred() {
        Placement p = WindowPlacement.fresh(FULL_HD);
        assertEquals(new Placement(96, 52, 1728, 936, false), p);
    }

    @Test
    void aSmallScreenGetsTheWindowMaximizedOnIt() {
        for (Rectangle2D v : List.of(LAPTOP, PROJECTOR, new Rectangle2D(0, 0, 960, 500))) {
            Placement p = WindowPlacement.fresh(v);
            assertTrue(p.maximized(), v.toString());
            assertEquals(v, p.bounds());
        }
        // 1280×800 is not small: 90 % of it
        assertFalse(WindowPlacement.fresh(new Rectangle2D(0, 0, 1280, 800)).maximized());
    }

    @Test
    void theMinimumIsNeverLargerThan1000x700NorThanTheScreen() {
        double[] m = WindowPlacement.minimum(FULL_HD);
        assertTrue(m[0] <= 1000 && m[1] <= 700);
        // 1920×1080 at 200 %: 960×540 logical, minus a task bar
        double[] hidpi = WindowPlacement.minimum(new Rectangle2D(0, 0, 960, 500));
        assertTrue(hidpi[0] <= 960 && hidpi[1] <= 500);
    }

    @Test
    void aRememberedPlaceIsRestoredOnlyWhileItsTitleBarIsOnAScreen() {
        var saved = new Placement(200, 100, 1200, 700, false);
        assertEquals(saved, WindowPlacement.usable(saved, List.of(FULL_HD)).orElseThrow());
        // the screen it was on is gone (a second monitor unplugged): not restored
        var onSecond = new Placement(2100, 100, 1200, 700, false);
        assertTrue(WindowPlacement.usable(onSecond, List.of(FULL_HD)).isEmpty());
        // title bar above the top of the screen
        assertTrue(WindowPlacement.usable(new Placement(100, -50, 800, 600, false), List.of(FULL_HD)).isEmpty());
        // only a sliver of the title bar on screen
        assertTrue(WindowPlacement.usable(new Placement(1900, 100, 800, 600, false), List.of(FULL_HD)).isEmpty());
        // on the second of two screens side by side, moved left just enough to end at its right edge
        var second = new Rectangle2D(1920, 0, 1280, 1024);
        assertEquals(new Placement(2000, 100, 1200, 700, false),
                WindowPlacement.usable(onSecond, List.of(FULL_HD, second)).orElseThrow());
    }

    @Test
    void aRememberedPlaceLargerThanTheScreenNowIsShrunkToFit() {
        // remembered on a large monitor, the laptop now has the same key's screen smaller (resolution changed)
        var big = new Placement(100, 50, 1600, 1000, false);
        Placement p = WindowPlacement.usable(big, List.of(LAPTOP)).orElseThrow();
        assertEquals(new Placement(0, 0, 1366, 728, false), p);
        var max = new Placement(10, 10, 900, 600, true);
        assertEquals(new Placement(0, 0, 1366, 728, true), WindowPlacement.usable(max, List.of(LAPTOP)).orElseThrow());
    }

    @Test
    void placementsRoundTripThroughThePreferencesAndGarbageIsIgnored() {
        var p = new Placement(-1200, 40, 1100, 720, true);
        assertEquals(p, Placement.decode(p.encode()).orElseThrow());
        for (String bad : List.of("", "1,2,3", "a,b,c,d,true", "1,2,-5,4,false", "NaN,1,2,3,false")) {
            assertTrue(Placement.decode(bad).isEmpty(), bad);
        }
        assertEquals("1366x768@0,0", WindowPlacement.screenKey(new Rectangle2D(0, 0, 1366, 768)));
    }
}
