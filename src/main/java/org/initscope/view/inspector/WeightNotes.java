package org.initscope.view.inspector;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.initscope.i18n.I18n;
import org.initscope.model.ActivationSpec;
import org.initscope.model.Explanations;
import org.initscope.model.Fmt;
import org.initscope.model.InitSpec;
import org.initscope.model.Misconception;
import org.initscope.model.ResolvedInit;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.Scheme;
import org.initscope.view.Forms;

/**
 * What the inspector says under a weight initializer: its gain, what an "auto" gain did when the activation changed,
 * the Glorot & Bengio button where it applies, what the initializer does here (from the newest run's numbers), where
 * it comes from and the misconceptions that apply to it.
 */
final class WeightNotes extends VBox {
    private final InspectorContext ctx;
    private final Label gain = new Label();
    /** Shown when the activation changed and an "auto" gain followed it. */
    private final Label gainFollows = new Label();
    private final Button glorot = Forms.button("Glorot & Bengio: gain 1 on all layers", "mdal-filter_1", "xavier as "
            + "in Glorot & Bengio 2010, without calculate_gain: every layer with a Xavier/Glorot scheme gets gain = 1 "
            + "(on ReLU this halves the variance per layer, the classic demonstration)");
    /** What this layer's initializer does here, computed from the run's numbers. */
    private final Label effect = new Label();
    private final Label origin = new Label();
    private final VBox warnings = new VBox(4);
    /** The layer, activation and gain shown last, to tell when an auto gain followed an activation change. */
    private int gainLayer = -1;
    private ActivationSpec gainActivation;
    private ResolvedInit gainInit;

    WeightNotes(InspectorContext ctx) {
        super(8);
        this.ctx = ctx;
        gain.getStyleClass().add("text-muted");
        gain.setWrapText(true);
        gain.managedProperty().bind(gain.visibleProperty());
        gainFollows.setId("gainFollows");
        gainFollows.setWrapText(true);
        gainFollows.getStyleClass().add("gain-follows");
        gainFollows.managedProperty().bind(gainFollows.visibleProperty());
        gainFollows.setVisible(false);
        glorot.setId("glorotGain");
        glorot.setWrapText(true);
        glorot.managedProperty().bind(glorot.visibleProperty());
        glorot.setOnAction(e -> ctx.report(ctx.session.editAllWeighted(w -> xavier(w.init().scheme())
                ? w.withInit(w.init().with("gain", 1.0)) : w)));
        glorot.disableProperty().bind(ctx.locked());
        effect.setId("initEffect");
        effect.setWrapText(true);
        effect.getStyleClass().add("explanation");
        effect.managedProperty().bind(effect.visibleProperty());
        origin.setId("initOrigin");
        origin.setWrapText(true);
        origin.getStyleClass().add("explanation");
        warnings.setId("misconceptions");
        getChildren().addAll(gain, gainFollows, glorot, effect, origin, warnings);
        ctx.session.resultProperty().addListener((o, a, b) -> showEffect());
    }

    /** Say everything about the weight initializer {@code param} of layer {@code index}. */
    void show(int index, ResolvedLayer resolved, String param, InitSpec init) {
        ResolvedInit w = resolved.param(param).init();
        gain.setText(w.gain() == null ? "" : I18n.f("gain: %s", w.gain().source()));
        gain.setVisible(w.gain() != null);
        showGainFollows(index, resolved.activation(), init, w);
        glorot.setVisible(xavier(init.scheme()) && !(init.params().get("gain") instanceof Number g
                && g.doubleValue() == 1.0));
        showEffect();
        String why = Explanations.assumption(init.scheme());
        origin.setText(Explanations.origin(init.scheme()) + (why.isEmpty() ? "" : I18n.t(".\n") + why));
        warnings.getChildren().clear();
        var target = Misconception.target(resolved, param, init);
        for (var mis : Misconception.of(target)) {
            var l = new Label("⚠ " + mis.text(target));
            l.setUserData(mis);
            l.setWrapText(true);
            l.getStyleClass().add("misconception");
            warnings.getChildren().add(l);
        }
    }

    private static boolean xavier(Scheme s) {
        return s == Scheme.XAVIER_NORMAL || s == Scheme.XAVIER_UNIFORM || s == Scheme.GLOROT_NORMAL
                || s == Scheme.GLOROT_UNIFORM;
    }

    /**
     * An "auto" gain follows the activation: when the activation of the layer shown changes, say what the gain
     * became and what that did to the std (the formula above shows the new numbers).
     */
    private void showGainFollows(int layer, ActivationSpec act, InitSpec init, ResolvedInit w) {
        boolean auto = init.scheme().param("gain").isPresent() && init.isAuto("gain")
                || init.scheme().param("nonlinearity").isPresent() && init.isAuto("nonlinearity");
        if (layer == gainLayer && gainActivation != null && !gainActivation.equals(act) && auto && gainInit != null
                && gainInit.gain() != null && w.gain() != null) {
            gainFollows.setText(I18n.f("The gain follows the activation (auto): %s → %s, so one weight's std %s → %s.",
                    gainInit.gain().source(), w.gain().source(), Fmt.sig(gainInit.std(), 4), Fmt.sig(w.std(), 4)));
            gainFollows.setVisible(true);
        } else if (layer != gainLayer || !auto) {
            gainFollows.setVisible(false);
        }
        gainLayer = layer;
        gainActivation = act;
        gainInit = w;
    }

    /** The initializer's effect here, from the newest run of this very network. */
    private void showEffect() {
        String text = ctx.session.initEffect(ctx.session.selected());
        effect.setText(text);
        effect.setVisible(!text.isEmpty());
    }
}
