package org.initscope.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.initscope.data.CsvException;
import org.initscope.data.CsvLoader;
import org.initscope.engine.MemoryEstimate;
import org.initscope.engine.Propagator;
import org.initscope.engine.ResourceLimitException;
import org.initscope.model.ComputeCost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of malformed config files and CSV data sets, generated from a fixed seed: each one must be read into a
 * valid result or refused with the loader's own exception and a clear message — never another exception, a hang
 * (2 s per input, enforced preemptively) or an OutOfMemoryError.
 */
class FuzzTest {
    static final long SEED = 20240607L;
    static final long TIMEOUT_MS = 2000;

    /** Java class names, stack-trace words or a bare Java null in a message shown to the user. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bjava\\.|\\bjavax\\.|com\\.fasterxml|\\borg\\.[a-z]|\\bat [a-z]+\\.[a-z]+\\."
                    + "|\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+){2,}\\b");
    /** The JSON parser's own words (Jackson's): never shown to a user. */
    private static final Pattern RAW_PARSER = Pattern.compile("code \\d+|CTRL-CHAR|Feature '|ALLOW_|Unexpected "
            + "character|Unrecognized token|was expecting|start marker|Source:|end-of-input|Illegal unquoted");
    /** A control character in a message: it must have been escaped. */
    private static final Pattern RAW_CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
    private static final Pattern BARE_NULL = Pattern.compile("(?<!['\"])\\bnull\\b(?!['\"])");

    private static final String JSONISH = "{}[]:,\"0123456789.eE+-tfnul \n\\abc";
    private static final String CSVISH = "0123456789.,,,;\t\n\n-eE\"x#";

    private static ExecutorService worker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startWorker() {
        worker = newWorker();
        // the guards ask ND4J how much native memory is left: started once here, not inside a timed input
        org.initscope.engine.Nd4jRuntime.start();
    }

    /** Per input; the inputs that run the engine get longer (still far below the issue's 60 s for a hang). */
    private static long timeoutMs = TIMEOUT_MS;

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    interface Load {
        Object call() throws Exception;
    }

    /** What the fuzzer saw: inputs run, valid results, clear refusals and everything else (failures). */
    static final class Tally {
        int inputs;
        int valid;
        int refused;
        final List<String> failures = new ArrayList<>();

        void assertClean(int atLeast, String name) throws IOException {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", name + "-failures.txt"), failures);
            assertTrue(failures.isEmpty(), failures.size() + " of " + inputs + " inputs failed:\n"
                    + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
            assertTrue(inputs >= atLeast, "only " + inputs + " inputs");
        }

        @Override
        public String toString() {
            return inputs + " inputs: " + valid + " valid, " + refused + " refused";
        }
    }

    /**
     * Run one input on the worker thread with a preemptive timeout (the worker is replaced when one hangs) and
     * classify the outcome.
     */
    private static void run(Tally tally, String label, String inputText, Class<? extends Exception> expected,
            Load load) {
        run(tally, label, inputText, List.of(expected), load);
    }

