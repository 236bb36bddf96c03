package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import javafx.application.Platform;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.initscope.model.DenseSpec;
import org.initscope.i18n.I18n;
import org.initscope.view.ChartPane;
import org.initscope.view.Theme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Languages, themes, undo from the keyboard and the help windows, in the real window. */
@ExtendWith(ApplicationExtension.class)
class LanguageThemeWindowTest extends WindowTestBase {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        I18n.setLanguage(I18n.Language.ENGLISH);
        open(stage);
    }

    /** Back to English and light for the next test (the base class then closes the window). */
    @AfterEach
    void resetLanguageAndTheme() {
        I18n.setLanguage(I18n.Language.ENGLISH);
        Platform.runLater(() -> Theme.apply(Theme.LIGHT, null));
    }

    private static boolean cjk(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    @Test
    void switchingToChineseTranslatesTheWholeWindowAndKeepsTheNetwork(FxRobot robot) throws Exception {
        awaitResult();
        robot.interact(() -> session.editLayer(0, l -> l.withUnits(123)));
        awaitResult();
        var spec = session.spec();
        robot.interact(() -> view.switchLanguage(I18n.Language.CHINESE));
        awaitResult();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(spec, session.spec(), "the network survives the switch");
        assertTrue(session.isDirty(), "and stays unsaved");
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        var untranslated = new TreeSet<String>();
        for (var m : bar.getMenus()) {
            check(m, untranslated);
        }
        // every label, button and tab the window shows
        robot.lookup(n -> n instanceof javafx.scene.control.Labeled).queryAll().forEach(n -> {
            var l = (javafx.scene.control.Labeled) n;
            String t = l.getText();
            // data (cells), numbers and identifiers (relu, kaiming_normal) stay as they are
            if (t != null && !(n instanceof javafx.scene.control.Cell<?>) && t.chars().noneMatch(Character::isDigit)
                    && t.contains(" ") && l.isVisible() && !l.textProperty().isBound() && I18n.missing().contains(t)) {
                untranslated.add(t);
            }
        });
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/i18n-missing.txt"), String.join("\n", I18n.missing()));
        assertTrue(untranslated.isEmpty(), "untranslated: " + untranslated);
        assertTrue(cjk(bar.getMenus().get(0).getText()), bar.getMenus().get(0).getText());
        assertTrue(view.getStyleClass().contains("lang-zh"), "CJK fonts first");

        robot.interact(() -> view.switchLanguage(I18n.Language.ENGLISH));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("File", robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getText());
    }

    private static void check(MenuItem i, TreeSet<String> out) {
        String t = i.getText();
        // every menu text went through the translation; those without one were recorded as missing
        if (t != null && I18n.missing().contains(t) && (i.getId() == null || !i.getId().startsWith("recent-"))) {
            out.add(t);
        }
        if (i instanceof javafx.scene.control.Menu m) {
            m.getItems().forEach(c -> check(c, out));
        }
    }

    @Test
    void darkThemeReachesControlsAndCharts(FxRobot robot) throws Exception {
        awaitResult();
        robot.interact(() -> Theme.apply(Theme.DARK, stage.getScene()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.getStyleClass().contains("dark"));
        assertTrue(ChartPane.darkThemeProperty().get());
        assertEquals(Theme.DARK, Theme.current());
        robot.interact(() -> Theme.apply(Theme.LIGHT, stage.getScene()));
        assertFalse(view.getStyleClass().contains("dark"));
    }

    @Test
    void undoRedoFromTheKeyboardAndTheShortcutList(FxRobot robot) throws Exception {
        awaitResult();
        int units = ((DenseSpec) session.layerSpec(0)).units();
        robot.interact(() -> session.editLayer(0, l -> l.withUnits(77)));
        awaitResult();
        robot.clickOn("#layerTable");
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.Z)
                .release(javafx.scene.input.KeyCode.CONTROL);
        awaitResult();
        assertEquals(units, ((DenseSpec) session.layerSpec(0)).units(), "Ctrl+Z");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.SHIFT)
                .type(javafx.scene.input.KeyCode.Z).release(javafx.scene.input.KeyCode.SHIFT,
                        javafx.scene.input.KeyCode.CONTROL);
        awaitResult();
        assertEquals(77, ((DenseSpec) session.layerSpec(0)).units(), "Ctrl+Shift+Z");

        var shortcuts = org.initscope.view.HelpDialog.shortcuts(robot.lookup("#menuBar").queryAs(MenuBar.class));
        assertTrue(shortcuts.stream().anyMatch(s -> s.action().equals("Edit ▸ Undo")), shortcuts.toString());
        assertTrue(shortcuts.stream().anyMatch(s -> s.action().equals("File ▸ Open…")));
        assertTrue(shortcuts.size() > 20, "every accelerator: " + shortcuts.size());
        robot.interact(() -> org.initscope.view.HelpDialog.shortcuts(view,
                robot.lookup("#menuBar").queryAs(MenuBar.class)));
        WaitForAsyncUtils.waitForFxEvents();
        var table = robot.lookup("#shortcutsTable").queryAs(javafx.scene.control.TableView.class);
        assertEquals(shortcuts.size(), table.getItems().size());
    }
}
