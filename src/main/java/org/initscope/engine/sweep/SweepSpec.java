package org.initscope.engine.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.initscope.model.Parameterization;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.NetworkSpec;
import org.initscope.model.SpecException;

/**
 * A sweep: a grid over one or two {@link SweepAxis axes}, starting from a network, each cell run {@code repeats}
 * times with the seeds seed, seed + 1, …, and measured at initialization (always), through the input–output Jacobian
 * (when asked) and after training (when a {@link Training} is given). Immutable; saved and read as a JSON file
 * ({@code config.SweepReader}, {@code config.SweepWriter}).
 *
 * <p>A cell is numbered with the first axis fastest: cell = i₀ + n₀·i₁.
 */
public record SweepSpec(String name, NetworkSpec network, List<SweepAxis> axes, int repeats, boolean jacobian,
        Training training) {
    /** At most this many cells (64 × 64). */
    public static final int MAX_CELLS = 4096;
    public static final int MAX_REPEATS = 100;

    /**
     * How each cell trains: the Train tab's settings (data, optimizer, output layer, mini-batch), the number of
     * optimizer steps, and optionally a loss criterion (the steps until the training loss first reaches it, checked
     * every {@code evalEvery} steps) and the coordinate check (mean |z| of every layer at every step).
     *
     * @param criterion the training-loss criterion, or NaN for none
     * @param parameterization SP, NTK or μP for every cell (how the widths scale the output layer and the learning
     *                         rates), or null: the network's own
     */
    public record Training(TrainSettings settings, int steps, double criterion, int evalEvery, boolean coordinates,
            Parameterization parameterization) {
        public static final int MAX_STEPS = 100_000;
        /** The coordinate check records every step: a few steps, as mup's coord_check (3 by default). */
        public static final int MAX_COORDINATE_STEPS = 20;

        public Training {
            Objects.requireNonNull(settings, "settings");
            if (steps < 1 || steps > MAX_STEPS) {
                throw new SpecException("steps", "steps must be between 1 and " + MAX_STEPS + ", got " + steps);
            }
            if (!Double.isNaN(criterion) && !(criterion > 0 && Double.isFinite(criterion))) {
                throw new SpecException("criterion", "the loss criterion must be a number above 0");
            }
            if (evalEvery < 1 || evalEvery > steps) {
                throw new SpecException("eval_every", "eval_every must be between 1 and the steps (" + steps
                        + "), got " + evalEvery);
            }
            if (coordinates && steps > MAX_COORDINATE_STEPS) {
                throw new SpecException("steps", "the coordinate check records every step: at most "
                        + MAX_COORDINATE_STEPS + " steps, got " + steps);
            }
        }

        public Training(TrainSettings settings, int steps) {
            this(settings, steps, Double.NaN, steps, false);
        }

        /** In the network's own parameterization. */
        public Training(TrainSettings settings, int steps, double criterion, int evalEvery, boolean coordinates) {
            this(settings, steps, criterion, evalEvery, coordinates, null);
        }

        public Training withParameterization(Parameterization p) {
            return new Training(settings, steps, criterion, evalEvery, coordinates, p);
        }

        public boolean hasCriterion() {
            return !Double.isNaN(criterion);
        }
    }

    public SweepSpec {
        name = name == null ? "" : name;
        Objects.requireNonNull(network, "network");
        axes = List.copyOf(axes);
        if (axes.isEmpty() || axes.size() > 2) {
            throw new SpecException("axes", "a sweep has one or two axes, got " + axes.size());
        }
        if (axes.size() == 2 && axes.get(0).param() == axes.get(1).param()) {
            throw new SpecException("axes", "the two axes vary the same parameter (" + axes.get(0).param().key()
                    + ")");
        }
        if (repeats < 1 || repeats > MAX_REPEATS) {
            throw new SpecException("repeats", "repeats must be between 1 and " + MAX_REPEATS + ", got " + repeats);
        }
        long cells = axes.stream().mapToLong(SweepAxis::size).reduce(1, (a, b) -> a * b);
        if (cells > MAX_CELLS) {
            throw new SpecException("axes", "the grid has " + cells + " cells; at most " + MAX_CELLS + " are "
                    + "supported");
        }
        for (SweepAxis a : axes) {
            if (a.param().training() && training == null) {
                throw new SpecException("axes", "the axis " + a.param().key() + " changes the training: add "
                        + "\"train\"");
            }
        }
    }

    public SweepAxis axis(int i) {
        return axes.get(i);
    }

    /** Cells of the grid. */
    public int cells() {
        return axes.stream().mapToInt(SweepAxis::size).reduce(1, (a, b) -> a * b);
    }

    /** Runs of the sweep: cells × repeats. */
    public int runs() {
        return cells() * repeats;
    }

    /** The axis indices of a cell (first axis fastest). */
    public int[] at(int cell) {
        int[] at = new int[axes.size()];
        for (int a = 0; a < axes.size(); a++) {
            at[a] = cell % axes.get(a).size();
            cell /= axes.get(a).size();
        }
        return at;
    }

    /** The cell at axis indices (first axis fastest). */
    public int cell(int... at) {
        int cell = 0;
        int stride = 1;
        for (int a = 0; a < axes.size(); a++) {
            cell += at[a] * stride;
            stride *= axes.get(a).size();
        }
        return cell;
    }

    /**
     * The network of a cell's run: the axes' values applied in the order of {@link SweepAxis.Param} (depth and width
     * first, σ_w², σ_b² and the scale after the initializer), with the seed network seed + repeat.
     */
    public NetworkSpec network(int cell, int repeat) {
        int[] at = at(cell);
        NetworkSpec net = network;
        for (SweepAxis.Param p : SweepAxis.Param.values()) {
            for (int a = 0; a < axes.size(); a++) {
                if (axes.get(a).param() == p) {
                    net = axes.get(a).apply(net, at[a]);
                }
            }
        }
        return net.withSeed(network.seed() + repeat);
    }

    /** The training settings of a cell (its learning rate, if an axis varies it); null without training. */
    public TrainSettings settings(int cell) {
        if (training == null) {
            return null;
        }
        int[] at = at(cell);
        TrainSettings s = training.settings();
        for (int a = 0; a < axes.size(); a++) {
            s = axes.get(a).apply(s, at[a]);
        }
        return s;
    }

    /** How a cell reads: "σ_w² = 1.76, depth = 20". */
    public String describe(int cell) {
        int[] at = at(cell);
        var parts = new ArrayList<String>();
        for (int a = 0; a < axes.size(); a++) {
            parts.add(axes.get(a).param().label() + " = " + axes.get(a).label(at[a]));
        }
        return String.join(", ", parts);
    }

    /** Everything a run of this sweep measures, in the order of the exports' columns. */
    public List<Measure> measures() {
        var out = new ArrayList<Measure>();
        for (Measure.Kind k : Measure.Kind.values()) {
            switch (k.group()) {
                case INIT -> out.add(Measure.of(k));
                case JACOBIAN -> {
                    if (jacobian) {
                        out.add(Measure.of(k));
                    }
                }
                case TRAINING -> {
                    if (training != null) {
                        out.add(Measure.of(k));
                    }
                }
                case CRITERION -> {
                    if (training != null && training.hasCriterion()) {
                        out.add(Measure.of(k));
                    }
                }
                case COORDINATES -> {
                    if (training != null && training.coordinates()) {
                        // the user's layers and the output layer, at every step
                        int layers = maxDepth() + 1;
                        for (int t = 1; t <= training.steps(); t++) {
                            for (int l = 1; l <= layers; l++) {
                                out.add(Measure.coordinate(l, t));
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return out;
    }

    /** The deepest network of the grid (coordinate measures are per layer). */
    private int maxDepth() {
        int max = 0;
        for (int c = 0; c < cells(); c++) {
            max = Math.max(max, network(c, 0).depth());
        }
        return max;
    }

    public SweepSpec withRepeats(int r) {
        return new SweepSpec(name, network, axes, r, jacobian, training);
    }

    public SweepSpec withAxes(List<SweepAxis> a) {
        return new SweepSpec(name, network, a, repeats, jacobian, training);
    }

    public SweepSpec withNetwork(NetworkSpec n) {
        return new SweepSpec(name, n, axes, repeats, jacobian, training);
    }

    public SweepSpec withTraining(Training t) {
        return new SweepSpec(name, network, axes, repeats, jacobian, t);
    }

    public SweepSpec withName(String n) {
        return new SweepSpec(n, network, axes, repeats, jacobian, training);
    }
}