    /** As above, with any of several refusals expected (a loader's, a resource guard's). */
    private static void run(Tally tally, String label, String inputText, List<Class<? extends Exception>> expected,
            Load load) {
        tally.inputs++;
        Future<Object> f = worker.submit(() -> {
            try {
                load.call();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Object outcome;
        try {
            outcome = f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            tally.failures.add(label + ": no answer within " + timeoutMs + " ms");
            return;
        } catch (InterruptedException | ExecutionException e) {
            tally.failures.add(label + ": " + e);
            return;
        }
        if (outcome == null) {
            tally.valid++;
            return;
        }
        Throwable t = (Throwable) outcome;
        if (expected.stream().noneMatch(c -> c.isInstance(t))) {
            tally.failures.add(label + ": " + t);
            return;
        }
        String m = t.getMessage();
        // what the message quotes from the input is the user's text, not ours
        String own = m == null ? "" : QUOTED.matcher(m).replaceAll("\"…\"");
        if (m == null || m.isBlank()) {
            tally.failures.add(label + ": empty message");
        } else if (LEAK.matcher(own).find()) {
            tally.failures.add(label + ": message leaks internals: " + m);
        } else if (RAW_PARSER.matcher(own).find()) {
            tally.failures.add(label + ": the JSON parser's own words: " + m);
        } else if (RAW_CONTROL.matcher(m).find()) {
            tally.failures.add(label + ": raw control character in: " + m.replaceAll("[\\x00-\\x1F]", "?"));
        } else if (BARE_NULL.matcher(own).find() && !inputText.contains("null")) {
            tally.failures.add(label + ": message says null: " + m);
        } else {
            tally.refused++;
        }
    }

    // ---------------------------------------------------------------- configs

    static List<String[]> presets() throws IOException {
        var out = new ArrayList<String[]>();
        for (var p : Presets.all()) {
            try (InputStream in = FuzzTest.class.getResourceAsStream("/org/initscope/presets/" + p.file())) {
                out.add(new String[] {p.file(), new String(in.readAllBytes(), StandardCharsets.UTF_8)});
            }
        }
        return out;
    }

    /** Byte sequences that are not UTF-8: a stray byte, overlong, truncated, a surrogate, a 5-byte form. */
    private static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});

    interface Feed<T> {
        void accept(String label, T input) throws IOException;
    }

    /**
     * Garbage at the byte level for a loader: each invalid UTF-8 sequence inserted at 10 random places of a good
     * file, then {@code rounds} random byte files and as many random texts over {@code alphabet} (up to
     * {@code maxChars} long), which get past the decoding into the parser.
     */
    private static void garbage(Random rnd, byte[] good, List<byte[]> invalid, int rounds, String alphabet,
            int maxChars, Feed<byte[]> file, Feed<String> text) throws IOException {
        for (byte[] bad : invalid) {
            for (int k = 0; k < 10; k++) {
                int at = rnd.nextInt(good.length + 1);
                byte[] b = new byte[good.length + bad.length];
                System.arraycopy(good, 0, b, 0, at);
                System.arraycopy(bad, 0, b, at, bad.length);
                System.arraycopy(good, at, b, at + bad.length, good.length - at);
                file.accept("invalid UTF-8 " + hex(bad) + " at " + at, b);
            }
        }
        for (int k = 0; k < rounds; k++) {
            byte[] bytes = new byte[rnd.nextInt(3000)];
            rnd.nextBytes(bytes);
            file.accept("random bytes #" + k, bytes);
            char[] chars = new char[rnd.nextInt(maxChars)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet.charAt(rnd.nextInt(alphabet.length()));
            }
            text.accept(" #" + k, new String(chars));
        }
    }

    private static void config(Tally t, String label, String text) {
        run(t, label, text, ConfigException.class, () -> ConfigReader.parse(text, "fuzz.json"));
    }

    private static void configFile(Tally t, String label, byte[] bytes) throws IOException {
        fromFile(t, label, bytes, ".json", ConfigException.class, ConfigReader::read);
    }

    interface FileLoad {
        Object read(Path file) throws Exception;
    }

    /** One input written to a file of its own and read by a loader's file entry point (size, encoding, BOM). */
    private static void fromFile(Tally t, String label, byte[] bytes, String suffix,
            Class<? extends Exception> expected, FileLoad load) throws IOException {
        Path f = dir.resolve("fuzz-" + t.inputs + suffix);
        Files.write(f, bytes);
        run(t, label, new String(bytes, StandardCharsets.ISO_8859_1), expected, () -> load.read(f));
        Files.deleteIfExists(f);
    }

    /** Values that are wrong somewhere: every type, huge, negative, non-finite, unknown names. */
    static final List<String> BAD_VALUES = List.of("\"x\"", "\"\"", "1", "0", "-1", "-0", "0.5", "-0.0", "true",
            "false", "null", "[]", "{}", "[1, 2]", "{\"a\": 1}", "1e308", "-1e308", "1e309", "1e-320", "2147483648",
            "-2147483649", "9223372036854775808", "123456789012345678901234567890", "\"NaN\"", "\"Infinity\"",
            "\"-Infinity\"", "NaN", "Infinity", "-Infinity", "\"1\"", "\"tanhh\"", "\"TANH\"", "\"relu \"",
            "\"bogus_scheme\"", "\"conv3d\"", "\"\\u0000\"", "\"\uD83D\uDE00\"", "16777217", "1.0000000001",
            "[[[[[[[[[[]]]]]]]]]]");

    /** The preset with the value at one path replaced by raw JSON text. */
    static String replaced(JsonNode node, String path, String target, String raw) {
        if (path.equals(target)) {
            return raw;
        }
        if (node.isObject()) {
            var sb = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            boolean first = true;
            while (it.hasNext()) {
                var e = it.next();
                sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ")
                        .append(replaced(e.getValue(), path + "/" + e.getKey(), target, raw));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (node.isArray()) {
            var sb = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(replaced(node.get(i), path + "/" + i, target, raw));
            }
            return sb.append(']').toString();
        }
        return node.toString();
    }

    /** The preset with the key at one path written twice. */
    static String duplicated(JsonNode node, String path, String target) {
        if (node.isObject()) {
            var sb = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            boolean first = true;
            while (it.hasNext()) {
                var e = it.next();
                String p = path + "/" + e.getKey();
                String v = duplicated(e.getValue(), p, target);
                sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(v);
                if (p.equals(target)) {
                    sb.append(", ").append(quote(e.getKey())).append(": ").append(v);
                }
                first = false;
            }
            return sb.append('}').toString();
        }
        if (node.isArray()) {
            var sb = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(duplicated(node.get(i), path + "/" + i, target));
            }
            return sb.append(']').toString();
        }
        return node.toString();
    }

    static void paths(JsonNode node, String path, List<String> out, boolean objectKeysOnly) {
        if (!path.isEmpty() && (!objectKeysOnly || !path.matches(".*/\\d+$"))) {
            out.add(path);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> paths(e.getValue(), path + "/" + e.getKey(), out, objectKeysOnly));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths(node.get(i), path + "/" + i, out, objectKeysOnly);
            }
        }
    }

