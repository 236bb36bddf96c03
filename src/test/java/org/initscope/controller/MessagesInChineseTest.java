package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.initscope.i18n.I18n;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In Chinese, what the sessions say to the window is Chinese: a refused edit, a locked window, an empty undo
 * history, a network file or a lesson file that cannot be read (the message bar: {@code problemProperty}). The
 * source scan in TranslationsTest checks that every controller text has an entry; this checks that the sessions
 * really hand the translated text over, at the moment it is shown.
 */
class MessagesInChineseTest {
    @TempDir
    Path dir;

    @AfterEach
    void english() {
        I18n.setLanguage(I18n.Language.ENGLISH);
    }

    private static boolean han(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    private static NetworkSpec oneLayer() {
        return new NetworkSpec("one", 1, new InputSpec(8, 4, InputDistribution.NORMAL), List.of(new DenseSpec(8,
                ActivationSpec.of(Activation.TANH), InitSpec.of(Scheme.XAVIER_NORMAL), DenseSpec.DEFAULT_BIAS, 1)));
    }

    @Test
    void refusalsAndFailedLoadsAreShownInChinese() throws Exception {
        try (var session = new NetworkSession(oneLayer(), Runnable::run, false);
                var training = new TrainingSession(session, Runnable::run)) {
            // English first: the same calls give the English texts (the keys), so the Chinese below is a translation
            assertEquals("a network needs at least one layer", session.removeLayer().orElseThrow());
            assertEquals("nothing to undo", session.undo().orElseThrow());

            I18n.setLanguage(I18n.Language.CHINESE);
            assertEquals("网络至少需要一层", session.removeLayer().orElseThrow());
            assertEquals("没有可撤销的操作", session.undo().orElseThrow());
            assertEquals("没有可重做的操作", session.redo().orElseThrow());
            assertEquals("深度必须在 1 到 " + org.initscope.model.Limits.MAX_DEPTH + " 之间",
                    session.setDepth(0).orElseThrow());

            session.lockedProperty().set(true);
            String locked = session.editLayer(0, l -> l.withUnits(9)).orElseThrow();
            assertEquals("编辑已锁定（视图 ▸ 锁定编辑）", locked);
            assertEquals(locked, session.undo().orElseThrow());
            session.lockedProperty().set(false);

            // a network file that is not one: the message bar starts in Chinese, the file's own details follow
            Path bad = Files.writeString(dir.resolve("bad.json"), "{ \"layers\": [ ");
            NetworkSpec before = session.spec();
            assertTrue(session.open(bad).isPresent());
            assertEquals(before, session.spec(), "the network stays");
            assertTrue(session.problemProperty().get().startsWith("无法打开文件。"), session.problemProperty().get());

            // a lesson file that cannot be read: the same in the message bar
            Path lesson = Files.writeString(dir.resolve("lesson.json"), "{ \"title\": ");
            var lessons = new LessonSession(session, training, Runnable::run);
            Optional<String> refused = lessons.open(lesson);
            assertTrue(refused.isPresent());
            assertTrue(han(refused.get()) && refused.get().startsWith("无法打开课程。"), refused.get());
            assertEquals(refused.get(), session.problemProperty().get());
        }
    }
}
