package org.initscope.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.initscope.engine.PropagationResult;
import org.initscope.engine.RunOptions;
import org.initscope.model.NetworkSpec;
import org.junit.jupiter.api.Test;

/** The warm-up after the first frame delivers nothing, and a real request is never lost behind it. */
class WarmUpTest {
    @Test
    void aWarmUpDeliversNothingAndGivesWayToARealRequest() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        List<PropagationResult> results = new CopyOnWriteArrayList<>();
        var listener = new ComputeService.Listener() {
            @Override
            public void started(long generation) {
                heard.add("started " + generation);
            }

            @Override
            public void finished(long generation, PropagationResult result, double[] jacobian) {
                heard.add("finished " + generation);
                results.add(result);
            }

            @Override
            public void failed(long generation, Throwable error) {
                heard.add("failed " + generation + " " + error);
            }
        };
        var net = NetworkSpec.defaultNetwork().resolve();
        try (var compute = new ComputeService(Runnable::run, listener)) {
            compute.warmUp(net, RunOptions.defaults(), 3);
            Thread.sleep(50);
            long g = compute.submit(net, RunOptions.defaults(), false);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (results.isEmpty()) {
                assertTrue(System.nanoTime() < end, "the real request was delivered");
                Thread.sleep(10);
            }
            // alone: warm-ups run and deliver nothing
            compute.warmUp(net, RunOptions.defaults(), 2);
            Thread.sleep(500);
            assertEquals(List.of("started " + g, "finished " + g), heard, "only the real request reports");
            assertEquals(g, compute.newest(), "a warm-up is not a request of the session");
        }
    }
}
