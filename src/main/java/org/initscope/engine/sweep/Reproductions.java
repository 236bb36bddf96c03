package org.initscope.engine.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.initscope.data.CsvException;
import org.initscope.data.DataSpec;
import org.initscope.engine.MeanField;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.model.NetworkEdits;
import org.initscope.model.Parameterization;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.Fmt;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;

/**
 * The classic results about initialization, reproduced as sweeps with a pass/fail check of the number each paper is
 * known for. Each names its setup, what was reduced from the paper's (data, width, depth, steps) and why, and
 * checks its numbers at a fixed seed: the same numbers on every run on every machine (the sweep's numbers do not
 * depend on the number of workers).
 */
public final class Reproductions {
    private Reproductions() {
    }

    /** One checked number: what the paper claims, the number measured here, and whether it holds. */
    public record Check(String claim, String measured, boolean passed) {
    }

    /** What a reproduction measured: its sweeps' results and its checks. */
    public record Outcome(Reproduction reproduction, List<SweepResult> results, List<Check> checks, double seconds) {
        public boolean passed() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
        }
    }

    /** Runs the sweeps of a reproduction and checks them. */
    interface Body {
        Outcome run(Reproduction r, Runner runner) throws CsvException;
    }

    /** Runs one sweep of a reproduction (on every core; cancellable; reporting progress). */
    public interface Runner {
        SweepResult run(SweepSpec spec) throws CsvException;
    }

    /**
     * A built-in experiment.
     *
     * @param id      its name for {@code reproduce NAME}
     * @param paper   the paper
     * @param claim   what the paper is known for, in a sentence
     * @param reduced what is reduced from the paper's setup here, and why
     */
    public record Reproduction(String id, String title, String paper, String claim, String reduced, Body body) {
        /** Run it: its sweeps one after the other through {@code runner}. */
        public Outcome run(Runner runner) throws CsvException {
            long t0 = System.nanoTime();
            Outcome o = body.run(this, runner);
            return new Outcome(this, o.results(), o.checks(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** A runner on every core with no progress (tests). */
    public static Runner simple(BooleanSupplier cancelled) {
        return spec -> SweepRunner.run(spec, SweepPlan.of(spec, 0, 0).check(), (s, d, n) -> { }, cancelled);
    }

    public static List<Reproduction> all() {
        return List.of(glorot(), he(), schoenholz(), saxe(), pennington(), coordinateCheck());
    }

    public static Optional<Reproduction> byId(String id) {
        return all().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return all().stream().map(Reproduction::id).toList();
    }

    // ---- helpers ----

    static NetworkSpec dense(String name, int features, int batch, int width, int depth, Activation act,
            InitSpec init) {
        var layer = new DenseSpec(width, ActivationSpec.of(act), init, DenseSpec.DEFAULT_BIAS, depth);
        return new NetworkSpec(name, 1, new InputSpec(features, batch, InputDistribution.NORMAL), List.of(layer));
    }

    static String sig(double v) {
        return Fmt.sig(v, 3);
    }

    static double value(SweepResult r, int cell, Measure.Kind k) {
        return r.cell(cell).summary(r.indexOf(k), Measure.of(k).log()).mean();
    }

    static Check check(String claim, String measured, boolean passed) {
        return new Check(claim, measured, passed);
    }

    // ---- the papers ----

    /** Glorot &amp; Bengio 2010: 5 × 1000 tanh, "standard" U(±1/√n) against "normalized" (xavier_uniform). */
    static Reproduction glorot() {
        return new Reproduction("glorot2010", "Glorot & Bengio 2010: standard against normalized initialization",
                "X. Glorot, Y. Bengio, Understanding the difficulty of training deep feedforward neural networks, "
                        + "AISTATS 2010",
                "with the \"standard\" U(±1/√n) initialization (Var[W] = 1/(3n)) the activations' and the "
                        + "back-propagated gradients' std shrink layer after layer in a 5 × 1000 tanh network; with the "
                        + "\"normalized\" U(±√6/√(n_in + n_out)) they keep their size",
                "the network as in the paper (5 layers of 1000 tanh units); a standard normal input batch of 256 "
                        + "instead of Shapeset images: the paper's histograms are at initialization, where only the "
                        + "input's scale matters; 3 seeds",
                (r, runner) -> {
                    var net = dense("glorot", 1000, 256, 1000, 5, Activation.TANH, InitSpec.of(Scheme.XAVIER_UNIFORM));
                    // torch.nn.Linear's default, kaiming_uniform(a = √5), is exactly U(±1/√fan_in)
                    InitSpec standard = InitSpec.of(Scheme.KAIMING_UNIFORM, "a", Math.sqrt(5));
                    InitSpec normalized = InitSpec.of(Scheme.XAVIER_UNIFORM, "gain", 1.0);
                    var spec = new SweepSpec("Glorot & Bengio 2010", net, List.of(new SweepAxis(SweepAxis.Param.INIT,
                            List.of(standard, normalized))), 3, false, null);
                    SweepResult res = runner.run(spec);
                    // per-layer factors: the geometric mean over the 4 steps from layer 1 to layer 5
                    double aStd = Math.pow(value(res, 0, Measure.Kind.ACTIVATION_STD_RATIO), 0.25);
                    double aNorm = Math.pow(value(res, 1, Measure.Kind.ACTIVATION_STD_RATIO), 0.25);
                    double gStd = Math.pow(value(res, 0, Measure.Kind.GRADIENT_STD_RATIO), 0.25);
                    double gNorm = Math.pow(value(res, 1, Measure.Kind.GRADIENT_STD_RATIO), 0.25);
                    double third = 1 / Math.sqrt(3);
                    return new Outcome(r, List.of(res), List.of(
                            check("standard: the activations' std shrinks by n·Var[W] = 1/3 in variance, a factor "
                                    + "1/√3 = 0.577 per layer in std (within 10 %)", sig(aStd) + " per layer",
                                    Math.abs(aStd / third - 1) < 0.1),
                            check("normalized: the activations keep at least 0.8 of their std per layer (n·Var[W] "
                                    + "= 1; tanh's curvature takes the rest)", sig(aNorm) + " per layer", aNorm >= 0.8),
                            check("standard: the back-propagated gradients' std shrinks by a factor below 0.6 per "
                                    + "layer towards the input", sig(gStd) + " per layer", gStd < 0.6),
                            check("normalized: the gradients keep more than 0.75 of their std per layer",
                                    sig(gNorm) + " per layer", gNorm > 0.75)), 0);
                });
    }

    /** He et al. 2015: a deep ReLU net learns with He's initialization and stalls with Xavier's. */
    static Reproduction he() {
        return new Reproduction("he2015", "He et al. 2015: deep ReLU nets need the factor 2",
                "K. He, X. Zhang, S. Ren, J. Sun, Delving deep into rectifiers, ICCV 2015",
                "a 30-layer ReLU network initialized with Var[W] = 2/fan_in (kaiming) learns; with Xavier's "
                        + "1/fan_avg the signal halves at every layer and it stalls",
                "a 30-layer ReLU MLP 64 wide on the 8×8 digits (the paper: a 30-layer conv net on ImageNet), "
                        + "300 SGD steps at lr 0.02, batch 32: the contrast is qualitative, as in the paper's "
                        + "Figure 3",
                (r, runner) -> {
                    var net = dense("he", 64, 32, 64, 30, Activation.RELU, InitSpec.of(Scheme.KAIMING_NORMAL));
                    var settings = new TrainSettings(DataSpec.of(DataSpec.Kind.DIGITS), OptimizerSpec.sgd(0.02),
                            Scheme.XAVIER_UNIFORM, 32);
                    var spec = new SweepSpec("He et al. 2015", net, List.of(new SweepAxis(SweepAxis.Param.INIT,
                            List.of(InitSpec.of(Scheme.KAIMING_NORMAL), InitSpec.of(Scheme.XAVIER_NORMAL,
                                    "gain", 1.0)))), 2, false, new SweepSpec.Training(settings, 300));
                    SweepResult res = runner.run(spec);
                    double he = value(res, 0, Measure.Kind.TEST_ACCURACY);
                    double xavier = value(res, 1, Measure.Kind.TEST_ACCURACY);
                    double lastXavier = value(res, 1, Measure.Kind.LAST_STD);
                    return new Outcome(r, List.of(res), List.of(
                            check("kaiming_normal learns: test accuracy above 0.4 (four times chance) in 300 steps", sig(he),
                                    he > 0.4),
                            check("xavier_normal stalls: test accuracy below 0.3 (chance 0.1)", sig(xavier),
                                    xavier < 0.3),
                            check("xavier_normal: the last layer's activation std at initialization below 1e-3 "
                                    + "(halved 30 times)", sig(lastXavier), lastXavier < 1e-3)), 0);
                });
    }

    /** Poole et al. 2016 / Schoenholz et al. 2017: χ₁ = 1 and the trainable depth 6ξ_c. */
    static Reproduction schoenholz() {
        return new Reproduction("schoenholz2017", "Poole et al. 2016, Schoenholz et al. 2017: the edge of chaos",
                "B. Poole et al., Exponential expressivity in deep neural networks through transient chaos, NIPS "
                        + "2016; S. Schoenholz et al., Deep information propagation, ICLR 2017",
                "χ₁ = 1 separates ordered from chaotic networks (tanh at σ_b² = 0.05: σ_w² ≈ 1.76), and networks "
                        + "train only up to a depth of about 6ξ_c",
                "χ₁ from 512-wide tanh networks of 16 layers (the paper's theory is for infinite width; the "
                        + "measured crossing moves by about 5/width); the trainable-depth map on the digits with "
                        + "tanh networks 64 wide, 300 SGD steps at lr 0.01 (the paper: MNIST, width 300, many "
                        + "more steps), which shrinks the trainable region but keeps its shape",
                (r, runner) -> {
                    var tanh = dense("tanh", 512, 128, 512, 16, Activation.TANH, InitSpec.of(Scheme.XAVIER_NORMAL));
                    var chiSpec = new SweepSpec("χ₁ at σ_b² = 0.05", tanh, List.of(SweepAxis.range(
                            SweepAxis.Param.SIGMA_W2, 1.4, 2.2, 9, false), new SweepAxis(SweepAxis.Param.SIGMA_B2,
                            List.of(0.05))), 2, false, null);
                    SweepResult chi = runner.run(chiSpec);
                    double crossing = chiCrossing(chi);
                    double theory = MeanField.criticalWeightVariance(ActivationSpec.of(Activation.TANH), 0.05);
                    var net = dense("tanh", 64, 32, 64, 10, Activation.TANH, InitSpec.of(Scheme.XAVIER_NORMAL));
                    var settings = new TrainSettings(DataSpec.of(DataSpec.Kind.DIGITS), OptimizerSpec.sgd(0.01),
                            Scheme.XAVIER_UNIFORM, 32);
                    var depthSpec = new SweepSpec("trainable depth", NetworkEdits.sigmaB2(net,
                            0.05), List.of(new SweepAxis(SweepAxis.Param.SIGMA_W2, List.of(0.5, 1.0, 1.5, 1.76, 2.5,
                            4.0)), new SweepAxis(SweepAxis.Param.DEPTH, List.of(5.0, 10.0, 20.0, 40.0))), 1, false,
                            new SweepSpec.Training(settings, 300));
                    SweepResult depth = runner.run(depthSpec);
                    // agreement with the rule: a cell trains (test accuracy > 0.5) iff depth ≤ 6ξ_c
                    int agree = 0;
                    int cells = depth.spec().cells();
                    ActivationSpec act = ActivationSpec.of(Activation.TANH);
                    for (int c = 0; c < cells; c++) {
                        int[] at = depth.spec().at(c);
                        double sw2 = depth.spec().axis(0).number(at[0]);
                        double d = depth.spec().axis(1).number(at[1]);
                        double q = MeanField.fixedPoint(act, sw2, 0.05);
                        double xi = MeanField.depthScales(act, sw2, 0.05, q).xiC();
                        boolean predicted = !(d > 6 * xi);
                        boolean trained = value(depth, c, Measure.Kind.TEST_ACCURACY) > 0.5;
                        if (predicted == trained) {
                            agree++;
                        }
                    }
                    double share = (double) agree / cells;
                    return new Outcome(r, List.of(chi, depth), List.of(
                            check(String.format(Locale.ROOT, "the measured χ₁ = 1 crossing within 5 %% of the mean "
                                    + "field's σ_w² = %s", sig(theory)), String.format(Locale.ROOT, "%s (%+.1f %%)",
                                    sig(crossing), 100 * (crossing / theory - 1)),
                                    Math.abs(crossing / theory - 1) < 0.05),
                            check("the cells that train (test accuracy > 0.5) are those with depth ≤ 6ξ_c, in at "
                                    + "least 80 % of the cells", String.format(Locale.ROOT, "%d of %d cells", agree,
                                    cells), share >= 0.8)), 0);
                });
    }

    /** σ_w² where the measured χ₁ crosses 1 (linear between the two cells around it), NaN when it does not. */
    public static double chiCrossing(SweepResult r) {
        SweepAxis x = r.spec().axis(0);
        int chi = r.indexOf(Measure.Kind.CHI1);
        double prevX = Double.NaN;
        double prevY = Double.NaN;
        for (int i = 0; i < x.size(); i++) {
            double y = Math.log(r.cell(i).summary(chi, true).mean());
            double xi = x.number(i);
            if (i > 0 && prevY < 0 && y >= 0) {
                return prevX + (xi - prevX) * (0 - prevY) / (y - prevY);
            }
            prevX = xi;
            prevY = y;
        }
        return Double.NaN;
    }

    /** Saxe et al. 2014: deep linear nets learn in a depth-independent time from orthogonal initializations. */
    static Reproduction saxe() {
        return new Reproduction("saxe2014", "Saxe et al. 2014: deep linear networks, orthogonal against Gaussian",
                "A. Saxe, J. McClelland, S. Ganguli, Exact solutions to the nonlinear dynamics of learning in deep "
                        + "linear neural networks, ICLR 2014",
                "from orthogonal initial weights a deep linear network learns in a time that does not grow with "
                        + "its depth; from scaled Gaussian weights the time grows with the depth",
                "linear networks 32 wide on the digits (the paper: MNIST, width 1000) with depths 2 to 32, SGD at "
                        + "one lr 0.01 for every depth (the paper tunes it per depth; with one rate a deeper "
                        + "orthogonal net even learns faster, as its step adds up over the layers), epochs until "
                        + "the training loss reaches 0.5: the same contrast at a size that runs in seconds",
                (r, runner) -> {
                    var net = dense("linear", 64, 32, 32, 2, Activation.LINEAR, InitSpec.of(Scheme.ORTHOGONAL));
                    var settings = new TrainSettings(DataSpec.of(DataSpec.Kind.DIGITS), OptimizerSpec.sgd(0.01),
                            Scheme.XAVIER_UNIFORM, 32);
                    var depths = List.<Object>of(2.0, 4.0, 8.0, 16.0, 32.0);
                    var training = new SweepSpec.Training(settings, 3000, 0.5, 10, false);
                    var spec = new SweepSpec("Saxe et al. 2014", net, List.of(new SweepAxis(SweepAxis.Param.DEPTH,
                            depths), new SweepAxis(SweepAxis.Param.INIT, List.of(InitSpec.of(Scheme.ORTHOGONAL,
                            "gain", 1.0), InitSpec.of(Scheme.LECUN_NORMAL)))), 1, false, training);
                    SweepResult res = runner.run(spec);
                    double[] orth = new double[depths.size()];
                    double[] gauss = new double[depths.size()];
                    for (int i = 0; i < depths.size(); i++) {
                        orth[i] = value(res, spec.cell(i, 0), Measure.Kind.EPOCHS_TO_CRITERION);
                        gauss[i] = value(res, spec.cell(i, 1), Measure.Kind.EPOCHS_TO_CRITERION);
                    }
                    int last = depths.size() - 1;
                    double gapShallow = gauss[0] / orth[0];
                    double gapDeep = gauss[last] / orth[last];
                    return new Outcome(r, List.of(res), List.of(
                            check("orthogonal: the epochs to the criterion do not grow with depth (depth 32 at most "
                                    + "as many as depth 2)", sig(orth[0]) + " → " + sig(orth[last]) + " epochs",
                                    orth[last] <= orth[0]),
                            check("Gaussian against orthogonal: about the same at depth 2 (within 1.5×)",
                                    "×" + sig(gapShallow) + " (" + sig(gauss[0]) + " against " + sig(orth[0])
                                            + " epochs)", gapShallow < 1.5),
                            check("Gaussian against orthogonal: at least 3× slower at depth 32",
                                    Double.isNaN(gauss[last]) ? "the Gaussian never reached it in 3,000 steps"
                                            : "×" + sig(gapDeep) + " (" + sig(gauss[last]) + " against "
                                            + sig(orth[last]) + " epochs)", Double.isNaN(gauss[last])
                                            || gapDeep >= 3)), 0);
                });
    }

    /** Pennington et al. 2017: the Jacobian's spectrum at criticality, orthogonal against Gaussian. */
    static Reproduction pennington() {
        return new Reproduction("pennington2017", "Pennington et al. 2017: dynamical isometry",
                "J. Pennington, S. Schoenholz, S. Ganguli, Resurrecting the sigmoid in deep learning through "
                        + "dynamical isometry, NIPS 2017",
                "at criticality the input–output Jacobian of a tanh network with orthogonal weights keeps its "
                        + "singular values near 1 at any depth (dynamical isometry); with Gaussian weights their "
                        + "spread grows with the depth",
                "tanh networks 128 wide (the paper: 1000) at σ_w² = 1.05, σ_b² = 2.01e-5 (near the edge of chaos "
                        + "where q* is small), depths 4 to 64, the Jacobian at one example; 2 seeds",
                (r, runner) -> {
                    double sw2 = 1.05;
                    double sb2 = 2.01e-5;
                    var depths = List.<Object>of(4.0, 8.0, 16.0, 32.0, 64.0);
                    var results = new ArrayList<SweepResult>();
                    double[][] spread = new double[2][depths.size()];
                    int k = 0;
                    for (InitSpec init : List.of(InitSpec.of(Scheme.ORTHOGONAL, "gain", Math.sqrt(sw2)),
                            InitSpec.of(Scheme.NORMAL, "std", Math.sqrt(sw2 / 128)))) {
                        var net = NetworkEdits.sigmaB2(dense("tanh", 128, 64, 128, 4,
                                Activation.TANH, init), sb2);
                        var spec = new SweepSpec("Pennington et al. 2017, " + init.scheme().id(), net, List.of(
                                new SweepAxis(SweepAxis.Param.DEPTH, depths)), 2, true, null);
                        SweepResult res = runner.run(spec);
                        results.add(res);
                        for (int i = 0; i < depths.size(); i++) {
                            spread[k][i] = value(res, i, Measure.Kind.JACOBIAN_VAR_S2);
                        }
                        k++;
                    }
                    int last = depths.size() - 1;
                    double ratio = spread[1][last] / spread[0][last];
                    double growth = spread[1][last] / spread[1][0];
                    double orthGrowth = spread[0][last] / spread[0][0];
                    return new Outcome(r, results, List.of(
                            check("Gaussian: Var[s²]/(mean s²)² grows with depth, ×8 or more from depth 4 to 64",
                                    "×" + sig(growth) + " (" + sig(spread[1][0]) + " → " + sig(spread[1][last]) + ")",
                                    growth >= 8),
                            check("orthogonal: the spread at depth 64 below a fifth of the Gaussian's",
                                    sig(spread[0][last]) + " against " + sig(spread[1][last]) + " (×" + sig(ratio) + ")",
                                    ratio >= 5),
                            check("orthogonal: the spread grows less than the Gaussian's from depth 4 to 64",
                                    "×" + sig(orthGrowth) + " against ×" + sig(growth), orthGrowth < growth)), 0);
                });
    }

    /** The μP coordinate check (Yang &amp; Hu 2021; mup's coord_check). */
    static Reproduction coordinateCheck() {
        return new Reproduction("coord-check", "Yang & Hu 2021: the coordinate check, SP against μP",
                "G. Yang, E. Hu, Tensor Programs IV: Feature learning in infinite-width neural networks, ICML 2021; "
                        + "G. Yang et al., Tensor Programs V (μTransfer), 2022; microsoft/mup coord_check",
                "after a few Adam steps the coordinates (mean |z| of a layer) of a network in the standard "
                        + "parametrization grow with the width; in μP they stay the same size",
                "ReLU MLPs (3 hidden layers) on the digits, widths 2⁷ … 2¹², 4 Adam steps at lr 0.01, batch 32, "
                        + "2 seeds — mup's own check uses a few steps too",
                (r, runner) -> {
                    SweepResult sp = runner.run(CoordinateCheck.sweep(Parameterization.Kind.SP, 7, 12, 2));
                    SweepResult mup = runner.run(CoordinateCheck.sweep(Parameterization.Kind.MUP, 7, 12, 2));
                    int out = 4;
                    int t = CoordinateCheck.STEPS;
                    double spOut = CoordinateCheck.slope(sp, out, t);
                    double mupOut = CoordinateCheck.slope(mup, out, t);
                    double spHidden = CoordinateCheck.slope(sp, 3, t);
                    double mupHidden = CoordinateCheck.slope(mup, 3, t);
                    return new Outcome(r, List.of(sp, mup), List.of(
                            check("SP: the output layer's mean |z| at step 4 grows with the width: slope on log-log "
                                    + "axes above 0.5", sig(spOut), spOut > 0.5),
                            check("μP: the same slope between −0.15 and 0.15 (flat)", sig(mupOut),
                                    Math.abs(mupOut) < 0.15),
                            check("SP: the last hidden layer's slope above 0.3", sig(spHidden), spHidden > 0.3),
                            check("μP: the last hidden layer's slope between −0.15 and 0.15", sig(mupHidden),
                                    Math.abs(mupHidden) < 0.15)), 0);
                });
    }

    /** The outcome as text: the experiment, its setup and what was reduced, then each check. */
    public static String report(Outcome o) {
        var sb = new StringBuilder();
        Reproduction r = o.reproduction();
        String nl = System.lineSeparator();
        sb.append(r.title()).append(nl).append("  ").append(r.paper()).append(nl);
        sb.append("  claim: ").append(r.claim()).append(nl);
        sb.append("  here: ").append(r.reduced()).append(nl);
        for (Check c : o.checks()) {
            sb.append(c.passed() ? "  PASS  " : "  FAIL  ").append(c.claim()).append(": ").append(c.measured())
                    .append(nl);
        }
        sb.append(String.format(Locale.ROOT, "  %s in %.1f s%n", o.passed() ? "reproduced" : "NOT reproduced",
                o.seconds()));
        return sb.toString();
    }
}
