package org.initscope.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** {@link BadFilesWindowTest} with all 50 files, in the soak profile ({@code mvn -Psoak verify}). */
@Tag("soak")
@ExtendWith(ApplicationExtension.class)
class SoakBadFilesWindowTest extends BadFilesWindowTest {

    @Override
    @Start
    void start(Stage stage) {
        super.start(stage);
    }

    @Override
    boolean opens(int i) {
        return true;
    }
}
