package org.initscope.config;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.initscope.data.DataSpec;
import org.initscope.engine.sweep.Measure;
import org.initscope.engine.sweep.SweepAxis;
import org.initscope.engine.sweep.SweepResult;
import org.initscope.engine.sweep.SweepSpec;
import org.initscope.engine.train.TrainSettings;
import org.initscope.export.AtomicFiles;
import org.initscope.model.ActivationSpec;
import org.initscope.model.InitSpec;

/**
 * Writes a {@link SweepSpec} as the JSON {@link SweepReader} reads back to an equal spec, and a sweep's results (the
 * spec, then every cell with every run's measured and predicted values) as JSON.
 */
public final class SweepWriter {
    private SweepWriter() {
    }

    public static String toJson(SweepSpec spec) {
        var out = new StringWriter();
        try (JsonGenerator g = ConfigWriter.generator(out)) {
            writeSpec(g, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + System.lineSeparator();
    }

    /** Write atomically (a temporary file beside the target, renamed over it). */
    public static void write(SweepSpec spec, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(spec));
    }

    private static void writeSpec(JsonGenerator g, SweepSpec spec) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", spec.name());
        g.writeFieldName("network");
        ConfigWriter.writeNetwork(g, spec.network());
        g.writeArrayFieldStart("axes");
        for (SweepAxis a : spec.axes()) {
            g.writeStartObject();
            g.writeStringField("param", a.param().key());
            g.writeArrayFieldStart("values");
            for (Object v : a.values()) {
                if (v instanceof Double d) {
                    ConfigWriter.writeNumber(g, d);
                } else if (v instanceof InitSpec i) {
                    ConfigWriter.writeInit(g, i);
                } else {
                    ActivationSpec act = (ActivationSpec) v;
                    if (act.kind().paramName().isEmpty()) {
                        g.writeString(act.kind().id());
                    } else {
                        g.writeStartObject();
                        g.writeStringField("name", act.kind().id());
                        g.writeFieldName(act.kind().paramName().get());
                        ConfigWriter.writeNumber(g, act.param());
                        g.writeEndObject();
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("repeats", spec.repeats());
        if (spec.jacobian()) {
            g.writeBooleanField("jacobian", true);
        }
        if (spec.training() != null) {
            writeTraining(g, spec.training());
        }
        g.writeEndObject();
    }

    private static void writeTraining(JsonGenerator g, SweepSpec.Training t) throws IOException {
        TrainSettings s = t.settings();
        DataSpec d = s.data();
        g.writeObjectFieldStart("train");
        g.writeStringField("data", d.kind().id());
        g.writeNumberField("samples", d.samples());
        g.writeFieldName("noise");
        ConfigWriter.writeNumber(g, d.noise());
        g.writeFieldName("test_fraction");
        ConfigWriter.writeNumber(g, d.testFraction());
        g.writeNumberField("data_seed", d.seed());
        if (d.kind().variableLength()) {
            g.writeNumberField("seq_len", d.sequenceLength());
        }
        g.writeStringField("optimizer", s.optimizer().kind().id());
        g.writeFieldName("lr");
        ConfigWriter.writeNumber(g, s.optimizer().learningRate());
        if (s.optimizer().l2() > 0) {
            g.writeFieldName("l2");
            ConfigWriter.writeNumber(g, s.optimizer().l2());
        }
        g.writeNumberField("batch", s.batch());
        g.writeStringField("output_init", s.output().id());
        g.writeNumberField("steps", t.steps());
        if (t.hasCriterion()) {
            g.writeFieldName("criterion");
            ConfigWriter.writeNumber(g, t.criterion());
            g.writeNumberField("eval_every", t.evalEvery());
        }
        if (t.coordinates()) {
            g.writeBooleanField("coordinates", true);
        }
        if (t.parameterization() != null) {
            g.writeStringField("parameterization", t.parameterization().kind().id());
            g.writeNumberField("base_width", t.parameterization().baseWidth());
            if (t.parameterization().outputMultiplier() != 1) {
                g.writeFieldName("output_multiplier");
                ConfigWriter.writeNumber(g, t.parameterization().outputMultiplier());
            }
        }
        g.writeEndObject();
    }

    /**
     * A sweep's results: {"sweep": the spec, "measures": [{"key", "label", "meaning", "log"}], "seconds",
     * "finished", "cells": [{"cell", "at": {param: value}, "error", "runs": [{"seed", "values": {key: number},
     * "predicted": {key: number}, "error"}], "summary": {key: {"mean", "low", "high", "n", "predicted"}}}]}.
     * Numbers that are not finite are null; cells that did not run are left out.
     */
    public static String resultJson(SweepResult r) {
        var out = new StringWriter();
        try (JsonGenerator g = ConfigWriter.generator(out)) {
            g.writeStartObject();
            g.writeFieldName("sweep");
            writeSpec(g, r.spec());
            g.writeArrayFieldStart("measures");
            for (Measure m : r.measures()) {
                g.writeStartObject();
                g.writeStringField("key", m.key());
                g.writeStringField("label", m.label());
                g.writeStringField("meaning", m.kind().meaning());
                g.writeBooleanField("log", m.log());
                g.writeEndObject();
            }
            g.writeEndArray();
            number(g, "seconds", r.seconds());
            g.writeBooleanField("finished", r.finished());
            g.writeArrayFieldStart("cells");
            for (SweepResult.Cell c : r.cells()) {
                if (c == null) {
                    continue;
                }
                g.writeStartObject();
                g.writeNumberField("cell", c.index());
                g.writeObjectFieldStart("at");
                for (int a = 0; a < r.spec().axes().size(); a++) {
                    SweepAxis axis = r.spec().axis(a);
                    if (axis.param().numeric()) {
                        number(g, axis.param().key(), axis.number(c.at()[a]));
                    } else {
                        g.writeStringField(axis.param().key(), axis.label(c.at()[a]));
                    }
                }
                g.writeEndObject();
                if (c.error() != null) {
                    g.writeStringField("error", c.error());
                }
                g.writeArrayFieldStart("runs");
                for (SweepResult.Run run : c.runs()) {
                    g.writeStartObject();
                    g.writeNumberField("seed", run.seed());
                    values(g, "values", r, run.values());
                    values(g, "predicted", r, run.predicted());
                    if (run.failed()) {
                        g.writeStringField("error", run.error());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeObjectFieldStart("summary");
                for (int m = 0; m < r.measures().size(); m++) {
                    Measure measure = r.measures().get(m);
                    SweepResult.Summary s = c.summary(m, measure.log());
                    g.writeObjectFieldStart(measure.key());
                    number(g, "mean", s.mean());
                    number(g, "low", s.low());
                    number(g, "high", s.high());
                    g.writeNumberField("n", s.n());
                    number(g, "predicted", c.predicted(m, measure.log()));
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + System.lineSeparator();
    }

    private static void values(JsonGenerator g, String field, SweepResult r, double[] v) throws IOException {
        g.writeObjectFieldStart(field);
        for (int m = 0; m < v.length; m++) {
            number(g, r.measures().get(m).key(), v[m]);
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        g.writeFieldName(field);
        if (Double.isFinite(v)) {
            ConfigWriter.writeNumber(g, v);
        } else {
            g.writeNull();
        }
    }
}
