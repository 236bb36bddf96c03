package org.initscope.controller;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the app remembers between starts: theme, language and recent files (java.util.prefs, per user), and where
 * the working network is autosaved. {@code -Dinitscope.home=DIR} moves the autosave folder and
 * {@code -Dinitscope.prefs=NODE} the preferences (tests use both so they never touch the user's own).
 */
public final class AppSettings {
    public static final int RECENT_LIMIT = 8;
    private static AppSettings instance;
    private final Preferences prefs;

    private AppSettings(Preferences prefs) {
        this.prefs = prefs;
    }

    public static synchronized AppSettings get() {
        if (instance == null) {
            instance = new AppSettings(Preferences.userRoot().node(System.getProperty("initscope.prefs",
                    "org/initscope/app")));
        }
        return instance;
    }

    public String theme() {
        return prefs.get("theme", "LIGHT");
    }

    public void setTheme(String t) {
        prefs.put("theme", t);
    }

    public String language() {
        return prefs.get("language", "");
    }

    public void setLanguage(String tag) {
        prefs.put("language", tag);
    }

    /** The screen (its key, see app.WindowPlacement) the window was last on; empty if none. */
    public String windowScreen() {
        return prefs.get("window.screen", "");
    }

    /** The window's last placement on a screen ("x,y,w,h,maximized"), or null. */
    public String windowPlacement(String screenKey) {
        return prefs.get("window." + screenKey, null);
    }

    /** Remember the window's placement on a screen, and that screen as the last one. */
    public void setWindowPlacement(String screenKey, String placement) {
        prefs.put("window." + screenKey, placement);
        prefs.put("window.screen", screenKey);
        flush();
    }

    /** Recently opened or saved configs, newest first, only those that still exist. */
    public List<Path> recentFiles() {
        var out = new ArrayList<Path>();
        for (int i = 0; i < RECENT_LIMIT; i++) {
            String p = prefs.get("recent." + i, null);
            if (p != null) {
                try {
                    Path path = Path.of(p);
                    if (Files.isRegularFile(path)) {
                        out.add(path);
                    }
                } catch (RuntimeException e) {
                    // an unreadable entry (another OS's path): skip it
                }
            }
        }
        return out;
    }

    public void addRecent(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        var list = new ArrayList<Path>();
        list.add(abs);
        for (Path p : recentFiles()) {
            if (!p.equals(abs) && list.size() < RECENT_LIMIT) {
                list.add(p);
            }
        }
        for (int i = 0; i < RECENT_LIMIT; i++) {
            if (i < list.size()) {
                prefs.put("recent." + i, list.get(i).toString());
            } else {
                prefs.remove("recent." + i);
            }
        }
        flush();
    }

    public void clearRecent() {
        for (int i = 0; i < RECENT_LIMIT; i++) {
            prefs.remove("recent." + i);
        }
        flush();
    }

    /** The folder for the autosave file: ~/.initscope unless -Dinitscope.home is set. */
    public static Path home() {
        String h = System.getProperty("initscope.home");
        return h != null ? Path.of(h) : Path.of(System.getProperty("user.home"), ".initscope");
    }

    private void flush() {
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience: the app works the same without them
        }
    }
}
