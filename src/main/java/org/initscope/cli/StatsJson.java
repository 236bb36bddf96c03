package org.initscope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.initscope.engine.Histogram;
import org.initscope.engine.LayerResult;
import org.initscope.engine.Prediction;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.initscope.model.ParamDef;
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
            g.writeNumberField("features", result.network().input().features());
            g.writeNumberField("batch", result.network().input().batch());
            g.writeStringField("distribution", result.network().input().distribution().id());
            g.writeEndObject();
            g.writeNumberField("bins", result.options().bins());
            g.writeStringField("histogramRange", result.options().range().name().toLowerCase(java.util.Locale.ROOT));
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
        g.writeNumberField("fanIn", l.fans().fanIn());
        g.writeNumberField("fanOut", l.fans().fanOut());
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
        for (Quantity q : Quantity.values()) {
            g.writeFieldName(q.key());
            writeStats(g, r.get(q));
        }
        Prediction p = r.predicted();
        g.writeObjectFieldStart("predicted");
        field(g, "preActivationMean", p.preActivationMean());
        field(g, "preActivationVar", p.preActivationVar());
        field(g, "activationVar", p.activationVar());
        field(g, "activationGradientVar", p.activationGradientVar());
        field(g, "preActivationGradientVar", p.preActivationGradientVar());
        field(g, "weightGradientVar", p.weightGradientVar());
        field(g, "biasGradientVar", p.biasGradientVar());
        g.writeBooleanField("assumptionsHold", p.assumptionsHold());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeInit(JsonGenerator g, String name, ResolvedInit init) throws IOException {
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
