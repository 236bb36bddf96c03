package org.initscope.model;

/**
 * A spec that cannot be built or resolved: names the field (a path relative to the object that raised it, e.g.
 * {@code init.std}) and what is wrong, in words a user can act on.
 */
public class SpecException extends RuntimeException {
    private final String field;

    public SpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, relative to the spec object that raised the error; empty for the object itself. */
    public String field() {
        return field;
    }

    /** The same problem seen from an enclosing object: {@code prefix.field}. */
    public SpecException under(String prefix) {
        String path = field.isEmpty() ? prefix : field.startsWith("[") ? prefix + field : prefix + "." + field;
        SpecException e = new SpecException(path, getMessage());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