    private static String quote(String s) {
        return new ObjectMapper().valueToTree(s).toString();
    }

    @Test
    void malformedConfigsAreRefusedClearly() throws Exception {
        Random rnd = new Random(SEED);
        Tally t = new Tally();
        ObjectMapper mapper = new ObjectMapper();
        List<String[]> presets = presets();
        for (String[] p : presets) {
            String text = p[1];
            // every prefix: truncated files
            for (int n = 0; n < text.length(); n++) {
                config(t, p[0] + " truncated at " + n, text.substring(0, n));
            }
            JsonNode tree = mapper.readTree(text);
            // a wrong value at every key and array element (a sample of the bad values at each)
            List<String> all = new ArrayList<>();
            paths(tree, "", all, false);
            for (String path : all) {
                for (int k = 0; k < 6; k++) {
                    String raw = BAD_VALUES.get(rnd.nextInt(BAD_VALUES.size()));
                    config(t, p[0] + " " + path + " = " + raw, replaced(tree, "", path, raw));
                }
            }
            // every key duplicated
            List<String> keys = new ArrayList<>();
            paths(tree, "", keys, true);
            for (String path : keys) {
                config(t, p[0] + " duplicated " + path, duplicated(tree, "", path));
            }
            // random byte-level edits: deletions, insertions of JSON punctuation, swaps
            for (int k = 0; k < 40; k++) {
                var sb = new StringBuilder(text);
                int edits = 1 + rnd.nextInt(4);
                for (int e = 0; e < edits && sb.length() > 0; e++) {
                    int at = rnd.nextInt(sb.length());
                    switch (rnd.nextInt(3)) {
                        case 0 -> sb.deleteCharAt(at);
                        case 1 -> sb.insert(at, "{}[]:,\"\\-0e.9 ".charAt(rnd.nextInt(14)));
                        default -> sb.setCharAt(at, (char) (32 + rnd.nextInt(95)));
                    }
                }
                config(t, p[0] + " mutated #" + k, sb.toString());
            }
        }
        // every value of every bad kind at the keys that matter most, in the smallest dense preset
        String base = "{\"name\": \"n\", \"seed\": 1, \"input\": {\"features\": 8, \"batch\": 4, \"distribution\": "
                + "\"normal\"}, \"layers\": [{\"type\": \"dense\", \"units\": 8, \"activation\": \"tanh\", "
                + "\"repeat\": 2, \"scale\": 1, \"init\": {\"scheme\": \"normal\", \"std\": 0.1}, "
                + "\"bias\": {\"scheme\": \"zeros\"}}]}";
        JsonNode baseTree = mapper.readTree(base);
        List<String> basePaths = new ArrayList<>();
        paths(baseTree, "", basePaths, false);
        for (String path : basePaths) {
            for (String raw : BAD_VALUES) {
                config(t, "base " + path + " = " + raw, replaced(baseTree, "", path, raw));
            }
        }
        // unknown names and huge sizes
        for (String layer : List.of("{\"type\": \"conv3d\"}", "{\"type\": \"Dense\", \"units\": 3}",
                "{\"units\": 3, \"activation\": {\"name\": \"swish\"}}",
                "{\"units\": 3, \"activation\": {\"name\": \"leaky_relu\", \"negative_slope\": \"NaN\"}}",
                "{\"units\": 3, \"init\": \"xavier\"}", "{\"units\": 3, \"init\": {\"scheme\": \"he_normal\", "
                        + "\"mode\": \"fan_avg\"}}", "{\"units\": 16777216, \"repeat\": 200}",
                "{\"units\": 16777216}", "{\"type\": \"conv2d\", \"out_channels\": 16777216, \"kernel_size\": 65536}",
                "{\"type\": \"lstm\", \"hidden_size\": 1e9}", "{\"type\": \"rnn\", \"hidden_size\": 8, "
                        + "\"nonlinearity\": \"sigmoid\"}", "{\"units\": 3, \"repeat\": 1e308}",
                "{\"units\": -0}", "{\"units\": 3, \"scale\": -0}", "{\"units\": 3, \"init\": {\"scheme\": "
                        + "\"normal\", \"std\": 1e308}}", "{\"units\": 3, \"init\": {\"scheme\": \"uniform\", "
                        + "\"a\": 1e308, \"b\": -1e308}}")) {
            for (String input : List.of("{\"features\": 8}", "{\"features\": 16777216, \"batch\": 16777216}",
                    "{\"channels\": 3, \"height\": 8, \"width\": 8}", "{\"features\": 4, \"sequence_length\": 5}")) {
                config(t, "layer " + layer + " on " + input, "{\"input\": " + input + ", \"layers\": [" + layer + "]}");
            }
        }
        // deep nesting
        for (int depth : new int[] {63, 64, 65, 100, 1000, 10_000, 100_000}) {
            config(t, "[ × " + depth, "[".repeat(depth));
            config(t, "[ ] × " + depth, "[".repeat(depth) + "]".repeat(depth));
            config(t, "{\"a\": × " + depth, "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth));
            config(t, "layers nested " + depth, "{\"input\": {\"features\": 8}, \"layers\": " + "[".repeat(depth)
                    + "]".repeat(depth) + "}");
        }
        // long values
        config(t, "long string", "{\"name\": \"" + "a".repeat(2_000_000) + "\"}");
        config(t, "long number", "{\"seed\": " + "9".repeat(10_000) + "}");
        config(t, "many layers", "{\"input\": {\"features\": 8}, \"layers\": ["
                + String.join(", ", java.util.Collections.nCopies(100_000, "{\"units\": 8}")) + "]}");
        // file level: empty, BOMs, invalid UTF-8, UTF-16, binary garbage
        byte[] preset = presets.get(0)[1].getBytes(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        configFile(t, "empty file", new byte[0]);
        configFile(t, "blank file", " \n\t\r\n".getBytes(StandardCharsets.UTF_8));
        configFile(t, "BOM only", bom);
        configFile(t, "BOM + preset", concat(bom, preset));
        configFile(t, "BOM BOM + preset", concat(bom, concat(bom, preset)));
        configFile(t, "UTF-16 with BOM", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                presets.get(0)[1].getBytes(StandardCharsets.UTF_16BE)));
        configFile(t, "UTF-16LE", presets.get(0)[1].getBytes(StandardCharsets.UTF_16LE));
        configFile(t, "NUL bytes", new byte[4096]);
        // printable garbage goes past the UTF-8 check into the JSON parser
        garbage(rnd, preset, INVALID_UTF8, 200, JSONISH, 500, (label, b) -> configFile(t, label, b),
                (label, text) -> config(t, "random JSON-ish text" + label, text));
        Path big = dir.resolve("big.json");
        Files.write(big, concat("{\"name\": \"".getBytes(StandardCharsets.UTF_8), new byte[(int) ConfigReader.MAX_BYTES]));
        run(t, "a file over the size limit", "", ConfigException.class, () -> ConfigReader.read(big));
        run(t, "a folder", "", ConfigException.class, () -> ConfigReader.read(dir));
        run(t, "no such file", "", ConfigException.class, () -> ConfigReader.read(dir.resolve("missing.json")));
        System.out.println("config fuzz: " + t);
        t.assertClean(1000, "fuzz-config");
    }

    // ---------------------------------------------------------------- CSV

    private static void csv(Tally t, String label, String text) {
        run(t, label, text, CsvException.class, () -> CsvLoader.parse(text, "fuzz.csv"));
    }

    private static void csvFile(Tally t, String label, byte[] bytes) throws IOException {
        fromFile(t, label, bytes, ".csv", CsvException.class, CsvLoader::read);
    }

    static final List<String> BAD_CELLS = List.of("", " ", "x", "NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf",
            "1e309", "-1e309", "1e308", "-1e308", "3.5e38", "1e-320", "-0", "0x10", "0x1p3", "1_000", "1,5", "1.5.5",
            "\"1\"", "\"", "\"\"", "'1'", "1f", "1d", "+1", "--1", "١", "１", "\u00A01", "1e", "e5", ".", "-", "true",
            "null", "#1", "9".repeat(400), "0.000000000000000000000000000000000000000000001", "2147483648",
            "99999999999999999999", "1;2", "1\t2", "\u0000");

    static String table(Random rnd, int rows, int features, boolean header, String sep, boolean classes) {
        var sb = new StringBuilder();
        if (header) {
            for (int j = 0; j < features; j++) {
                sb.append("x").append(j).append(sep);
            }
            sb.append("label\n");
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                sb.append(String.format(Locale.ROOT, "%.4f", rnd.nextGaussian())).append(sep);
            }
            sb.append(classes ? Integer.toString(rnd.nextInt(3)) : String.format(Locale.ROOT, "%.3f",
                    rnd.nextGaussian())).append('\n');
        }
        return sb.toString();
    }

