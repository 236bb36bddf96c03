package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bench --ui runs the real window through its gestures and reports what it measured: no timing is asserted (the
 * machine is shared), only that every gesture made its edits, that the charts showed the last edit of each (the
 * latest edit wins and always reaches the screen) and that the numbers are consistent.
 */
class UiBenchTest {
    @Test
    void everyGestureIsMeasuredAndItsLastEditIsShown() throws Exception {
        List<String> progress = new ArrayList<>();
        UiBench.Report report = UiBench.run(1.0, false, true, progress::add);
        assertEquals(List.of("scale slider drag", "depth spinner held", "typing a std + Enter",
                "presets from the menu", "view tabs"), report.rows().stream().map(UiBench.Row::gesture).toList());
        assertEquals(6, progress.size(), String.join("\n", progress));
        for (UiBench.Row r : report.rows()) {
            assertTrue(r.lastShown(), r.gesture() + ": the last edit reached the screen");
            assertTrue(r.shown() >= 1 && r.shown() <= r.edits(), r.toString());
            assertTrue(r.p50() <= r.p95() && r.p95() <= r.max() && r.max() < 300_000, r.toString());
            assertTrue(r.seconds() > 0, r.toString());
        }
        UiBench.Row drag = report.rows().get(0);
        // one value per frame for a second: at least 20 distinct networks even when frames are dropped under load
        assertTrue(drag.edits() >= 20, drag.toString());
        assertEquals(10, report.rows().get(1).edits(), "5 steps up and 5 down, each a new depth");
        assertEquals(3, report.rows().get(2).edits());
        assertEquals(2, report.rows().get(3).edits());
        assertEquals(2, report.rows().get(3).shown(), "each preset waited for");
        UiBench.Row tabs = report.rows().get(4);
        assertEquals(tabs.edits(), tabs.shown(), "every tab switch gets a frame");
        assertTrue(report.firstEdits().first() > 0 && report.firstEdits().medianOfLater() > 0);
    }
}
