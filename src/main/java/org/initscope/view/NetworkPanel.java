package org.initscope.view;

import static org.initscope.view.Forms.label;
import static org.initscope.view.Forms.section;
import static org.initscope.view.Forms.spacer;
import static org.initscope.view.Forms.whole;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.StringConverter;
import org.controlsfx.validation.ValidationSupport;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.Health;
import org.initscope.engine.LayerResult;
import org.initscope.engine.PropagationResult;
import org.initscope.i18n.I18n;
import org.initscope.model.Conv2dSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.LayerSpec;
import org.initscope.model.Limits;
import org.initscope.model.MaxPool2dSpec;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.WeightedSpec;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The network builder: the input and seed, and the layers as a table (drag a row to reorder it) with buttons to
 * add, insert, duplicate, remove and move layers and a spinner for the depth.
 */
public final class NetworkPanel extends VBox {
    private static final PseudoClass DROP_TARGET = PseudoClass.getPseudoClass("drop-target");

    /** One row of the layer table. */
    public record Row(int index, LayerSpec layer, String shape, Set<Health> health) {
    }

    /** What the input is: vectors, images (C×H×W) or sequences (T steps of features). */
    enum InputKind {
        VECTOR("vector"), IMAGE("image"), SEQUENCE("sequence");

        private final String id;

        InputKind(String id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return id;
        }

        static InputKind of(InputSpec in) {
            return in.channels() > 0 ? IMAGE : in.sequenceLength() > 0 ? SEQUENCE : VECTOR;
        }
    }

    private final NetworkSession session;
    private final ValidationSupport validation = new ValidationSupport();
    private final FitTable<Row> table = new FitTable<>();
    /** The output shape: shown when some layer's output is not simply its units ("dense 500" says 500 already). */
    private final TableColumn<Row, String> outColumn = column("out", 40, Row::shape);
    /** What the coloured dots in the layer table mean: the badges shown now, each with its word and its rule. */
    private final FlowPane legend = new FlowPane(10, 2);
    /** The badges the legend shows (null before the first refresh). */
    private Set<Health> legendShows;
    private final NumberField features;
    private final NumberField batch;
    private final NumberField seed;
    private final NumberField channels;
    private final NumberField height;
    private final NumberField width;
    private final NumberField steps;
    private final ComboBox<InputKind> kind = new ComboBox<>();
    private final Label featuresLabel = label("features");
    private final HBox imageRow;
    private final HBox stepsRow;
    private final ComboBox<InputDistribution> distribution = new ComboBox<>();
    private final Spinner<Integer> depth = new Spinner<>();
    private final Label refused = new Label();
    private boolean updating;
    private int dragFrom = -1;

