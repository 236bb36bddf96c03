package org.initscope.view.inspector;

import static org.initscope.view.Forms.section;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.train.Trainer;
import org.initscope.i18n.I18n;
import org.initscope.model.InitSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.WeightedSpec;
import org.initscope.view.Forms;

/**
 * Everything about the selected layer, the way Scene Builder's inspector is made: a title and the layer's shapes
 * and fans; the section of its type ({@link LayerSection}: width, activation, geometry, residual, pooling, eps,
 * recurrent options) and what the layer does; then, where the layer has parameters, one {@link InitEditor} for the
 * weights (weight_ih or weight_hh of a recurrent layer) with what the initializer does here ({@link WeightNotes}),
 * the scale slider and one {@link InitEditor} for the bias. Invalid values are flagged and never applied; a refused
 * edit says why under the title.
 */
public final class InspectorPanel extends VBox {
    private final NetworkSession session;
    private final InspectorContext ctx;
    private final List<LayerSection> sections;
    private final Label title = new Label();
    private final Label fans = new Label();
    private final Label refused = new Label();
    /** In the Train tab: the selected layer as it is trained (its input width comes from the data). */
    private final Label trainedAs = new Label();
    private List<Trainer.TrainedLayer> trained;
    private final VBox sectionBox = new VBox();
    private final Label about = new Label();
    private final VBox weightsBox = new VBox(8);
    private final Label weightsTitle = section("Weights");
    private final VBox weightOptions = new VBox();
    private final InitEditor weights;
    private final WeightNotes notes;
    private final ScaleControl scale;
    private final VBox biasBox = new VBox(8);
    private final InitEditor bias;
    private LayerSection shown;
    private int shownLayer = -1;

