package org.initscope.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The orthogonal matrices already drawn, kept for the next run of the same network. An orthogonal draw is a
 * Householder QR of a Gaussian matrix (LAPACK's sgeqrf and sorgqr): 3–4 ms for 256 × 256 and 12–20 ms for
 * 500 × 500 here (10 and 35 ms through ND4J's wrapper, when the 30-layer orthogonal preset spent 290 of its 340 ms
 * in QRs at every edit), where everything else a layer needs is well under a millisecond. The Q of a draw depends
 * only on its seed and its shape (the gain multiplies it afterwards), and an edit that changes neither — an
 * activation, a gain, the probe batch — draws the same Q: it is taken from here, bit for bit what the QR gave.
 * Least recently used first out, within {@link #MAX_BYTES}; one matrix larger than a quarter of that is not kept.
 */
final class OrthogonalCache {
    /** At most this much is kept (or an eighth of the heap, if that is less). */
    static final long MAX_BYTES = 256L << 20;

    private record Key(long seed, long m, long k) {
    }

    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Key, float[]> entries = new LinkedHashMap<>(16, 0.75f, true);

    OrthogonalCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static final OrthogonalCache SHARED = new OrthogonalCache(Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory()
            / 8));

    /** The m×k Q (column-major, signs of diag R applied, gain 1) drawn with this seed, or null. Do not modify it. */
    synchronized float[] get(long seed, long m, long k) {
        return entries.get(new Key(seed, m, k));
    }

    synchronized void put(long seed, long m, long k, float[] q) {
        long size = 4L * q.length;
        if (size > maxBytes / 4) {
            return;
        }
        float[] old = entries.put(new Key(seed, m, k), q);
        bytes += size - (old == null ? 0 : 4L * old.length);
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Key, float[]> eldest = it.next();
            bytes -= 4L * eldest.getValue().length;
            it.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
        bytes = 0;
    }
}
