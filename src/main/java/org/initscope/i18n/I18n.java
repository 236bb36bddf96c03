package org.initscope.i18n;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's languages. The English text is the key: {@code t("Open…")} returns it translated when another language
 * is chosen and a translation exists, otherwise the English text itself, so nothing is ever blank. Translations live
 * in {@code org/initscope/i18n/<tag>.tsv} (English TAB translation, one per line; {@code \n} for a line break).
 */
public final class I18n {
    public enum Language {
        ENGLISH("en", "English"), CHINESE("zh-CN", "简体中文");

        private final String tag;
        private final String label;

        Language(String tag, String label) {
            this.tag = tag;
            this.label = label;
        }

        public String tag() {
            return tag;
        }

        /** The language's own name, as a menu lists it. */
        public String label() {
            return label;
        }

        public static Language byTag(String tag) {
            for (Language l : values()) {
                if (l.tag.equalsIgnoreCase(tag)) {
                    return l;
                }
            }
            return null;
        }

        /** The system's language if InitScope has it, else English. */
        public static Language ofSystem() {
            return "zh".equals(Locale.getDefault().getLanguage()) ? CHINESE : ENGLISH;
        }
    }

    private static volatile Language current = Language.ENGLISH;
    private static final Map<Language, Map<String, String>> TABLES = new ConcurrentHashMap<>();
    /** Texts asked for in another language that have no translation (tests list them). */
    private static final Set<String> MISSING = ConcurrentHashMap.newKeySet();

    private I18n() {
    }

    public static Language language() {
        return current;
    }

    public static void setLanguage(Language l) {
        current = l == null ? Language.ENGLISH : l;
    }

    public static boolean chinese() {
        return current == Language.CHINESE;
    }

    /** {@code english} in the current language. */
    public static String t(String english) {
        if (current == Language.ENGLISH || english == null || english.isEmpty()) {
            return english;
        }
        String s = table(current).get(english);
        if (s == null) {
            if (english.codePoints().noneMatch(c -> c >= 0x3000)) {
                MISSING.add(english); // (a text already translated is not missing)
            }
            return english;
        }
        return s;
    }

    /** {@link #t} then {@link String#format} with Locale.ROOT (numbers never get a locale's separators). */
    public static String f(String english, Object... args) {
        return String.format(Locale.ROOT, t(english), args);
    }

    public static Set<String> missing() {
        return Collections.unmodifiableSet(MISSING);
    }

    /** Every translation of a language (tests check their format placeholders). */
    public static Map<String, String> translations(Language l) {
        return Collections.unmodifiableMap(table(l));
    }

    private static Map<String, String> table(Language l) {
        return TABLES.computeIfAbsent(l, I18n::load);
    }

    private static Map<String, String> load(Language l) {
        var map = new HashMap<String, String>();
        if (l == Language.ENGLISH) {
            return map;
        }
        String path = "/org/initscope/i18n/" + l.tag() + ".tsv";
        try (InputStream in = I18n.class.getResourceAsStream(path)) {
            if (in == null) {
                return map;
            }
            var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    map.put(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t");
    }
}
