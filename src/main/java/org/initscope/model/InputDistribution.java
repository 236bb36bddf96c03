package org.initscope.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** How the input batch is drawn; each has unit variance. */
public enum InputDistribution {
    NORMAL("normal", "x ~ N(0, 1)"),
    UNIFORM("uniform", "x ~ U(−√3, √3) (unit variance)"),
    DIGITS("digits", "the 8×8 handwritten digits (1797 images), each pixel standardized over the set");

    private final String id;
    private final String description;

    InputDistribution(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(InputDistribution::id).toList();
    }

    public static Optional<InputDistribution> byId(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }
}
