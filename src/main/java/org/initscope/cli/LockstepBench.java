package org.initscope.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.initscope.controller.LiveMapPace;
import org.initscope.controller.LockstepTraining;
import org.initscope.controller.SideThread;
import org.initscope.controller.TrainingSession;
import org.initscope.data.DataSpec;
import org.initscope.engine.train.TrainSpec;
import org.initscope.engine.train.Trainer;
import org.initscope.model.NetworkSpec;

/**
 * {@code bench --lockstep}: Compare's training in lockstep on the default network (10 × 500 tanh, Xavier) against
 * itself with another seed, on the spirals, without a window. In one run: the optimizer steps alone (A then B, no
 * views), one live map of each, the worker as the app runs it (its frames every 40 ms, the maps paced by
 * LiveMapPace), and the same steps with both maps computed for every frame (how the worker ran before the pacing).
 */
final class LockstepBench {
    private LockstepBench() {
    }

    static int run(PrintWriter out, double seconds) throws Exception {
        NetworkSpec net = NetworkSpec.defaultNetwork();
        DataSpec data = DataSpec.of(DataSpec.Kind.SPIRAL);
        TrainSpec a = TrainSpec.of(net, data);
        TrainSpec b = TrainSpec.of(net.withSeed(net.seed() + 1).withName("seed + 1"), data);
        out.printf(Locale.ROOT, "InitScope bench --lockstep: %s against itself with another seed, on the spirals, "
                + "batch %d, %s%n", net.name(), a.batchSize(), a.optimizer().kind().name().toLowerCase(Locale.ROOT));
        out.flush();
        double stepMs;
        double parallelMs;
        double mapMs;
        double everyFrame;
        try (var ta = Trainer.create(a); var tb = Trainer.create(b); var side = new SideThread("bench-lockstep-b")) {
            for (int i = 0; i < 20; i++) {
                ta.step();
                tb.step();
                side.both(ta::step, tb::step);
            }
            // alternating, so that both ways see the same load
            double[] ms = new double[60];
            double[] both = new double[60];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                ta.step();
                tb.step();
                ms[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                side.both(ta::step, tb::step);
                both[i] = (System.nanoTime() - t0) / 1e6;
            }
            stepMs = median(ms);
            parallelMs = median(both);
            double[] maps = new double[7];
            for (int i = 0; i < maps.length; i++) {
                long t0 = System.nanoTime();
                ta.outputView(TrainingSession.LIVE_MAP);
                tb.outputView(TrainingSession.LIVE_MAP);
                maps[i] = (System.nanoTime() - t0) / 1e6;
            }
            mapMs = median(maps);
            // before the pacing: both maps for every frame of 40 ms
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long nextFrame = start;
            long steps = 0;
            while (System.nanoTime() < end) {
                ta.step();
                tb.step();
                steps++;
                long now = System.nanoTime();
                if (now >= nextFrame) {
                    ta.outputView(TrainingSession.LIVE_MAP);
                    tb.outputView(TrainingSession.LIVE_MAP);
                    nextFrame = now + TrainingSession.FRAME_MS * 1_000_000L;
                }
            }
            everyFrame = steps / ((System.nanoTime() - start) / 1e9);
        }
        out.printf(Locale.ROOT, "  one lockstep step (A then B: forward, loss, backward, optimizer): median %.2f ms "
                + "→ at most %.0f steps/s%n", stepMs, 1000 / stepMs);
        out.printf(Locale.ROOT, "  one lockstep step, A and B at the same time on two threads (the app's way): median "
                + "%.2f ms → at most %.0f steps/s (%.2f× A then B)%n", parallelMs, 1000 / parallelMs,
                stepMs / parallelMs);
        out.printf(Locale.ROOT, "  the two live maps (%d × %d inputs through each network): median %.1f ms%n",
                TrainingSession.LIVE_MAP, TrainingSession.LIVE_MAP, mapMs);
        out.printf(Locale.ROOT, "  both maps for every frame (%d ms), as before the pacing: %.0f steps/s%n",
                TrainingSession.FRAME_MS, everyFrame);
        // the app's worker; its frames delivered on its own thread (no window here)
        Set<Long> mapSteps = new HashSet<>();
        int[] frames = {0};
        try (var lockstep = new LockstepTraining(Runnable::run)) {
            var built = new CountDownLatch(1);
            lockstep.stateProperty().addListener((o, x, s) -> {
                frames[0]++;
                mapSteps.add(s.a().live().step());
                built.countDown();
            });
            lockstep.rebuild(a, b);
            if (!built.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the lockstep worker did not start: " + lockstep.problemProperty()
                        .get());
            }
            long s0 = lockstep.state().step();
            int f0 = frames[0];
            int m0 = mapSteps.size();
            long t0 = System.nanoTime();
            lockstep.play();
            Thread.sleep((long) (seconds * 1000));
            lockstep.pause();
            double s = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(300);
            long steps = lockstep.state().step() - s0;
            out.printf(Locale.ROOT, "  the app's lockstep worker (maps paced to ≤ %.0f %% of its time): %.0f steps/s "
                    + "over %.1f s, %.1f frames/s, %.1f map updates/s%n", 100 * LiveMapPace.MAX_SHARE, steps / s, s,
                    (frames[0] - f0) / s, (mapSteps.size() - m0) / s);
            out.printf(Locale.ROOT, "  paced / every frame = %.2f×%n", steps / s / everyFrame);
        }
        out.flush();
        return 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
