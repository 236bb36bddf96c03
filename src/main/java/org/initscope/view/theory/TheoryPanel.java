package org.initscope.view.theory;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.initscope.controller.NetworkSession;
import org.initscope.engine.MeanField;
import org.initscope.engine.PropagationResult;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;
import org.initscope.view.FitTable;
import org.initscope.view.Forms;

/** The diagnosis of the current network in words, and the mean-field numbers of every layer. */
public final class TheoryPanel extends VBox {
    private final VBox diagnosis = new VBox(4);
    /** Its columns as wide as their numbers and headers (it scrolls sideways rather than show "0...."). */
    private final FitTable<MeanField.LayerTheory> table = new FitTable<>();
    /** What the table's symbols mean (q* = 0, ∞, —, …), for those it shows. */
    private final VBox notes = new VBox(2);
    private final NetworkSession session;
    private PropagationResult shown;

    /** The theory of {@code session}'s network: it computes, this panel shows. */
    public TheoryPanel(NetworkSession session) {
        this.session = session;
        setId("theoryPanel");
        setSpacing(8);
        setPadding(new Insets(10));
        diagnosis.setId("diagnosis");
        var head = Forms.section("Diagnosis");
        var mf = wrapped(Forms.section("Mean field per layer (σ_w² = fan_in·E[W²], σ_b² = Var[b]; χ₁ = "
                + "σ_w²·E[φ'(z)²], the factor per layer of the gradients' variance: < 1 ordered, > 1 chaotic)"));
        table.setId("meanFieldTable");
        table.getColumns().add(col("layer", 50, t -> Integer.toString(t.layer().index())));
        table.getColumns().add(col("activation", 100, t -> t.layer().activation().label()));
        table.getColumns().add(col("σ_w²", 70, t -> Fmt.compact(t.sigmaW2())));
        table.getColumns().add(col("σ_b²", 70, t -> Fmt.compact(t.sigmaB2())));
        table.getColumns().add(col("q = Var[z]", 86, t -> Fmt.compact(t.q())));
        table.getColumns().add(col("χ₁ at q", 70, t -> Fmt.compact(t.chi1())));
        table.getColumns().add(col("fixed point q*", 100, t -> !t.applies() ? "–"
                : t.kind() == MeanField.FixedPoint.EVERY_Q ? "q" : Fmt.orSymbol(t.qStar(), Fmt::compact)));
        table.getColumns().add(col("χ₁ at q*", 76, t -> t.applies() ? Fmt.orSymbol(t.chi1Star(), Fmt::compact)
                : "–"));
        table.getColumns().add(col("phase", 80, t -> t.applies() ? I18n.t(t.phase().name().toLowerCase(Locale.ROOT)) : "–"));
        table.getColumns().add(col("depth scale ξ_q", 110, t -> t.applies() ? Fmt.orSymbol(t.scales().xiQ(),
                Fmt::compact) : "–"));
        table.getColumns().add(col("ξ_c", 64, t -> t.applies() ? Fmt.orSymbol(t.scales().xiC(), Fmt::compact) : "–"));
        table.setPlaceholder(new Label("computing…"));
        VBox.setVgrow(table, Priority.ALWAYS);
        // a header and a few rows at least: below that the panel scrolls (its texts keep their full height too)
        table.setMinHeight(150);
        notes.setId("meanFieldNotes");
        getChildren().addAll(head, diagnosis, mf, table, notes);
    }

    /**
     * A text that wraps and keeps the height of all its lines: when the panel is short (presentation mode, a small
     * screen) it scrolls instead of cutting a sentence to "…".
     */
    private static Label wrapped(Label l) {
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static TableColumn<MeanField.LayerTheory, String> col(String title, double w,
            Function<MeanField.LayerTheory, String> f) {
        TableColumn<MeanField.LayerTheory, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(w);
        c.setSortable(false);
        return c;
    }

    /** Show the session's result: the diagnosis at once, the mean-field table when its integrals are done. */
    public void show(PropagationResult r) {
        shown = r;
        diagnosis.getChildren().clear();
        if (r == null) {
            return;
        }
        for (String line : session.diagnosis()) {
            var l = wrapped(new Label("• " + line));
            l.getStyleClass().add("diagnosis-line");
            diagnosis.getChildren().add(l);
        }
        session.theory().meanField(r, t -> {
            if (shown == t.result()) {
                table.setItems(FXCollections.observableArrayList(t.rows()));
                notes.getChildren().setAll(t.notes().stream().map(n -> {
                    var l = wrapped(new Label(I18n.t(n)));
                    l.getStyleClass().add("diagnosis-line");
                    return l;
                }).toList());
            }
        });
    }

    /** The notes under the mean-field table, as shown. */
    public List<String> noteLines() {
        return notes.getChildren().stream().map(n -> ((Label) n).getText()).toList();
    }

    public List<String> diagnosisLines() {
        return diagnosis.getChildren().stream().map(n -> ((Label) n).getText()).toList();
    }
}
