package org.policybot.retrieval.embed;

import java.io.DataInput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Vectors as the big-endian floats {@link java.io.DataOutputStream#writeFloat} writes, a whole
 * vector at a time: the vector files hold half a million vectors on a large corpus, and a call
 * per float made reading and writing them take seconds.
 */
public final class Floats {

    private Floats() {
    }

    /** The vector's bytes, as {@code writeFloat} would write them one by one. */
    public static byte[] bytes(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * Float.BYTES);
        buffer.asFloatBuffer().put(v);
        return buffer.array();
    }

    /** Reads {@code dims} floats written by {@link #bytes} (or by {@code writeFloat} one by one). */
    public static float[] read(DataInput in, int dims) throws IOException {
        byte[] bytes = new byte[dims * Float.BYTES];
        in.readFully(bytes);
        float[] v = new float[dims];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
        return v;
    }
}
