package org.policybot.retrieval.index;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.policybot.retrieval.embed.Floats;
import org.policybot.retrieval.embed.Q15;
import org.policybot.retrieval.embed.PassageVectors;

/**
 * Passage and sentence vectors of one generation, in a file beside its Lucene index: loaded
 * whole into memory, because reranking reads every sentence vector of every candidate and
 * the vectors of a corpus of a few thousand passages fit in a few megabytes. The file ends
 * with a CRC-32 of what comes before it, as Lucene's files end with theirs, so a damaged or
 * truncated file is refused when the generation is opened ("PVE1" files, written before the
 * checksum, are read without one). Values take 16 bits ({@link Q15}); files of 32-bit floats
 * ("PVE1", "PVE2") are read and rounded.
 */
final class VectorFile {

    static final String NAME = "vectors.bin";
    private static final int MAGIC = 0x50564533; // "PVE3": 16 bits a value, with the checksum
    private static final int MAGIC_FLOATS = 0x50564532; // "PVE2": 32-bit floats, with the checksum
    private static final int MAGIC_UNCHECKED = 0x50564531; // "PVE1": 32-bit floats

    private VectorFile() {
    }

    static void write(Path generation, Map<String, PassageVectors> vectors) throws IOException {
        Path file = generation.resolve(NAME);
        CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), new CRC32());
        try (DataOutputStream out = new DataOutputStream(checked)) {
            out.writeInt(MAGIC);
            out.writeInt(vectors.size());
            for (Map.Entry<String, PassageVectors> e : vectors.entrySet()) {
                out.writeUTF(e.getKey());
                writeVector(out, e.getValue().passage());
                short[][] sentences = e.getValue().sentences();
                out.writeInt(sentences.length);
                for (short[] s : sentences) {
                    writeVector(out, s);
                }
            }
            out.writeInt((int) checked.getChecksum().getValue());
        }
        // On disk before CURRENT names the generation, as Lucene's commit is.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** The vectors of a generation built with vectors; a missing, damaged or truncated file fails. */
    static Map<String, PassageVectors> read(Path generation) throws IOException {
        Path file = generation.resolve(NAME);
        Map<String, PassageVectors> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            throw new IOException("the vector file " + file + " is missing");
        }
        CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(Files.newInputStream(file)), new CRC32());
        try (DataInputStream in = new DataInputStream(checked)) {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_FLOATS && magic != MAGIC_UNCHECKED) {
                throw new IOException("not a vector file: " + file);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                boolean fixed = magic == MAGIC;
                short[] passage = readVector(in, fixed);
                int n = in.readInt();
                if (n < 0 || n > 100_000) {
                    throw new IOException("bad sentence count " + n + " in " + file);
                }
                short[][] sentences = new short[n][];
                for (int s = 0; s < n; s++) {
                    sentences[s] = readVector(in, fixed);
                }
                out.put(id, new PassageVectors(passage, sentences));
            }
            if (magic != MAGIC_UNCHECKED) {
                int computed = (int) checked.getChecksum().getValue();
                if (in.readInt() != computed || in.read() >= 0) {
                    throw new IOException("the vector file " + file + " is damaged (checksum mismatch)");
                }
            }
        } catch (EOFException e) {
            throw new IOException("truncated vector file " + file, e);
        }
        return out;
    }

    private static void writeVector(DataOutputStream out, short[] v) throws IOException {
        if (v == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(v.length);
        out.write(Q15.bytes(v));
    }

    private static short[] readVector(DataInputStream in, boolean fixed) throws IOException {
        int dims = in.readInt();
        if (dims < 0 || dims > 8192) {
            throw new IOException("bad dimension " + dims);
        }
        if (dims == 0) {
            return null;
        }
        return fixed ? Q15.read(in, dims) : Q15.of(Floats.read(in, dims));
    }
}
