package org.initscope.view;

import java.util.Optional;
import java.util.function.DoubleFunction;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.initscope.model.Fmt;

/**
 * A text field for one number that applies every valid value as it is typed and flags an invalid one at the
 * field (ControlsFX decoration, red border, the reason as tooltip) without applying it: the network keeps its
 * last valid value.
 */
public final class NumberField extends TextField {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    /** Applies a parsed value; returns the reason it was refused, if it was. */
    public interface Apply extends DoubleFunction<Optional<String>> {
    }

    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final Tooltip help;
    private Apply apply = v -> Optional.empty();
    private boolean updating;

    public NumberField(ValidationSupport validation, String helpText) {
        getStyleClass().add("number-field");
        help = new Tooltip(helpText);
        setTooltip(help);
        setPrefColumnCount(8);
        validation.registerValidator(this, false, (c, v) -> ValidationResult.fromMessageIf(this, error.get(),
                Severity.ERROR, !error.get().isEmpty()));
        textProperty().addListener((o, a, b) -> {
            if (!updating) {
                commit(validation);
            }
        });
    }

    public void setApply(Apply apply) {
        this.apply = apply;
    }

    /** Show a value from the model (not an edit). */
    public void show(double value) {
        updating = true;
        try {
            if (!isFocused() || !error.get().isEmpty() || parse(getText()) != value) {
                setText(Fmt.num(value));
            }
            setError("");
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