    public NetworkPanel(NetworkSession session) {
        this.session = session;
        setId("networkPanel");
        getStyleClass().add("network-panel");
        setSpacing(8);
        setPadding(new Insets(12));

        features = new NumberField(validation, I18n.f("width of the input x (features); 1 to %,d",
                Limits.MAX_WIDTH));
        features.setId("featuresField");
        features.setApply(v -> whole(v, 1, Limits.MAX_WIDTH, "features").or(() -> session.edit(s -> s.withInput(
                s.input().withFeatures((int) v)))));
        batch = new NumberField(validation, I18n.f("examples in the probe batch the statistics are measured on "
                + "(training's mini-batch is set in the Train tab); 1 to %,d", Limits.MAX_WIDTH));
        batch.setId("batchField");
        batch.setApply(v -> whole(v, 1, Limits.MAX_WIDTH, "batch").or(() -> session.edit(s -> s.withInput(
                s.input().withBatch((int) v)))));
        seed = new NumberField(validation, "the seed of every random draw: same seed, same numbers");
        seed.setId("seedField");
        seed.setApply(v -> v != Math.rint(v) || Math.abs(v) > 9e15 ? Optional.of("the seed is a whole number")
                : session.edit(s -> s.withSeed((long) v)));
        distribution.setId("distributionCombo");
        distribution.getItems().setAll(InputDistribution.values());
        distribution.setConverter(new StringConverter<>() {
            @Override
            public String toString(InputDistribution d) {
                return d == null ? "" : I18n.t(d.id());
            }

            @Override
            public InputDistribution fromString(String s) {
                return InputDistribution.byId(s).orElse(null);
            }
        });
        distribution.setTooltip(new Tooltip("normal: x ~ N(0, 1); uniform: x ~ U(−√3, √3); both have variance 1"));
        distribution.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                report(session.edit(s -> s.withInput(s.input().withDistribution(b))));
            }
        });
        // icons beside the seed (their names in the tooltips, and in the Layer menu with Ctrl+R, Ctrl+Shift+R): a
        // row of its own would take a table row from a 768-pixel-high screen
        Button newSeed = icon("mdal-casino", "New seed: draw every weight and the input anew (Ctrl+R)", "newSeed");
        newSeed.setAccessibleText("New seed");
        newSeed.setOnAction(e -> session.newSeed());
        Button again = icon("mdmz-replay", "Same seed again: draw everything again with the same seed, the same "
                + "numbers come back (Ctrl+Shift+R)", "sameSeed");
        again.setAccessibleText("Same seed again");
        again.setOnAction(e -> session.sameSeedAgain());

        channels = new NumberField(validation, "image channels C (3 for RGB); 1 to 4096");
        channels.setId("channelsField");
        channels.setApply(v -> whole(v, 1, 4096, "channels").or(() -> session.edit(s -> s.withInput(
                s.input().withImage((int) v, s.input().height(), s.input().width())))));
        height = new NumberField(validation, "image height H; 1 to " + InputSpec.MAX_SIDE);
        height.setId("heightField");
        height.setApply(v -> whole(v, 1, InputSpec.MAX_SIDE, "height").or(() -> session.edit(
                s -> s.withInput(s.input().withImage(s.input().channels(), (int) v, s.input().width())))));
        width = new NumberField(validation, "image width W; 1 to " + InputSpec.MAX_SIDE);
        width.setId("widthField");
        width.setApply(v -> whole(v, 1, InputSpec.MAX_SIDE, "width").or(() -> session.edit(
                s -> s.withInput(s.input().withImage(s.input().channels(), s.input().height(), (int) v)))));
        steps = new NumberField(validation, "time steps T of each sequence (sequence_length); 1 to "
                + InputSpec.MAX_STEPS);
        steps.setId("stepsField");
        steps.setApply(v -> whole(v, 1, InputSpec.MAX_STEPS, "sequence_length").or(
                () -> session.edit(s -> s.withInput(s.input().withSequenceLength((int) v)))));
        kind.setId("inputKindCombo");
        kind.getItems().setAll(InputKind.values());
        // shown in the window's language; the items stay what the code compares
        kind.setConverter(UiText.shownAs(InputKind::toString));
        kind.setTooltip(new Tooltip("vectors (for dense layers), images C×H×W (for conv2d) or sequences of T steps "
                + "(for rnn and lstm)"));
        kind.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null && b != a) {
                report(session.edit(s -> s.withInput(switch (b) {
                    case VECTOR -> new InputSpec(s.input().features(), s.input().batch(),
                            s.input().distribution());
                    case IMAGE -> s.input().withImage(s.input().distribution()
                            == InputDistribution.DIGITS ? 1 : 3, 8, 8);
                    case SEQUENCE -> s.input().withFeatures(Math.min(s.input().features(), 64))
                            .withSequenceLength(20);
                })));
            }
        });
        for (NumberField f : List.of(features, batch, seed, steps)) {
            f.setPrefColumnCount(6);
            // as wide as the others in its column, not stretched to the seed row's width
            f.setMaxWidth(Region.USE_PREF_SIZE);
        }
        for (NumberField f : List.of(channels, height, width)) {
            f.setPrefColumnCount(3);
        }
        imageRow = new HBox(4, channels, new Label("×"), height, new Label("×"), width);
        imageRow.setAlignment(Pos.CENTER_LEFT);
        imageRow.managedProperty().bind(imageRow.visibleProperty());
        stepsRow = new HBox(6, label("steps"), steps.withReason());
        stepsRow.setAlignment(Pos.CENTER_LEFT);
        stepsRow.managedProperty().bind(stepsRow.visibleProperty());
        // one field a row: the side pane is about 300 px wide on a 1366×768 laptop, and a combo squeezed beside
        // another field would show "v…" (its minimum is the text it shows)
        for (var combo : List.of(kind, distribution)) {
            combo.setMinWidth(Region.USE_PREF_SIZE);
        }
        var input = new GridPane();
        input.setHgap(8);
        input.setVgap(6);
        input.addRow(0, label("input"), kind);
        var shapeBox = new HBox(6, features.withReason(), imageRow, stepsRow);
        shapeBox.setAlignment(Pos.CENTER_LEFT);
        input.addRow(1, featuresLabel, shapeBox);
        input.addRow(2, label("values"), distribution);
        input.addRow(3, label("probe batch"), batch.withReason());
        var seedRow = new HBox(4, seed.withReason(), newSeed, again);
        seedRow.setAlignment(Pos.TOP_LEFT);
        input.addRow(4, label("seed"), seedRow);

        table.setId("layerTable");
        // as wide as their texts (the table scrolls sideways in a narrow pane), the initializer takes the rest
        table.setFillLastColumn(true);
        // first widths for an empty table: the columns then grow to what they show
        table.getColumns().add(column("#", 24, r -> Integer.toString(r.index() + 1)));
        TableColumn<Row, Row> health = new TableColumn<>("");
        health.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        health.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Row item, boolean empty) {
                super.updateItem(item, empty);
                setGraphic(empty || item == null ? null : dots(item.health()));
            }
        });
        health.setPrefWidth(24);
        health.setMinWidth(24);
        health.setSortable(false);
        table.getColumns().add(health);
        table.getColumns().add(column("layer", 40, r -> layerText(r.layer())));
        table.getColumns().add(outColumn);
        table.getColumns().add(column("act.", 40, r -> activationText(r.layer())));
        table.getColumns().add(column("initializer", 60, r -> initText(r.layer())));
        table.setRowFactory(t -> dragRow());
        table.setOnMouseReleased(e -> dragFrom = -1);
        table.setPlaceholder(new Label("no layers"));
        VBox.setVgrow(table, Priority.ALWAYS);
        table.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (!updating && b.intValue() >= 0) {
                session.selectedProperty().set(b.intValue());
            }
        });

        Button add = icon("mdal-add", "add a copy of the last layer at the end", "addLayer");
        add.setOnAction(e -> report(session.addLayer()));
        var addType = new MenuButton(null, new FontIcon("mdmz-playlist_add_check"));
        addType.setId("addLayerType");
        addType.getStyleClass().add("icon-button");
        addType.setTooltip(new Tooltip("add a layer of another type at the end: conv2d, maxpool2d, flatten, "
                + "batchnorm, layernorm, rnn, lstm, dense"));
        for (var t : LayerTypes.all()) {
            var item = new MenuItem(t.title());
            item.setId("add-" + t.id());
            item.setOnAction(e -> report(session.addLayer(t.create().apply(session.spec()))));
            addType.getItems().add(item);
        }
        Button insert = icon("mdmz-playlist_add", "insert a copy of the selected layer before it", "insertLayer");
        insert.setOnAction(e -> report(session.insertLayer()));
        Button dup = icon("mdal-content_copy", "duplicate the selected layer", "duplicateLayer");
        dup.setOnAction(e -> report(session.duplicateLayer()));
        Button remove = icon("mdal-delete", "remove the selected layer", "removeLayer");
        remove.setOnAction(e -> report(session.removeLayer()));
        Button up = icon("mdal-arrow_upward", "move the selected layer up", "moveUp");
        up.setOnAction(e -> report(session.moveLayer(session.selected(), session.selected() - 1)));
        Button down = icon("mdal-arrow_downward", "move the selected layer down", "moveDown");
        down.setOnAction(e -> report(session.moveLayer(session.selected(), session.selected() + 1)));

        depth.setId("depthSpinner");
        depth.setEditable(true);
        depth.setPrefWidth(86);
        depth.setMinWidth(80);
        depth.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, Limits.MAX_DEPTH,
                session.depth()));
        depth.setTooltip(new Tooltip("number of layers: more repeats the last layer, fewer drops from the end"));
        depth.valueProperty().addListener((o, a, b) -> {
            if (!updating && b != null) {
                report(session.setDepth(b));
            }
        });
        // an arrow held down is one undo step (the spinner repeats while the mouse is pressed)
        depth.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> session.history().beginGesture());
        depth.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> session.history().endGesture());
        var buttons = new HBox(4, add, addType, insert, dup, remove, up, down);
        buttons.setAlignment(Pos.CENTER_LEFT);

        refused.setId("networkError");
        refused.getStyleClass().add("refused");
        refused.setWrapText(true);
        refused.managedProperty().bind(refused.visibleProperty());
        refused.setVisible(false);

        // locked for a presentation: the table still selects layers, nothing edits them
        for (Node n : List.of(input, buttons)) {
            n.disableProperty().bind(session.lockedProperty());
        }
        var title = new Label("Network");
        title.getStyleClass().add("title-3");
        var depthRow = new HBox(6, label("depth"), depth);
        depthRow.setAlignment(Pos.CENTER_LEFT);
        depthRow.disableProperty().bind(session.lockedProperty());
        var layersHead = new HBox(8, section("Layers"), spacer(), depthRow);
        layersHead.setAlignment(Pos.CENTER_LEFT);
        legend.setId("badgeLegend");
        legend.getStyleClass().add("badge-legend");
        legend.managedProperty().bind(legend.visibleProperty());
        var scaling = new ParameterizationControls(session, validation, this::report);
        getChildren().addAll(title, input, scaling, refused, new Separator(), layersHead, buttons, table, legend);

        session.specProperty().addListener((o, a, b) -> refresh());
        session.selectedProperty().addListener((o, a, b) -> refresh());
        session.resultProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    private static Button icon(String icon, String tip, String id) {
        var b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add("icon-button");
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static HBox dots(Set<Health> health) {
        var box = new HBox(3);
        box.setAlignment(Pos.CENTER_LEFT);
        for (Health h : health) {
            var dot = new Circle(5, Palette.of(h));
            Tooltip.install(dot, new Tooltip(I18n.t(h.label()) + ": " + I18n.t(h.description())));
            box.getChildren().add(dot);
        }
        return box;
    }

    private static TableColumn<Row, String> column(String title, double width,
            Function<Row, String> f) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    /**
     * Rows can be dragged onto another row to move the layer there: a JavaFX press-drag-release gesture (no
     * platform drag and drop, so it needs no clipboard and works the same everywhere).
     */
    private TableRow<Row> dragRow() {
        TableRow<Row> row = new TableRow<>();
        row.setOnDragDetected(e -> {
            if (!row.isEmpty()) {
                dragFrom = row.getIndex();
                row.startFullDrag();
                e.consume();
            }
        });
        row.setOnMouseDragEntered(e -> row.pseudoClassStateChanged(DROP_TARGET, dragFrom >= 0 && !row.isEmpty()));
        row.setOnMouseDragExited(e -> row.pseudoClassStateChanged(DROP_TARGET, false));
        row.setOnMouseDragReleased(e -> {
            row.pseudoClassStateChanged(DROP_TARGET, false);
            if (dragFrom >= 0) {
                int to = row.isEmpty() ? table.getItems().size() - 1 : row.getIndex();
                int from = dragFrom;
                dragFrom = -1;
                report(session.moveLayer(from, to));
                e.consume();
            }
        });
        return row;
    }

    private void report(Optional<String> outcome) {
        refused.setText(outcome.map(m -> "Not applied: " + m).orElse(""));
        refused.setVisible(outcome.isPresent());
    }

    private void refresh() {
        updating = true;
        try {
            var spec = session.spec();
            PropagationResult r = session.result();
            List<LayerSpec> layers = spec.layers();
            List<ResolvedLayer> resolved = resolvedLayers();
            var rows = FXCollections.<Row>observableArrayList();
            for (int i = 0; i < layers.size(); i++) {
                Set<Health> h = Set.of();
                if (r != null && r.layers().size() == layers.size()) {
                    LayerResult lr = r.layers().get(i);
                    h = Health.of(lr);
                }
                rows.add(new Row(i, layers.get(i), i < resolved.size() ? resolved.get(i).out().label() : "?", h));
            }
            var items = table.getItems();
            if (rows.size() != items.size()) {
                items.setAll(rows);
            } else {
                // only the rows that changed (a slider step changes one layer's row): replacing them all made the table
                // rebuild and restyle every cell after each step of a drag
                for (int i = 0; i < rows.size(); i++) {
                    if (!rows.get(i).equals(items.get(i))) {
                        items.set(i, rows.get(i));
                    }
                }
            }
            outColumn.setVisible(rows.stream().anyMatch(row -> !(row.layer() instanceof DenseSpec d)
                    || !row.shape().equals(Integer.toString(d.units()))));
            var present = EnumSet.noneOf(Health.class);
            rows.forEach(row -> present.addAll(row.health()));
            if (!present.equals(legendShows)) {
                // new labels only when the badges change: new nodes are styled and laid out anew
                legendShows = present;
                legend.getChildren().setAll(present.stream().map(h -> {
                    var l = new Label(I18n.t(h.label()), new Circle(5, Palette.of(h)));
                    l.setTooltip(new Tooltip(I18n.t(h.description())));
                    l.getStyleClass().add("text-muted");
                    return l;
                }).toList());
            }
            legend.setVisible(!present.isEmpty());
            int sel = session.selected();
            if (table.getSelectionModel().getSelectedIndex() != sel) {
                table.getSelectionModel().select(sel);
                table.scrollTo(Math.max(0, sel - 3));
            }
            InputKind k = InputKind.of(spec.input());
            kind.setValue(k);
            features.setVisible(k != InputKind.IMAGE);
            imageRow.setVisible(k == InputKind.IMAGE);
            stepsRow.setVisible(k == InputKind.SEQUENCE);
            featuresLabel.setText(k == InputKind.IMAGE ? "C×H×W" : "features");
            features.show(spec.input().features());
            channels.show(Math.max(1, spec.input().channels()));
            height.show(Math.max(1, spec.input().height()));
            width.show(Math.max(1, spec.input().width()));
            steps.show(Math.max(1, spec.input().sequenceLength()));
            batch.show(spec.input().batch());
            seed.show(spec.seed());
            distribution.setValue(spec.input().distribution());
            depth.getValueFactory().setValue(layers.size());
        } finally {
            updating = false;
        }
    }

    private List<ResolvedLayer> resolvedLayers() {
        try {
            return session.resolved().layers();
        } catch (RuntimeException e) {
            // a network that does not resolve is never the session's; the table then shows no fans
            return List.of();
        }
    }

    /** Short enough for the table: "dense 500", "conv 16·3×3", "pool 2×2", "lstm 64". */
    private static String layerText(LayerSpec l) {
        if (l instanceof DenseSpec d) {
            if (!d.isResidual()) {
                return "dense " + d.units();
            }
            int m = d.residual().branch();
            return "dense " + d.units() + " + x" + (m == 1 ? "" : I18n.f(", %d layers", m));
        }
        if (l instanceof Conv2dSpec c) {
            return "conv " + c.outChannels() + "·" + c.kernelH() + "×" + c.kernelW() + (c.strideH() > 1 ? "/"
                    + c.strideH() : "");
        }
        if (l instanceof MaxPool2dSpec m) {
            return "pool " + m.kernel() + "×" + m.kernel();
        }
        return l.label();
    }

    private static String activationText(LayerSpec l) {
        if (l instanceof WeightedSpec w) {
            return w.activation().label();
        }
        if (l instanceof RecurrentSpec r) {
            return r.cell() == RecurrentSpec.Cell.LSTM ? "gates" : r.nonlinearity().label();
        }
        return "—";
    }

    private static String initText(LayerSpec l) {
        if (l instanceof WeightedSpec w) {
            return w.init().label() + (w.scale() == 1 ? "" : " ×" + Fmt.sig(w.scale(), 3));
        }
        if (l instanceof RecurrentSpec r) {
            return "hh " + r.weightHh().label() + (r.forgetBias() != null ? ", b_f " + Fmt.sig(r.forgetBias(), 3)
                    : "");
        }
        if (l instanceof NormSpec) {
            return "γ = 1, β = 0";
        }
        return "no parameters";
    }

    public TableView<Row> table() {
        return table;
    }
}
