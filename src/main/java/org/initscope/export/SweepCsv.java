package org.initscope.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import org.initscope.engine.sweep.Measure;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepResult;

/**
 * Every run of a sweep as CSV: one row per cell and seed — the cell number, each axis' value, the seed, the error
 * (empty when the run succeeded), then every measure and the theory's prediction of it ({@code KEY_predicted}; NaN
 * where there is none). Numbers are locale-independent and exact, as in {@link StatsCsv}; text with a comma or a
 * quote is quoted.
 */
public final class SweepCsv {
    private SweepCsv() {
    }

    public static String write(SweepResult r) {
        var header = new ArrayList<String>();
        header.add("cell");
        for (SweepAxis a : r.spec().axes()) {
            header.add(a.param().key());
        }
        header.add("seed");
        header.add("error");
        for (Measure m : r.measures()) {
            header.add(m.key());
            header.add(m.key() + "_predicted");
        }
        var s = new StringBuilder(String.join(",", header)).append('\n');
        for (SweepResult.Cell c : r.cells()) {
            if (c == null) {
                continue;
            }
            for (SweepResult.Run run : c.runs()) {
                var row = new ArrayList<String>();
                row.add(Integer.toString(c.index()));
                for (int a = 0; a < r.spec().axes().size(); a++) {
                    SweepAxis axis = r.spec().axis(a);
                    row.add(axis.param().numeric() ? StatsCsv.num(axis.number(c.at()[a]))
                            : quote(axis.label(c.at()[a])));
                }
                row.add(Long.toString(run.seed()));
                row.add(run.failed() ? quote(run.error()) : "");
                for (int m = 0; m < r.measures().size(); m++) {
                    row.add(StatsCsv.num(run.values()[m]));
                    row.add(StatsCsv.num(run.predicted()[m]));
                }
                s.append(String.join(",", row)).append('\n');
            }
        }
        return s.toString();
    }

    /** RFC 4180: a field with a comma, quote or line break in quotes, its quotes doubled. */
    static String quote(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    public static void write(SweepResult r, Path file) throws IOException {
        byte[] bytes = write(r).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
