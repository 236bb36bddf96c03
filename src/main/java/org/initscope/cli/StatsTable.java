package org.initscope.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.engine.RecurrentTrace;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedLayer;

/** The readable {@code stats} output: one row per layer, measured next to predicted, then the formulas. */
public final class StatsTable {
    private StatsTable() {
    }

    /** A prediction cell: the value, or n/a where the theory does not apply. */
    private static String theory(LayerResult l, Quantity q) {
        return l.predictionGap(q) != null ? "n/a" : cell(l.predictedVar(q));
    }

    public static String write(PropagationResult r) {
        var sb = new StringBuilder();
        var net = r.network();
        var in = net.input();
        String inputText = in.image() ? in.channels() + "×" + in.height() + "×" + in.width() + " images"
                : in.sequence() ? "sequences of " + in.sequenceLength() + " steps × " + in.features() + " features"
                        : in.features() + " features";
        sb.append(String.format(Locale.ROOT, "InitScope stats: %s%nseed %d, input %s × batch %d (%s), "
                        + "%d layers, %d histogram bins; computed in %.1f ms%n%n",
                net.spec().name().isEmpty() ? "(unnamed network)" : "\"" + net.spec().name() + "\"", r.seed(),
                inputText, net.input().batch(), net.input().distribution().description(), net.depth(),
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
            ResolvedLayer rl = l.layer();
            String kind = rl.spec() instanceof DenseSpec d && !d.isResidual() ? rl.activation().label()
                    : rl.spec().label() + (rl.weighted() != null ? " · " + rl.activation().label() : "");
            rows.add(new String[] {
                Integer.toString(l.index()), rl.out().label(), kind,
                shorten(rl.init() == null ? "—" : rl.init().label(), 28), cell(w.std()), cell(z.var()),
                "(" + theory(l, Quantity.PRE_ACTIVATIONS) + ")", cell(a.std()),
                pct(a.saturatedFraction()), pct(a.zeroFraction()), cell(dz.var()),
                "(" + theory(l, Quantity.PRE_ACTIVATION_GRADIENTS) + ")", cell(dw.std()),
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
            if (l.spec() instanceof Conv2dSpec || l.spec() instanceof RecurrentSpec) {
                sb.append(" [").append(l.fans().fanInText()).append(", ").append(l.fans().fanOutText()).append(']');
            }
            sb.append("; bias ").append(l.bias().spec().scheme().id()).append(": ").append(l.bias().formula())
                    .append(System.lineSeparator());
            for (String w : l.weight().warnings()) {
                sb.append("    warning: ").append(w).append(System.lineSeparator());
            }
        }
        for (LayerResult l : r.layers()) {
            RecurrentTrace t = l.trace();
            if (t == null) {
                continue;
            }
            int n = t.steps();
            sb.append(System.lineSeparator()).append(String.format(Locale.ROOT, "Through time, layer %d (%s): "
                    + "‖∂L/∂h_t‖ %s at t = %d → %s at t = 1 (× %s)", l.index(), l.layer().spec().label(),
                    Fmt.sig(t.gradientNorm()[n - 1], 3), n, Fmt.sig(t.gradientNorm()[0], 3),
                    Fmt.sig(t.endToEndRatio(), 3)));
            if (t.meanForget() != null) {
                double f = Arrays.stream(t.meanForget()).average().orElse(Double.NaN);
                sb.append(String.format(Locale.ROOT, "; mean forget gate %s; cell path ∏ f from t = 1 to %d: %s", Fmt.sig(f, 3),
                        n, Fmt.sig(t.cellPath()[0], 3)));
            }
            sb.append(System.lineSeparator());
        }
        var gaps = new LinkedHashMap<String, List<Integer>>();
        for (LayerResult l : r.layers()) {
            for (Quantity q : new Quantity[] {Quantity.PRE_ACTIVATIONS, Quantity.PRE_ACTIVATION_GRADIENTS}) {
                String gap = l.predictionGap(q);
                if (gap != null) {
                    var at = gaps.computeIfAbsent(gap, k -> new ArrayList<>());
                    if (!at.contains(l.index())) {
                        at.add(l.index());
                    }
                }
            }
        }
        if (!gaps.isEmpty()) {
            sb.append(System.lineSeparator()).append("(n/a): no theory at that layer:").append(System.lineSeparator());
            gaps.forEach((gap, at) -> sb.append("  layer").append(at.size() > 1 ? "s " : " ").append(at.stream()
                    .map(String::valueOf).collect(Collectors.joining(", "))).append(": ").append(gap)
                    .append(System.lineSeparator()));
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

    private static String cell(double v) {
        return Double.isNaN(v) ? "—" : Fmt.f4(v);
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
