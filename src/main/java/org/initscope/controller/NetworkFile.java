package org.initscope.controller;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.initscope.config.ConfigException;
import org.initscope.config.ConfigReader;
import org.initscope.config.ConfigWriter;
import org.initscope.engine.MemoryEstimate;
import org.initscope.engine.ResourceLimitException;
import org.initscope.export.AtomicFiles;
import org.initscope.i18n.I18n;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import org.initscope.model.ResolvedNetwork;

/**
 * The file of a {@link NetworkSession}'s network (FX thread): where it was opened from or saved to, whether it has
 * changed since (dirty), reading and writing it. A file that cannot be read, and a network too large for memory, are
 * refused with the reason before anything changes.
 */
final class NetworkFile {
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
    /** The network as last opened or saved; null when it was never saved (an autosave brought back). */
    private NetworkSpec savedSpec;

    NetworkFile(NetworkSpec initial) {
        savedSpec = initial;
    }

    ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** The network is now {@code spec}: dirty unless that is the one saved. */
    void changed(NetworkSpec spec) {
        dirty.set(!spec.equals(savedSpec));
    }

    /** {@code spec} came from {@code from} (null: from no file), unchanged. */
    void reset(NetworkSpec spec, Path from) {
        savedSpec = spec;
        file.set(from);
        dirty.set(false);
    }

    /** The network is changes not saved anywhere yet (an autosave brought back). */
    void unsaved() {
        savedSpec = null;
        dirty.set(true);
    }

    /**
     * A network that cannot fit in memory is refused up front, with the estimate, before it replaces the current
     * one (the engine would refuse it too, but only after the window had switched to it).
     */
    static Optional<String> tooLarge(ResolvedNetwork next) {
        try {
            MemoryEstimate.check(next);
            return Optional.empty();
        } catch (ResourceLimitException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Read {@code path} and hand it to {@code replace}; or why not (the file and the reason), nothing replaced. */
    Optional<String> open(Path path, BiConsumer<NetworkSpec, Path> replace) {
        try {
            NetworkSpec next = ConfigReader.read(path);
            Optional<String> tooLarge = tooLarge(next.resolve());
            if (tooLarge.isPresent()) {
                return Optional.of(Printable.of(path.toString()) + ": " + tooLarge.get());
            }
            replace.accept(next, path);
            AppSettings.get().addRecent(path);
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(Printable.of(e.getMessage()));
        }
    }

    /** Write {@code spec} to {@code path} (atomically); or why not, and then it stays unsaved. */
    Optional<String> save(NetworkSpec spec, Path path) {
        try {
            ConfigWriter.write(spec, path);
            reset(spec, path);
            AppSettings.get().addRecent(path);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(I18n.f("Could not save %s: %s. Your network is unchanged and still unsaved.",
                    Printable.of(path.toString()), Printable.of(AtomicFiles.describe(e))));
        }
    }
}
