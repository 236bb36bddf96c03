package org.initscope.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads training data from CSV: numeric features, the last column the label (classification, when every value is a
 * whole number and there are at most 100 of them) or the target (regression). An optional header line is skipped.
 * Separators: comma, semicolon or tab (from the first line). Every problem names the line.
 */
public final class CsvLoader {
    public static final long MAX_BYTES = 200L << 20;
    public static final int MAX_ROWS = 1_000_000;
    public static final int MAX_COLUMNS = 10_000;
    /** Whole-number labels up to this many distinct values are taken as classes without asking. */
    public static final int MAX_GUESSED_CLASSES = 100;
    /** The most classes a classification may have when asked for. */
    public static final int MAX_CLASSES = 1000;
    /** A plain decimal number (what a spreadsheet writes): no Java suffixes (1f, 1d), hex, underscores or NaN. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** What the last column is: a class label, a target value, or as the file looks (asking when unclear). */
    public enum Task {
        AUTO, CLASSIFICATION, REGRESSION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Task> byId(String id) {
            return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
        }
    }

    private CsvLoader() {
    }

    public static Dataset read(Path file) throws CsvException {
        return read(file, Task.AUTO);
    }

    public static Dataset read(Path file, Task task) throws CsvException {
        String name = file.toString();
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new CsvException(name, 0, Files.exists(file) ? "not a regular file" : "no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new CsvException(name, 0, "the file is larger than " + (MAX_BYTES >> 20) + " MB");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new CsvException(name, 0, "not a text file (not valid UTF-8)");
        } catch (IOException e) {
            throw new CsvException(name, 0, "cannot read the file: " + e.getMessage());
        }
        return parse(text, name, task);
    }

    private static String shorten(String c) {
        return "\"" + (c.length() > 30 ? c.substring(0, 30) + "…" : c) + "\"";
    }

