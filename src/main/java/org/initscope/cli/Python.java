package org.initscope.cli;

/**
 * The Python interpreter that runs the peer scripts (NumPy, PyTorch): {@code python3} on the PATH unless the
 * environment variable {@code INITSCOPE_PYTHON} or the system property {@code initscope.python} names another one
 * (e.g. a system Python that has PyTorch while the PATH's has NumPy only).
 */
public final class Python {
    private Python() {
    }

    /** The interpreter's command. */
    public static String interpreter() {
        String p = System.getProperty("initscope.python");
        if (p == null || p.isBlank()) {
            p = System.getenv("INITSCOPE_PYTHON");
        }
        return p == null || p.isBlank() ? "python3" : p.strip();
    }
}
