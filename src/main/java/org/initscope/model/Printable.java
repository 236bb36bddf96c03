package org.initscope.model;

import java.util.Locale;

/**
 * Text from files (a network's name, a scheme name, a lesson's text, a file name) made safe to show on a terminal
 * or in a label: every control character (C0, DEL, C1), the Unicode line and paragraph separators and the
 * bidirectional overrides and isolates are written as visible escapes ({@code ESC} → {@code \x1B}, U+202E →
 * {@code \u202E}), so that a file can neither set the terminal's title, clear the screen or move the cursor, nor
 * reorder what a label shows. Every other character (accents, Chinese, emoji) stays as it is.
 */
public final class Printable {
    private Printable() {
    }

    /** For one line: line breaks and tabs are escaped too. */
    public static String of(String s) {
        return escape(s, false);
    }

    /** For a table or a text of several lines: line breaks and tabs stay, everything else is escaped. */
    public static String lines(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean keepLines) {
        if (s == null) {
            return "";
        }
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i), keepLines)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        var sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c, keepLines)) {
                sb.append(c);
            } else if (c < 0x100) {
                sb.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            } else {
                sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean unsafe(char c, boolean keepLines) {
        if (keepLines && (c == '\n' || c == '\t')) {
            return false;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E'
                || c == '\u200F' || c == '\u061C';
    }
}
