package org.initscope.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.initscope.export.AtomicFiles;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.Residual;
import org.initscope.model.WeightedSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Parameterization;

/** Writes a {@link NetworkSpec} as the JSON that {@link ConfigReader} reads back to an equal spec. */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    public static String toJson(NetworkSpec spec) {
        var out = new StringWriter();
        try (JsonGenerator g = generator(out)) {
            writeNetwork(g, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + System.lineSeparator();
    }

    /** A generator that writes indented JSON (arrays one item a line). */
    static JsonGenerator generator(StringWriter out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        var pp = new DefaultPrettyPrinter();
        pp.indentArraysWith(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        g.setPrettyPrinter(pp);
        return g;
    }

    /** The network as a JSON object (also inside another file: a sweep's "network"). */
    static void writeNetwork(JsonGenerator g, NetworkSpec spec) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", spec.name());
        g.writeNumberField("seed", spec.seed());
        g.writeObjectFieldStart("input");
        var in = spec.input();
        if (in.image()) {
            g.writeNumberField("channels", in.channels());
            g.writeNumberField("height", in.height());
            g.writeNumberField("width", in.width());
        } else {
            g.writeNumberField("features", in.features());
            if (in.sequence()) {
                g.writeNumberField("sequence_length", in.sequenceLength());
            }
        }
        g.writeNumberField("batch", spec.input().batch());
        g.writeStringField("distribution", spec.input().distribution().id());
        g.writeEndObject();
        Parameterization p = spec.parameterization();
        if (!p.equals(Parameterization.STANDARD)) {
            g.writeObjectFieldStart("parameterization");
            g.writeStringField("kind", p.kind().id());
            g.writeNumberField("base_width", p.baseWidth());
            if (p.outputMultiplier() != 1) {
                g.writeFieldName("output_multiplier");
                writeNumber(g, p.outputMultiplier());
            }
            g.writeEndObject();
        }
        g.writeArrayFieldStart("layers");
        // runs of identical layers are written once with "repeat", however they were edited
        for (LayerSpec l : spec.compressed().layers()) {
            writeLayer(g, l);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeLayer(JsonGenerator g, LayerSpec l) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", l.type());
        if (l instanceof DenseSpec d) {
            g.writeNumberField("units", d.units());
            writeActivation(g, d.activation());
        } else if (l instanceof Conv2dSpec c) {
            g.writeNumberField("out_channels", c.outChannels());
            writePair(g, "kernel_size", c.kernelH(), c.kernelW());
            if (c.strideH() != 1 || c.strideW() != 1) {
                writePair(g, "stride", c.strideH(), c.strideW());
            }
            if (c.padH() != 0 || c.padW() != 0) {
                writePair(g, "padding", c.padH(), c.padW());
            }
            if (c.groups() != 1) {
                g.writeNumberField("groups", c.groups());
            }
            writeActivation(g, c.activation());
        } else if (l instanceof MaxPool2dSpec p) {
            g.writeNumberField("kernel_size", p.kernel());
            if (p.stride() != p.kernel()) {
                g.writeNumberField("stride", p.stride());
            }
        } else if (l instanceof NormSpec n) {
            if (n.eps() != NormSpec.DEFAULT_EPS) {
                g.writeFieldName("eps");
                writeNumber(g, n.eps());
            }
        } else if (l instanceof RecurrentSpec r) {
            g.writeNumberField("hidden_size", r.hiddenSize());
            if (r.cell() == RecurrentSpec.Cell.RNN) {
                g.writeStringField("nonlinearity", r.nonlinearity().kind().id());
            }
            writeInit(g, "weight_ih", r.weightIh());
            writeInit(g, "weight_hh", r.weightHh());
            writeInit(g, "bias", r.bias());
            if (r.cell() == RecurrentSpec.Cell.LSTM) {
                if (r.forgetBias() == null) {
                    g.writeNullField("forget_bias");
                } else {
                    g.writeFieldName("forget_bias");
                    writeNumber(g, r.forgetBias());
                }
            }
            if (r.perGate()) {
                g.writeBooleanField("per_gate", true);
            }
        }
        if (l.repeat() > 1) {
            g.writeNumberField("repeat", l.repeat());
        }
        if (l instanceof WeightedSpec w) {
            if (w.scale() != 1.0) {
                g.writeFieldName("scale");
                writeNumber(g, w.scale());
            }
            if (l instanceof DenseSpec d && d.isResidual()) {
                writeResidual(g, d.residual());
            }
            writeInit(g, "init", w.init());
            writeInit(g, "bias", w.bias());
        }
        g.writeEndObject();
    }

    /** A fixed α over the layer's own input as a number (as before α could learn); anything else as an object. */
    private static void writeResidual(JsonGenerator g, Residual r) throws IOException {
        g.writeFieldName("residual");
        if (!r.learned() && r.branch() == 1 && r.alpha() > 0) {
            writeNumber(g, r.alpha());
            return;
        }
        g.writeStartObject();
        g.writeFieldName("alpha");
        writeNumber(g, r.alpha());
        g.writeBooleanField("learned", r.learned());
        if (r.branch() != 1) {
            g.writeNumberField("branch", r.branch());
        }
        g.writeEndObject();
    }

    private static void writeActivation(JsonGenerator g, ActivationSpec a) throws IOException {
        g.writeStringField("activation", a.kind().id());
        if (a.kind().paramName().isPresent()) {
            g.writeFieldName(a.kind().paramName().get());
            writeNumber(g, a.param());
        }
    }

    private static void writePair(JsonGenerator g, String field, int h, int w) throws IOException {
        if (h == w) {
            g.writeNumberField(field, h);
        } else {
            g.writeArrayFieldStart(field);
            g.writeNumber(h);
            g.writeNumber(w);
            g.writeEndArray();
        }
    }

    private static void writeInit(JsonGenerator g, String field, InitSpec init) throws IOException {
        g.writeFieldName(field);
        writeInit(g, init);
    }

    /** An initializer as an object {"scheme": ..., parameters}. */
    static void writeInit(JsonGenerator g, InitSpec init) throws IOException {
        g.writeStartObject();
        g.writeStringField("scheme", init.scheme().id());
        for (Map.Entry<String, Object> e : init.params().entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() instanceof Double v) {
                writeNumber(g, v);
            } else {
                g.writeString(e.getValue().toString());
            }
        }
        g.writeEndObject();
    }

    /** Whole numbers without ".0"; otherwise the shortest text that reads back to the same double. */
    static void writeNumber(JsonGenerator g, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    /**
     * Write atomically: to a temporary file beside the target, then rename over it, so that a crash or a full disk
     * never leaves a half-written config.
     */
    public static void write(NetworkSpec spec, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(spec));
    }
}
