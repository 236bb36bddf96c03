package org.initscope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.initscope.engine.MeanField;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Fmt;
import org.initscope.model.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "phase", mixinStandardHelpOptions = true,
        description = "The edge of chaos of an activation: for each bias variance σ_b², the weight variance σ_w² at "
                + "which the length map has a fixed point q* with χ₁(q*) = 1, that q*, and whether it attracts.")
final class PhaseCommand implements Callable<Integer> {
    static final double[] BIAS_VARIANCES = {0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 1.5, 2.0};

    @Option(names = "--activation", defaultValue = "tanh", description = "activation (default tanh)")
    String activation;

    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** "attracting", "repelling" or, for a piecewise-linear φ (slope exactly 1), "marginal". */
    private static String fixedPoint(MeanField.Edge e) {
        return e.lengthSlope() == 1 ? "marginal" : e.stable() ? "attracting" : "repelling";
    }

    @Override
    public Integer call() throws Exception {
        Activation act = Activation.byId(activation).orElseThrow(() -> new Cli.UsageProblem("unknown activation \""
                + activation + "\"; allowed: " + String.join(", ", Activation.ids())
                + Suggest.didYouMean(activation, Activation.ids())));
        ActivationSpec phi = ActivationSpec.of(act);
        var out = spec.commandLine().getOut();
        var edges = Arrays.stream(BIAS_VARIANCES).mapToObj(sb2 -> MeanField.edge(phi, sb2)).toList();
        if (json) {
            var w = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("activation", act.id());
                g.writeArrayFieldStart("edge");
                for (MeanField.Edge e : edges) {
                    g.writeStartObject();
                    TheoryCommand.num(g, "sigmaB2", e.sigmaB2());
                    TheoryCommand.num(g, "sigmaW2", e.sigmaW2());
                    TheoryCommand.num(g, "qStar", e.qStar());
                    TheoryCommand.num(g, "chi1Star", e.exists() ? 1.0 : Double.NaN);
                    TheoryCommand.num(g, "lengthSlope", e.lengthSlope());
                    if (e.exists()) {
                        g.writeStringField("fixedPoint", fixedPoint(e));
                    } else {
                        g.writeNullField("fixedPoint");
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            out.println(w);
        } else {
            out.printf(Locale.ROOT, "Edge of chaos of %s: the σ_w² at which the length map has a fixed point q* with "
                    + "χ₁(q*) = 1%n(σ_w² = fan_in·Var[W], σ_b² = Var[b])%n%n", act.id());
            out.printf(Locale.ROOT, "%8s  %10s  %10s  %7s  %s%n", "σ_b²", "σ_w²", "q*", "χ₁(q*)", "fixed point");
            boolean repelling = false;
            for (MeanField.Edge e : edges) {
                repelling |= e.exists() && !e.stable();
                out.printf(Locale.ROOT, "%8s  %10s  %10s  %7s  %s%n", Fmt.num(e.sigmaB2()),
                        e.exists() ? Fmt.f4(e.sigmaW2()) : "none",
                        !e.exists() ? "—" : Double.isNaN(e.qStar()) ? "every q" : Fmt.orSymbol(e.qStar(), Fmt::f4),
                        e.exists() ? "1" : "—", e.exists() ? fixedPoint(e) : "—");
            }
            out.println();
            out.println("Smaller σ_w² is ordered (χ₁ < 1: gradients vanish), larger is chaotic (χ₁ > 1: they explode).");
            if (repelling) {
                out.println("repelling: the length map's slope at q* is above 1, so a network on this point leaves it "
                        + "(to a smaller fixed point or to ∞); a search over σ_w² from a unit signal finds a jump "
                        + "there, not χ₁ = 1.");
            }
        }
        out.flush();
        return 0;
    }
}
