package org.initscope.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The classroom checks on a 1024×768 screen (a JVM of its own in the surefire execution "screens"). */
@ExtendWith(ApplicationExtension.class)
class Screen1024x768Test extends ScreenSizeTestBase {
    static {
        ScreenRun.size(1024, 768);
    }

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Override
    int screenWidth() {
        return 1024;
    }

    @Override
    int screenHeight() {
        return 768;
    }
}
