package org.initscope.cli;

import java.util.concurrent.Callable;
import org.initscope.model.Activation;
import org.initscope.model.ParamDef;
import org.initscope.model.Scheme;
import picocli.CommandLine.Command;

@Command(name = "schemes", mixinStandardHelpOptions = true,
        description = "List every initialization scheme with its parameters, defaults and formula.")
final class SchemesCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("Weight schemes (config key \"init\"); fan_in/fan_out as torch.nn.init computes them.");
        out.println("Bias schemes (config key \"bias\"): " + String.join(", ", Scheme.biasIds())
                + "; torch_default gives U(±1/√fan_in).");
        out.println();
        for (Scheme s : Scheme.values()) {
            out.println(s.id() + "  (" + s.source() + (s.biasScheme() ? "; also for biases" : "") + ")");
            out.println("    " + s.summary());
            for (ParamDef p : s.params()) {
                out.println("    " + p.name() + " = " + p.defaultText() + "  [" + p.allowedText() + "]  " + p.help());
            }
        }
        out.println();
        out.println("Activations: " + String.join(", ", Activation.ids())
                + " (leaky_relu takes negative_slope, default 0.01; elu takes alpha, default 1).");
        out.println("\"gain\": \"auto\" uses torch.nn.init.calculate_gain of the layer's activation; for elu, gelu, "
                + "silu and softplus, which it does not cover, the numeric gain 1/√E[φ(z)²], z ~ N(0,1).");
        out.flush();
        return 0;
    }
}
