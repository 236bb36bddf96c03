package org.initscope.engine.train;

import org.initscope.data.DataSpec;
import org.initscope.model.Activation;
import org.initscope.model.InitSpec;
import org.initscope.model.Scheme;

/**
 * The training worker's loop on the dense fast path under garbage-collector pressure, in a JVM of its own
 * ({@link DenseTrainingGcStressTest} starts it): steps with a record after every one (an evaluation of both splits,
 * the probe rows, the record's 40 × 40 output map) and the live 44 × 44 map, at batch sizes that change from run to
 * run, while a second thread allocates garbage so that young collections (and ND4J's deallocation of what they
 * free) keep coming. Exits 0 after the given seconds; a use of freed native memory ends the JVM with SIGSEGV.
 */
public final class DenseTrainingStress {
    private DenseTrainingStress() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        Thread garbage = new Thread(() -> {
            long sink = 0;
            while (true) {
                byte[] junk = new byte[32 * 1024];
                sink += junk.length;
                if (sink == 42) {
                    System.out.println(sink);
                }
            }
        }, "garbage");
        garbage.setDaemon(true);
        garbage.start();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int[] batches = {32, 7, 64, 19, 128};
        long steps = 0;
        for (int run = 0; System.nanoTime() < end; run++) {
            var spec = TrainSpec.of(TrainerTest.net(3, 16, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL)),
                    DataSpec.of(DataSpec.Kind.SPIRAL)).withRecordEvery(1).withMaxRecords(64)
                    .withBatchSize(batches[run % batches.length]);
            try (Trainer t = Trainer.create(spec)) {
                for (int i = 0; i < 200 && System.nanoTime() < end; i++) {
                    t.step();
                    t.outputView(44);
                    steps++;
                }
            }
        }
        System.out.println("steps " + steps);
    }
}
