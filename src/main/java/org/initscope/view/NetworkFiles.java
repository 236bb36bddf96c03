package org.initscope.view;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.stage.Window;
import org.initscope.config.Presets;
import org.initscope.controller.NetworkSession;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;

/**
 * File ▸ New, Open, Save, Save As and the presets: each asks before unsaved changes are replaced ("save them
 * first?"), and the window's title says the file and whether it has unsaved changes. The session does the reading
 * and writing (and says why a file could not be read or written); this class only asks the user.
 */
public final class NetworkFiles {
    private final NetworkSession session;
    private final Dialogs dialogs;
    private final Supplier<Window> owner;

    public NetworkFiles(NetworkSession session, Dialogs dialogs, Supplier<Window> owner) {
        this.session = session;
        this.dialogs = dialogs;
        this.owner = owner;
    }

    /** True when there is nothing unsaved, or the user saved it or chose not to. */
    public boolean confirmDiscard() {
        if (!session.isDirty()) {
            return true;
        }
        String what = Printable.of(session.fileProperty().get() == null ? "\""
                + session.spec().name() + "\"" : session.fileProperty().get().getFileName().toString());
        return switch (dialogs.askToSave(owner.get(), what)) {
            // saved (a cancelled Save As or a failed save keeps the changes and stops here)
            case SAVE -> save();
            case DONT_SAVE -> true;
            case CANCEL -> false;
        };
    }

    public void newNetwork() {
        if (confirmDiscard()) {
            session.replace(NetworkSpec.defaultNetwork(), null);
        }
    }

    public void loadPreset(Presets.Preset p) {
        if (confirmDiscard()) {
            // the x-range that shows the preset's story (a collapse is only seen on a shared range)
            session.sharedRangeProperty().set(p.sharedRange());
            session.replace(p.load(), null);
        }
    }

    public void open() {
        if (!confirmDiscard()) {
            return;
        }
        dialogs.chooseOpen(owner.get()).ifPresent(session::open);
    }

    public boolean save() {
        Path f = session.fileProperty().get();
        if (f == null) {
            return saveAs();
        }
        return session.save(f).isEmpty();
    }

    public boolean saveAs() {
        String name = session.spec().name().isBlank() ? "network" : session.spec().name();
        Optional<Path> target = dialogs.chooseSave(owner.get(), name.replaceAll("[^A-Za-z0-9_.-]+", "-") + ".json");
        return target.map(p -> session.save(p).isEmpty()).orElse(false);
    }

    /** "InitScope — name (file.json) •": the file and whether there are unsaved changes. */
    public StringBinding titleBinding() {
        return Bindings.createStringBinding(() -> {
            Path f = session.fileProperty().get();
            String name = session.spec().name();
            String t = "InitScope — " + (name.isBlank() ? "untitled" : name);
            if (f != null) {
                t += " (" + f.getFileName() + ")";
            }
            // a name or file name from a file never sends control characters to the window manager
            return Printable.of(t + (session.isDirty() ? " •" : ""));
        }, session.fileProperty(), session.dirtyProperty(), session.specProperty());
    }
}
