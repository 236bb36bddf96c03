package org.initscope.app;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.initscope.controller.AppSettings;

/**
 * Where the window opens and how big it is: sized from the visual bounds of the screen it opens on (90 % of it,
 * centred; maximized on a screen smaller than 1280×800), never larger than that screen and never off it. The last
 * size and position are remembered per screen (by the screen's bounds) and restored only while enough of the
 * window — its title bar — would lie on one of the current screens.
 */
public final class WindowPlacement {
    /** Below this screen size the window opens maximized. */
    static final double SMALL_W = 1280;
    static final double SMALL_H = 800;
    /** The smallest window: a 1920×1080 screen at 200 % is 960×540 logical, with a task bar. */
    static final double MIN_W = 800;
    static final double MIN_H = 500;
    /** How much of a restored window's top edge (its title bar) must lie on a screen. */
    static final double GRIP_W = 160;
    static final double GRIP_H = 32;

    /** A window's place: its bounds and whether it is maximized. */
    public record Placement(double x, double y, double width, double height, boolean maximized) {
        Rectangle2D bounds() {
            return new Rectangle2D(x, y, width, height);
        }

        /** "x,y,w,h,max" for the preferences. */
        String encode() {
            return String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%b", x, y, width, height, maximized);
        }

        static Optional<Placement> decode(String s) {
            if (s == null) {
                return Optional.empty();
            }
            try {
                String[] p = s.split(",");
                if (p.length != 5) {
                    return Optional.empty();
                }
                var pl = new Placement(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                        Double.parseDouble(p[3]), Boolean.parseBoolean(p[4]));
                return pl.width() > 0 && pl.height() > 0 && Double.isFinite(pl.x()) && Double.isFinite(pl.y())
                        ? Optional.of(pl) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private WindowPlacement() {
    }

    /** The key a screen's remembered placement is stored under: its full bounds. */
    static String screenKey(Rectangle2D screenBounds) {
        return String.format(Locale.ROOT, "%.0fx%.0f@%.0f,%.0f", screenBounds.getWidth(), screenBounds.getHeight(),
                screenBounds.getMinX(), screenBounds.getMinY());
    }

    /** The placement on a screen with these visual bounds when nothing is remembered. */
    static Placement fresh(Rectangle2D visual) {
        if (visual.getWidth() < SMALL_W || visual.getHeight() < SMALL_H) {
            return new Placement(visual.getMinX(), visual.getMinY(), visual.getWidth(), visual.getHeight(), true);
        }
        double w = Math.round(visual.getWidth() * 0.9);
        double h = Math.round(visual.getHeight() * 0.9);
        return new Placement(visual.getMinX() + Math.round((visual.getWidth() - w) / 2),
                visual.getMinY() + Math.round((visual.getHeight() - h) / 2), w, h, false);
    }

    /**
     * A remembered placement if it can be used on the current screens ({@code visuals}: their visual bounds):
     * its title bar lies on one of them; it is then made to fit inside that screen. Empty when it is off-screen.
     */
    static Optional<Placement> usable(Placement saved, List<Rectangle2D> visuals) {
        Rectangle2D grip = new Rectangle2D(saved.x(), saved.y(), Math.max(1, saved.width()), GRIP_H);
        for (Rectangle2D v : visuals) {
            double overlapW = Math.min(grip.getMaxX(), v.getMaxX()) - Math.max(grip.getMinX(), v.getMinX());
            boolean topOn = saved.y() >= v.getMinY() && saved.y() + GRIP_H <= v.getMaxY();
            if (topOn && overlapW >= Math.min(GRIP_W, saved.width())) {
                if (saved.maximized()) {
                    return Optional.of(new Placement(v.getMinX(), v.getMinY(), v.getWidth(), v.getHeight(), true));
                }
                return Optional.of(inside(saved, v));
            }
        }
        return Optional.empty();
    }

    /** The placement moved and shrunk as little as needed to lie inside {@code v}. */
    static Placement inside(Placement p, Rectangle2D v) {
        double w = Math.min(p.width(), v.getWidth());
        double h = Math.min(p.height(), v.getHeight());
        double x = Math.max(v.getMinX(), Math.min(p.x(), v.getMaxX() - w));
        double y = Math.max(v.getMinY(), Math.min(p.y(), v.getMaxY() - h));
        return new Placement(x, y, w, h, false);
    }

    /** The smallest window on a screen with these visual bounds: {@link #MIN_W}×{@link #MIN_H} or the screen. */
    static double[] minimum(Rectangle2D visual) {
        return new double[] {Math.min(MIN_W, visual.getWidth()), Math.min(MIN_H, visual.getHeight())};
    }

    /** Size and place a window for the primary screen, without anything remembered (tests, first start). */
    public static void fit(Stage stage) {
        apply(stage, fresh(Screen.getPrimary().getVisualBounds()), Screen.getPrimary().getVisualBounds());
    }

    /**
     * Place the app's window: where it was last on this screen setup if that is still on a screen, else fresh on
     * the primary screen; and remember where it is when it closes.
     */
    public static void restore(Stage stage, AppSettings settings) {
        List<Rectangle2D> visuals = Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
        Rectangle2D primary = Screen.getPrimary().getVisualBounds();
        Placement chosen = null;
        Rectangle2D on = primary;
        String last = settings.windowScreen();
        for (Screen s : Screen.getScreens()) {
            if (screenKey(s.getBounds()).equals(last)) {
                var saved = Placement.decode(settings.windowPlacement(last)).flatMap(p -> usable(p, visuals));
                if (saved.isPresent()) {
                    chosen = saved.get();
                    on = s.getVisualBounds();
                }
            }
        }
        apply(stage, chosen != null ? chosen : fresh(primary), on);
        rememberOnClose(stage, settings);
    }

    private static void apply(Stage stage, Placement p, Rectangle2D visual) {
        double[] min = minimum(visual);
        stage.setMinWidth(min[0]);
        stage.setMinHeight(min[1]);
        // the bounds first, also when maximized: without a window manager (or before it answers) they are the
        // window's size
        stage.setX(p.x());
        stage.setY(p.y());
        stage.setWidth(p.width());
        stage.setHeight(p.height());
        stage.setMaximized(p.maximized());
    }

    /** Remember the window's last normal bounds and whether it was maximized, per screen, when it is hidden. */
    private static void rememberOnClose(Stage stage, AppSettings settings) {
        double[] normal = new double[4];
        Runnable track = () -> {
            if (!stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen() && stage.getWidth() > 0) {
                normal[0] = stage.getX();
                normal[1] = stage.getY();
                normal[2] = stage.getWidth();
                normal[3] = stage.getHeight();
            }
        };
        for (var prop : List.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(), stage.heightProperty())) {
            prop.addListener((o, a, b) -> track.run());
        }
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            track.run();
            if (normal[2] <= 0) {
                return;
            }
            var centre = new Rectangle2D(stage.getX() + stage.getWidth() / 2, stage.getY() + 10, 1, 1);
            Screen screen = Screen.getScreensForRectangle(centre).stream().findFirst().orElse(Screen.getPrimary());
            String key = screenKey(screen.getBounds());
            settings.setWindowPlacement(key, new Placement(normal[0], normal[1], normal[2], normal[3],
                    stage.isMaximized()).encode());
        });
    }
}
