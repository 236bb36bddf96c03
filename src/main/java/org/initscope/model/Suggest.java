package org.initscope.model;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" for misspelt names in configs and on the command line. */
public final class Suggest {
    private Suggest() {
    }

    /** {@code " (did you mean \"tanh\"?)"} when a choice is close to the given value, else an empty string. */
    public static String didYouMean(Object value, Collection<String> choices) {
        if (!(value instanceof String s)) {
            return "";
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : choices) {
            int d = distance(s.toLowerCase(Locale.ROOT), c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, s.length() / 3) ? " (did you mean \"" + best + "\"?)" : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
