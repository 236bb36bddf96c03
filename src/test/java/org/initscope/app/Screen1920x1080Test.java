package org.initscope.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The classroom checks on a 1920×1080 screen (its own surefire execution: headless.geometry=1920x1080-32). */
@ExtendWith(ApplicationExtension.class)
class Screen1920x1080Test extends ScreenSizeTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    int screenWidth() {
        return 1920;
    }

    @Override
    int screenHeight() {
        return 1080;
    }
}
