package org.initscope.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.NetworkSpec;

/** Writes a {@link NetworkSpec} as the JSON that {@link ConfigReader} reads back to an equal spec. */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    public static String toJson(NetworkSpec spec) {
        var out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            var pp = new DefaultPrettyPrinter();
            pp.indentArraysWith(com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
            g.setPrettyPrinter(pp);
            g.writeStartObject();
            g.writeStringField("name", spec.name());
            g.writeNumberField("seed", spec.seed());
            g.writeObjectFieldStart("input");
            g.writeNumberField("features", spec.input().features());
            g.writeNumberField("batch", spec.input().batch());
            g.writeStringField("distribution", spec.input().distribution().id());
            g.writeEndObject();
            g.writeArrayFieldStart("layers");
            // runs of identical layers are written once with "repeat", however they were edited
            for (LayerSpec l : spec.compressed().layers()) {
                if (l instanceof DenseSpec d) {
                    writeDense(g, d);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + System.lineSeparator();
    }

    private static void writeDense(JsonGenerator g, DenseSpec d) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "dense");
        g.writeNumberField("units", d.units());
        ActivationSpec a = d.activation();
        g.writeStringField("activation", a.kind().id());
        if (a.kind().paramName().isPresent()) {
            g.writeFieldName(a.kind().paramName().get());
            writeNumber(g, a.param());
        }
        if (d.repeat() > 1) {
            g.writeNumberField("repeat", d.repeat());
        }
        if (d.scale() != 1.0) {
            g.writeFieldName("scale");
            writeNumber(g, d.scale());
        }
        writeInit(g, "init", d.init());
        writeInit(g, "bias", d.bias());
        g.writeEndObject();
    }

    private static void writeInit(JsonGenerator g, String field, InitSpec init) throws IOException {
        g.writeObjectFieldStart(field);
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
    private static void writeNumber(JsonGenerator g, double v) throws IOException {
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
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, toJson(spec));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
