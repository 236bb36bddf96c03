package org.initscope.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @Test
    void generatedSetsAreSeededBalancedAndSized() throws Exception {
        for (DataSpec.Kind k : DataSpec.Kind.values()) {
            if (!k.generated()) {
                continue;
            }
            DataSpec spec = DataSpec.of(k).withSamples(400);
            Dataset a = Datasets.load(spec);
            assertEquals(400, a.n(), k.id());
            assertEquals(a, Datasets.load(spec), "same seed, same points: " + k.id());
            assertNotEquals(a, Datasets.load(spec.withSeed(2)), k.id());
            if (a.isClassification() && a.classes() == 2) {
                long ones = java.util.Arrays.stream(a.labels()).filter(l -> l == 1).count();
                assertTrue(ones > 150 && ones < 250, k.id() + ": " + ones + " of 400 in class 1");
            }
        }
    }

    @Test
    void splitStandardizesWithTheTrainingMoments() throws Exception {
        var split = Datasets.split(DataSpec.of(DataSpec.Kind.MOONS).withSamples(500).withTestFraction(0.2));
        assertEquals(400, split.train().n());
        assertEquals(100, split.test().n());
        float[][] m = split.train().featureMoments();
        for (int j = 0; j < 2; j++) {
            assertEquals(0, m[0][j], 1e-5);
            assertEquals(1, m[1][j], 1e-4);
        }
    }

    @Test
    void digitsShipWithTheApp() {
        Dataset d = Datasets.digits();
        assertEquals(1797, d.n());
        assertEquals(64, d.d());
        assertEquals(10, d.classes());
        assertEquals(8, d.imageSide());
        assertEquals(0, d.labels()[0]);
        assertEquals(5f, d.feature(0, 2));
    }

    private static CsvException bad(String text) {
        return assertThrows(CsvException.class, () -> CsvLoader.parse(text, "data.csv"));
    }

    @Test
    void csvWithHeaderLabelsAndTargets() throws Exception {
        Dataset c = CsvLoader.parse("x1,x2,label\n0.5,1,3\n-1,2,7\n2,0.1,3\n0,0,7\n", "c.csv");
        assertEquals(4, c.n());
        assertEquals(2, c.d());
        assertEquals(2, c.classes());
        assertEquals(java.util.List.of("3", "7"), c.classNames());
        assertEquals(1, c.labels()[1]);
        Dataset r = CsvLoader.parse("1;2;0.5\n3;4;1.5\n5;6;2.25\n7;8;-1\n", "r.csv", CsvLoader.Task.REGRESSION);
        assertEquals(0, r.classes());
        assertEquals(2.25f, r.y()[2]);
    }

    @Test
    void malformedCsvNamesTheLine(@TempDir Path dir) throws Exception {
        assertTrue(bad("").getMessage().contains("empty"));
        assertTrue(bad("1,2,0\n3,4,1\n5,x,0\n6,7,1\n").getMessage().startsWith("data.csv:3: column 2: \"x\""));
        assertTrue(bad("1,2,0\n3,4\n5,6,0\n6,7,1\n").getMessage().startsWith("data.csv:2: 2 values"));
        assertTrue(bad("1,2,0\n3,4,NaN\n5,6,0\n6,7,1\n").getMessage().contains("data.csv:2"));
        assertTrue(bad("1\n2\n3\n4\n").getMessage().contains("two columns"));
        assertTrue(bad("1,0\n2,1\n").getMessage().contains("at least 4"));
        Path bin = dir.resolve("b.csv");
        Files.write(bin, new byte[] {(byte) 0xc3, 0x28, 0, 1});
        assertTrue(assertThrows(CsvException.class, () -> CsvLoader.read(bin)).getMessage().contains("UTF-8"));
    }
}
