package org.initscope.config;

import java.util.List;
import org.initscope.model.NetworkSpec;

/**
 * A guided lesson: steps, each with a short text, the network it loads, the view to show, what to look at
 * (highlighted) and a question for the class. Read from a JSON file (format in README "Lessons").
 */
public record Scenario(String title, String summary, List<Step> steps, String source) {

    public Scenario {
        steps = List.copyOf(steps);
    }

    /**
     * One step. {@code mode} is "explore", "train", "compare" or "compare-train"; {@code compare} network B of
     * the comparison (null: keep it); {@code view} the Explore tab (histograms, ridgeline, table,
     * theory, phase, jacobian, activation); {@code look} the ids of the parts to highlight.
     */
    public record Step(String title, String text, NetworkSpec network, String mode, String view, String quantity,
            List<String> look, String question, org.initscope.model.Counterpart compare) {
        public Step {
            look = List.copyOf(look);
        }
    }
}
