package org.initscope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.initscope.engine.Histogram;
import org.initscope.engine.LayerResult;
import org.initscope.engine.Prediction;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.engine.RecurrentTrace;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.ParamDef;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedParam;
import org.initscope.model.Shape;
import org.initscope.model.ResolvedInit;
import org.initscope.model.ResolvedLayer;

/**
 * The {@code stats --json} document (format in README "Command line"). Numbers that are not finite (a mean with
 * no finite values, a prediction that overflowed) are written as null: JSON has no NaN or Infinity.
 */
public final class StatsJson {
    private StatsJson() {
    }

    public static String write(PropagationResult result, boolean pretty) {
        var out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.writeStartObject();
            g.writeNumberField("seed", result.seed());
            g.writeStringField("name", result.network().spec().name());
            g.writeObjectFieldStart("input");
            var in = result.network().input();
            if (in.image()) {
                g.writeNumberField("channels", in.channels());
                g.writeNumberField("height", in.height());
                g.writeNumberField("width", in.width());
            }
            g.writeNumberField("features", in.features());
            if (in.sequence()) {
                g.writeNumberField("sequence_length", in.sequenceLength());
            }
            g.writeNumberField("batch", result.network().input().batch());
            g.writeStringField("distribution", result.network().input().distribution().id());
            g.writeEndObject();
            g.writeNumberField("bins", result.options().bins());
            g.writeStringField("histogramRange", result.options().range().name().toLowerCase(Locale.ROOT));
            g.writeArrayFieldStart("layers");
            for (LayerResult l : result.layers()) {
                writeLayer(g, l);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeLayer(JsonGenerator g, LayerResult r) throws IOException {
        ResolvedLayer l = r.layer();
        g.writeStartObject();
        g.writeNumberField("index", l.index());
        g.writeStringField("type", l.spec().type());
        g.writeNumberField("units", l.units());
        shape(g, "inShape", l.in());
        shape(g, "outShape", l.out());
        if (l.fans() != null) {
            g.writeNumberField("fanIn", l.fans().fanIn());
            g.writeNumberField("fanOut", l.fans().fanOut());
            g.writeStringField("fanInText", l.fans().fanInText());
            g.writeStringField("fanOutText", l.fans().fanOutText());
        } else {
            g.writeNullField("fanIn");
            g.writeNullField("fanOut");
        }
        if (l.spec() instanceof Conv2dSpec c) {
            pair(g, "kernelSize", c.kernelH(), c.kernelW());
            pair(g, "stride", c.strideH(), c.strideW());
            pair(g, "padding", c.padH(), c.padW());
            g.writeNumberField("groups", c.groups());
        } else if (l.spec() instanceof MaxPool2dSpec mp) {
            g.writeNumberField("kernelSize", mp.kernel());
            g.writeNumberField("stride", mp.stride());
        } else if (l.spec() instanceof DenseSpec d && d.isResidual()) {
            field(g, "residual", d.alpha());
            g.writeBooleanField("residualLearned", d.residual().learned());
            g.writeNumberField("residualBranch", d.residual().branch());
        } else if (l.spec() instanceof NormSpec n) {
            field(g, "eps", n.eps());
        } else if (l.spec() instanceof RecurrentSpec rs) {
            g.writeNumberField("hiddenSize", rs.hiddenSize());
            g.writeNumberField("sequenceLength", l.in().steps());
            g.writeBooleanField("returnsSequence", l.out().sequence());
            g.writeBooleanField("perGate", rs.perGate());
            g.writeFieldName("forgetBias");
            if (rs.forgetBias() == null) {
                g.writeNull();
            } else {
                number(g, rs.forgetBias());
            }
        }
        g.writeStringField("activation", l.activation().kind().id());
        if (l.activation().kind().paramName().isPresent()) {
            g.writeFieldName(l.activation().kind().paramName().get());
            number(g, l.activation().param());
        }
        if (l.weighted() != null && l.weighted().scale() != 1.0) {
            field(g, "scale", l.weighted().scale());
        }
        field(g, "deadUnitFraction", r.deadUnitFraction());
        writeInit(g, "init", l.weight());
        writeInit(g, "bias", l.bias());
        if (l.spec() instanceof RecurrentSpec) {
            g.writeObjectFieldStart("parameters");
            for (ResolvedParam p : l.params()) {
                g.writeObjectFieldStart(p.name());
                g.writeArrayFieldStart("shape");
                g.writeNumber(p.rows());
                if (p.cols() > 1) {
                    g.writeNumber(p.cols());
                }
                g.writeEndArray();
                g.writeNumberField("blocks", p.blocks());
                g.writeNumberField("fanIn", p.fans().fanIn());
                g.writeNumberField("fanOut", p.fans().fanOut());
                writeInit(g, "init", p.init());
                if (r.parameters().containsKey(p.name())) {
                    g.writeFieldName("stats");
                    writeStats(g, r.parameters().get(p.name()));
                }
                if (r.parameterGradients().containsKey(p.name())) {
                    g.writeFieldName("gradient");
                    writeStats(g, r.parameterGradients().get(p.name()));
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (r.trace() != null) {
            RecurrentTrace t = r.trace();
            g.writeObjectFieldStart("timeSteps");
            array(g, "gradientNorm", t.gradientNorm());
            array(g, "cellGradientNorm", t.cellGradientNorm());
            array(g, "meanForget", t.meanForget());
            array(g, "cellPath", t.cellPath());
            g.writeObjectFieldStart("gates");
            for (int i = 0; i < t.gates().size(); i++) {
                g.writeFieldName(RecurrentSpec.LSTM_GATES.get(i));
                writeStats(g, t.gates().get(i));
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        for (Quantity q : Quantity.values()) {
            g.writeFieldName(q.key());
            writeStats(g, r.get(q));
        }
        Prediction p = r.predicted();
        g.writeObjectFieldStart("predicted");
        if (p == null) {
            g.writeEndObject();
            g.writeEndObject();
            return;
        }
        field(g, "preActivationMean", p.preActivationMean());
        field(g, "preActivationVar", p.preActivationVar());
        field(g, "activationVar", p.activationVar());
        field(g, "activationGradientVar", p.activationGradientVar());
        field(g, "preActivationGradientVar", p.preActivationGradientVar());
        field(g, "weightGradientVar", p.weightGradientVar());
        field(g, "biasGradientVar", p.biasGradientVar());
        g.writeBooleanField("assumptionsHold", p.assumptionsHold());
        // where the theory does not apply (its values are null above), why
        g.writeObjectFieldStart("gaps");
        for (var e : p.gaps().entrySet()) {
            g.writeStringField(e.getKey().key(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void shape(JsonGenerator g, String name, Shape s) throws IOException {
        g.writeArrayFieldStart(name);
        if (s.sequence()) {
            g.writeNumber(s.steps());
            g.writeNumber(s.channels());
        } else if (s.image()) {
            g.writeNumber(s.channels());
            g.writeNumber(s.height());
            g.writeNumber(s.width());
        } else {
            g.writeNumber(s.channels());
        }
        g.writeEndArray();
    }

    private static void pair(JsonGenerator g, String name, int a, int b) throws IOException {
        g.writeArrayFieldStart(name);
        g.writeNumber(a);
        g.writeNumber(b);
        g.writeEndArray();
    }

    private static void array(JsonGenerator g, String name, double[] values) throws IOException {
        if (values == null) {
            g.writeNullField(name);
            return;
        }
        g.writeArrayFieldStart(name);
        for (double v : values) {
            number(g, v);
        }
        g.writeEndArray();
    }

    private static void writeInit(JsonGenerator g, String name, ResolvedInit init) throws IOException {
        if (init == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("scheme", init.spec().scheme().id());
        for (ParamDef def : init.spec().scheme().params()) {
            Object v = init.spec().value(def.name());
            g.writeFieldName(def.name());
            if (v instanceof Double d) {
                number(g, d);
            } else {
                g.writeString(String.valueOf(v));
            }
        }
        if (init.gain() != null) {
            field(g, "gainValue", init.gain().value());
            g.writeStringField("gainSource", init.gain().source());
        }
        field(g, "mean", init.mean());
        field(g, "std", init.std());
        g.writeFieldName("bound");
        if (init.bound() == null) {
            g.writeNull();
        } else {
            number(g, init.bound());
        }
        g.writeStringField("formula", init.formula());
        if (!init.warnings().isEmpty()) {
            g.writeArrayFieldStart("warnings");
            for (String w : init.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    static void writeStats(JsonGenerator g, TensorStats s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("count", s.count());
        field(g, "mean", s.mean());
        field(g, "std", s.std());
        field(g, "var", s.var());
        field(g, "min", s.min());
        field(g, "max", s.max());
        field(g, "zeroFraction", s.zeroFraction());
        field(g, "saturatedFraction", s.saturatedFraction());
        g.writeNumberField("nan", s.nan());
        g.writeNumberField("posInf", s.posInf());
        g.writeNumberField("negInf", s.negInf());
        Histogram h = s.histogram();
        g.writeObjectFieldStart("histogram");
        g.writeArrayFieldStart("edges");
        for (int i = 0; i <= h.bins() && h.bins() > 0; i++) {
            number(g, h.edge(i));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("counts");
        for (int i = 0; i < h.bins(); i++) {
            g.writeNumber(h.count(i));
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        number(g, v);
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
