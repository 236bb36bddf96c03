package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.stage.Screen;
import javafx.stage.Window;
import org.initscope.config.Scenario;
import org.initscope.config.Scenarios;
import org.initscope.i18n.I18n;
import org.initscope.view.ChartPane;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.initscope.config.Mode;

/**
 * The classroom screens: each subclass runs in a JVM of its own whose (Monocle) screen has one size (the surefire
 * execution "screens" in pom.xml starts a fresh JVM per class; the class sets its size through {@link ScreenRun}
 * before the toolkit starts), and checks at that size that the window fits the screen, that every step of every
 * built-in lesson shows in presentation mode what it asks the class to look at (inside the window, big enough, no
 * text cut, the control it asks for beside the charts and fully in sight), and that the Explore, Train and Compare
 * tabs show all their controls (inside the window, or a scroll away).
 */
abstract class ScreenSizeTestBase extends WindowTestBase {
    /** The ids of look-targets that are controls the class is asked to use (not charts to read). */
    private static final List<String> CONTROLS = List.of("scaleSlider", "weightFormula");

    abstract int screenWidth();

    abstract int screenHeight();

    @org.junit.jupiter.api.BeforeEach
    void onlyInItsOwnExecution() {
        // run by the surefire execution "screens" (pom.xml), skipped by the default one
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("initscope.screenRun"),
                "runs in the screen-size executions of pom.xml");
    }

    private String size() {
        return screenWidth() + "×" + screenHeight();
    }

    @Test
    void theWindowFitsTheScreen() throws Exception {
        Rectangle2D screen = Screen.getPrimary().getBounds();
        assertEquals(screenWidth(), screen.getWidth(), "this run's screen (headless.geometry in pom.xml)");
        assertEquals(screenHeight(), screen.getHeight(), "this run's screen (headless.geometry in pom.xml)");
        awaitResult();
        Window w = view.getScene().getWindow();
        Rectangle2D visual = Screen.getPrimary().getVisualBounds();
        assertTrue(w.getX() >= visual.getMinX() && w.getY() >= visual.getMinY()
                && w.getX() + w.getWidth() <= visual.getMaxX() + 0.5
                && w.getY() + w.getHeight() <= visual.getMaxY() + 0.5,
                size() + ": the window " + w.getX() + "," + w.getY() + " " + w.getWidth() + "×" + w.getHeight()
                        + " lies inside the screen");
        var stage = (javafx.stage.Stage) w;
        assertTrue(stage.getMinWidth() <= 1000 && stage.getMinHeight() <= 700,
                "minimum size " + stage.getMinWidth() + "×" + stage.getMinHeight());
        // the menus, the status line and the lesson's Next button are in the window
        for (String id : List.of("#menuBar", "#statusBar")) {
            Node n = view.lookup(id);
            assertTrue(ScreenFit.inside(ScreenFit.inScene(n), ScreenFit.window(view.getScene())), size() + ": " + id);
        }
    }

    @Test
    void everyLessonStepInPresentationModeShowsWhatItAsksToLookAt(FxRobot robot) throws Exception {
        awaitResult();
        robot.interact(() -> view.presentationProperty().set(true));
        var problems = new ArrayList<String>();
        for (Scenario lesson : Scenarios.builtIn()) {
            robot.interact(() -> view.lessons().start(lesson));
            for (int i = 0; i < lesson.steps().size(); i++) {
                int step = i;
                robot.interact(() -> view.lessons().go(step));
                settle();
                Scenario.Step s = lesson.steps().get(i);
                String where = size() + " " + lesson.title() + " / step " + (i + 1) + " \"" + s.title() + "\": ";
                robot.interact(() -> problems.addAll(stepProblems(s).stream().map(p -> where + p).toList()));
            }
        }
        robot.interact(() -> view.lessons().stop());
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    @Test
    void exploreTrainAndCompareShowAllTheirControls(FxRobot robot) throws Exception {
        awaitResult();
        var problems = new ArrayList<String>();
        // in Chinese too where the side panes are narrowest (1366×768 and 1024×768: the wider screens have wider
        // panes, so what fits here fits there); the language switch rebuilds the view in the same window, and the
        // window is closed after the test (no switch back: the next test opens its own window in English)
        var languages = screenWidth() <= 1366 ? List.of(I18n.Language.ENGLISH, I18n.Language.CHINESE)
                : List.of(I18n.Language.ENGLISH);
        String remembered = org.initscope.controller.AppSettings.get().language();
        try {
            for (I18n.Language language : languages) {
                if (language != I18n.language()) {
                    robot.interact(() -> view.switchLanguage(language));
                }
                problems.addAll(modeProblems(robot, size() + " " + language.label() + " "));
            }
        } finally {
            I18n.setLanguage(I18n.Language.ENGLISH);
            org.initscope.controller.AppSettings.get().setLanguage(remembered);
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    /** The problems of the Explore (each sidebar tab, in a narrow window), Train and Compare tabs. */
    private List<String> modeProblems(FxRobot robot, String prefix) throws Exception {
        var problems = new ArrayList<String>();
        for (int mode = 0; mode < 3; mode++) {
            Mode m = List.of(Mode.EXPLORE, Mode.TRAIN, Mode.COMPARE).get(mode);
            robot.interact(() -> view.showMode(m));
            settle();
            String where = prefix + List.of("Explore", "Train", "Compare").get(mode) + ": ";
            robot.interact(() -> problems.addAll(windowProblems().stream().map(p -> where + p).toList()));
            if (mode == 0 && view.sidePanes().compactProperty().get()) {
                // the sidebar's other tab (the inspector): its controls are as much on screen as the network's
                var sidebar = view.sidePanes().sidebar();
                int shown = sidebar.getSelectionModel().getSelectedIndex();
                robot.interact(() -> sidebar.getSelectionModel().select(1 - shown));
                settle();
                String tab = sidebar.getSelectionModel().getSelectedItem().getText();
                robot.interact(() -> problems.addAll(windowProblems().stream()
                        .map(p -> where + "sidebar tab " + tab + ": " + p).toList()));
                robot.interact(() -> sidebar.getSelectionModel().select(shown));
            }
            if (mode == 2) {
                robot.interact(() -> view.comparePanel().tabs().getSelectionModel().select(1));
                settle();
                robot.interact(() -> problems.addAll(windowProblems().stream()
                        .map(p -> prefix + "Compare, training: " + p).toList()));
                robot.interact(() -> view.comparePanel().tabs().getSelectionModel().select(0));
            }
        }
        robot.interact(() -> view.showMode(Mode.EXPLORE));
        return problems;
    }

    /** Until the networks on screen are computed and laid out. */
    private void settle() throws Exception {
        awaitResult();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.comparison().b().result() == null
                || view.comparison().b().upToDate() || !view.comparePanel().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        // charts draw on layout: one more pulse after the last result
        WaitForAsyncUtils.sleep(60, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Everything wrong with how a lesson step is presented (call on the FX thread). */
    private List<String> stepProblems(Scenario.Step s) {
        var out = new ArrayList<String>();
        // the step's own text: readable from the back (≥ 20 px body text, a larger title), never cut
        Labeled text = (Labeled) view.lookup("#lessonText");
        Labeled title = (Labeled) view.lookup("#lessonStepTitle");
        if (text.getFont().getSize() < 20 - 1e-9) {
            out.add("the step's text is " + text.getFont().getSize() + " px");
        }
        if (title.getFont().getSize() <= text.getFont().getSize()) {
            out.add("the step's title is no larger than its text");
        }
        for (String id : List.of("#lessonStepTitle", "#lessonText", "#lessonQuestion", "#lessonNext")) {
            Node n = view.lookup(id);
            // never cut at the side (the lesson column scrolls only up and down)
            if (ScreenFit.showing(n) && Math.abs(ScreenFit.visiblePart(n).getWidth()
                    - ScreenFit.inScene(n).getWidth()) > 1) {
                out.add(id + " is cut at the side: " + ScreenFit.fmt(ScreenFit.visiblePart(n)) + " of "
                        + ScreenFit.fmt(ScreenFit.inScene(n)));
            }
            if (ScreenFit.showing(n) && !ScreenFit.inside(ScreenFit.visiblePart(n), ScreenFit.window(view.getScene()))
                    || ScreenFit.showing(n) && ScreenFit.visiblePart(n).getHeight() < 1) {
                out.add(id + " is not in the window");
            }
        }
        out.addAll(ScreenFit.elidedTexts(view.lessonBar()));
        for (String id : s.look()) {
            // (a part of a tab not shown — the Train tab's own depth chart — may be highlighted too)
            var nodes = view.highlighted().stream().filter(n -> id.equals(n.getId()) && ScreenFit.showing(n)).toList();
            if (nodes.isEmpty()) {
                out.add(id + " is not highlighted on screen");
                continue;
            }
            for (Node n : nodes) {
                out.addAll(lookProblems(id, n));
            }
        }
        return out;
    }

    private List<String> lookProblems(String id, Node n) {
        var out = new ArrayList<String>();
        if (!ScreenFit.showing(n)) {
            out.add(id + " is not shown");
            return out;
        }
        Bounds all = ScreenFit.inScene(n);
        Bounds seen = ScreenFit.visiblePart(n);
        if (n instanceof ChartPane || CONTROLS.contains(id)) {
            // a chart to read or a control to use: all of it in sight
            if (Math.abs(seen.getWidth() - all.getWidth()) > 1 || Math.abs(seen.getHeight() - all.getHeight()) > 1) {
                out.add(id + " is only partly in sight: " + ScreenFit.fmt(seen) + " of " + ScreenFit.fmt(all));
            }
        } else if (seen.getWidth() < ChartPane.MIN_PLOT || seen.getHeight() < ChartPane.MIN_PLOT) {
            out.add(id + " shows only " + ScreenFit.fmt(seen));
        }
        // the charts in it are big enough to read
        ScreenFit.walkAll(n, c -> {
            if (c instanceof ChartPane chart && ScreenFit.showing(chart)) {
                out.addAll(ScreenFit.chartTooSmall(chart).stream().map(p -> id + ": " + p).toList());
            }
            return c.isVisible();
        });
        out.addAll(ScreenFit.elidedTexts(n).stream().map(p -> id + ": " + p).toList());
        return out;
    }

    /** The whole window: controls reachable, no text cut, no tab behind an overflow arrow (FX thread). */
    private List<String> windowProblems() {
        var out = new ArrayList<String>();
        for (Control c : ScreenFit.controls(view)) {
            if (!ScreenFit.showing(c)) {
                continue;
            }
            out.addAll(ScreenFit.reachProblems(c));
        }
        // no text cut to "...": every label, button, combo, check box and table cell (and header) on screen
        out.addAll(ScreenFit.elidedTexts(view));
        out.addAll(ScreenFit.hiddenTabs(view));
        return out.stream().distinct().toList();
    }
}
