package org.initscope.view.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.initscope.controller.LockstepTraining;
import org.initscope.engine.train.TrainingRecord;
import org.junit.jupiter.api.Test;

/** The sentence under the lockstep charts says who is ahead, by how much, and never hides a disagreement. */
class VerdictTest {

    private static LockstepTraining.State state(long step, double lossA, double accA, double lossB, double accB) {
        var a = new TrainingRecord(step, 1, lossA, lossA, accA, accA, List.of(), null);
        var b = new TrainingRecord(step, 1, lossB, lossB, accB, accB, List.of(), null);
        return new LockstepTraining.State(step, 1, false, new LockstepTraining.Run("A", step, List.of(a), null, null),
                new LockstepTraining.Run("B", step, List.of(b), null, null), 0);
    }

    @Test
    void namesTheLeaderWithTheRatioOfTestLosses() {
        String v = ComparePanel.verdict(state(500, 0.60, 0.70, 0.20, 0.95));
        assertTrue(v.startsWith("After 500 steps each: B is ahead: its test loss is 3× lower."), v);
        assertTrue(v.contains("A: test loss 0.6, test accuracy 70.0 %"), v);
    }

    @Test
    void withinFivePercentTheyAreLevel() {
        assertTrue(ComparePanel.verdict(state(100, 0.300, 0.9, 0.310, 0.9)).contains("A and B are level"));
    }

    @Test
    void aLowerLossWithALowerAccuracyIsSaid() {
        String v = ComparePanel.verdict(state(6000, 0.09, 0.967, 0.15, 0.975));
        assertTrue(v.contains("A is ahead: its test loss is 1.67× lower, but B's test accuracy is higher"), v);
    }

    @Test
    void divergenceAndStepZero() {
        assertTrue(ComparePanel.verdict(state(50, Double.NaN, Double.NaN, 0.3, 0.8)).contains("A diverged"));
        assertTrue(ComparePanel.verdict(state(0, 0.69, 0.5, 0.69, 0.5)).startsWith("At step 0 — "));
        assertEquals("", ComparePanel.verdict(new LockstepTraining.State(0, 0, false,
                new LockstepTraining.Run("A", 0, List.of(), null, null),
                new LockstepTraining.Run("B", 0, List.of(), null, null), 0)));
    }

    @Test
    void inChineseTheWholeSentenceIsChinese() {
        org.initscope.i18n.I18n.setLanguage(org.initscope.i18n.I18n.Language.CHINESE);
        try {
            String v = ComparePanel.verdict(state(6000, 0.09, 0.967, 0.15, 0.975));
            assertEquals("各训练 6,000 步后：A 领先：其测试损失是 B 的 1/1.67，但 B 的测试准确率更高。"
                    + "A：测试损失 0.09，测试准确率 96.7 % · B：测试损失 0.15，测试准确率 97.5 %", v);
            assertTrue(ComparePanel.verdict(state(50, Double.NaN, Double.NaN, 0.3, 0.8)).contains("A 发散了"));
        } finally {
            org.initscope.i18n.I18n.setLanguage(org.initscope.i18n.I18n.Language.ENGLISH);
        }
    }
}