    /** The cells of one line (a plain split at every separator: no regular expression per line). */
    private static String[] split(String line, char sep) {
        int count = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == sep) {
                count++;
            }
        }
        String[] cells = new String[count];
        int start = 0;
        int k = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == sep) {
                cells[k++] = line.substring(start, i);
                start = i + 1;
            }
        }
        cells[k] = line.substring(start);
        return cells;
    }

    public static Dataset parse(String text, String name) throws CsvException {
        return parse(text, name, Task.AUTO);
    }

    public static Dataset parse(String text, String name, Task task) throws CsvException {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n|\r", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw new CsvException(name, 0, "the file is empty; expected rows such as 0.5,1.2,1 (features, then "
                    + "the label or target)");
        }
        char sep = lines[first].contains(";") ? ';' : lines[first].contains("\t") ? '\t' : ',';
        List<double[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        int cols = -1;
        boolean headerSkipped = false;
        for (int i = first; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = split(line, sep);
            if (cols < 0 && cells.length > MAX_COLUMNS) {
                throw new CsvException(name, i + 1, cells.length + " columns; at most " + MAX_COLUMNS);
            }
            double[] v = new double[cells.length];
            boolean numeric = true;
            int badColumn = -1;
            for (int j = 0; j < cells.length; j++) {
                String c = cells[j].strip();
                if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                    c = c.substring(1, c.length() - 1).strip();
                }
                try {
                    if (!DECIMAL.matcher(c).matches()) {
                        throw new NumberFormatException(c);
                    }
                    v[j] = Double.parseDouble(c);
                    if (c.equalsIgnoreCase("nan") || c.toLowerCase(Locale.ROOT).contains("infinity")) {
                        throw new CsvException(name, i + 1, "column " + (j + 1) + ": \"" + c + "\" is not a finite "
                                + "number");
                    }
                } catch (NumberFormatException e) {
                    numeric = false;
                    badColumn = j;
                    break;
                }
                if (!Double.isFinite(v[j])) {
                    throw new CsvException(name, i + 1, "column " + (j + 1) + ": \"" + c + "\" is not a finite "
                            + "number");
                }
                if (Math.abs(v[j]) > Float.MAX_VALUE) {
                    // the data is held as float: this would become Infinity (found by the fuzz test)
                    throw new CsvException(name, i + 1, "column " + (j + 1) + ": " + shorten(c) + " is too large; "
                            + "values must lie within ±3.4e38");
                }
                v[j] += 0.0; // -0 is 0: one class, not two
            }
            if (!numeric) {
                if (rows.isEmpty() && !headerSkipped) {
                    headerSkipped = true;
                    cols = cells.length;
                    continue;
                }
                String c = cells[badColumn].strip();
                throw new CsvException(name, i + 1, "column " + (badColumn + 1) + ": \""
                        + (c.length() > 30 ? c.substring(0, 30) + "…" : c) + "\" is not a plain decimal number "
                        + "(such as 0.5, -3 or 1.2e-4)");
            }
            if (cols < 0) {
                cols = cells.length;
            }
            if (cells.length != cols) {
                throw new CsvException(name, i + 1, cells.length + " values, but the " + (headerSkipped ? "header has "
                        : "first row has ") + cols + "; every row needs the same columns");
            }
            if (rows.size() >= MAX_ROWS) {
                throw new CsvException(name, i + 1, "more than " + MAX_ROWS + " rows");
            }
            rows.add(v);
            lineNumbers.add(i + 1);
        }
        if (cols < 2) {
            throw new CsvException(name, first + 1, "at least two columns are needed: features, then the label or "
                    + "target");
        }
        if (rows.size() < 4) {
            throw new CsvException(name, 0, "only " + rows.size() + " data rows; at least 4 are needed");
        }
        int n = rows.size();
        int d = cols - 1;
        float[] x = new float[n * d];
        TreeSet<Double> distinct = new TreeSet<>();
        int fractionalRow = -1;
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) r[j];
            }
            double label = r[d];
            if (fractionalRow < 0 && label != Math.rint(label)) {
                fractionalRow = i;
            }
            if (distinct.size() <= MAX_CLASSES) {
                distinct.add(label);
            }
        }
        String file = Path.of(name).getFileName().toString();
        if (task == Task.REGRESSION) {
            return regression(file, x, n, d, rows);
        }
        String choice = "choose --task classification or --task regression";
        if (fractionalRow >= 0) {
            String label = numberText(rows.get(fractionalRow)[d]);
            String why = "the label " + label + " is not a whole number";
            if (task == Task.CLASSIFICATION) {
                throw new CsvException(name, lineNumbers.get(fractionalRow), why + ": a class label is a whole number");
            }
            throw new CsvException.TaskUnclear(name, lineNumbers.get(fractionalRow), why + ", so the last column "
                    + "would be a value to predict (regression), not a class", "--task regression trains it so");
        }
        if (distinct.size() < 2) {
            String why = "every label is " + numberText(distinct.first()) + ": a classifier needs two classes or more";
            if (task == Task.CLASSIFICATION) {
                throw new CsvException(name, 0, why);
            }
            throw new CsvException.TaskUnclear(name, 0, why, "--task regression fits the value instead");
        }
        if (distinct.size() > MAX_CLASSES) {
            String why = String.format(Locale.ROOT, "more than %,d different whole-number labels", MAX_CLASSES);
            if (task == Task.CLASSIFICATION) {
                throw new CsvException(name, 0, why + ": at most " + MAX_CLASSES + " classes are supported");
            }
            throw new CsvException.TaskUnclear(name, 0, why + ": too many to be classes", "--task regression "
                    + "predicts the value instead");
        }
        if (task == Task.AUTO && distinct.size() > MAX_GUESSED_CLASSES) {
            throw new CsvException.TaskUnclear(name, 0, String.format(Locale.ROOT, "%,d different "
                    + "whole-number labels: as classes (up to %d are taken as such without asking) or as a value to "
                    + "predict?", distinct.size(), MAX_GUESSED_CLASSES), choice);
        }
        List<Double> classes = new ArrayList<>(distinct);
        var index = new HashMap<Double, Integer>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = index.get(rows.get(i)[d]);
        }
        List<String> names = classes.stream().map(CsvLoader::numberText).toList();
        return new Dataset(file, x, n, d, labels, null, 1, classes.size(), names, 0);
    }

    private static Dataset regression(String file, float[] x, int n, int d, List<double[]> rows) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) rows.get(i)[d];
        }
        return new Dataset(file, x, n, d, null, y, 1, 0, List.of(), 0);
    }

    /** A label as the user wrote it, near enough: whole numbers without ".0", others in the shortest form. */
    private static String numberText(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v)
                .replace("E", "e");
    }
}
