package org.initscope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
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
                + "which χ₁ = 1, and the fixed point q* there.")
final class PhaseCommand implements Callable<Integer> {
    static final double[] BIAS_VARIANCES = {0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 1.5, 2.0};

    @Option(names = "--activation", defaultValue = "tanh", description = "activation (default tanh)")
    String activation;

    @Option(names = "--json", description = "print exactly one JSON object on stdout")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Activation act = Activation.byId(activation).orElseThrow(() -> new Cli.UsageProblem("unknown activation \""
                + activation + "\"; allowed: " + String.join(", ", Activation.ids())
                + Suggest.didYouMean(activation, Activation.ids())));
        ActivationSpec phi = ActivationSpec.of(act);
        var out = spec.commandLine().getOut();
        if (json) {
            var w = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("activation", act.id());
                g.writeArrayFieldStart("edge");
                for (double sb2 : BIAS_VARIANCES) {
                    double sw2 = MeanField.criticalWeightVariance(phi, sb2);
                    g.writeStartObject();
                    TheoryCommand.num(g, "sigmaB2", sb2);
                    TheoryCommand.num(g, "sigmaW2", sw2);
                    TheoryCommand.num(g, "qStar", Double.isNaN(sw2) ? Double.NaN : MeanField.fixedPoint(phi, sw2, sb2));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            out.println(w);
        } else {
            out.printf(Locale.ROOT, "Edge of chaos of %s: χ₁(q*) = 1 (σ_w² = fan_in·Var[W], σ_b² = Var[b])%n%n", act.id());
            out.printf(Locale.ROOT, "%8s  %10s  %10s%n", "σ_b²", "σ_w²", "q*");
            for (double sb2 : BIAS_VARIANCES) {
                double sw2 = MeanField.criticalWeightVariance(phi, sb2);
                double q = Double.isNaN(sw2) ? Double.NaN : MeanField.fixedPoint(phi, sw2, sb2);
                out.printf(Locale.ROOT, "%8s  %10s  %10s%n", Fmt.num(sb2), Double.isNaN(sw2) ? "none" : Fmt.f4(sw2),
                        Fmt.f4(q));
            }
            out.println();
            out.println("Smaller σ_w² is ordered (χ₁ < 1: gradients vanish), larger is chaotic (χ₁ > 1: they explode).");
        }
        out.flush();
        return 0;
    }
}
