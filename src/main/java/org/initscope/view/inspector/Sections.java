package org.initscope.view.inspector;

import javafx.scene.layout.GridPane;
import org.initscope.model.Fans;
import org.initscope.model.ResolvedLayer;

/** What several sections show alike. */
final class Sections {
    private Sections() {
    }

    /** "1×8×8 → 8×8×8": the layer's input and output shapes. */
    static String shapes(ResolvedLayer resolved) {
        return resolved.in().label() + " → " + resolved.out().label();
    }

    /** "fan_in = …, fan_out = …" as the fans spell themselves out (receptive field included). */
    static String fans(Fans f) {
        return f.fanInText() + ", " + f.fanOutText();
    }

    /** A grid for a layer's geometry or options: disabled while the network is locked. */
    static GridPane geometry(InspectorContext ctx) {
        var g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.setId("geometry");
        g.disableProperty().bind(ctx.locked());
        return g;
    }
}
