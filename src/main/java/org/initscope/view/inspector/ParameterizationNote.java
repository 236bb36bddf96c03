package org.initscope.view.inspector;

import javafx.scene.control.Label;
import org.initscope.model.Explanations;
import org.initscope.model.ResolvedNetwork;

/**
 * The inspector's note on what the network's parameterization (SP, NTK, μP) does to the selected dense layer and
 * to the output layer the Train tab adds, with the numbers ({@link Explanations#parameterization}).
 */
final class ParameterizationNote extends Label {
    ParameterizationNote() {
        setId("parameterizationAbout");
        setWrapText(true);
        getStyleClass().add("explanation");
        managedProperty().bind(visibleProperty());
    }

    /** Show layer {@code index} (0-based); hidden for layers other than dense ones. */
    void show(ResolvedNetwork net, int index) {
        String text = net.layers().get(index).dense() == null ? "" : Explanations.parameterization(net, index);
        setText(text);
        setVisible(!text.isEmpty());
    }
}
