package org.initscope.app;

import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** {@link EditLoadWindowTest} with 1,000 edits, in the soak profile ({@code mvn -Psoak verify}): about 80 s. */
@Tag("soak")
@ExtendWith(ApplicationExtension.class)
class SoakEditLoadWindowTest extends EditLoadWindowTest {

    @Override
    @Start
    void start(Stage stage) {
        super.start(stage);
    }

    @Override
    int edits() {
        return 1000;
    }
}
