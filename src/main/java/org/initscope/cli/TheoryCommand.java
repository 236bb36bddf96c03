package org.initscope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.initscope.config.ConfigReader;
import org.initscope.engine.LayerResult;
import org.initscope.engine.MeanField;
import org.initscope.engine.Propagator;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "theory", mixinStandardHelpOptions = true,
        description = "The mean-field predictions for every layer: σ_w², σ_b², the length q_l, χ₁, the fixed point of "
                + "the layer's (σ_w², σ_b²), its phase and depth scales, and the backward prediction.")
final class TheoryCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "network config (default: the built-in network)")
    Path config;

    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NetworkSpec net = config == null ? NetworkSpec.defaultNetwork() : ConfigReader.read(config);
        var resolved = net.resolve();
        List<MeanField.LayerTheory> rows;
        if (resolved.allDense()) {
            rows = MeanField.layers(resolved);
        } else {
            // after layers the recursion does not model (pooling, recurrent) it restarts from a measured run
            var run = Cli.about(config, () -> {
                try (var engine = new Propagator()) {
                    return engine.run(resolved);
                }
            });
            rows = MeanField.layers(resolved, run.layers().stream()
                    .map(LayerResult::predicted).toList());
        }
        var out = spec.commandLine().getOut();
        out.print(json ? json(net, rows) + System.lineSeparator()
                : Printable.lines(table(net, rows)));
        out.flush();
        return 0;
    }

    private static String table(NetworkSpec net, List<MeanField.LayerTheory> rows) {
        var sb = new StringBuilder();
        sb.append("InitScope theory: ").append(net.name().isEmpty() ? "(unnamed)" : net.name())
                .append(" — mean field with σ_w² = fan_in·E[W²], σ_b² = Var[b]").append(System.lineSeparator())
                .append(System.lineSeparator());
        String[] head = {"layer", "activation", "σ_w²", "σ_b²", "q = Var[z]", "χ₁(q)", "q*", "χ₁(q*)", "phase",
            "c*", "ξ_q", "ξ_c", "Var[∂L/∂z]"};
        var data = new ArrayList<String[]>();
        for (MeanField.LayerTheory r : rows) {
            if (!r.applies()) {
                String[] row = new String[head.length];
                Arrays.fill(row, "—");
                row[0] = Integer.toString(r.layer().index());
                row[1] = r.layer().spec().label();
                row[head.length - 1] = Fmt.f4(r.predicted().preActivationGradientVar());
                data.add(row);
                continue;
            }
            data.add(new String[] {Integer.toString(r.layer().index()), r.layer().weighted() instanceof
                    DenseSpec ? r.layer().activation().label() : r.layer().spec().label() + " · "
                    + r.layer().activation().label(),
                Fmt.f4(r.sigmaW2()), Fmt.f4(r.sigmaB2()), Fmt.f4(r.q()), Fmt.f4(r.chi1()), qStar(r),
                Fmt.orSymbol(r.chi1Star(), Fmt::f4), r.phase().name().toLowerCase(Locale.ROOT),
                Fmt.orSymbol(r.scales().cStar(), Fmt::f4), Fmt.orSymbol(r.scales().xiQ(), Fmt::f4),
                Fmt.orSymbol(r.scales().xiC(), Fmt::f4), Fmt.f4(r.predicted().preActivationGradientVar())});
        }
        StatsTable.table(sb, head, data);
        sb.append(System.lineSeparator()).append("χ₁ < 1: ordered (the gradients' variance shrinks × χ₁ per layer, their "
                + "std × √χ₁), χ₁ > 1: chaotic (it grows), χ₁ = 1: the edge of chaos. ξ are depth scales in layers "
                + "(Schoenholz et al. 2017).")
                .append(System.lineSeparator());
        for (String note : MeanField.notes(rows)) {
            sb.append(note).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** q* as the table shows it: "q" where every length is a fixed point, ∞ where there is none. */
    static String qStar(MeanField.LayerTheory r) {
        return r.kind() == MeanField.FixedPoint.EVERY_Q ? "q" : Fmt.orSymbol(r.qStar(), Fmt::f4);
    }

    private static String json(NetworkSpec net, List<MeanField.LayerTheory> rows) throws IOException {
        var w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("name", net.name());
            g.writeArrayFieldStart("layers");
            for (MeanField.LayerTheory r : rows) {
                g.writeStartObject();
                g.writeNumberField("index", r.layer().index());
                g.writeStringField("type", r.layer().spec().type());
                g.writeStringField("activation", r.layer().activation().kind().id());
                num(g, "sigmaW2", r.sigmaW2());
                num(g, "sigmaB2", r.sigmaB2());
                num(g, "q", r.q());
                num(g, "chi1", r.chi1());
                num(g, "qStar", r.qStar());
                if (r.applies()) {
                    g.writeStringField("fixedPoint", r.kind().name().toLowerCase(Locale.ROOT));
                } else {
                    g.writeNullField("fixedPoint");
                }
                num(g, "chi1Star", r.chi1Star());
                if (!r.applies()) {
                    g.writeNullField("phase");
                } else {
                    g.writeStringField("phase", r.phase().name().toLowerCase(Locale.ROOT));
                }
                num(g, "cStar", r.scales().cStar());
                num(g, "chiC", r.scales().chiC());
                num(g, "depthScaleQ", r.scales().xiQ());
                num(g, "depthScaleC", r.scales().xiC());
                num(g, "preActivationGradientVar", r.predicted().preActivationGradientVar());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notes");
            for (String note : MeanField.notes(rows)) {
                g.writeString(note);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w.toString();
    }

    static void num(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else if (v == Double.POSITIVE_INFINITY) {
            g.writeString("Infinity");
        } else {
            g.writeNull();
        }
    }
}
