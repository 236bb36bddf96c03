package org.initscope.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.initscope.config.ConfigReader;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.RecurrentTrace;
import org.initscope.model.Fmt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The "Through time" tab: its caption spells out the engine's trace, and it never breaks on what cannot be drawn. */
@ExtendWith(ApplicationExtension.class)
class ThroughTimeChartTest {
    private static PropagationResult lstm;
    private static PropagationResult dense;
    private ThroughTimeChart chart;

    /** Small networks, run once: the engine's work stays off the FX thread and out of each test. */
    @BeforeAll
    static void run() throws Exception {
        var engine = new Propagator();
        lstm = engine.run(ConfigReader.parse("""
                {"seed": 1, "input": {"features": 8, "sequence_length": 20, "batch": 16},
                 "layers": [{"type": "lstm", "hidden_size": 16, "defaults": "keras"},
                            {"type": "dense", "units": 4}]}""", "test").resolve());
        dense = engine.run(ConfigReader.parse("""
                {"seed": 1, "input": {"features": 8, "batch": 16},
                 "layers": [{"type": "dense", "units": 16, "activation": "tanh"}, {"type": "dense", "units": 4}]}""",
                "test").resolve());
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        chart = new ThroughTimeChart();
        var scene = new Scene(chart, 1000, 460);
        scene.getStylesheets().add(Objects.requireNonNull(
                getClass().getResource("/org/initscope/css/app.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private static String caption(FxRobot robot) {
        return robot.lookup("#throughTimeCaption").queryAs(Label.class).getText();
    }

    @Test
    void captionSpellsOutTheGradientThroughTimeAndTheForgetGate(FxRobot robot) throws Exception {
        robot.interact(() -> chart.resultProperty().set(lstm));
        RecurrentTrace trace = lstm.layer(1).trace();
        double forget = Arrays.stream(trace.meanForget()).average().orElseThrow();
        String text = caption(robot);
        assertTrue(text.startsWith("layer 1 (lstm 16): ‖∂L/∂h_t‖ " + Fmt.sig(trace.gradientNorm()[19], 3)
                + " at t = 20 → " + Fmt.sig(trace.gradientNorm()[0], 3) + " at t = 1"), text);
        assertTrue(text.contains("mean forget gate " + Fmt.sig(forget, 3)), text);
        assertEquals(List.of(lstm.layer(1)), chart.recurrentLayers());
        assertEquals("", chart.messageText());
        // the hover card reads the same trace at the step under the mouse
        String hover = WaitForAsyncUtils.asyncFx(() -> chart.plot().hoverAt(82, 200)).get();
        assertTrue(hover.startsWith("t = 1\nlayer 1 (lstm 16): ‖∂L/∂h_t‖ " + Fmt.f4(trace.gradientNorm()[0])),
                hover);
    }

    @Test
    void aNetworkWithoutRecurrentLayersGetsAFriendlyMessage(FxRobot robot) {
        robot.interact(() -> chart.resultProperty().set(dense));
        assertEquals(ThroughTimeChart.NO_RECURRENT, chart.messageText());
        assertEquals("", caption(robot));
        assertFalse(robot.lookup("#throughTimeCaption").queryAs(Label.class).isVisible());
        robot.interact(() -> chart.resultProperty().set(lstm));
        assertEquals("", chart.messageText());
    }

    /** Vanished (0), overflowed (Inf) and undefined (NaN) norms leave gaps instead of breaking the drawing. */
    @Test
    void zeroAndNonFiniteValuesAreSkipped(FxRobot robot) {
        LayerResult l = lstm.layer(1);
        RecurrentTrace t = l.trace();
        double[] h = t.gradientNorm().clone();
        h[0] = 0;
        h[1] = Double.NaN;
        h[2] = Double.POSITIVE_INFINITY;
        double[] path = t.cellPath().clone();
        Arrays.fill(path, 0, 10, 0.0);
        var broken = new LayerResult(l.layer(), l.stats(), l.deadUnitFraction(), l.predicted(), l.parameters(),
                l.parameterGradients(), new RecurrentTrace(h, t.cellGradientNorm(), t.meanForget(), path, t.gates()));
        var layers = new ArrayList<>(lstm.layers());
        layers.set(0, broken);
        var result = new PropagationResult(lstm.network(), lstm.options(), layers, lstm.timings());
        robot.interact(() -> chart.resultProperty().set(result));
        assertTrue(caption(robot).contains("→ 0 at t = 1 (× 0)"), caption(robot));

        // nothing drawable at all: still no exception, a note in the chart instead
        double[] none = new double[20];
        var empty = new LayerResult(l.layer(), l.stats(), l.deadUnitFraction(), l.predicted(), l.parameters(),
                l.parameterGradients(), new RecurrentTrace(none, none, t.meanForget(), none, t.gates()));
        layers.set(0, empty);
        var blank = new PropagationResult(lstm.network(), lstm.options(), layers, lstm.timings());
        robot.interact(() -> chart.resultProperty().set(blank));
        assertTrue(caption(robot).contains("(× NaN)"), caption(robot));
    }
}
