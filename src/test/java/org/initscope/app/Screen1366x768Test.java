package org.initscope.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The classroom checks on a 1366×768 screen (its own surefire execution: headless.geometry=1366x768-32). */
@ExtendWith(ApplicationExtension.class)
class Screen1366x768Test extends ScreenSizeTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    int screenWidth() {
        return 1366;
    }

    @Override
    int screenHeight() {
        return 768;
    }
}
