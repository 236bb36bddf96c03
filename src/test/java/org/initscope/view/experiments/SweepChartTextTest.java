package org.initscope.view.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.engine.sweep.Measure;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepResult;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.i18n.I18n;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep chart's own texts — title, the measures, the axes' names, the hover card — in the window's language. */
class SweepChartTextTest {

    @AfterEach
    void english() {
        I18n.setLanguage(I18n.Language.ENGLISH);
    }

    private static SweepSpec spec() {
        var net = new NetworkSpec("n", 1, new InputSpec(16, 8, InputDistribution.NORMAL), List.of(new DenseSpec(16,
                ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL), DenseSpec.DEFAULT_BIAS, 2)));
        return new SweepSpec("", net, List.of(new SweepAxis(SweepAxis.Param.WIDTH, List.of(16.0, 32.0)),
                new SweepAxis(SweepAxis.Param.ACTIVATION, List.of(ActivationSpec.of(Activation.RELU)))), 3, false,
                null);
    }

    private static boolean han(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    @Test
    void everyTextOfTheChartIsTranslated() {
        SweepResult empty = SweepResult.empty(spec());
        assertEquals("χ₁ measured (geometric mean of 3 seeds) — 0 of 2 cells", SweepChart.title(empty,
                Measure.of(Measure.Kind.CHI1)));
        assertEquals("width = 32, activation = relu", SweepChart.describe(spec(), 1));
        I18n.setLanguage(I18n.Language.CHINESE);
        String title = SweepChart.title(empty, Measure.of(Measure.Kind.CHI1));
        assertEquals("χ₁ 实测（3 个种子的几何平均） — 0 / 2 个格子", title);
        assertEquals("宽度 = 32, 激活函数 = relu", SweepChart.describe(spec(), 1));
        for (Measure.Kind k : Measure.Kind.values()) {
            Measure m = k == Measure.Kind.COORDINATE ? Measure.coordinate(2, 3) : Measure.of(k);
            String label = SweepChart.label(m);
            assertTrue(han(label) || k == Measure.Kind.LAST_STD, k + ": " + label);
        }
        for (SweepAxis.Param p : SweepAxis.Param.values()) {
            String name = I18n.t(p.label());
            assertTrue(han(name) || p == SweepAxis.Param.SIGMA_W2 || p == SweepAxis.Param.SIGMA_B2, p + ": " + name);
        }
    }

    @Test
    void aTickLabelTooWideForItsColumnLosesItsParametersThenIsCut() {
        // 6 px per character
        java.util.function.ToDoubleFunction<String> w = t -> 6.0 * t.length();
        assertEquals("kaiming_normal", SweepChart.fit("kaiming_normal", 90, w));
        assertEquals("orthogonal", SweepChart.fit("orthogonal(gain=auto)", 90, w), "the parameters go first");
        assertEquals("xavier_no…", SweepChart.fit("xavier_normal(gain=auto)", 60, w), "then the name is cut (10 × 6 px)");
        assertEquals("xa…", SweepChart.fit("xavier_normal", 1, w), "never less than two letters");
    }
}
