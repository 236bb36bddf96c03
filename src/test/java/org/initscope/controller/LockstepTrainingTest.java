package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.initscope.data.DataSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.engine.train.TrainingRecord;
import org.initscope.engine.train.TrainSpec;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;

/** Compare's lockstep: B steps on a thread of its own beside A, and the numbers are those of A then B. */
class LockstepTrainingTest {

    @Test
    void bothSidesOnTwoThreadsGiveTheNumbersOfOneAfterTheOther() throws Exception {
        // the default network's layers, 3 × 48 (a test-sized Compare)
        NetworkSpec net = NetworkSpec.defaultNetwork();
        var dense = (org.initscope.model.DenseSpec) net.layers().get(0);
        net = net.withLayers(List.of(new org.initscope.model.DenseSpec(48, dense.activation(), dense.init(),
                dense.bias(), dense.scale(), dense.residual(), 3)));
        DataSpec data = DataSpec.of(DataSpec.Kind.SPIRAL);
        TrainSpec a = TrainSpec.of(net, data).withRecordEvery(5);
        TrainSpec b = TrainSpec.of(net.withSeed(net.seed() + 1), data).withRecordEvery(5);
        int steps = 20;
        // the records at creation are evaluated with ND4J's ops, whose sums depend on the thread count: the same
        // count for both ways (the lockstep worker's steps set one BLAS thread)
        org.initscope.engine.Nd4jRuntime.setBlasThreads(1);
        List<TrainingRecord> expectedA;
        List<TrainingRecord> expectedB;
        try (var ta = Trainer.create(a); var tb = Trainer.create(b)) {
            for (int i = 0; i < steps; i++) {
                ta.step();
                tb.step();
            }
            expectedA = List.copyOf(ta.history().records());
            expectedB = List.copyOf(tb.history().records());
        }
        try (var lockstep = new LockstepTraining(Runnable::run)) {
            lockstep.rebuild(a, b);
            for (int i = 0; i < steps; i++) {
                lockstep.step();
            }
            long until = System.nanoTime() + 60_000_000_000L;
            while ((lockstep.state() == null || lockstep.state().step() < steps) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            var state = lockstep.state();
            assertEquals(steps, state.step(), lockstep.problemProperty().get());
            assertEquals(steps, state.b().steps());
            assertSameRecords(expectedA, state.a().records());
            assertSameRecords(expectedB, state.b().records());
            assertNotEquals(expectedA.get(0).trainLoss(), expectedB.get(0).trainLoss(), "two different networks");
        }
    }

    private static void assertSameRecords(List<TrainingRecord> expected, List<TrainingRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            var e = expected.get(i);
            var r = actual.get(i);
            assertEquals(e.step(), r.step());
            // bit for bit: the same steps, whichever thread took them
            assertEquals(e.trainLoss(), r.trainLoss(), 0.0, "train loss at step " + e.step());
            assertEquals(e.testLoss(), r.testLoss(), 0.0, "test loss at step " + e.step());
            assertEquals(e.trainAccuracy(), r.trainAccuracy(), 0.0);
            assertEquals(e.testAccuracy(), r.testAccuracy(), 0.0);
        }
    }

    @Test
    void sideThreadRunsBothAtOnceAndWaitsForTheOtherWhenOneFails() throws Exception {
        try (var side = new SideThread("test-side")) {
            // each side waits for the other to have started: only possible when they run at the same time
            var started = new java.util.concurrent.CountDownLatch(2);
            Runnable meet = () -> {
                started.countDown();
                try {
                    assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS), "the other side never ran");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            side.both(meet, meet);
            assertEquals(List.of("here", "there"), side.both(() -> "here", () -> "there"));
            // the calling side fails: the side thread's work still ends before the failure is thrown
            AtomicBoolean otherDone = new AtomicBoolean();
            var e = assertThrows(IllegalStateException.class, () -> side.both(() -> {
                throw new IllegalStateException("A failed");
            }, () -> {
                sleep(200);
                otherDone.set(true);
            }));
            assertEquals("A failed", e.getMessage());
            assertTrue(otherDone.get(), "thrown before B finished");
            // the side thread's failure reaches the caller, after the caller's own work
            AtomicReference<String> mine = new AtomicReference<>();
            var f = assertThrows(IllegalArgumentException.class, () -> side.both(() -> mine.set("done"), () -> {
                throw new IllegalArgumentException("B failed");
            }));
            assertEquals("B failed", f.getMessage());
            assertEquals("done", mine.get());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
