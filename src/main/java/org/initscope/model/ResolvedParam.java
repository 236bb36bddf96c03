package org.initscope.model;

/**
 * One parameter tensor of a layer with its initializer resolved: e.g. {@code weight_hh_l0} (4·20 × 20) of an LSTM.
 *
 * @param name   PyTorch's parameter name without the layer suffix: weight, bias, weight_ih, weight_hh, bias_ih, …
 * @param rows   rows of its 2-D view (size(0))
 * @param cols   columns of its 2-D view (numel/rows); 1 for a vector
 * @param blocks how many blocks of rows/blocks rows are drawn on their own (per-gate initialization), else 1
 * @param fans   the fans the initializer used (of one block when blocks > 1)
 */
public record ResolvedParam(String name, int rows, int cols, int blocks, Fans fans, ResolvedInit init) {
    public long count() {
        return (long) rows * cols;
    }

    public String shapeLabel() {
        return cols == 1 ? Integer.toString(rows) : rows + "×" + cols;
    }
}
