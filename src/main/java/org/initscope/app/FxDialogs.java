package org.initscope.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.initscope.cli.Cli;
import org.initscope.i18n.I18n;
import org.initscope.view.Dialogs;
import org.initscope.view.LessonExport;

/** The real dialogs: native file choosers and confirmation alerts. */
final class FxDialogs implements Dialogs {
    // (package-private: the window tests click through these real dialogs)
    private File lastDir;

    private FileChooser chooser(String title) {
        var c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("InitScope networks (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastDir != null && lastDir.isDirectory()) {
            c.setInitialDirectory(lastDir);
        }
        return c;
    }

    @Override
    public Optional<Path> chooseOpen(Window owner) {
        File f = chooser("Open network").showOpenDialog(owner);
        if (f != null) {
            lastDir = f.getParentFile();
        }
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseSave(Window owner, String suggestedName) {
        var c = chooser("Save network");
        c.setInitialFileName(suggestedName);
        File f = c.showSaveDialog(owner);
        if (f != null) {
            lastDir = f.getParentFile();
        }
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseExport(Window owner, String suggestedName, String extension) {
        var c = new FileChooser();
        c.setTitle("Export");
        String ext = extension.toLowerCase(Locale.ROOT);
        c.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(ext.toUpperCase(Locale.ROOT) + " (*." + ext + ")", "*." + ext),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        if (lastDir != null && lastDir.isDirectory()) {
            c.setInitialDirectory(lastDir);
        }
        c.setInitialFileName(suggestedName);
        File f = c.showSaveDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastDir = f.getParentFile();
        // some platforms' choosers return the name as typed: add the extension
        if (!f.getName().toLowerCase(Locale.ROOT).endsWith("." + ext)) {
            f = new File(f.getParentFile(), f.getName() + "." + ext);
        }
        return Optional.of(f.toPath());
    }

    @Override
    public Optional<Path> chooseFolder(Window owner, String title) {
        var c = new DirectoryChooser();
        c.setTitle(title);
        if (lastDir != null && lastDir.isDirectory()) {
            c.setInitialDirectory(lastDir);
        }
        File d = c.showDialog(owner);
        if (d != null) {
            lastDir = d;
        }
        return Optional.ofNullable(d).map(File::toPath);
    }

    @Override
    public Optional<Integer> chooseScale(Window owner) {
        var d = new ChoiceDialog<>("2×", "1×", "2×", "3×");
        // OK and Cancel: Esc cancels
        d.initOwner(owner);
        d.setTitle("Export");
        d.setHeaderText("Image size");
        d.setContentText("× the size on screen:");
        return d.showAndWait().map(s -> Integer.parseInt(s.substring(0, 1)));
    }

    @Override
    public SaveChoice askToSave(Window owner, String what) {
        var save = new ButtonType(I18n.t("Save"), ButtonBar.ButtonData.YES);
        var dont = new ButtonType(I18n.t("Don't save"), ButtonBar.ButtonData.NO);
        var cancel = new ButtonType(I18n.t("Cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        var a = new Alert(Alert.AlertType.CONFIRMATION, I18n.f("The network %s has unsaved changes. Save them first?",
                what), save, dont, cancel);
        a.initOwner(owner);
        a.setTitle(I18n.t("Unsaved changes"));
        a.setHeaderText(I18n.t("Unsaved changes"));
        ((Button) a.getDialogPane().lookupButton(save)).setDefaultButton(true);
        var answer = a.showAndWait().orElse(cancel);
        return answer == save ? SaveChoice.SAVE : answer == dont ? SaveChoice.DONT_SAVE : SaveChoice.CANCEL;
    }

    @Override
    public Optional<LessonExportChoice> chooseLessonExport(Window owner, List<String> lessons, int current) {
        var d = new Dialog<LessonExportChoice>();
        d.initOwner(owner);
        d.setTitle(I18n.t("Export lesson"));
        d.setHeaderText(I18n.t("Every step as a slide (PNG), and one PDF handout of all steps"));
        var lesson = new ComboBox<String>();
        lesson.setId("exportLessonCombo");
        lesson.getItems().setAll(lessons);
        lesson.getSelectionModel().select(Math.max(0, Math.min(current, lessons.size() - 1)));
        var size = new ComboBox<String>();
        size.setId("exportSizeCombo");
        size.getItems().setAll(LessonExport.SIZES);
        size.setEditable(true);
        size.setValue(LessonExport.SIZES.get(0));
        var grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label(I18n.t("lesson")), lesson);
        grid.addRow(1, new Label(I18n.t("slide size")), size);
        d.getDialogPane().setContent(grid);
        var export = new ButtonType(I18n.t("Export…"), ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(export, new ButtonType(I18n.t("Cancel"),
                ButtonBar.ButtonData.CANCEL_CLOSE));
        d.setResultConverter(b -> b == export ? new LessonExportChoice(lesson.getSelectionModel().getSelectedIndex(),
                size.getEditor().getText()) : null);
        // a size that is not W×H between 640 and 4096 cannot be chosen
        d.getDialogPane().lookupButton(export).disableProperty().bind(Bindings.createBooleanBinding(
                () -> LessonExport.parseSize(size.getEditor().getText()).isEmpty(),
                size.getEditor().textProperty()));
        return d.showAndWait();
    }

    @Override
    public RestoreChoice askRestore(Window owner, String what) {
        var restore = new ButtonType(I18n.t("Restore"), ButtonBar.ButtonData.YES);
        var discard = new ButtonType(I18n.t("Discard"), ButtonBar.ButtonData.NO);
        // Esc and closing the question keep the copy: nothing the user made is lost by a key pressed in a hurry
        var later = new ButtonType(I18n.t("Decide later"), ButtonBar.ButtonData.CANCEL_CLOSE);
        var a = new Alert(Alert.AlertType.CONFIRMATION, I18n.f("InitScope closed while %s had unsaved changes. "
                + "Restore them? Decide later keeps them for the next start.", what), restore, discard, later);
        a.initOwner(owner);
        a.setTitle(I18n.t("Restore your unsaved network"));
        a.setHeaderText(I18n.t("Restore your unsaved network"));
        ((Button) a.getDialogPane().lookupButton(restore)).setDefaultButton(true);
        var answer = a.showAndWait().orElse(later);
        return answer == restore ? RestoreChoice.RESTORE : answer == discard ? RestoreChoice.DISCARD
                : RestoreChoice.LATER;
    }

    @Override
    public void about(Window owner) {
        // a Close button that Esc presses too
        var a = new Alert(Alert.AlertType.INFORMATION, "", new ButtonType(I18n.t("Close"),
                ButtonBar.ButtonData.CANCEL_CLOSE));
        a.initOwner(owner);
        a.setTitle("About InitScope");
        a.setHeaderText("InitScope " + Cli.VERSION);
        a.setContentText("How weight initialization shapes the signal in a neural network.\n\n"
                + "Blue: the forward signal (activations); orange: the backward signal (gradients); solid: measured; "
                + "dashed: the variance recursion's prediction (Glorot & Bengio 2010, He et al. 2015).\n\n"
                + "Initializers follow torch.nn.init and keras.initializers; every number comes from a real forward "
                + "and backward pass (ND4J).");
        a.showAndWait();
    }
}
