package org.initscope.view;

import java.util.Optional;
import java.util.function.DoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.initscope.i18n.I18n;
import org.initscope.model.Fmt;

/**
 * A text field for one number, applied as a desktop app does: on Enter or when the field loses focus (Tab, a
 * click elsewhere), never on every keystroke (typing 100000 must not build a 10000-unit layer on the way); Esc
 * puts back the value that is applied. A value that cannot be used is flagged at the field (red border, ControlsFX
 * decoration) with the reason beside it ({@link #withReason()}) and in the tooltip, and is not applied: the network
 * keeps its last valid value.
 */
public final class NumberField extends TextField {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    /** Applies a parsed value; returns the reason it was refused, if it was. */
    public interface Apply extends DoubleFunction<Optional<String>> {
    }

    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final Tooltip help;
    private final Label reason = new Label();
    /** The text of the value last shown or applied: leaving the field with it unchanged applies nothing. */
    private String settled = "";
    private Apply apply = v -> Optional.empty();
    private boolean updating;

    public NumberField(ValidationSupport validation, String helpText) {
        getStyleClass().add("number-field");
        help = new Tooltip(helpText);
        setTooltip(help);
        setPrefColumnCount(8);
        validation.registerValidator(this, false, (c, v) -> ValidationResult.fromMessageIf(this, error.get(),
                Severity.ERROR, !error.get().isEmpty()));
        reason.getStyleClass().add("field-reason");
        reason.setWrapText(true);
        reason.setMinWidth(0);
        reason.setPrefWidth(190);
        reason.setMinHeight(Region.USE_PREF_SIZE);
        reason.visibleProperty().bind(error.isNotEmpty());
        reason.managedProperty().bind(reason.visibleProperty());
        reason.textProperty().bind(Bindings.createStringBinding(() -> I18n.t(error.get()), error));
        setOnAction(e -> commit(validation));
        focusedProperty().addListener((o, was, now) -> {
            if (!now && !getText().equals(settled)) {
                commit(validation);
            }
        });
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && (!getText().equals(settled) || isInvalid())) {
                // back to the value that is applied
                updating = true;
                try {
                    setText(settled);
                    setError("");
                    validation.revalidate(this);
                } finally {
                    updating = false;
                }
                selectAll();
                e.consume();
            }
        });
    }

    /** The field with the reason a value was refused shown under it (nothing while the value is fine). */
    public VBox withReason() {
        var box = new VBox(2, this, reason);
        box.setFillWidth(true);
        box.visibleProperty().bind(visibleProperty());
        box.managedProperty().bind(visibleProperty());
        return box;
    }

    /** The reason shown beside the field (empty while its value is applied). */
    public Label reasonLabel() {
        return reason;
    }

    public void setApply(Apply apply) {
        this.apply = apply;
    }

    /** Show a value from the model (not an edit). */
    public void show(double value) {
        updating = true;
        try {
            if (!isFocused() || !error.get().isEmpty() || parse(getText()) != value) {
                // the same text again would still replace the field's content and lay it out anew: the network panel
                // shows its seven fields after every step of a slider drag
                String text = Fmt.num(value);
                if (!text.equals(getText())) {
                    setText(text);
                }
            }
            settled = getText();
            if (!error.get().isEmpty()) {
                setError("");
            }
        } finally {
            updating = false;
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim().replace('−', '-'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void commit(ValidationSupport validation) {
        String t = getText().trim();
        double v = parse(t);
        if (t.isEmpty() || Double.isNaN(v)) {
            setError("not a number: \"" + t + "\"");
        } else if (Double.isInfinite(v)) {
            setError("must be finite");
        } else {
            setError(apply.apply(v).orElse(""));
            if (error.get().isEmpty()) {
                settled = getText();
            }
        }
        validation.revalidate(this);
    }

    private void setError(String e) {
        error.set(e);
        pseudoClassStateChanged(INVALID, !e.isEmpty());
        help.setText(e.isEmpty() ? help.getText().replaceFirst("^⚠ .*\\n", "") : "⚠ " + e + "\n"
                + help.getText().replaceFirst("^⚠ .*\\n", ""));
    }

    /** Why the current text is refused; empty when it is applied. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean isInvalid() {
        return !error.get().isEmpty();
    }
}
