package org.initscope.view;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.stage.Window;

/** The modal questions the window asks; tests answer them without a native dialog. */
public interface Dialogs {
    Optional<Path> chooseOpen(Window owner);

    Optional<Path> chooseSave(Window owner, String suggestedName);

    /** The answers to "save the changes to … first?". */
    enum SaveChoice {
        SAVE, DONT_SAVE, CANCEL
    }

    /** "The network … has unsaved changes: save them first?" — Save, Don't save or Cancel (Esc). */
    SaveChoice askToSave(Window owner, String what);

    void about(Window owner);

    /** The answers to "restore the network you had not saved when InitScope last closed?". */
    enum RestoreChoice {
        /** Open it in this window. */
        RESTORE,
        /** Delete the copy: the user said so. */
        DISCARD,
        /** Not now (Esc, closing the question): the copy stays and is offered again at the next start. */
        LATER
    }

    /** "InitScope closed while … had unsaved changes" — Restore, Discard or Decide later (Esc). */
    default RestoreChoice askRestore(Window owner, String what) {
        return RestoreChoice.LATER;
    }

    /** A file to export to, suggesting {@code suggestedName}; {@code extension} (png, csv) filters the chooser. */
    Optional<Path> chooseExport(Window owner, String suggestedName, String extension);

    /** A folder to export into. */
    Optional<Path> chooseFolder(Window owner, String title);

    /** A lesson to export (its index in the list offered) and the slides' size ("1920×1080"). */
    record LessonExportChoice(int lesson, String size) {
    }

    /** Lessons ▸ Export lesson…: which of {@code lessons} (starting at {@code current}) and at which size. */
    Optional<LessonExportChoice> chooseLessonExport(Window owner, List<String> lessons, int current);

    /** The scale of an exported image: 1, 2 or 3 (× the size on screen). */
    Optional<Integer> chooseScale(Window owner);

    /**
     * A window that asks nothing (slides, the user-side benchmark): nothing is opened, saved or exported, and
     * unsaved changes are dropped.
     */
    Dialogs NONE = new Dialogs() {
        @Override
        public Optional<Path> chooseOpen(Window owner) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseSave(Window owner, String suggestedName) {
            return Optional.empty();
        }

        @Override
        public SaveChoice askToSave(Window owner, String what) {
            return SaveChoice.DONT_SAVE;
        }

        @Override
        public void about(Window owner) {
        }

        @Override
        public Optional<Path> chooseExport(Window owner, String suggestedName, String extension) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseFolder(Window owner, String title) {
            return Optional.empty();
        }

        @Override
        public Optional<Integer> chooseScale(Window owner) {
            return Optional.empty();
        }

        @Override
        public Optional<LessonExportChoice> chooseLessonExport(Window owner, List<String> lessons, int current) {
            return Optional.empty();
        }
    };
}
