package org.policybot.bot.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.policybot.bot.api.UsageException;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.embed.Q15;

/**
 * The embedding model with the vectors of one training run kept in a file, so that fitting
 * again sees the same vectors on any machine. The quantized model's integer kernels differ
 * between processors (with and without AVX-512 VNNI, say), and the differences, small as they
 * are, move thresholds fitted on a few hundred questions.
 *
 * <p>A text found in the file takes its recorded vector; any other is embedded and recorded.
 * Every vector handed out, recorded or new, has been through the file's form ({@link Q15}, as
 * the index keeps its vectors), so a run that records a vector fits on exactly what a
 * later run reads back. {@link #write} keeps the vectors this run used and no others.
 *
 * <p>The file: {@code PBVECS1} and a line feed, the model's name, the dimensions and the count, then per
 * vector its kind ({@code P} passage, {@code Q} query), the first 16 bytes of the SHA-256 of
 * its text in UTF-8, and its components; records in key order, so equal runs write equal files.
 */
public final class RecordedVectors implements Embedder {

    private static final byte[] MAGIC = "PBVECS1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 16;

    private final Embedder model;
    private final Map<String, float[]> recorded;
    private final Map<String, float[]> used = new ConcurrentHashMap<>();
    private final AtomicInteger embedded = new AtomicInteger();

    private RecordedVectors(Embedder model, Map<String, float[]> recorded) {
        this.model = model;
        this.recorded = recorded;
    }

    /** The vectors in {@code file} (none when it does not exist) in front of {@code model}. */
    public static RecordedVectors open(Path file, Embedder model) {
        Map<String, float[]> recorded = new ConcurrentHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new UsageException(file + " is not a file of recorded vectors");
            }
            String name = in.readUTF();
            int dimensions = in.readInt();
            int count = in.readInt();
            if (!name.equals(model.name()) || dimensions != model.dimensions()) {
                // Vectors of another model: useless here, and the run records its own.
                return new RecordedVectors(model, recorded);
            }
            byte[] key = new byte[KEY_BYTES];
            for (int i = 0; i < count; i++) {
                char kind = (char) in.readByte();
                in.readFully(key);
                recorded.put(kind + HexFormat.of().formatHex(key), Q15.floats(Q15.read(in, dimensions)));
            }
            if (in.read() >= 0) {
                throw new UsageException(file + " has bytes after its " + count + " vectors: run 'chatbot train' again");
            }
        } catch (NoSuchFileException e) {
            return new RecordedVectors(model, recorded);
        } catch (EOFException e) {
            throw new UsageException(file + " is cut short: run 'chatbot train' again");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        return new RecordedVectors(model, recorded);
    }

    /** How many texts this run embedded because the file did not have them. */
    public int embedded() {
        return embedded.get();
    }

    /** SHA-256 of the file {@link #write} writes now: which vectors the run was fitted on. */
    public String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
            writeTo(out);
        } catch (IOException e) {
            throw new IllegalStateException("hashing in memory failed", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Writes the vectors this run used, replacing {@code file} whole. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
                writeTo(out);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void writeTo(DataOutputStream out) throws IOException {
        Map<String, float[]> sorted = new TreeMap<>(used);
        out.write(MAGIC);
        out.writeUTF(model.name());
        out.writeInt(model.dimensions());
        out.writeInt(sorted.size());
        for (Map.Entry<String, float[]> e : sorted.entrySet()) {
            out.writeByte(e.getKey().charAt(0));
            out.write(HexFormat.of().parseHex(e.getKey(), 1, e.getKey().length()));
            out.write(Q15.bytes(Q15.of(e.getValue())));
        }
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        List<Integer> missing = new ArrayList<>();
        List<String> missingTexts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] v = lookUp('P', texts.get(i));
            out.add(v);
            if (v == null) {
                missing.add(i);
                missingTexts.add(texts.get(i));
            }
        }
        if (!missingTexts.isEmpty()) {
            List<float[]> fresh = model.embedPassages(missingTexts);
            for (int j = 0; j < fresh.size(); j++) {
                out.set(missing.get(j), record('P', missingTexts.get(j), fresh.get(j)));
            }
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        float[] v = lookUp('Q', query);
        return v != null ? v : record('Q', query, model.embedQuery(query));
    }

    private float[] lookUp(char kind, String text) {
        String key = key(kind, text);
        float[] v = recorded.get(key);
        if (v != null) {
            used.put(key, v);
        }
        return v;
    }

    private float[] record(char kind, String text, float[] vector) {
        float[] v = Q15.floats(Q15.of(vector));
        String key = key(kind, text);
        embedded.incrementAndGet();
        recorded.put(key, v);
        used.put(key, v);
        return v;
    }

    private static String key(char kind, String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return kind + HexFormat.of().formatHex(hash, 0, KEY_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
