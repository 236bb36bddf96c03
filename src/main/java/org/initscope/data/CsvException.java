package org.initscope.data;

/** A CSV file that cannot be used as training data, with the file, line and column of the problem. */
public final class CsvException extends Exception {
    public CsvException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
