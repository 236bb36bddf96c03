package org.initscope.view;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.initscope.i18n.I18n;

/**
 * Help windows: every keyboard shortcut (read from the menus themselves, so the list cannot go stale, plus the
 * few that live outside them), and the formulas and references behind the numbers.
 */
public final class HelpDialog {
    /** One shortcut: the keys and what they do. */
    public record Shortcut(String keys, String action) {
    }

    private static final List<Shortcut> OUTSIDE_MENUS = List.of(
            new Shortcut("Enter", "apply the number typed in a field (Tab or leaving the field does too)"),
            new Shortcut("Esc", "in a field: put back the value that is applied"),
            new Shortcut("Drag a layer row", "move the layer to where it is dropped"),
            new Shortcut("Double-click the scale slider", "reset the scale to ×1"),
            new Shortcut("Drop a .json file on the window", "open it as the network"),
            new Shortcut("Hover a chart", "read the exact values under the pointer"));

    private HelpDialog() {
    }

    /** Every menu item with an accelerator, as "Menu ▸ Item", then the ones outside the menus. */
    public static List<Shortcut> shortcuts(MenuBar bar) {
        var out = new ArrayList<Shortcut>();
        for (Menu m : bar.getMenus()) {
            collect(m.getText(), m.getItems(), out);
        }
        out.addAll(OUTSIDE_MENUS);
        return out;
    }

    private static void collect(String path, List<MenuItem> items, List<Shortcut> out) {
        for (MenuItem i : items) {
            if (i instanceof Menu sub) {
                collect(path + " ▸ " + sub.getText(), sub.getItems(), out);
            } else if (i.getAccelerator() != null) {
                out.add(new Shortcut(i.getAccelerator().getDisplayText(), path + " ▸ " + i.getText()));
            }
        }
    }

