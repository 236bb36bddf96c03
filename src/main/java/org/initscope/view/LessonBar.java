package org.initscope.view;

import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.initscope.config.Scenario;
import org.initscope.controller.LessonSession;
import org.initscope.i18n.I18n;
import org.initscope.model.Printable;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The lesson card above the charts: where in the lesson we are, the step's text, what to look at and the
 * question for the class, with back / next. Hidden when no lesson runs.
 */
public final class LessonBar extends VBox {
    /** How the parts a step may highlight are called in the text. */
    private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("depthChart", "the depth chart"),
            Map.entry("histogramGrid", "the histograms"), Map.entry("ridgeline", "the ridgeline"),
            Map.entry("statsTable", "the table"), Map.entry("theoryPanel", "the theory panel"),
            Map.entry("phaseDiagram", "the phase diagram"), Map.entry("jacobianChart", "the Jacobian spectrum"),
            Map.entry("activationChart", "the activation view"), Map.entry("layerTable", "the layer list"),
            Map.entry("inspector", "the inspector"), Map.entry("weightFormula", "the weight formula"),
            Map.entry("scaleSlider", "the scale slider"), Map.entry("lossChart", "the loss curve"),
            Map.entry("outputChart", "the decision map"), Map.entry("layerCurves", "the per-layer curves"),
            Map.entry("timeHistograms", "the histograms over time"),
            Map.entry("compareInit", "A and B side by side"), Map.entry("compareTraining", "the lockstep training"),
            Map.entry("compareLoss", "the two loss curves"),
            Map.entry("compareThroughTime", "the two through-time maps"));

    private final Label lessonTitle = new Label();
    private final Label progress = new Label();
    private final Label stepTitle = new Label();
    private final Label text = new Label();
    private final Label look = new Label();
    private final Label question = new Label();
    /** A lesson file's statements that do not hold (or that they are being checked): for the teacher. */
    private final Label problems = new Label();

    public LessonBar(LessonSession lessons) {
        setId("lessonBar");
        getStyleClass().add("lesson-bar");
        setSpacing(6);
        setPadding(new Insets(10, 14, 12, 14));

        lessonTitle.setId("lessonTitle");
        lessonTitle.getStyleClass().add("lesson-title");
        lessonTitle.setGraphic(new FontIcon("mdmz-school"));
        progress.setId("lessonProgress");
        progress.getStyleClass().add("lesson-progress");
        var back = new Button("Back", new FontIcon("mdal-arrow_back"));
        back.setId("lessonBack");
        back.disableProperty().bind(lessons.hasPreviousProperty().not());
        back.setOnAction(e -> lessons.previous());
        var next = new Button("Next", new FontIcon("mdal-arrow_forward"));
        next.setId("lessonNext");
        next.setDefaultButton(false);
        next.disableProperty().bind(lessons.hasNextProperty().not());
        next.setOnAction(e -> lessons.next());
        var close = new Button(null, new FontIcon("mdal-close"));
        close.setId("lessonClose");
        close.getStyleClass().add("icon-button");
        close.setOnAction(e -> lessons.stop());
        HBox.setHgrow(spacer, Priority.ALWAYS);
        progress.setMinWidth(Region.USE_PREF_SIZE);
        for (Button b : List.of(back, next, close)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        nav = new HBox(10, progress, spacer, back, next, close);
        nav.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(nav, Priority.ALWAYS);
        lessonTitle.setWrapText(true);
        lessonTitle.setMinWidth(0);
        top = new HBox(10, lessonTitle, nav);
        top.setAlignment(Pos.CENTER_LEFT);
        stepTitle.setWrapText(true);

        stepTitle.setId("lessonStepTitle");
        stepTitle.getStyleClass().add("lesson-step-title");
        text.setId("lessonText");
        text.setWrapText(true);
        text.getStyleClass().add("lesson-text");
        look.setId("lessonLook");
        look.getStyleClass().add("lesson-look-hint");
        look.setGraphic(new FontIcon("mdal-center_focus_strong"));
        look.setWrapText(true);
        question.setId("lessonQuestion");
        question.getStyleClass().add("lesson-question");
        question.setGraphic(new FontIcon("mdal-help_outline"));
        question.setWrapText(true);
        question.managedProperty().bind(question.visibleProperty());
        problems.setId("lessonProblems");
        problems.getStyleClass().add("refused");
        problems.setGraphic(new FontIcon("mdal-error_outline"));
        problems.setWrapText(true);
        problems.managedProperty().bind(problems.visibleProperty());
        Runnable showProblems = () -> {
            var list = lessons.problemsProperty().get();
            boolean busy = lessons.checkingProperty().get();
            problems.setVisible(busy || !list.isEmpty());
            problems.getStyleClass().setAll(busy ? List.of("label", "text-muted") : List.of("label", "refused"));
            problems.setText(busy ? I18n.t("Checking the lesson's statements against its networks…")
                    : list.isEmpty() ? "" : I18n.f(list.size() == 1 ? "%d statement of this lesson does not hold for "
                            + "its networks:" : "%d statements of this lesson do not hold for its networks:",
                            list.size()) + "\n• " + String.join("\n• ", list));
        };
        lessons.problemsProperty().addListener((o, a, b) -> showProblems.run());
        lessons.checkingProperty().addListener((o, a, b) -> showProblems.run());
        showProblems.run();
        look.managedProperty().bind(look.visibleProperty());
        for (Label l : List.of(lessonTitle, stepTitle, text, look, question, problems)) {
            // wrapped labels in a VBox otherwise keep one line's height and cut the text with "…"
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.setMaxWidth(Double.MAX_VALUE);
        }
        getChildren().addAll(top, problems, stepTitle, text, look, question);

        managedProperty().bind(visibleProperty());
        lessons.stepProperty().addListener((o, a, b) -> show(lessons));
        show(lessons);
    }

    private final HBox nav;
    private final HBox top;
    private final HBox columnButtons = new HBox(10);
    private final Region spacer = new Region();
    private boolean column;

    /**
     * In a column beside the charts (presentation mode): the lesson's title on a line of its own above the step
     * counter and the buttons; otherwise all on one line across the window.
     */
    public void setColumn(boolean on) {
        if (on == column) {
            return;
        }
        column = on;
        // in a column: the title, then the step counter, then the buttons, each on its own line
        if (on) {
            var buttons = nav.getChildren().subList(2, nav.getChildren().size());
            getChildren().remove(top);
            top.getChildren().clear();
            columnButtons.getChildren().setAll(List.copyOf(buttons));
            nav.getChildren().setAll(progress);
            getChildren().addAll(0, List.of(lessonTitle, nav, columnButtons));
        } else {
            getChildren().removeAll(lessonTitle, nav, columnButtons);
            var moved = List.copyOf(columnButtons.getChildren());
            columnButtons.getChildren().clear();
            nav.getChildren().setAll(progress, spacer);
            nav.getChildren().addAll(moved);
            top.getChildren().setAll(lessonTitle, nav);
            getChildren().add(0, top);
        }
        pseudoClassStateChanged(PseudoClass.getPseudoClass("column"), on);
    }

    private void show(LessonSession lessons) {
        Scenario.Step s = lessons.stepProperty().get();
        Scenario lesson = lessons.lessonProperty().get();
        setVisible(s != null && lesson != null);
        if (s == null || lesson == null) {
            return;
        }
        // a lesson file's own texts stay as written unless the table has them (the built-in ones are all there)
        // a lesson file's texts with their control characters escaped (and within Limits, checked when read)
        lessonTitle.setText(Printable.of(I18n.t(lesson.title())));
        progress.setText(I18n.f("step %d of %d", lessons.indexProperty().get() + 1, lesson.steps().size()));
        stepTitle.setText(Printable.of(I18n.t(s.title())));
        text.setText(Printable.lines(I18n.t(s.text())));
        look.setText(s.look().isEmpty() ? "" : I18n.f("Look at %s.", join(s.look().stream()
                .map(id -> NAMES.containsKey(id) ? I18n.t(NAMES.get(id)) : id).toList())));
        look.setVisible(!s.look().isEmpty());
        question.setText(s.question().isEmpty() ? "" : I18n.f("Ask the class: %s",
                Printable.of(I18n.t(s.question()))));
        question.setVisible(!s.question().isEmpty());
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(I18n.t(", "), parts.subList(0, parts.size() - 1)) + I18n.t(" and ")
                + parts.get(parts.size() - 1);
    }

    /** The teacher's warning about statements that do not hold ("" when none). */
    public String problemsText() {
        return problems.isVisible() ? problems.getText() : "";
    }

    /** The card's texts as shown: lesson, progress, step title, text, what to look at, question. */
    public String[] texts() {
        return new String[] {lessonTitle.getText(), progress.getText(), stepTitle.getText(), text.getText(),
            look.isVisible() ? look.getText() : "", question.isVisible() ? question.getText() : ""};
    }

    public String shownText() {
        return isVisible() ? stepTitle.getText() + "\n" + text.getText() + "\n" + question.getText() : "";
    }
}
