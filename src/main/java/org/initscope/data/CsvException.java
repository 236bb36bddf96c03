package org.initscope.data;

import org.initscope.model.Printable;

/** A CSV file that cannot be used as training data, with the file, line and column of the problem. */
public class CsvException extends Exception {
    public CsvException(String file, int line, String problem) {
        super(Printable.of(file + (line > 0 ? ":" + line : "") + ": " + problem));
    }

    /**
     * The file reads, but what it is to be trained for is not clear (its labels are not 2 to 100 whole numbers):
     * the user chooses classification or regression ({@code --task}; the app says it trains it as regression).
     */
    public static final class TaskUnclear extends CsvException {
        private final String reason;

        public TaskUnclear(String file, int line, String reason, String choice) {
            super(file, line, reason + ": " + choice);
            this.reason = Printable.of(reason);
        }

        /** Why, without the advice on how to choose. */
        public String reason() {
            return reason;
        }
    }
}
