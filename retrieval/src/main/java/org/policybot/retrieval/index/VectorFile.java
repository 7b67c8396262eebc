package org.policybot.retrieval.index;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.policybot.retrieval.embed.PassageVectors;

/**
 * Passage and sentence vectors of one generation, in a file beside its Lucene index: loaded
 * whole into memory, because reranking reads every sentence vector of every candidate and
 * the vectors of a corpus of a few thousand passages fit in a few megabytes.
 */
final class VectorFile {

    static final String NAME = "vectors.bin";
    private static final int MAGIC = 0x50564531; // "PVE1"

    private VectorFile() {
    }

    static void write(Path generation, Map<String, PassageVectors> vectors) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(generation.resolve(NAME))))) {
            out.writeInt(MAGIC);
            out.writeInt(vectors.size());
            for (Map.Entry<String, PassageVectors> e : vectors.entrySet()) {
                out.writeUTF(e.getKey());
                writeVector(out, e.getValue().passage());
                float[][] sentences = e.getValue().sentences();
                out.writeInt(sentences.length);
                for (float[] s : sentences) {
                    writeVector(out, s);
                }
            }
        }
    }

    /** The vectors of a generation; empty when it was built without vectors. */
    static Map<String, PassageVectors> read(Path generation) throws IOException {
        Path file = generation.resolve(NAME);
        Map<String, PassageVectors> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a vector file: " + file);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                float[] passage = readVector(in);
                int n = in.readInt();
                if (n < 0 || n > 100_000) {
                    throw new IOException("bad sentence count " + n + " in " + file);
                }
                float[][] sentences = new float[n][];
                for (int s = 0; s < n; s++) {
                    sentences[s] = readVector(in);
                }
                out.put(id, new PassageVectors(passage, sentences));
            }
        } catch (EOFException e) {
            throw new IOException("truncated vector file " + file, e);
        }
        return out;
    }

    private static void writeVector(DataOutputStream out, float[] v) throws IOException {
        if (v == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(v.length);
        for (float f : v) {
            out.writeFloat(f);
        }
    }

    private static float[] readVector(DataInputStream in) throws IOException {
        int dims = in.readInt();
        if (dims < 0 || dims > 8192) {
            throw new IOException("bad dimension " + dims);
        }
        if (dims == 0) {
            return null;
        }
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = in.readFloat();
        }
        return v;
    }
}
