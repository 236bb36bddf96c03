package org.initscope.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.initscope.engine.Nd4jRuntime;
import org.initscope.engine.Quantity;
import org.initscope.engine.RecurrentTrace;
import org.initscope.engine.Sampler;
import org.initscope.engine.layers.Module;
import org.initscope.model.NormSpec;
import org.initscope.model.RecurrentSpec;
import org.initscope.model.ResolvedLayer;
import org.initscope.model.ResolvedNetwork;
import org.initscope.model.Shape;

/**
 * Any network of the explorer trained through its {@link Module}s — conv2d, maxpool2d, flatten, batchnorm, layernorm,
 * dense (plain or residual), rnn and lstm — whose forward and backward passes are the explorer's own. The resolved
 * network ends with the output layer (a linear dense layer, after a flatten when the last hidden layer gives an
 * image). Float32 on heap arrays, GEMMs on ND4J; the optimizer works on double heap copies ({@link Net.Param}).
 */
final class ModuleNet implements Net {
    private final ResolvedNetwork net;
    private final List<Module> modules = new ArrayList<>();
    private final int classes;
    private final int outputs;
    private final List<Param> params = new ArrayList<>();
    /** The live float32 array of each parameter of {@link #params}, in the same order. */
    private final List<float[]> live = new ArrayList<>();
    private int rows;
    private double[] out;
    private float[] inputGradient;

    /**
     * @param net     the whole network, output layer included, resolved with the data's input shape
     * @param classes classes per answer, or 0 for regression
     */
    ModuleNet(ResolvedNetwork net, int classes) {
        Nd4jRuntime.start();
        this.net = net;
        this.classes = classes;
        Sampler sampler = new Sampler();
        for (ResolvedLayer l : net.layers()) {
            Module m = Module.of(l);
            m.sample(sampler, net.seed());
            // one thread, as training's BLAS (Nd4jRuntime.setBlasThreads(1)): the other core draws
            m.threads(1);
            // a training pass's tensors are read before the next pass: the arrays serve pass after pass
            m.reuseBuffers(true);
            modules.add(m);
        }
        outputs = net.layers().get(net.depth() - 1).units();
        // the data need no gradient (the gradient checks ask for it: keepInputGradient)
        modules.get(0).computeInputGradient(false);
        for (int l = 0; l < modules.size(); l++) {
            Module m = modules.get(l);
            boolean norm = m.layer().spec() instanceof NormSpec;
            for (Map.Entry<String, float[]> e : m.parameters().entrySet()) {
                String name = e.getKey();
                float[] v = e.getValue();
                double[] heap = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    heap[i] = v[i];
                }
                boolean main = name.equals("weight") || name.equals("weight_hh");
                params.add(new Param(l, name, main, name.startsWith("weight") && !norm, heap, new double[v.length]));
                live.add(v);
            }
        }
    }

    ResolvedNetwork network() {
        return net;
    }

    Module module(int l) {
        return modules.get(l);
    }

    @Override
    public int layerCount() {
        return modules.size();
    }

    @Override
    public LayerInfo layer(int l) {
        ResolvedLayer r = modules.get(l).layer();
        boolean output = l == modules.size() - 1;
        return new LayerInfo(output, r.out().channels(), r.activation(), output ? "linear " + r.units()
                : r.spec().label());
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public double pass(float[] x, int rows, int[] labels, float[] targets, boolean backward, Module.Mode mode) {
        this.rows = rows;
        for (Module m : modules) {
            m.mode(mode);
        }
        float[] h = Module.forward(modules, x, rows, () -> false);
        out = new double[rows * outputs];
        for (int i = 0; i < out.length; i++) {
            out[i] = h[i];
        }
        double[] grad = backward ? new double[out.length] : null;
        double loss = Loss.of(out, rows, outputs, classes, labels, targets, grad);
        if (backward) {
            float[] g = new float[grad.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) grad[i];
            }
            inputGradient = Module.backward(modules, g, rows, () -> false);
        }
        return loss;
    }

    /** Compute ∂L/∂x too (for the gradient checks). */
    void keepInputGradient() {
        modules.get(0).computeInputGradient(true);
    }

    /** ∂L/∂x of the last backward pass (rows × input values), if asked for with {@link #keepInputGradient}. */
    float[] inputGradient() {
        return inputGradient;
    }

    @Override
    public double[] outputs() {
        return Loss.predictions(out, rows, outputs, classes);
    }

    @Override
    public float[] tensor(int l, Quantity q) {
        return modules.get(l).tensor(q);
    }

    @Override
    public int distinctUnits(int l) {
        Module m = modules.get(l);
        ResolvedLayer r = m.layer();
        if (r.spec() instanceof RecurrentSpec spec) {
            return distinctRecurrentUnits(m.parameters(), spec.hiddenSize(), spec.gates());
        }
        float[] w = m.tensor(Quantity.WEIGHTS);
        if (w == null || r.spec() instanceof NormSpec) {
            // no weights, or one scale and shift per feature: units are not interchangeable copies of each other
            return layer(l).units();
        }
        float[] b = m.tensor(Quantity.BIASES);
        return Trainer.distinctUnits(w, b, b.length, w.length / b.length);
    }

    /** A hidden unit of an rnn or lstm is its rows of weight_ih, weight_hh and bias_ih in every gate. */
    private static int distinctRecurrentUnits(Map<String, float[]> p, int hidden, int gates) {
        float[] wih = p.get("weight_ih");
        float[] whh = p.get("weight_hh");
        float[] bih = p.get("bias_ih");
        int in = wih.length / (gates * hidden);
        int width = gates * (in + hidden + 1);
        float[] rowsOfUnits = new float[hidden * width];
        for (int j = 0; j < hidden; j++) {
            int o = j * width;
            for (int g = 0; g < gates; g++) {
                int row = g * hidden + j;
                System.arraycopy(wih, row * in, rowsOfUnits, o, in);
                o += in;
                System.arraycopy(whh, row * hidden, rowsOfUnits, o, hidden);
                o += hidden;
                rowsOfUnits[o++] = bih[row];
            }
        }
        return Trainer.distinctUnits(rowsOfUnits, new float[hidden], hidden, width);
    }

    @Override
    public double deadUnitFraction(int l) {
        ResolvedLayer r = modules.get(l).layer();
        float[] a = tensor(l, Quantity.ACTIVATIONS);
        // a recurrent layer's activations are h_1…h_T, whatever it passes on
        Shape shape = r.spec() instanceof RecurrentSpec spec ? Shape.sequence(r.in().steps(), spec.hiddenSize())
                : r.out();
        return Module.deadUnits(a, rows, shape);
    }

    @Override
    public RecurrentTrace trace(int l) {
        return modules.get(l).trace();
    }

    @Override
    public List<Param> params() {
        return params;
    }

    @Override
    public void gradientsToHeap() {
        int k = 0;
        for (Module m : modules) {
            for (float[] g : m.parameterGradients().values()) {
                double[] dst = params.get(k++).grad();
                for (int i = 0; i < g.length; i++) {
                    dst[i] = g[i];
                }
            }
        }
    }

    @Override
    public void parametersToNative() {
        for (int k = 0; k < params.size(); k++) {
            double[] src = params.get(k).value();
            float[] dst = live.get(k);
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (float) src[i];
            }
        }
    }

    @Override
    public void close() {
        modules.clear();
    }
}
