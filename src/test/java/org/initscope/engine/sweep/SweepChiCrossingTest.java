package org.initscope.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.engine.MeanField;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.Test;

/**
 * The first check: a sweep over σ_w² of tanh networks at σ_b² = 0.05 measures χ₁ (the backward variance
 * factor per layer, Var[∂L/∂a_{l−1}]/Var[∂L/∂a_l] over the deeper layers) and finds where it crosses 1; mean field
 * puts the edge of chaos at σ_w² = 1.761 (initializers.md §5b). The crossing must lie within 5 % of it.
 *
 * <p>The measured χ₁ of a finite network sits below the mean field's by about 5/width (the same W_l enters the
 * forward and the backward pass; the infinite-width theory ignores that): measured here, the crossing is 4.5 % above
 * 1.761 at width 256 and 1.1 % at width 1024. Width 512 puts it about 2 % above: within the 5 % with room for the
 * seeds.
 */
class SweepChiCrossingTest {

    @Test
    void measuredChi1CrossesOneWithinFivePercentOfTheMeanField() throws Exception {
        var tanh = new DenseSpec(512, ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL),
                DenseSpec.DEFAULT_BIAS, 16);
        var net = new NetworkSpec("tanh", 11, new InputSpec(512, 128, InputDistribution.NORMAL), List.of(tanh));
        var spec = new SweepSpec("chi1 crossing", net, List.of(SweepAxis.range(SweepAxis.Param.SIGMA_W2, 1.4, 2.2, 9,
                false), new SweepAxis(SweepAxis.Param.SIGMA_B2, List.of(0.05))), 2, false, null);
        SweepResult r = SweepRunner.run(spec, SweepPlan.of(spec, 0, 0).check(), (s, d, n) -> { }, () -> false);
        assertTrue(r.finished());
        double theory = MeanField.criticalWeightVariance(ActivationSpec.of(Activation.TANH), 0.05);
        assertEquals(1.761, theory, 0.001);
        double measured = Reproductions.chiCrossing(r);
        int chi = r.indexOf(Measure.Kind.CHI1);
        for (int i = 0; i < spec.axis(0).size(); i++) {
            System.out.printf("σ_w² %.2f  χ₁ %.4f (recursion %.4f)%n", spec.axis(0).number(i),
                    r.cell(i).summary(chi, true).mean(), r.cell(i).predicted(chi, true));
        }
        System.out.printf("measured crossing %.4f, mean field %.4f (%.2f %%)%n", measured, theory,
                100 * (measured / theory - 1));
        assertEquals(theory, measured, 0.05 * theory);
    }
}
