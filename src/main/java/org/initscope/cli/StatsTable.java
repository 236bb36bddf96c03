package org.initscope.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.model.Fmt;
import org.initscope.model.ResolvedLayer;

/** The readable {@code stats} output: one row per layer, measured next to predicted, then the formulas. */
public final class StatsTable {
    private StatsTable() {
    }

    public static String write(PropagationResult r) {
        var sb = new StringBuilder();
        var net = r.network();
        sb.append(String.format(Locale.ROOT, "InitScope stats: %s%nseed %d, input %d features × batch %d (%s), "
                        + "%d layers, %d histogram bins; computed in %.1f ms%n%n",
                net.spec().name().isEmpty() ? "(unnamed network)" : "\"" + net.spec().name() + "\"", r.seed(),
                net.input().features(), net.input().batch(), net.input().distribution().description(), net.depth(),
                r.options().bins(), r.timings().totalMs()));
        String[] head = {"layer", "units", "activation", "init", "W std", "Var[z]", "(theory)", "std[a]", "sat%",
            "zero%", "Var[∂L/∂z]", "(theory)", "std[∂L/∂W]", "NaN/Inf"};
        var rows = new ArrayList<String[]>();
        for (LayerResult l : r.layers()) {
            TensorStats w = l.get(Quantity.WEIGHTS);
            TensorStats z = l.get(Quantity.PRE_ACTIVATIONS);
            TensorStats a = l.get(Quantity.ACTIVATIONS);
            TensorStats dz = l.get(Quantity.PRE_ACTIVATION_GRADIENTS);
            TensorStats dw = l.get(Quantity.WEIGHT_GRADIENTS);
            long nonFinite = l.stats().values().stream().mapToLong(TensorStats::nonFinite).sum();
            rows.add(new String[] {
                Integer.toString(l.index()), Integer.toString(l.layer().units()), l.layer().activation().label(),
                shorten(l.layer().init() == null ? "—" : l.layer().init().label(), 28), Fmt.f4(w.std()), Fmt.f4(z.var()),
                "(" + Fmt.f4(l.predicted().preActivationVar()) + ")", Fmt.f4(a.std()),
                pct(a.saturatedFraction()), pct(a.zeroFraction()), Fmt.f4(dz.var()),
                "(" + Fmt.f4(l.predicted().preActivationGradientVar()) + ")", Fmt.f4(dw.std()),
                nonFinite == 0 ? "-" : Long.toString(nonFinite)});
        }
        table(sb, head, rows);
        sb.append(System.lineSeparator()).append("Initializers (std is the exact std of one weight):")
                .append(System.lineSeparator());
        int prevSpec = -1;
        List<LayerResult> layers = r.layers();
        for (int i = 0; i < layers.size(); i++) {
            ResolvedLayer l = layers.get(i).layer();
            if (l.specIndex() == prevSpec && sameInit(layers.get(i - 1).layer(), l)) {
                continue;
            }
            int last = i;
            while (last + 1 < layers.size() && layers.get(last + 1).layer().specIndex() == l.specIndex()
                    && sameInit(layers.get(last + 1).layer(), l)) {
                last++;
            }
            prevSpec = l.specIndex();
            String range = last == i ? "layer " + l.index() : "layers " + l.index() + "–" + layers.get(last).layer().index();
            if (!l.hasParameters()) {
                continue;
            }
            sb.append("  ").append(range).append(": ").append(l.init().scheme().id()).append(": ")
                    .append(l.weight().formula());
            if (l.weight().gain() != null) {
                sb.append(" [gain: ").append(l.weight().gain().source()).append(']');
            }
            sb.append("; bias ").append(l.bias().spec().scheme().id()).append(": ").append(l.bias().formula())
                    .append(System.lineSeparator());
            for (String w : l.weight().warnings()) {
                sb.append("    warning: ").append(w).append(System.lineSeparator());
            }
        }
        if (r.hasNonFinite()) {
            sb.append(System.lineSeparator()).append("Some values overflowed to Inf or NaN (column NaN/Inf): the "
                    + "statistics above cover the finite values.").append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static boolean sameInit(ResolvedLayer a, ResolvedLayer b) {
        if (!a.hasParameters() || !b.hasParameters()) {
            return a.hasParameters() == b.hasParameters();
        }
        return a.weight().formula().equals(b.weight().formula()) && a.bias().formula().equals(b.bias().formula());
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f", 100 * f);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static void table(StringBuilder sb, String[] head, List<String[]> rows) {
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            w[c] = head[c].length();
            for (String[] row : rows) {
                w[c] = Math.max(w[c], row[c].length());
            }
        }
        line(sb, head, w);
        for (String[] row : rows) {
            line(sb, row, w);
        }
    }

    private static void line(StringBuilder sb, String[] cells, int[] w) {
        for (int c = 0; c < cells.length; c++) {
            boolean left = c == 2 || c == 3;
            String cell = cells[c];
            String pad = " ".repeat(w[c] - cell.length());
            sb.append(left ? cell + pad : pad + cell);
            sb.append(c + 1 < cells.length ? "  " : "");
        }
        sb.append(System.lineSeparator());
    }
}
