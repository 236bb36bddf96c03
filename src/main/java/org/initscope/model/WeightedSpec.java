package org.initscope.model;

/**
 * A layer with one weight tensor and a bias drawn by initializers, followed by an activation: dense and conv2d.
 * The inspector and "use on all layers" edit these the same way.
 */
public sealed interface WeightedSpec extends LayerSpec permits DenseSpec, Conv2dSpec {
    ActivationSpec activation();

    InitSpec init();

    InitSpec bias();

    /** Multiplies every weight the initializer draws (the scale slider). */
    double scale();

    WeightedSpec withActivation(ActivationSpec a);

    WeightedSpec withInit(InitSpec i);

    WeightedSpec withBias(InitSpec b);

    WeightedSpec withScale(double s);
}
