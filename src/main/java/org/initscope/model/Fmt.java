package org.initscope.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Number formatting for formulas and tables: short, exact-looking, locale-independent. */
public final class Fmt {
    private Fmt() {
    }

    /** A parameter value as the user typed it: integers without ".0", otherwise up to 6 significant digits. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return sig(v, 6);
    }

    /** {@code v} rounded to {@code digits} significant digits, without trailing zeros; scientific when tiny/huge. */
    public static String sig(double v, int digits) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        if (v == 0) {
            return "0";
        }
        double abs = Math.abs(v);
        if (abs >= 1e-4 && abs < 1e7) {
            BigDecimal bd = new BigDecimal(v).round(new MathContext(digits));
            String s = bd.stripTrailingZeros().toPlainString();
            return s;
        }
        String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        int e = s.indexOf('e');
        String mant = s.substring(0, e);
        if (mant.contains(".")) {
            mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        return mant + "e" + exp;
    }

    /** Three significant digits, scientific below 1e-3 and from 1e5 on: for narrow table columns. */
    public static String compact(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (v != 0 && Double.isFinite(v) && (a < 1e-3 || a >= 1e5)) {
            String s = String.format(Locale.ROOT, "%.2e", v);
            int e = s.indexOf('e');
            String mant = s.substring(0, e).replaceAll("0+$", "").replaceAll("\\.$", "");
            return mant + "e" + Integer.parseInt(s.substring(e + 1));
        }
        return sig(v, 3);
    }

    /**
     * A mean-field number (a depth scale, a fixed point): "∞" for +Infinity, "—" where it is not defined (NaN),
     * otherwise {@code fmt}'s text.
     */
    public static String orSymbol(double v, DoubleFunction<String> fmt) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return v == Double.POSITIVE_INFINITY ? "∞" : fmt.apply(v);
    }

    /** Four significant digits: the precision formulas are shown with. */
    public static String f4(double v) {
        return sig(v, 4);
    }
}