    public InspectorPanel(NetworkSession session) {
        this.session = session;
        ctx = new InspectorContext(session, this::report, this::refresh);
        // one section per layer type: a new layer type adds its section here
        sections = List.of(new DenseSection(ctx), new Conv2dSection(ctx), new MaxPool2dSection(ctx),
                new FlattenSection(), new NormSection(ctx), new RecurrentSection(ctx));
        setId("inspector");
        getStyleClass().add("inspector");
        setSpacing(8);
        setPadding(new Insets(12));

        title.getStyleClass().add("title-3");
        title.setId("inspectorTitle");
        // presenting (larger type, a narrow pane): "Layer 1 of 10 · dense" wraps rather than ending in "..."
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        fans.getStyleClass().add("text-muted");
        fans.setWrapText(true);
        refused.setId("inspectorError");
        refused.getStyleClass().add("refused");
        refused.setWrapText(true);
        refused.managedProperty().bind(refused.visibleProperty());
        refused.setVisible(false);
        trainedAs.setId("trainedAs");
        trainedAs.setWrapText(true);
        trainedAs.getStyleClass().add("gain-follows");
        trainedAs.managedProperty().bind(trainedAs.visibleProperty());
        trainedAs.setVisible(false);
        about.setId("layerAbout");
        about.setWrapText(true);
        about.getStyleClass().add("explanation");
        about.managedProperty().bind(about.visibleProperty());

        weights = InitEditor.weights(ctx);
        notes = new WeightNotes(ctx);
        scale = new ScaleControl(ctx);
        bias = InitEditor.bias(ctx);
        Button initAll = Forms.button("Use on all layers", "mdal-content_copy", "give every layer this weight "
                + "initializer and scale");
        initAll.setId("applyInitAll");
        initAll.setOnAction(e -> report(session.applyInitToAll()));
        Button biasAll = Forms.button("Use on all layers", "mdal-content_copy", "give every layer this bias "
                + "initializer");
        biasAll.setId("applyBiasAll");
        biasAll.setOnAction(e -> report(session.applyBiasToAll()));
        for (Button b : List.of(initAll, biasAll)) {
            b.disableProperty().bind(session.lockedProperty());
            // long names wrap onto a second line in a narrow pane (or in Chinese) instead of ending in "..."
            b.setWrapText(true);
        }
        weightOptions.managedProperty().bind(weightOptions.visibleProperty());
        weightsBox.getChildren().addAll(new Separator(), weightsTitle, weightOptions, weights, notes, initAll);
        biasBox.getChildren().addAll(new Separator(), section("Bias"), bias, biasAll);
        for (VBox b : List.of(weightsBox, scale, biasBox)) {
            b.managedProperty().bind(b.visibleProperty());
        }
        getChildren().addAll(title, fans, trainedAs, refused, sectionBox, about, weightsBox, scale, biasBox);

        session.specProperty().addListener((o, a, b) -> refresh());
        session.selectedProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    private void report(Optional<String> outcome) {
        refused.setText(outcome.map(m -> I18n.f("Not applied: %s", m)).orElse(""));
        refused.setVisible(outcome.isPresent());
    }

    /** Show the selected layer (after a selection change or any edit). */
    public void refresh() {
        ctx.updating = true;
        try {
            int i = session.selected();
            LayerSpec layer = session.layerSpec(i);
            ResolvedLayer resolved = session.resolved().layers().get(i);
            if (i != shownLayer) {
                report(Optional.empty());
            }
            shownLayer = i;
            title.setText(I18n.f("Layer %d of %d · %s", i + 1, session.depth(), layer.type()));
            LayerSection s = sections.stream().filter(x -> x.type().isInstance(layer)).findFirst().orElseThrow();
            if (s != shown) {
                sectionBox.getChildren().setAll(s.fields());
                weightOptions.getChildren().setAll(Optional.ofNullable(s.weightOptions()).stream().toList());
                weightOptions.setVisible(s.weightOptions() != null);
                shown = s;
            }
            fans.setText(s.show(layer, resolved));
            String text = s.about(layer, resolved);
            about.setText(text);
            about.setVisible(!text.isEmpty());
            showTrained();
            Optional<LayerProperty<InitSpec>> w = s.weights(layer);
            Optional<LayerProperty<InitSpec>> b = s.bias(layer);
            weightsBox.setVisible(w.isPresent());
            biasBox.setVisible(b.isPresent());
            scale.setVisible(layer instanceof WeightedSpec);
            w.ifPresentOrElse(t -> {
                weightsTitle.setText(t.name().equals("weight") ? I18n.t("Weights") : I18n.f("Weights (%s)",
                        t.name()));
                weights.show(t, i, layer, resolved);
                notes.show(i, resolved, t.name(), t.get(layer));
            }, weights::clear);
            b.ifPresentOrElse(t -> bias.show(t, i, layer, resolved), bias::clear);
            if (layer instanceof WeightedSpec ws) {
                scale.show(ws.scale());
            }
        } finally {
            ctx.updating = false;
        }
    }

    /**
     * The Train tab is shown (the layers it trains) or hidden (null): the inspector then also says how the selected
     * layer is trained — the first layer's fan_in is the data's feature count, not the Explore input's.
     */
    public void setTrained(List<Trainer.TrainedLayer> layers) {
        trained = layers;
        showTrained();
    }

    private void showTrained() {
        int i = session.selected();
        var layers = trained;
        if (layers == null || layers.size() <= session.depth() || !layers.get(session.depth()).added()) {
            trainedAs.setVisible(false);
            return;
        }
        var t = layers.get(i).layer();
        String text = I18n.f("In the Train tab this layer is trained as %s → %s", t.in().label(), t.out().label());
        if (t.weight() != null && t.fans() != null) {
            text += " (" + Sections.fans(t.fans()) + "): " + t.init().scheme().id() + ": " + t.weight().formula();
        }
        if (i == session.depth() - 1) {
            var out = layers.get(layers.size() - 1).layer();
            text += "\n" + I18n.f("After it, the output layer %s → %s: %s", out.in().label(), out.out().label(),
                    out.init().scheme().id() + ": " + out.weight().formula());
        }
        trainedAs.setText(text);
        trainedAs.setVisible(true);
    }
}
