package org.initscope.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON tree that remembers where every value was in the text, so that a bad value can be reported with its
 * line and column. Parsed with Jackson's streaming parser; duplicate keys are an error.
 */
final class Json {
    /** Deeper nesting than this is refused: no config needs more than 5 levels. */
    static final int MAX_NESTING = 64;

    sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {
        int line();

        int column();

        /** How the value reads in an error message. */
        default String show() {
            if (this instanceof Str s) {
                return "\"" + (s.value().length() > 40 ? s.value().substring(0, 40) + "…" : s.value()) + "\"";
            }
            if (this instanceof Num n) {
                return n.text();
            }
            if (this instanceof Bool b) {
                return Boolean.toString(b.value());
            }
            if (this instanceof Obj) {
                return "an object";
            }
            return this instanceof Arr ? "an array" : "null";
        }
    }

    record Field(String name, int line, int column, Node value) {
    }

    record Obj(Map<String, Field> fields, int line, int column) implements Node {
    }

    record Arr(List<Node> items, int line, int column) implements Node {
    }

    record Str(String value, int line, int column) implements Node {
    }

    record Num(double value, String text, boolean integral, int line, int column) implements Node {
    }

    record Bool(boolean value, int line, int column) implements Node {
    }

    record Null(int line, int column) implements Node {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(400).maxStringLength(1_000_000).build())
            .build();

    private Json() {
    }

    static Node parse(String text, String source) throws ConfigException {
        if (text.isBlank()) {
            throw new ConfigException(source, 0, 0, "", "the file is empty; expected a JSON object such as "
                    + "{\"seed\": 7, \"input\": {...}, \"layers\": [...]}");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            Node root = read(p, t, source);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new ConfigException(source, l.getLineNr(), l.getColumnNr(), "",
                        "unexpected text after the end of the JSON object");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new ConfigException(source, 0, 0, "", "the JSON is nested too deeply or holds a value too long ("
                    + firstLine(e.getOriginalMessage()) + ")");
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            throw new ConfigException(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
                    "not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, "", "could not read the JSON: " + firstLine(e.getMessage()));
        }
    }

    private static final java.util.regex.Pattern NON_NUMERIC = java.util.regex.Pattern.compile(
            "Non-standard token '([^']*)'.*");
    private static final java.util.regex.Pattern STARTING_AT = java.util.regex.Pattern.compile(
            "\\(for (Object|Array) starting at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");
    private static final java.util.regex.Pattern BACKTICKS = java.util.regex.Pattern.compile(
            ",? ?(from |enable )?`[^`]*`( to allow)?");

    /**
     * Jackson's message in the user's words: without its source/marker details and without the names of its
     * classes and features (found by the fuzz test).
     */
    static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        s = nl < 0 ? s : s.substring(0, nl);
        var nonNumeric = NON_NUMERIC.matcher(s);
        if (nonNumeric.matches()) {
            return "'" + nonNumeric.group(1) + "' is not a JSON number (JSON has no NaN or Infinity): write a finite "
                    + "number";
        }
        int marker = s.indexOf(" (start marker at");
        if (marker >= 0) {
            s = s.substring(0, marker) + " (an object or array is not closed)";
        }
        var startingAt = STARTING_AT.matcher(s);
        s = startingAt.replaceAll(m -> "(for the " + ("Object".equals(m.group(1)) ? "object" : "array")
                + " that starts at line " + m.group(2) + ", column " + m.group(3) + ")");
        s = s.replaceAll("\\[Source: [^\\]]*\\]", "");
        s = BACKTICKS.matcher(s).replaceAll("");
        s = s.replace("Unexpected end-of-input", "unexpected end of file");
        s = s.replace("(JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                "(a string in quotes, a number, an [array], an {object}, true or false)");
        s = s.strip();
        return s.isEmpty() ? "unknown error" : s;
    }

    private static Node read(JsonParser p, JsonToken t, String source) throws IOException, ConfigException {
        if (t == null) {
            throw new ConfigException(source, 0, 0, "", "the file holds no JSON value");
        }
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (t) {
            case START_OBJECT -> {
                var fields = new LinkedHashMap<String, Field>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    Node v = read(p, p.nextToken(), source);
                    if (fields.containsKey(name)) {
                        throw new ConfigException(source, kl.getLineNr(), kl.getColumnNr(), name,
                                "the key \"" + name + "\" appears twice");
                    }
                    fields.put(name, new Field(name, kl.getLineNr(), kl.getColumnNr(), v));
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new ConfigException(source, line, col, "", "unterminated object");
                }
                return new Obj(fields, line, col);
            }
            case START_ARRAY -> {
                var items = new ArrayList<Node>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw new ConfigException(source, line, col, "", "unterminated array");
                    }
                    items.add(read(p, n, source));
                }
                return new Arr(items, line, col);
            }
            case VALUE_STRING -> {
                return new Str(p.getText(), line, col);
            }
            case VALUE_NUMBER_INT -> {
                String text = p.getText();
                return new Num(Double.parseDouble(text), text, true, line, col);
            }
            case VALUE_NUMBER_FLOAT -> {
                String text = p.getText();
                double v = Double.parseDouble(text);
                return new Num(v, text, v == Math.rint(v) && Double.isFinite(v), line, col);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Bool(t == JsonToken.VALUE_TRUE, line, col);
            }
            case VALUE_NULL -> {
                return new Null(line, col);
            }
            default -> throw new ConfigException(source, line, col, "", "unexpected " + t);
        }
    }
}
