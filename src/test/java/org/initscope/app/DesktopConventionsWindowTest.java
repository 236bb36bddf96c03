package org.initscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.initscope.model.DenseSpec;
import org.initscope.i18n.I18n;
import org.initscope.model.NetworkSpec;
import org.initscope.view.Dialogs;
import org.initscope.view.NumberField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a teacher expects of a desktop app, clicked through in the real window: a number applies on Enter or when the
 * field is left (never while typing) and a refused one says why beside the field; unsaved changes ask Save / Don't
 * save / Cancel; Esc on the restore question keeps the unsaved network; help windows and dialogs close with Esc;
 * Ctrl+Backspace removes the layer; menu items keep their underscores; the status line survives a language switch.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopConventionsWindowTest extends WindowTestBase {
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        open(stage);
    }

    private List<Window> openWindows() {
        return new ArrayList<>(Window.getWindows().filtered(Window::isShowing));
    }

    @Test
    void aNumberIsAppliedOnEnterOrWhenTheFieldIsLeftNeverWhileTyping(FxRobot robot) throws Exception {
        awaitResult();
        robot.interact(() -> session.selectedProperty().set(0));
        NetworkSpec before = session.spec();
        NumberField units = robot.lookup("#unitsField").queryAs(NumberField.class);
        robot.doubleClickOn(units);
        // typing 20000000 (over Limits.MAX_WIDTH) goes through 2, 20, 200, …: none of them is built
        for (String c : List.of("2", "0", "0", "0", "0", "0", "0", "0")) {
            robot.write(c);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(before, session.spec(), "nothing applied while typing: " + units.getText());
            assertFalse(units.isInvalid(), "no verdict while typing");
        }
        assertEquals("20000000", units.getText());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(units.isInvalid());
        assertEquals(before, session.spec(), "a refused value is never applied");
        // the reason is shown beside the field, not only on hover
        Labeled reason = units.reasonLabel();
        assertTrue(ScreenFit.showing(reason), "the reason is on screen");
        assertTrue(reason.getText().contains("1 to 16,777,216"), reason.getText());
        assertEquals(units.getParent(), reason.getParent(), "beside the field");
        // Esc puts back the value that is applied
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("500", units.getText());
        assertFalse(units.isInvalid());
        assertFalse(ScreenFit.showing(reason));
        // leaving the field (Tab) applies what was typed
        robot.doubleClickOn(units).write("300");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, session.spec());
        robot.type(KeyCode.TAB);
        awaitResult();
        assertEquals(300, ((DenseSpec) session.layerSpec(0)).units());
    }

    /** Ask the real dialog on the FX thread (it waits for an answer in a nested event loop). */
    private CompletableFuture<Dialogs.SaveChoice> ask(FxDialogs real) {
        var answer = new CompletableFuture<Dialogs.SaveChoice>();
        Platform.runLater(() -> answer.complete(real.askToSave(view.getScene().getWindow(), "\"mine\"")));
        WaitForAsyncUtils.waitForFxEvents();
        return answer;
    }

    @Test
    void unsavedChangesAskSaveDontSaveOrCancel(FxRobot robot) throws Exception {
        awaitResult();
        var real = new FxDialogs();
        var answer = ask(real);
        for (String b : List.of("Save", "Don't save", "Cancel")) {
            assertTrue(robot.lookup(".dialog-pane .button").queryAllAs(javafx.scene.control.Button.class).stream()
                    .anyMatch(x -> x.getText().equals(b) && x.isVisible()), b);
        }
        robot.clickOn("Don't save");
        assertEquals(Dialogs.SaveChoice.DONT_SAVE, answer.get(10, TimeUnit.SECONDS));
        answer = ask(real);
        robot.clickOn("Save");
        assertEquals(Dialogs.SaveChoice.SAVE, answer.get(10, TimeUnit.SECONDS));
        answer = ask(real);
        robot.type(KeyCode.ESCAPE);
        assertEquals(Dialogs.SaveChoice.CANCEL, answer.get(10, TimeUnit.SECONDS), "Esc is Cancel");

        // in the window: Save writes the network, then New goes ahead
        robot.doubleClickOn("#unitsField").write("64").type(KeyCode.ENTER);
        awaitResult();
        assertTrue(session.isDirty());
        Path file = dir.resolve("kept.json");
        dialogs.choice = Dialogs.SaveChoice.SAVE;
        dialogs.saves.add(file);
        robot.interact(view.files()::newNetwork);
        awaitResult();
        assertTrue(Files.readString(file).contains("64"), "saved before New");
        assertEquals(NetworkSpec.defaultNetwork().expanded(), session.spec().expanded());
        // Cancel keeps everything
        robot.doubleClickOn("#unitsField").write("65").type(KeyCode.ENTER);
        awaitResult();
        NetworkSpec edited = session.spec();
        dialogs.choice = Dialogs.SaveChoice.CANCEL;
        robot.interact(view.files()::newNetwork);
        assertEquals(edited, session.spec());
        dialogs.choice = null;
    }

    /**
     * The question at start-up about a network left unsaved when InitScope died: Esc (or closing it) is "Decide
     * later", which keeps the copy for the next start — only Discard deletes it.
     */
    @Test
    void escOnTheRestoreQuestionKeepsTheUnsavedNetworkForTheNextStart(FxRobot robot) throws Exception {
        awaitResult();
        // what a window that died left: an edited network in its autosave
        Path home = dir.resolve("home");
        var dead = new org.initscope.controller.NetworkSession(NetworkSpec.defaultNetwork(), Runnable::run, false);
        var deadCopy = new org.initscope.controller.Autosave(dead, home, 50);
        assertTrue(dead.edit(n -> n.withSeed(4242)).isEmpty());
        deadCopy.flush();
        deadCopy.close();
        dead.close();

        var real = new FxDialogs();
        var answer = new CompletableFuture<Dialogs.RestoreChoice>();
        Platform.runLater(() -> answer.complete(real.askRestore(view.getScene().getWindow(), "an untitled network")));
        WaitForAsyncUtils.waitForFxEvents();
        for (String b : List.of("Restore", "Discard", "Decide later")) {
            assertTrue(robot.lookup(".dialog-pane .button").queryAllAs(javafx.scene.control.Button.class).stream()
                    .anyMatch(x -> x.getText().equals(b) && x.isVisible()), b);
        }
        robot.type(KeyCode.ESCAPE);
        assertEquals(Dialogs.RestoreChoice.LATER, answer.get(10, TimeUnit.SECONDS), "Esc is Decide later");

        // answered "later": the copy is offered again at the next start, unchanged
        var offered = org.initscope.controller.Autosave.pending(home).orElseThrow();
        InitScopeApp.answerRestore(Dialogs.RestoreChoice.LATER, offered, session, null);
        var again = org.initscope.controller.Autosave.pending(home).orElseThrow(
                () -> new AssertionError("Decide later lost the unsaved network"));
        assertEquals(4242, again.spec().seed());
        // Discard, and only Discard, deletes it
        InitScopeApp.answerRestore(Dialogs.RestoreChoice.DISCARD, again, session, null);
        assertTrue(org.initscope.controller.Autosave.pending(home).isEmpty(), "discarded");
    }

    @Test
    void helpWindowsAndDialogsCloseWithEscOrTheirCloseButton(FxRobot robot) throws Exception {
        awaitResult();
        int before = openWindows().size();
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, openWindows().size(), "the shortcuts window opened");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, openWindows().size(), "Esc closed it");

        robot.press(KeyCode.SHIFT, KeyCode.F1).release(KeyCode.F1, KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, openWindows().size(), "the formulas window opened");
        robot.clickOn("#helpClose");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, openWindows().size(), "its Close button closed it");

        // About: a Close button that Esc presses
        var shown = new CompletableFuture<Void>();
        Platform.runLater(() -> {
            new FxDialogs().about(view.getScene().getWindow());
            shown.complete(null);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 1, openWindows().size());
        assertTrue(robot.lookup(".dialog-pane .button").queryAllAs(javafx.scene.control.Button.class).stream()
                .anyMatch(b -> b.getText().equals("Close")));
        robot.type(KeyCode.ESCAPE);
        shown.get(10, TimeUnit.SECONDS);
        assertEquals(before, openWindows().size());
    }

    @Test
    void ctrlBackspaceRemovesTheSelectedLayerAsDocumented(FxRobot robot) throws Exception {
        awaitResult();
        int depth = session.depth();
        robot.clickOn("#layerTable .table-row-cell");
        robot.press(KeyCode.CONTROL, KeyCode.BACK_SPACE).release(KeyCode.BACK_SPACE, KeyCode.CONTROL);
        awaitResult();
        assertEquals(depth - 1, session.depth());
    }

    @Test
    void menuItemsShowTheirUnderscores(FxRobot robot) throws Exception {
        awaitResult();
        MenuBar bar = (MenuBar) view.lookup("#menuBar");
        var withUnderscores = new ArrayList<MenuItem>();
        for (Menu m : bar.getMenus()) {
            collect(m, withUnderscores);
        }
        assertTrue(withUnderscores.stream().anyMatch(i -> i.getText().contains("kaiming_normal(mode='fan_out')")));
        for (MenuItem i : withUnderscores) {
            assertFalse(i.isMnemonicParsing(), i.getText() + " would lose its underscore");
        }
        // and on screen: the preset's label shows the name as written
        robot.clickOn("Presets").clickOn("Convolution");
        WaitForAsyncUtils.waitForFxEvents();
        String name = "3→16 3×3 conv, kaiming_normal(mode='fan_out')";
        assertTrue(robot.lookup(n -> n instanceof javafx.scene.text.Text t && name.equals(t.getText())).tryQuery()
                .isPresent(), "the menu shows " + name);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE).press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    private static void collect(MenuItem i, List<MenuItem> out) {
        if (i.getText() != null && i.getText().contains("_")) {
            out.add(i);
        }
        if (i instanceof Menu m) {
            m.getItems().forEach(c -> collect(c, out));
        }
    }

    @Test
    void theStatusLineIsNotBlankAfterALanguageSwitch(FxRobot robot) throws Exception {
        awaitResult();
        String before = robot.lookup("#statusText").queryLabeled().getText();
        assertFalse(before.isBlank());
        robot.interact(() -> view.switchLanguage(I18n.Language.CHINESE));
        WaitForAsyncUtils.waitForFxEvents();
        String after = robot.lookup("#statusText").queryLabeled().getText();
        assertFalse(after.isBlank(), "the rebuilt window shows the result it has");
        robot.interact(() -> view.switchLanguage(I18n.Language.ENGLISH));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, robot.lookup("#statusText").queryLabeled().getText());
    }
}
