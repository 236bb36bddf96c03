package org.initscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 9: orthogonal_ flattens a conv weight (C_out, C_in/groups, kH, kW) to rows = C_out by cols =
 * numel/rows and draws orthonormal rows (or columns), so std = gain/√max(rows, cols). For an 8-channel 3×3 conv on
 * 4 channels that is 1/√max(8, 36) = 1/√36; the formula text used to call it max(fan_in, fan_out), while fan_out is
 * C_out·kH·kW = 72.
 */
class OrthogonalFormulaTest {

    @Test
    void theConvFormulaNamesTheFlattenedShape() {
        Fans fans = Fans.conv(4, 8, 1, 3, 3);
        assertEquals(72, fans.fanOut());
        ResolvedInit o = Initializers.convWeight(InitSpec.of(Scheme.ORTHOGONAL), fans,
                ActivationSpec.of(Activation.RELU), 1, 8, 4, 3, 3);
        assertEquals(1 / Math.sqrt(36), o.std(), 1e-15);
        assertTrue(o.formula().contains("8 × 36"), o.formula());
        assertTrue(o.formula().contains("max(8, 36)"), o.formula());
        assertTrue(o.formula().contains("1/√36"), o.formula());
        assertFalse(o.formula().contains("fan_out"), o.formula());
        // a dense layer (units × inputs): the same words, its rows are the units
        ResolvedInit d = Initializers.weight(InitSpec.of(Scheme.ORTHOGONAL, "gain", 2.0), Fans.dense(500, 300),
                ActivationSpec.of(Activation.TANH));
        assertTrue(d.formula().contains("300 × 500") && d.formula().contains("2/√500"), d.formula());
    }
}
