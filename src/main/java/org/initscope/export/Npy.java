package org.initscope.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.initscope.engine.Parameters;

/**
 * NumPy's .npy format, version 1.0, for float32 arrays: the magic {@code \x93NUMPY}, version 1 0, the header
 * length (uint16, little-endian), the header dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (…), }}
 * padded with spaces and a newline so that magic + length + header is a multiple of 64 bytes, then the values as
 * little-endian float32 in C order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    /** The header dict (without padding): {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}. */
    static String dict(int[] shape) {
        var s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(i == 0 && shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        s.append(')');
        return "{'descr': '<f4', 'fortran_order': False, 'shape': " + s + ", }";
    }

    /** Magic, version, header length and the padded header: a multiple of 64 bytes. */
    public static byte[] header(int[] shape) {
        String dict = dict(shape);
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        var b = ByteBuffer.allocate(MAGIC.length + 2 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) h.length).put(h);
        return b.array();
    }

    /** Write one float32 array of the given shape (values in C order). */
    public static void write(OutputStream out, int[] shape, float[] values) throws IOException {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + values.length);
        }
        out.write(header(shape));
        var b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (b.remaining() < 4) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            b.putFloat(v);
        }
        out.write(b.array(), 0, b.position());
    }

    /** Write one .npy file atomically. */
    public static void write(Path file, int[] shape, float[] values) throws IOException {
        AtomicFiles.write(file, out -> write(out, shape, values));
    }

    /** {@code layer01_weight.npy}: the layer number zero-padded to the digits of the depth (at least two). */
    public static String fileName(int layer, int depth, String parameter) {
        int digits = Math.max(2, Integer.toString(depth).length());
        return "layer" + String.format(Locale.ROOT, "%0" + digits + "d", layer) + "_" + parameter + ".npy";
    }

    /** Write every parameter of every layer into {@code dir}, one file each; returns the files written. */
    public static List<Path> writeAll(Path dir, List<List<Parameters.Tensor>> layers) throws IOException {
        var written = new ArrayList<Path>();
        for (int l = 0; l < layers.size(); l++) {
            for (Parameters.Tensor t : layers.get(l)) {
                Path f = dir.resolve(fileName(l + 1, layers.size(), t.name()));
                write(f, t.shape(), t.values());
                written.add(f);
            }
        }
        return written;
    }
}
