package org.initscope.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.initscope.model.Sampling;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OrthogonalCacheTest {
    @BeforeAll
    static void start() {
        Nd4jRuntime.start();
    }

    private static float[] draw(int rows, int cols, double gain, long seed) {
        try (INDArray target = Nd4j.create(DataType.FLOAT, rows, cols)) {
            float[] heap = new float[rows * cols];
            new Sampler().fill(new Sampling.Orthogonal(gain), target, heap, seed);
            return target.dup('c').data().asFloat();
        }
    }

    @Test
    void aCachedDrawIsBitForBitTheQrsForEveryGainAndShape() {
        for (int[] shape : new int[][] {{96, 64}, {64, 96}, {80, 80}}) {
            for (double gain : new double[] {1, Math.sqrt(2), 5.0 / 3}) {
                OrthogonalCache.SHARED.clear();
                float[] fresh = draw(shape[0], shape[1], gain, 11);
                assertEquals(1, OrthogonalCache.SHARED.size());
                float[] again = draw(shape[0], shape[1], gain, 11);
                assertArrayEquals(fresh, again, "from the cache");
                // drawn at gain 1 and kept: another gain from the cache equals that gain's fresh draw
                float[] other = draw(shape[0], shape[1], 0.5, 11);
                OrthogonalCache.SHARED.clear();
                assertArrayEquals(draw(shape[0], shape[1], 0.5, 11), other, "gain 0.5 after " + gain);
            }
        }
        // another seed is another matrix
        OrthogonalCache.SHARED.clear();
        draw(64, 64, 1, 1);
        draw(64, 64, 1, 2);
        assertEquals(2, OrthogonalCache.SHARED.size());
    }

    @Test
    void theLeastRecentlyUsedGoFirstWithinTheBudget() {
        var cache = new OrthogonalCache(4 * 1000 * 4);
        float[] a = new float[1000];
        float[] b = new float[1000];
        float[] c = new float[1000];
        cache.put(1, 10, 100, a);
        cache.put(2, 10, 100, b);
        cache.put(3, 10, 100, new float[1000]);
        cache.put(4, 10, 100, new float[1000]);
        assertSame(a, cache.get(1, 10, 100));
        cache.put(5, 10, 100, c);
        assertNull(cache.get(2, 10, 100), "the least recently used went");
        assertNotNull(cache.get(1, 10, 100));
        assertEquals(16_000, cache.bytes());
        assertNull(cache.get(1, 100, 10), "the shape is part of the key");
        // larger than a quarter of the budget: not kept
        cache.put(6, 10, 101, new float[1010]);
        assertNull(cache.get(6, 10, 101));
    }
}