    @Test
    void malformedCsvFilesAreRefusedClearly() throws Exception {
        Random rnd = new Random(SEED + 1);
        Tally t = new Tally();
        String small = table(rnd, 6, 2, true, ",", true);
        // every prefix of a small file
        for (int n = 0; n <= small.length(); n++) {
            csv(t, "truncated at " + n, small.substring(0, n));
        }
        // every bad cell at every position of a small file, with and without a header, every separator
        for (String sep : List.of(",", ";", "\t")) {
            for (boolean header : new boolean[] {true, false}) {
                String good = table(rnd, 5, 2, header, sep, rnd.nextBoolean());
                String[] lines = good.split("\n");
                for (int li = 0; li < lines.length; li++) {
                    String[] cells = lines[li].split(java.util.regex.Pattern.quote(sep), -1);
                    for (int c = 0; c < cells.length; c++) {
                        String bad = BAD_CELLS.get(rnd.nextInt(BAD_CELLS.size()));
                        String[] copy = cells.clone();
                        copy[c] = bad;
                        String[] ls = lines.clone();
                        ls[li] = String.join(sep, copy);
                        csv(t, "line " + (li + 1) + " column " + (c + 1) + " = " + bad, String.join("\n", ls));
                    }
                }
            }
        }
        // every bad cell in the label column and in a feature column
        for (String bad : BAD_CELLS) {
            String good = table(rnd, 5, 2, false, ",", true);
            csv(t, "label " + bad, good + "0.1,0.2," + bad + "\n");
            csv(t, "feature " + bad, good + bad + ",0.2,1\n");
            csv(t, "all " + bad, (bad + "," + bad + "," + bad + "\n").repeat(6));
        }
        // structure: ragged rows, one column, few rows, many classes, many columns, odd line ends and quotes
        for (int k = 0; k < 300; k++) {
            String good = table(rnd, 4 + rnd.nextInt(20), 1 + rnd.nextInt(5), rnd.nextBoolean(),
                    List.of(",", ";", "\t").get(rnd.nextInt(3)), rnd.nextBoolean());
            var sb = new StringBuilder(good);
            int edits = 1 + rnd.nextInt(5);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, ",;\t\"\n\r#-.eE x0".charAt(rnd.nextInt(14)));
                    case 2 -> sb.setCharAt(at, (char) (rnd.nextInt(2) == 0 ? 32 + rnd.nextInt(95) : rnd.nextInt(0x3000)));
                    default -> sb.insert(at, BAD_CELLS.get(rnd.nextInt(BAD_CELLS.size())));
                }
            }
            csv(t, "mutated #" + k, sb.toString());
        }
        csv(t, "one column", "1\n2\n3\n4\n5\n");
        csv(t, "three rows", "1,0\n2,1\n3,0\n");
        csv(t, "header only", "a,b,label\n");
        csv(t, "two headers", "a,b,label\nc,d,e\n1,2,0\n1,2,1\n1,2,0\n1,2,1\n");
        csv(t, "101 classes", java.util.stream.IntStream.range(0, 101).mapToObj(i -> "0.5," + i)
                .reduce("", (a, b) -> a + b + "\n"));
        csv(t, "-0 and 0 labels", "1,0\n2,-0\n3,0\n4,-0\n5,1\n");
        csv(t, "huge labels", "1,1e300\n2,-1e300\n3,1e300\n4,-1e300\n");
        csv(t, "10001 columns", "1,".repeat(10_000) + "1\n");
        csv(t, "10001 columns after the first row", "1,2\n" + "1,".repeat(10_000) + "1\n");
        csv(t, "CR line ends", "1,2,0\r3,4,1\r5,6,0\r7,8,1\r");
        csv(t, "CRLF line ends", "1,2,0\r\n3,4,1\r\n5,6,0\r\n7,8,1\r\n");
        csv(t, "comments only", "# a\n# b\n");
        csv(t, "unbalanced quote", "\"1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        csv(t, "a very long line", "1".repeat(1_000_000) + ",1\n");
        csv(t, "many separators", ",".repeat(200_000));
        csv(t, "many empty lines", "\n".repeat(100_000));
        csv(t, "many short rows", "1,0\n2,1\n".repeat(10_000));
        // file level
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] goodBytes = table(rnd, 10, 3, true, ",", true).getBytes(StandardCharsets.UTF_8);
        csvFile(t, "empty file", new byte[0]);
        csvFile(t, "blank file", "\n \n\r\n".getBytes(StandardCharsets.UTF_8));
        csvFile(t, "BOM only", bom);
        csvFile(t, "BOM + table", concat(bom, goodBytes));
        csvFile(t, "BOM BOM + table", concat(bom, concat(bom, goodBytes)));
        csvFile(t, "UTF-16", new String(goodBytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
        csvFile(t, "NUL bytes", new byte[4096]);
        garbage(rnd, goodBytes, INVALID_UTF8, 150, CSVISH, 600, (label, b) -> csvFile(t, label, b),
                (label, text) -> csv(t, "random CSV-ish text" + label, text));
        run(t, "a folder", "", CsvException.class, () -> CsvLoader.read(dir));
        run(t, "no such file", "", CsvException.class, () -> CsvLoader.read(dir.resolve("missing.csv")));
        System.out.println("CSV fuzz: " + t);
        t.assertClean(1000, "fuzz-csv");
    }

    // ---------------------------------------------------------------- conv shapes, huge sizes, the guards

    /**
     * Conv stacks of every odd shape and configs of huge sizes: each is read and, if it reads, checked by the guards
     * every path uses (memory, largest tensor, compute budget); the small ones it accepts are also run. Each ends in
     * a result or a clear refusal (what the CLI turns into exit code 2) — never another exception (exit 1).
     */
    @Test
    void convShapesAndHugeSizesAreRunOrRefused() throws Exception {
        Random rnd = new Random(SEED + 2);
        Tally t = new Tally();
        int[] channels = {1, 2, 3, 8, 1 << 20, 16_777_216};
        int[] sides = {1, 2, 5, 8, 31, 64, 512};
        int[] outs = {1, 3, 4, 16, 2_300_000, 16_777_216};
        int[] widths = {1, 7, 64, 4096, 16_384, 16_777_216};
        int[] batches = {1, 4, 64, 100_000, 16_777_216};
        int ran = 0;
        timeoutMs = 20_000;
        try (var warm = new Propagator()) {
            warm.run(ConfigReader.parse("{\"input\": {\"features\": 4}, \"layers\": [{\"units\": 4}]}", "w.json")
                    .resolve());
        }
        try {
            ran = shapes(rnd, t, channels, sides, outs, widths, batches, SHAPES);
        } finally {
            timeoutMs = TIMEOUT_MS;
        }
        System.out.println("shape fuzz: " + t + " (" + ran + " small ones run)");
        t.assertClean(SHAPES, "fuzz-shapes");
        assertTrue(ran >= 5, "only " + ran + " accepted networks were run");
    }

    private static int shapes(Random rnd, Tally t, int[] channels, int[] sides, int[] outs, int[] widths,
            int[] batches, int count) {
        int ran = 0;
        for (int k = 0; k < count; k++) {
            String input;
            var layers = new ArrayList<String>();
            if (rnd.nextInt(4) > 0) {
                input = "{\"channels\": " + pick(rnd, channels) + ", \"height\": " + pick(rnd, sides) + ", \"width\": "
                        + pick(rnd, sides) + ", \"batch\": " + pick(rnd, batches) + "}";
                for (int l = 0, n = 1 + rnd.nextInt(3); l < n; l++) {
                    int g = List.of(1, 1, 2, 3).get(rnd.nextInt(4));
                    layers.add("{\"type\": \"conv2d\", \"out_channels\": " + pick(rnd, outs) * (g > 1 ? g : 1)
                            + ", \"kernel_size\": " + (1 + rnd.nextInt(31)) + ", \"stride\": " + (1 + rnd.nextInt(5))
                            + ", \"padding\": " + rnd.nextInt(32) + ", \"groups\": " + g + ", \"activation\": \"relu\", "
                            + "\"init\": \"" + List.of("kaiming_normal", "dirac", "orthogonal", "xavier_uniform", "eye")
                                    .get(rnd.nextInt(5)) + "\"}");
                    if (rnd.nextInt(4) == 0) {
                        layers.add("{\"type\": \"maxpool2d\", \"kernel_size\": " + (1 + rnd.nextInt(4)) + "}");
                    }
                }
                layers.add("{\"type\": \"flatten\"}");
                if (rnd.nextBoolean()) {
                    layers.add("{\"units\": " + pick(rnd, widths) + "}");
                }
            } else {
                input = "{\"features\": " + pick(rnd, widths) + ", \"batch\": " + pick(rnd, batches) + "}";
                layers.add("{\"units\": " + pick(rnd, widths) + ", \"repeat\": " + (1 + rnd.nextInt(30))
                        + ", \"init\": \"" + List.of("orthogonal", "kaiming_normal", "sparse_like").get(rnd.nextInt(2))
                        + "\"}");
            }
            String text = "{\"input\": " + input + ", \"layers\": [" + String.join(", ", layers) + "]}";
            boolean[] wasRun = {false};
            run(t, "shape #" + k + " " + text, text, List.of(ConfigException.class, ResourceLimitException.class),
                    () -> {
                        var net = ConfigReader.parse(text, "shape.json").resolve();
                        MemoryEstimate.check(net);
                        if (ComputeCost.of(net).seconds() < 0.02) {
                            try (var engine = new Propagator()) {
                                engine.run(net);
                            }
                            wasRun[0] = true;
                        }
                        return null;
                    });
            ran += wasRun[0] ? 1 : 0;
        }
        return ran;
    }

    /** Shapes in the default suite; {@code -Psoak} runs {@link #manyConvShapes} with 10 times as many. */
    static final int SHAPES = 150;

    /** The heavy variant of the shape fuzz (soak profile): 2,000 inputs from another seed. */
    @Test
    @org.junit.jupiter.api.Tag("soak")
    void manyConvShapes() throws Exception {
        Random rnd = new Random(SEED + 20);
        Tally t = new Tally();
        timeoutMs = 20_000;
        int ran;
        try {
            ran = shapes(rnd, t, new int[] {1, 2, 3, 5, 8, 64, 1 << 20}, new int[] {1, 2, 3, 7, 8, 31, 64, 200, 512},
                    new int[] {1, 2, 4, 6, 16, 64, 2_300_000}, new int[] {1, 3, 64, 512, 4096, 16_777_216},
                    new int[] {1, 2, 8, 256, 100_000}, 2000);
        } finally {
            timeoutMs = TIMEOUT_MS;
        }
        System.out.println("shape fuzz (soak): " + t + " (" + ran + " small ones run)");
        t.assertClean(2000, "fuzz-shapes-soak");
    }

    private static int pick(Random rnd, int[] values) {
        return values[rnd.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- lessons

    /**
     * Lesson files: a shipped lesson truncated and with a bad value at every key, texts of every length, every
     * scheme as network B (dirac, eye, sparse, constant among them), huge embedded networks, BOMs and other
     * encodings: each is a valid lesson or refused with the file, line and column in our words.
     */
    @Test
    void malformedLessonsAreRefusedClearly() throws Exception {
        Random rnd = new Random(SEED + 3);
        Tally t = new Tally();
        ObjectMapper mapper = new ObjectMapper();
        String text;
        try (InputStream in = FuzzTest.class.getResourceAsStream("/org/initscope/scenarios/xavier-vs-he.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (int n = 0; n < text.length(); n += 1 + rnd.nextInt(7)) {
            lesson(t, "truncated at " + n, text.substring(0, n));
        }
        JsonNode tree = mapper.readTree(text);
        List<String> all = new ArrayList<>();
        paths(tree, "", all, false);
        for (String path : all) {
            for (int k = 0; k < 3; k++) {
                String raw = BAD_VALUES.get(rnd.nextInt(BAD_VALUES.size()));
                lesson(t, path + " = " + raw, replaced(tree, "", path, raw));
            }
        }
        String net = "{\"input\": {\"features\": 8, \"batch\": 4}, \"layers\": [{\"units\": 8, \"activation\": "
                + "\"tanh\"}]}";
        String conv = "{\"input\": {\"channels\": 2, \"height\": 6, \"width\": 6, \"batch\": 2}, \"layers\": "
                + "[{\"type\": \"conv2d\", \"out_channels\": 4, \"kernel_size\": 3}]}";
        for (String scheme : org.initscope.model.Scheme.ids()) {
            for (String network : List.of(net, conv)) {
                lesson(t, "compare " + scheme, "{\"title\": \"t\", \"steps\": [{\"title\": \"s\", \"text\": \"x\", "
                        + "\"mode\": \"compare\", \"compare\": \"" + scheme + "\", \"network\": " + network + "}]}");
            }
        }
        for (int len : new int[] {0, 1, 119, 120, 121, 600, 800, 801, 5_000, 20_000, 200_000}) {
            for (String key : List.of("title", "text", "question")) {
                String v = "é中".repeat(len / 2 + 1).substring(0, len);
                String step = "{\"title\": \"s\", \"text\": \"x\", \"network\": " + net + "}";
                lesson(t, key + " of " + len, "{\"title\": \"t\", \"steps\": [" + step.replaceFirst("\"" + key
                        + "\": \"[^\"]*\"|(\\{)", key.equals("question") ? "$1\"question\": \"" + v + "\", "
                        : "\"" + key + "\": \"" + v + "\"") + "]}");
            }
        }
        for (String huge : List.of("{\"features\": 16384, \"batch\": 1000000}", "{\"features\": 16777216}",
                "{\"channels\": 3, \"height\": 512, \"width\": 512, \"batch\": 64}")) {
            lesson(t, "huge " + huge, "{\"title\": \"t\", \"steps\": [{\"title\": \"s\", \"text\": \"x\", "
                    + "\"network\": {\"input\": " + huge + ", \"layers\": [{\"type\": \"flatten\"}, {\"units\": 16384, "
                    + "\"repeat\": 20}]}}]}");
        }
        lesson(t, "escape in a title", "{\"title\": \"\\u001b]0;x\\u0007\", \"steps\": 3}");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        garbage(rnd, bytes, INVALID_UTF8, 40, JSONISH, 300, (label, b) -> lessonFile(t, label, b),
                (label, s2) -> lesson(t, "random" + label, s2));
        lessonFile(t, "BOM", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes));
        lessonFile(t, "UTF-16", text.getBytes(StandardCharsets.UTF_16));
        System.out.println("lesson fuzz: " + t);
        t.assertClean(600, "fuzz-lessons");
    }

    private static void lesson(Tally t, String label, String text) {
        run(t, label, text, ConfigException.class, () -> Scenarios.parse(text, "fuzz-lesson.json"));
    }

    private static void lessonFile(Tally t, String label, byte[] bytes) throws IOException {
        fromFile(t, label, bytes, ".lesson.json", ConfigException.class, Scenarios::read);
    }

    // ---------------------------------------------------------------- CSV tasks

    /**
     * CSV files whose task is unclear (many classes, fractional or tiny labels, a single class, Java number
     * syntax): read with every task choice, each is read as what was asked or refused — never silently turned into
     * regression when the task was left to the file.
     */
    @Test
    void csvTaskChangesAreNeverSilent() throws Exception {
        Random rnd = new Random(SEED + 4);
        Tally t = new Tally();
        var labels = List.of("0", "1", "2", "7", "-3", "100", "0.5", "4.9e-324", "1e300", "1.0", "2.000", "1e2",
                "1f", "1d", "0x1p3", "3", "-0", "99");
        for (int k = 0; k < 250; k++) {
            var sb = new StringBuilder("a,b,label\n");
            int rows = 4 + rnd.nextInt(300);
            int classes = 1 + rnd.nextInt(k % 3 == 0 ? 1200 : 4);
            for (int i = 0; i < rows; i++) {
                String label = rnd.nextInt(10) == 0 ? labels.get(rnd.nextInt(labels.size()))
                        : Integer.toString(rnd.nextInt(classes));
                sb.append(String.format(Locale.ROOT, "%.3f,%.3f,", rnd.nextGaussian(), rnd.nextGaussian()))
                        .append(label).append('\n');
            }
            String csv = sb.toString();
            for (CsvLoader.Task task : CsvLoader.Task.values()) {
                run(t, "task " + task + " #" + k, csv, CsvException.class, () -> {
                    var d = CsvLoader.parse(csv, "task.csv", task);
                    if (task == CsvLoader.Task.AUTO && !d.isClassification()) {
                        throw new IllegalStateException("read as regression without asking");
                    }
                    if (task == CsvLoader.Task.CLASSIFICATION && !d.isClassification()
                            || task == CsvLoader.Task.REGRESSION && d.isClassification()) {
                        throw new IllegalStateException("read as another task than asked");
                    }
                    return null;
                });
            }
        }
        System.out.println("CSV task fuzz: " + t);
        t.assertClean(700, "fuzz-csv-task");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String hex(byte[] b) {
        var sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format(Locale.ROOT, "%02X", x & 0xFF));
        }
        return sb.toString();
    }
}
