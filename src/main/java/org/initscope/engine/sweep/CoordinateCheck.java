package org.initscope.engine.sweep;

import java.util.ArrayList;
import java.util.List;
import org.initscope.data.DataSpec;
import org.initscope.engine.train.OptimizerSpec;
import org.initscope.model.Parameterization;
import org.initscope.engine.train.TrainSettings;
import org.initscope.model.Activation;
import org.initscope.model.ActivationSpec;
import org.initscope.model.DenseSpec;
import org.initscope.model.InitSpec;
import org.initscope.model.InputDistribution;
import org.initscope.model.InputSpec;
import org.initscope.model.NetworkSpec;
import org.initscope.model.Scheme;

/**
 * The coordinate check of Yang et al. (mup's {@code coord_check}) as a sweep: a ReLU MLP on the digits (64 inputs,
 * three hidden layers of width n, 10 classes), widths n = 2⁷ … 2¹², trained a few Adam steps in one
 * parametrization; the mean |z| of every layer (z its linear map's output, on the step's mini-batch) at every step.
 * In SP the coordinates after the first update grow with the width (an Adam step moves each weight by about the
 * learning rate, and n such moves add up in z); in μP they stay the same size.
 */
public final class CoordinateCheck {
    /** Steps recorded: step 1 is the forward pass before any update. */
    public static final int STEPS = 4;
    public static final double LEARNING_RATE = 0.01;
    public static final int BASE_WIDTH = 128;

    private CoordinateCheck() {
    }

    /** Widths 2^from … 2^to. */
    public static List<Object> widths(int fromExp, int toExp) {
        var out = new ArrayList<Object>();
        for (int e = fromExp; e <= toExp; e++) {
            out.add((double) (1 << e));
        }
        return out;
    }

    public static SweepSpec sweep(Parameterization.Kind kind, int fromExp, int toExp, int repeats) {
        var hidden = new DenseSpec(BASE_WIDTH, ActivationSpec.of(Activation.RELU), InitSpec.of(Scheme.KAIMING_NORMAL),
                DenseSpec.DEFAULT_BIAS, 3);
        var net = new NetworkSpec("coordinate check", 1, new InputSpec(64, 32, InputDistribution.NORMAL),
                List.of(hidden));
        var settings = new TrainSettings(DataSpec.of(DataSpec.Kind.DIGITS), OptimizerSpec.adam(LEARNING_RATE),
                Scheme.KAIMING_UNIFORM, 32);
        var training = new SweepSpec.Training(settings, STEPS, Double.NaN, STEPS, true,
                Parameterization.of(kind, BASE_WIDTH));
        return new SweepSpec("coordinate check, " + kind.label(), net, List.of(new SweepAxis(SweepAxis.Param.WIDTH,
                widths(fromExp, toExp))), repeats, false, training);
    }

    /**
     * The slope of log mean|z| against log width of layer {@code layer} (1-based; the output layer is the last) at
     * {@code step}: least squares over the widths, the coordinates averaged (geometrically) over the seeds.
     */
    public static double slope(SweepResult r, int layer, int step) {
        int m = r.indexOf(Measure.coordinate(layer, step));
        SweepAxis w = r.spec().axis(0);
        int n = w.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double x = Math.log(w.number(i));
            double y = Math.log(r.cell(i).summary(m, true).mean());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
