package org.initscope.config;

import org.initscope.model.Printable;

/**
 * A config that cannot be used, with where the problem is: the file, the line and column, the field path (e.g.
 * {@code layers[0].init.std}) and what is wrong, including the allowed values.
 */
public final class ConfigException extends Exception {
    private final String source;
    private final int line;
    private final int column;
    private final String path;
    private final String problem;

    public ConfigException(String source, int line, int column, String path, String problem) {
        super(format(source, line, column, path, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.path = path;
        this.problem = problem;
    }

    private static String format(String source, int line, int column, String path, String problem) {
        var sb = new StringBuilder(source == null || source.isEmpty() ? "config" : source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        // what is quoted from the file (a name, a token) never brings its control characters along
        return Printable.of(sb.append(problem).toString());
    }

    public String source() {
        return source;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The field path, e.g. {@code layers[0].init.std}; empty for the document itself. */
    public String path() {
        return path;
    }

    /** The problem without the location. */
    public String problem() {
        return problem;
    }
}
