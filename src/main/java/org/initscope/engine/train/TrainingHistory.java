package org.initscope.engine.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recorded steps of a run, bounded in memory: at most {@code max} records; when full, every other record is
 * dropped (the first and the newest stay) and the interval doubles, so a long run keeps an even coverage of its
 * whole history. Thread-safe: the training thread adds, the UI reads snapshots.
 */
public final class TrainingHistory {
    private final int max;
    private int interval;
    private final List<TrainingRecord> records = new ArrayList<>();

    TrainingHistory(int interval, int max) {
        this.interval = interval;
        this.max = max;
    }

    public synchronized int interval() {
        return interval;
    }

    /** Record every this many steps from now on (records already kept stay). */
    public synchronized void setInterval(int every) {
        interval = Math.max(1, every);
    }

    synchronized void add(TrainingRecord r) {
        records.add(r);
        if (records.size() > max) {
            var kept = new ArrayList<TrainingRecord>();
            for (int i = 0; i < records.size(); i++) {
                if (i % 2 == 0 || i == records.size() - 1) {
                    kept.add(records.get(i));
                }
            }
            records.clear();
            records.addAll(kept);
            interval *= 2;
        }
    }

    public synchronized List<TrainingRecord> records() {
        return Collections.unmodifiableList(new ArrayList<>(records));
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized TrainingRecord latest() {
        return records.get(records.size() - 1);
    }

    public int capacity() {
        return max;
    }
}
