package org.initscope.config;

import java.util.List;
import org.initscope.engine.expect.Expectation;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.Counterpart;
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
     * One step. {@code mode} what the window shows; {@code compare} network B of the comparison (null: keep it);
     * {@code view} the Explore mode's view (null: keep the one shown); {@code look} the ids of the parts to highlight. {@code preset} is the
     * preset file the network came from ("" for an embedded network); {@code range} the histograms' x-range mode
     * ("shared", "per-layer", or "" for the preset's choice); {@code train} the training settings (null: the Train
     * tab's defaults); {@code expect} what the step claims about its numbers (checked by {@link LessonCheck}).
     */
    public record Step(String title, String text, NetworkSpec network, Mode mode, View view, String quantity,
            List<String> look, String question, Counterpart compare, String preset,
            String range, TrainSettings train, List<Expectation> expect) {
        public Step {
            look = List.copyOf(look);
            expect = List.copyOf(expect);
        }

        /** The step's training settings, or the Train tab's defaults. */
        public TrainSettings training() {
            return train == null ? TrainSettings.DEFAULT : train;
        }

        /** Whether the histograms share one x-range: the step's choice, else the preset's, else per layer. */
        public boolean sharedRange() {
            if (!range.isEmpty()) {
                return range.equals("shared");
            }
            return Presets.byFile(preset).map(Presets.Preset::sharedRange).orElse(false);
        }
    }
}
