package org.initscope.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;

/**
 * Every layer's statistics as CSV: one row per layer and quantity, numbers in full precision and independent of the
 * locale (Java's shortest round-trip representation: {@code 0.07454}, {@code 1.0E-7}, {@code NaN}).
 */
public final class StatsCsv {
    public static final String HEADER = "layer,type,quantity,count,mean,std,var,min,max,zeroFraction,"
            + "saturatedFraction,nan,posInf,negInf";

    private StatsCsv() {
    }

    public static String write(PropagationResult r) {
        var s = new StringBuilder(HEADER).append('\n');
        for (LayerResult l : r.layers()) {
            for (Quantity q : Quantity.values()) {
                TensorStats t = l.get(q);
                if (t == null || t.count() == 0) {
                    continue;
                }
                s.append(row(l, q, t)).append('\n');
            }
        }
        return s.toString();
    }

    /** One row: the layer index, its type, the quantity's key and the statistics. */
    public static String row(LayerResult l, Quantity q, TensorStats t) {
        return String.join(",", Integer.toString(l.index()), l.layer().spec().type(), q.key(),
                Long.toString(t.count()), num(t.mean()), num(t.std()), num(t.var()), num(t.min()), num(t.max()),
                num(t.zeroFraction()), num(t.saturatedFraction()), Long.toString(t.nan()), Long.toString(t.posInf()),
                Long.toString(t.negInf()));
    }

    /** Double.toString: locale-independent and exact (the shortest decimal that reads back as the same double). */
    static String num(double v) {
        return Double.toString(v);
    }

    public static void write(PropagationResult r, Path file) throws IOException {
        byte[] bytes = write(r).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
