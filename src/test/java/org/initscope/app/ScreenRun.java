package org.initscope.app;

/**
 * The screen of a screen-size run (pom.xml's execution "screens": one fresh JVM per class): the class sets its
 * Monocle screen size before its first window starts the JavaFX toolkit, which reads it once per JVM.
 */
final class ScreenRun {
    private ScreenRun() {
    }

    /** In a screen-size run, this JVM's screen is {@code width}×{@code height} (call from a static initializer). */
    static void size(int width, int height) {
        if (Boolean.getBoolean("initscope.screenRun")) {
            System.setProperty("headless.geometry", width + "x" + height + "-32");
        }
    }
}