    public static Stage shortcuts(Node owner, MenuBar bar) {
        var table = new TableView<Shortcut>();
        table.setId("shortcutsTable");
        var keys = new TableColumn<Shortcut, String>("Keys");
        keys.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().keys()));
        keys.setPrefWidth(210);
        var action = new TableColumn<Shortcut, String>("Action");
        action.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().action()));
        action.setPrefWidth(430);
        table.getColumns().add(keys);
        table.getColumns().add(action);
        table.getItems().setAll(shortcuts(bar));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return show(owner, "Keyboard shortcuts", table, 680, 560);
    }

    public static Stage formulas(Node owner) {
        var box = new VBox(10);
        box.setPadding(new Insets(16));
        box.setId("formulasText");
        for (String[] section : FORMULAS) {
            var head = new Label(section[0]);
            head.getStyleClass().add("section-title");
            var body = new Label(section[1]);
            body.setWrapText(true);
            body.getStyleClass().add("formula");
            body.setMaxWidth(Double.MAX_VALUE);
            box.getChildren().addAll(head, body);
        }
        var scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return show(owner, "Formulas and references", scroll, 760, 680);
    }

    /**
     * A help window: the content above a Close button; Esc closes it too. Never larger than 90 % of the screen it
     * opens on (a 1024×768 projector, a 200 % laptop).
     */
    private static Stage show(Node owner, String title, Parent content, double w, double h) {
        var stage = new Stage();
        stage.setTitle(I18n.t(title) + " — InitScope");
        Window win = owner.getScene() == null ? null : owner.getScene().getWindow();
        if (win != null) {
            stage.initOwner(win);
        }
        stage.initModality(Modality.NONE);
        var close = new Button(I18n.t("Close"));
        close.setId("helpClose");
        close.setCancelButton(true);
        close.setDefaultButton(true);
        close.setOnAction(e -> stage.close());
        var buttons = new HBox(close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(8, 12, 10, 12));
        var root = new BorderPane(content);
        root.setBottom(buttons);
        var screen = win == null ? Screen.getPrimary() : Screen.getScreensForRectangle(
                win.getX(), win.getY(), Math.max(1, win.getWidth()), Math.max(1, win.getHeight())).stream().findFirst()
                .orElse(Screen.getPrimary());
        var v = screen.getVisualBounds();
        var scene = new Scene(root, Math.min(w, v.getWidth() * 0.9), Math.min(h, v.getHeight() * 0.9));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
                e.consume();
            }
        });
        if (owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            if (owner.getScene().getRoot().getStyleClass().contains("dark")) {
                root.getStyleClass().add("dark");
            }
        }
        UiText.translate(root);
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    private static final String[][] FORMULAS = {
        {"Fans (torch.nn.init._calculate_fan_in_and_fan_out)",
            "dense W (out, in): fan_in = in, fan_out = out.\n"
                    + "conv2d W (C_out, C_in/groups, kH, kW): fan_in = C_in/groups·kH·kW, fan_out = C_out·kH·kW.\n"
                    + "rnn/lstm weight_ih (G·H, F), weight_hh (G·H, H); per gate: one (H, F) or (H, H) block."},
        {"Gains (torch.nn.init.calculate_gain)",
            "linear, sigmoid, conv: 1 · tanh: 5/3 · relu: √2 · leaky_relu: √(2/(1 + slope²)) · selu: 3/4.\n"
                    + "elu, gelu, silu, softplus (not in PyTorch): 1/√E[φ(z)²], z ~ N(0, 1), labelled as ours."},
        {"Initializers",
            "xavier_uniform: U(±gain·√(6/(fan_in + fan_out)))  ·  xavier_normal: N(0, gain²·2/(fan_in + fan_out))\n"
                    + "kaiming_uniform: U(±gain·√(3/fan))  ·  kaiming_normal: N(0, gain²/fan), fan = fan_in or fan_out\n"
                    + "nn.Linear/nn.Conv2d default: kaiming_uniform(a = √5) = U(±1/√fan_in), bias U(±1/√fan_in)\n"
                    + "nn.RNN/nn.LSTM default: every parameter U(±1/√hidden_size)\n"
                    + "lecun_normal, glorot_normal, he_normal (Keras): truncated at ±2σ, stddev √s/0.8796, s = 1/fan_in, "
                    + "2/(fan_in + fan_out), 2/fan_in\n"
                    + "orthogonal: gain·Q from QR of a Gaussian matrix · dirac: identity kernel at the centre"},
        {"Signal propagation (variance recursion)",
            "forward: Var[z_l] = fan_in·E[W²]·E[a_{l−1}²] + Var[b]   (Glorot & Bengio 2010; He et al. 2015)\n"
                    + "backward: Var[∂L/∂z_l] = E[φ'(z_l)²]·fan_out·E[W_{l+1}²]·Var[∂L/∂z_{l+1}]\n"
                    + "weight gradient: Var[∂L/∂W_l] = B·E[a_{l−1}²]·Var[∂L/∂z_l] (B = batch)\n"
                    + "BatchNorm: Var = σ²/(σ² + eps) forward, ÷(σ² + eps) backward · residual: Var[a'] = Var[x] + α²E[φ(z)²]"},
        {"Mean field (Poole et al. 2016; Schoenholz et al. 2017)",
            "q_l = σ_w²·E[φ(√q_{l−1} z)²] + σ_b², σ_w² = fan_in·E[W²] · fixed point q* · "
                    + "χ₁ = σ_w²·E[φ'(√q* z)²]: χ₁ < 1 ordered (gradients vanish), χ₁ > 1 chaotic (explode), "
                    + "χ₁ = 1 edge of chaos · depth scales ξ_q, ξ_c"},
        {"Through time (Pascanu et al. 2013; Le et al. 2015; Jozefowicz et al. 2015)",
            "rnn: ∂h_T/∂h_t = ∏_{k=t+1}^{T} diag(φ'(a_k))·W_hh, bounded by (σ_max(W_hh))^{T−t} for tanh.\n"
                    + "lstm: the cell path ∂c_T/∂c_t ≈ ∏ diag(f_k); E[f] = σ(b_f): 0.5 with b_f = 0, 0.73 with b_f = 1."},
        {"References",
            "Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural networks.\n"
                    + "He, Zhang, Ren & Sun 2015, Delving deep into rectifiers.\n"
                    + "LeCun, Bottou, Orr & Müller 1998, Efficient BackProp.\n"
                    + "Saxe, McClelland & Ganguli 2014, Exact solutions to the nonlinear dynamics of learning in deep "
                    + "linear neural networks.\n"
                    + "Klambauer, Unterthiner, Mayr & Hochreiter 2017, Self-normalizing neural networks.\n"
                    + "Poole et al. 2016, Exponential expressivity in deep neural networks through transient chaos; "
                    + "Schoenholz et al. 2017, Deep information propagation.\n"
                    + "Pennington, Schoenholz & Ganguli 2017, Resurrecting the sigmoid (dynamical isometry).\n"
                    + "Ioffe & Szegedy 2015, Batch normalization · Ba, Kiros & Hinton 2016, Layer normalization · "
                    + "He et al. 2016, Deep residual learning.\n"
                    + "Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks · "
                    + "Le, Jaitly & Hinton 2015, IRNN · Jozefowicz, Zaremba & Sutskever 2015, An empirical "
                    + "exploration of recurrent network architectures.\n"
                    + "PyTorch torch.nn.init and Keras initializers documentation."}
    };
}
