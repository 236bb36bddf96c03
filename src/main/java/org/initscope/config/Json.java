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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
        JsonParser p = null;
        try {
            p = FACTORY.createParser(text);
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
            // where the parser stopped: the deep nesting or the long value
            JsonLocation l = p == null ? null : p.currentLocation();
            String what = String.valueOf(e.getOriginalMessage());
            String problem = what.contains("nesting") || what.contains("Depth")
                    ? "the JSON is nested too deeply: more than " + MAX_NESTING + " levels (a config needs 5)"
                    : what.contains("Number") ? "a number longer than 400 digits"
                    : "a text value longer than 1,000,000 characters";
            throw new ConfigException(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
                    problem);
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            throw new ConfigException(source, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
                    "not valid JSON: " + ourWords(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, "", "could not read the JSON: " + ourWords(e.getMessage()));
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException e) {
                    // a parser over a string holds nothing
                }
            }
        }
    }

    /** "('x' (code 120))" or "((CTRL-CHAR, code 1))" in Jackson's messages. */
    private static final Pattern CHAR = Pattern.compile(
            "\\(\\('(.)' \\(code (\\d+)\\)\\)|\\(\\(CTRL-CHAR, code (\\d+)\\)\\)|\\('(.)' \\(code (\\d+)[^)]*\\)\\)");
    private static final Pattern CLOSE = Pattern.compile(
            "Unexpected close marker '(.)': expected '(.)' \\(for (Object|Array) starting at \\[Source: [^\\]]*?line: "
                    + "(\\d+), column: (\\d+)\\]\\).*", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern END_IN = Pattern.compile(
            "Unexpected end-of-input.*?(Object|Array) (?:starting at|\\(start marker at) \\[Source: [^\\]]*?line: "
                    + "(\\d+), column: (\\d+)\\].*", Pattern.DOTALL);

    /**
     * The JSON parser's message in the project's words, e.g. "expected ',' or '}' between the object's entries,
     * found 'a'": never its internals (character codes, feature names, class names). Found by the fuzz test; a
     * message not recognized gets a plain generic sentence (the line and column still say where).
     */
    static String ourWords(String jackson) {
        if (jackson == null || jackson.isBlank()) {
            return "the text is not valid JSON here";
        }
        String s = jackson.strip();
        var nonNumeric = NON_NUMERIC.matcher(s.lines().findFirst().orElse(""));
        if (nonNumeric.matches()) {
            return "'" + nonNumeric.group(1) + "' is not a JSON number (JSON has no NaN or Infinity): write a finite "
                    + "number";
        }
        var close = CLOSE.matcher(s);
        if (close.matches()) {
            return "found '" + close.group(1) + "' where the " + ("Object".equals(close.group(3)) ? "object" : "array")
                    + " that starts at line " + close.group(4) + ", column " + close.group(5) + " must be closed with '"
                    + close.group(2) + "'";
        }
        if (s.startsWith("Unexpected close marker")) {
            return "'" + s.charAt("Unexpected close marker '".length()) + "' closes nothing: there is no open "
                    + (s.contains("Array") ? "array" : "object") + " here";
        }
        var end = END_IN.matcher(s);
        if (end.matches()) {
            return "the file ends before the " + ("Object".equals(end.group(1)) ? "object" : "array") + " that starts at "
                    + "line " + end.group(2) + ", column " + end.group(3) + " is closed";
        }
        if (s.startsWith("Unexpected end-of-input")) {
            return s.contains("String") || s.contains("name") ? "the file ends inside a text in quotes (its closing \" "
                    + "is missing)" : "the file ends too early";
        }
        var token = TOKEN.matcher(s);
        if (token.matches()) {
            String t = token.group(1);
            return "'" + (t.length() > 30 ? t.substring(0, 30) + "…" : t) + "' is not a JSON value: a text needs "
                    + "double quotes, and true and false are written in lower case";
        }
        if (s.startsWith("Unrecognized character escape")) {
            return "a backslash starts an escape JSON does not know (write \\\\ for a backslash, \\\" for a quote)";
        }
        String found = found(s);
        if (s.contains("Leading zeroes not allowed")) {
            return "a number may not start with 0 (write 7, not 07)";
        }
        if (s.contains("Decimal point not followed by a digit")) {
            return "a decimal point must be followed by a digit (write 1.0, not 1.)";
        }
        if (s.contains("Exponent indicator not followed by a digit")) {
            return "an exponent needs digits (write 1e-3, not 1e)";
        }
        if (s.contains("plus sign")) {
            return "a number may not start with + (write 3, not +3)";
        }
        if (s.contains("follow minus sign")) {
            return "a minus sign must be followed by a digit" + found;
        }
        if (s.contains("separating root-level values")) {
            return "unexpected text after the end of the JSON object";
        }
        if (s.contains("hex-digit")) {
            return "a \\u escape needs four hexadecimal digits" + found;
        }
        if (s.contains("comment")) {
            return "comments (// or /* */) are not allowed in JSON: remove them";
        }
        if (s.contains("colon to separate")) {
            return "expected ':' after the key" + found;
        }
        if (s.contains("comma to separate Array")) {
            return "expected ',' or ']' between the array's items" + found;
        }
        if (s.contains("comma to separate Object")) {
            return "expected ',' or '}' between the object's entries" + found;
        }
        if (s.contains("double-quote to start field name")) {
            return "expected a key in double quotes (or '}' right after the last entry, without a comma)" + found;
        }
        if (s.contains("Illegal unquoted character") || s.contains("CTRL-CHAR") && s.contains("String")) {
            return "a control character" + codeOf(s) + " inside a text in quotes: write it as an escape such as \\n";
        }
        if (s.contains("Illegal character")) {
            return "a control character" + codeOf(s) + " where only spaces and line breaks may stand";
        }
        if (s.contains("expected a valid value") || s.contains("expected a value")) {
            return "expected a value (a text in double quotes, a number, [an array], {an object}, true or false)"
                    + found;
        }
        if (s.contains("Invalid numeric value") || s.contains("numeric value")) {
            return "not a valid number" + found;
        }
        return "the text is not valid JSON here" + found;
    }

    /** ", found 'x'" from Jackson's "('x' (code 120))"; "" when it names no character. */
    private static String found(String s) {
        var m = CHAR.matcher(s);
        if (!m.find()) {
            return "";
        }
        if (m.group(3) != null) {
            return ", found a control character" + String.format(Locale.ROOT, " (U+%04X)",
                    Integer.parseInt(m.group(3)));
        }
        String c = m.group(1) != null ? m.group(1) : m.group(4);
        int code = Integer.parseInt(m.group(1) != null ? m.group(2) : m.group(5));
        if (code < 0x20 || code >= 0x7f && code <= 0x9f) {
            return String.format(Locale.ROOT, ", found a control character (U+%04X)", code);
        }
        return ", found '" + c + "'";
    }

    private static String codeOf(String s) {
        var m = Pattern.compile("code (\\d+)").matcher(s);
        return m.find() ? String.format(Locale.ROOT, " (U+%04X)", Integer.parseInt(m.group(1))) : "";
    }

    private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '([^']*)'.*");
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
