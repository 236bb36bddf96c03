package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KernelWarmUpTest {
    /** Every kernel of the engine, called through this counter. */
    private static class Counting extends Kernels {
        final Map<String, Integer> calls = new TreeMap<>();
        private final Kernels k = Kernels.INSTANCE;

        void count(String m) {
            calls.merge(m, 1, Integer::sum);
        }

        @Override
        String name() {
            return k.name();
        }

        @Override
        boolean moments(float[] data, int from, int to, float shift, double[] acc) {
            count("moments");
            return k.moments(data, from, to, shift, acc);
        }

        @Override
        void binIndices(float[] data, int from, int to, float lo, float scale, float top, float first, float last,
                int[] idx) {
            count("binIndices");
            k.binIndices(data, from, to, lo, scale, top, first, last, idx);
        }

        @Override
        int lanes() {
            return k.lanes();
        }

        @Override
        long countOutside(float[] data, int from, int to, float lo, float hi) {
            count("countOutside");
            return k.countOutside(data, from, to, lo, hi);
        }

        @Override
        boolean tanhRational(float[] z, float[] bias, float[] a, int from, int to) {
            count("tanhRational");
            return k.tanhRational(z, bias, a, from, to);
        }

        @Override
        void uniforms(long seed, float[] out, int from, int to, double low, double high) {
            count("uniforms");
            k.uniforms(seed, out, from, to, low, high);
        }

        @Override
        void gaussians(long seed, float[] out, int n, int from, int to, float mean, float std) {
            count("gaussians");
            k.gaussians(seed, out, n, from, to, mean, std);
        }

        @Override
        void reluBackward(float[] z, float[] dA, float[] dZ, int from, int to, float slope) {
            count("reluBackward");
            k.reluBackward(z, dA, dZ, from, to, slope);
        }

        @Override
        int maxPool2x2(float[] x, int planes, int inW, int inPlane, int outPlane, int[] corners, float[] out,
                int[] from) {
            count("maxPool2x2");
            return k.maxPool2x2(x, planes, inW, inPlane, outPlane, corners, out, from);
        }
    }

    @Test
    void everyKernelIsCalledOftenEnoughForTheJitToCompileIt() {
        var counting = new Counting();
        KernelWarmUp.run(counting, KernelWarmUp.MAX_MS);
        // the kernels that do work over arrays: every abstract method but the two that describe the kernels
        Set<String> kernels = Arrays.stream(Kernels.class.getDeclaredMethods())
                .filter(m -> Modifier.isAbstract(m.getModifiers()))
                .map(Method::getName)
                .filter(n -> !n.equals("name") && !n.equals("lanes"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(kernels, counting.calls.keySet(), "a kernel the warm-up does not call stays cold");
        // C2 compiles a method after 5,000 calls (Tier4InvocationThreshold), or after 600 calls with 15,000 calls
        // and loop iterations together; 64 values are at least 4 vector iterations, so 6,000 calls pass both
        counting.calls.forEach((m, n) -> assertTrue(n >= KernelWarmUp.CALLS, m + ": " + n));
    }

    /** A kernel that runs as slowly as the Vector API's fallback for its first {@code slowCalls} calls. */
    private static final class SlowAtFirst extends Counting {
        private final int slowCalls;
        private int made;

        SlowAtFirst(int slowCalls) {
            this.slowCalls = slowCalls;
        }

        @Override
        void count(String m) {
            super.count(m);
            if (m.equals("countOutside") && made++ < slowCalls) {
                // well over a compiled round's limit (150 ns per value of 69 values)
                long end = System.nanoTime() + 40_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Test
    void theWarmUpGoesOnUntilEveryKernelRunsAtCompiledSpeed() {
        // a fixed count of calls ended the warm-up while the kernels still ran in the fallback (PrintCompilation)
        var k = new SlowAtFirst(KernelWarmUp.CALLS + 2000);
        var outcome = KernelWarmUp.run(k, KernelWarmUp.MAX_MS);
        assertTrue(outcome.settled(), outcome.toString());
        assertTrue(outcome.rounds() >= KernelWarmUp.CALLS + 2000 + KernelWarmUp.SETTLED_ROUNDS, outcome.toString());
    }

    @Test
    void aKernelThatNeverGetsFastEndsTheWarmUpAtItsTimeLimit() {
        var k = new SlowAtFirst(Integer.MAX_VALUE);
        var outcome = KernelWarmUp.run(k, 50);
        assertFalse(outcome.settled(), outcome.toString());
        // the calls the JIT needs are made in any case
        assertEquals(KernelWarmUp.CALLS, outcome.rounds(), outcome.toString());
    }

    @Test
    void theWarmUpLeavesTheDrawsAsTheyWere() {
        float[] before = new float[1000];
        Kernels.INSTANCE.gaussians(42, before, before.length, 0, before.length / 2, 0f, 1f);
        KernelWarmUp.run();
        float[] after = new float[1000];
        Kernels.INSTANCE.gaussians(42, after, after.length, 0, after.length / 2, 0f, 1f);
        assertArrayEquals(before, after);
    }
}
