package org.initscope.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * CSV never changes the task silently: a file that would train as regression (too many classes, labels that are
 * not whole numbers, a single class) says so and needs an explicit task; only plain decimal numbers are data.
 */
class CsvTaskTest {
    private static String classes(int k) {
        var sb = new StringBuilder("x,label\n");
        IntStream.range(0, k).forEach(i -> sb.append(0.01 * i).append(',').append(i).append('\n'));
        return sb.toString();
    }

    private static CsvException.TaskUnclear unclear(String text) {
        return assertThrows(CsvException.TaskUnclear.class, () -> CsvLoader.parse(text, "d.csv"));
    }

    @Test
    void tooManyClassesIsAskedAbout() throws Exception {
        for (int k : new int[] {101, 1000}) {
            var e = unclear(classes(k));
            assertTrue(e.getMessage().contains(String.format("%,d different whole-number labels", k)),
                    e.getMessage());
            assertEquals(k, CsvLoader.parse(classes(k), "d.csv", CsvLoader.Task.CLASSIFICATION).classes());
            assertEquals(0, CsvLoader.parse(classes(k), "d.csv", CsvLoader.Task.REGRESSION).classes());
        }
        assertEquals(100, CsvLoader.parse(classes(100), "d.csv").classes(), "up to 100 classes are taken as such");
    }

    @Test
    void aSingleClassOrFractionalLabelsAreAskedAbout() throws Exception {
        var one = unclear("1,3\n2,3\n3,3\n4,3\n");
        assertTrue(one.getMessage().contains("every label is 3"), one.getMessage());
        var tiny = unclear("1,0\n2,1\n3,4.9e-324\n4,1\n");
        assertTrue(tiny.getMessage().contains("d.csv:3") && tiny.getMessage().contains("4.9e-324")
                && tiny.getMessage().contains("not a whole number"), tiny.getMessage());
        assertEquals(0, CsvLoader.parse("1,0\n2,1\n3,4.9e-324\n4,1\n", "d.csv", CsvLoader.Task.REGRESSION)
                .classes());
        var notWhole = assertThrows(CsvException.class, () -> CsvLoader.parse("1,0\n2,1\n3,0.5\n4,1\n", "d.csv",
                CsvLoader.Task.CLASSIFICATION));
        assertTrue(notWhole.getMessage().contains("d.csv:3"), notWhole.getMessage());
    }

    @Test
    void onlyPlainDecimalNumbersAreData() {
        for (String java : new String[] {"1f", "1d", "0x1p3", "1_000", "0x10", "1e", "+-1"}) {
            var e = assertThrows(CsvException.class, () -> CsvLoader.parse("1,0\n2,1\n" + java + ",0\n4,1\n",
                    "d.csv"), java);
            assertTrue(e.getMessage().startsWith("d.csv:3: column 1: \"" + java + "\" is not"), e.getMessage());
        }
    }
}
