package org.initscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.initscope.config.ConfigReader;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.Propagator;
import org.initscope.engine.Quantity;
import org.initscope.engine.TensorStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCsvTest {
    @Test
    void oneRowPerLayerAndQuantityInFullPrecisionWhateverTheLocale(@TempDir Path dir) throws Exception {
        PropagationResult r;
        try (var engine = new Propagator()) {
            r = engine.run(ConfigReader.parse("""
                    {"seed": 3, "input": {"features": 20, "batch": 30},
                     "layers": [{"units": 16, "activation": "relu", "repeat": 2}, {"type": "batchnorm"}]}""", "t")
                    .resolve());
        }
        Locale before = Locale.getDefault();
        String csv;
        try {
            Locale.setDefault(Locale.GERMANY);
            Path f = dir.resolve("stats.csv");
            StatsCsv.write(r, f);
            csv = Files.readString(f);
        } finally {
            Locale.setDefault(before);
        }
        String[] lines = csv.split("\n");
        assertEquals(StatsCsv.HEADER, lines[0]);
        // dense layers: all 8 quantities; batchnorm has weights (γ) and biases (β) too
        long rows = r.layers().stream().mapToLong(l -> l.stats().values().stream().filter(s -> s.count() > 0)
                .count()).sum();
        assertEquals(rows + 1, lines.length);
        String[] first = lines[1].split(",");
        assertEquals(14, first.length);
        assertEquals("1", first[0]);
        assertEquals("dense", first[1]);
        assertEquals("weights", first[2]);
        TensorStats w = r.layer(1).get(Quantity.WEIGHTS);
        assertEquals(w.count(), Long.parseLong(first[3]));
        assertEquals(w.mean(), Double.parseDouble(first[4]), 0.0, "full precision");
        assertEquals(w.var(), Double.parseDouble(first[6]), 0.0);
        String act = java.util.Arrays.stream(lines).filter(l -> l.startsWith("2,dense,activations,")).findFirst()
                .orElseThrow();
        TensorStats a = r.layer(2).get(Quantity.ACTIVATIONS);
        assertEquals(a.zeroFraction(), Double.parseDouble(act.split(",")[9]), 0.0);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith("3,batchnorm,")), csv);
        assertTrue(!csv.contains(";"));
    }
}
