package org.initscope.engine;

/** A network too large for the memory this process can get, refused before anything is allocated. */
public final class ResourceLimitException extends RuntimeException {
    public ResourceLimitException(String message) {
        super(message);
    }
}
