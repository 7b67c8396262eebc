package org.policybot.retrieval.embed;

import java.io.DataInput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Vectors kept in 16 bits a value as signed fixed-point numbers with 15 fraction bits (the Q15
 * format: value = n / 32767), so the passage and sentence vectors of a large corpus take half the
 * memory and disk of floats. The embedder's vectors are unit length, so every component lies in
 * [-1, 1] and is kept to within 1/65534; a cosine of 512-value vectors moves by about 10^-5.
 * A 16-bit float (bfloat16, 8 bits of mantissa) was tried first: its cosines moved several
 * times as far, enough to move a few questions across the fitted answer threshold.
 */
public final class Q15 {

    private static final float ONE = 32767f;

    private Q15() {
    }

    /** The value rounded to the nearest step of 1/32767, clamped to [-1, 1]. */
    public static short of(float f) {
        if (!(f > -1f)) {
            // below -1, and NaN, which no unit vector holds
            return f <= -1f ? (short) -32767 : 0;
        }
        return (short) Math.round(Math.min(1f, f) * ONE);
    }

    /** The float a 16-bit value stands for. */
    public static float toFloat(short h) {
        return h / ONE;
    }

    /** A vector rounded to 16 bits a value; null stays null. */
    public static short[] of(float[] v) {
        if (v == null) {
            return null;
        }
        short[] out = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = of(v[i]);
        }
        return out;
    }

    /** The floats of a 16-bit vector; null stays null. */
    public static float[] floats(short[] h) {
        if (h == null) {
            return null;
        }
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = toFloat(h[i]);
        }
        return out;
    }

    /** The dot product of a float vector with a 16-bit one (their cosine when both are unit length); 0 when either is missing. */
    public static double dot(float[] q, short[] h) {
        if (q == null || h == null || q.length != h.length) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < q.length; i++) {
            dot += q[i] * h[i];
        }
        return dot / ONE;
    }

    /** The vector's bytes, big-endian, two a value. */
    public static byte[] bytes(short[] h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.length * Short.BYTES);
        buffer.asShortBuffer().put(h);
        return buffer.array();
    }

    /** Reads {@code dims} values written by {@link #bytes}. */
    public static short[] read(DataInput in, int dims) throws IOException {
        byte[] bytes = new byte[dims * Short.BYTES];
        in.readFully(bytes);
        short[] v = new short[dims];
        ByteBuffer.wrap(bytes).asShortBuffer().get(v);
        return v;
    }
}
