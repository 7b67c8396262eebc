package org.policybot.retrieval.embed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passage vectors keyed by a hash of the model name and the text, kept in one file under
 * the data directory, so a rebuild embeds only passages whose text changed. A damaged
 * cache file is ignored (and rewritten), never fatal. Vectors are kept, and handed out, in
 * 16 bits a value ({@link Q15}), so a fresh vector and a cached one are the same bits; a
 * cache of 32-bit floats ("VEC1") is read and rounded.
 */
public final class VectorCache {

    private static final Logger log = LoggerFactory.getLogger(VectorCache.class);
    private static final int MAGIC = 0x56454332; // "VEC2": 16 bits a value
    private static final int MAGIC_FLOATS = 0x56454331; // "VEC1": 32-bit floats

    private final Path file;
    private final Map<String, short[]> vectors = new LinkedHashMap<>();
    private int hits;
    private int misses;
    /** The keys of the texts the last {@link #vectorsFor} call asked for, until {@link #retainAskedAndSave}. */
    private List<String> asked = List.of();

    private VectorCache(Path file) {
        this.file = file;
    }

    public static VectorCache open(Path file) {
        VectorCache cache = new VectorCache(file);
        if (Files.exists(file)) {
            try {
                cache.load();
            } catch (IOException | RuntimeException e) {
                log.warn("Ignoring unreadable vector cache {}: {}", file, e.toString());
                cache.vectors.clear();
            }
        }
        return cache;
    }

    /** Told as missing vectors are computed: {@code done} of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void computed(int done, int total);
    }

    /** Missing vectors are computed this many at a time, so progress can be told between batches. */
    static final int BATCH = 64;

    /** Vectors for the texts, computing only those not cached. */
    public List<short[]> vectorsFor(List<String> texts, Embedder embedder) {
        return vectorsFor(texts, embedder, Progress.NONE);
    }

    /** Vectors for the texts, computing only those not cached, telling how many are done. */
    public synchronized List<short[]> vectorsFor(List<String> texts, Embedder embedder, Progress progress) {
        List<String> keys = new ArrayList<>(texts.size());
        List<String> missing = new ArrayList<>();
        List<String> missingKeys = new ArrayList<>();
        // A set beside the list: a corpus of a hundred thousand passages has half a million texts.
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String text : texts) {
            String key = key(embedder.name(), text);
            keys.add(key);
            if (!vectors.containsKey(key) && seen.add(key)) {
                missing.add(text);
                missingKeys.add(key);
            }
        }
        misses += missing.size();
        hits += texts.size() - missing.size();
        for (int from = 0; from < missing.size(); from += BATCH) {
            int to = Math.min(missing.size(), from + BATCH);
            List<float[]> computed = embedder.embedPassages(missing.subList(from, to));
            for (int i = 0; i < computed.size(); i++) {
                vectors.put(missingKeys.get(from + i), Q15.of(computed.get(i)));
            }
            progress.computed(to, missing.size());
        }
        List<short[]> out = new ArrayList<>(texts.size());
        for (String key : keys) {
            out.add(vectors.get(key));
        }
        asked = keys;
        return out;
    }

    /** Keeps only the given texts' vectors (drops stale ones) and writes the file atomically. */
    public synchronized void retainAndSave(List<String> texts, Embedder embedder) {
        List<String> keys = new ArrayList<>(texts.size());
        for (String text : texts) {
            keys.add(key(embedder.name(), text));
        }
        retainAndSave(keys);
    }

    /**
     * Keeps only the vectors of the texts the last {@link #vectorsFor} asked for and writes the
     * file atomically: the same as {@link #retainAndSave(List, Embedder)} with those texts,
     * without hashing half a million texts again.
     */
    public synchronized void retainAskedAndSave() {
        List<String> keys = asked;
        asked = List.of();
        retainAndSave(keys);
    }

    private void retainAndSave(List<String> keys) {
        Map<String, short[]> keep = new LinkedHashMap<>();
        for (String key : keys) {
            short[] v = vectors.get(key);
            if (v != null) {
                keep.put(key, v);
            }
        }
        vectors.clear();
        vectors.putAll(keep);
        try {
            save();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write vector cache " + file, e);
        }
    }

    public synchronized int hits() {
        return hits;
    }

    public synchronized int misses() {
        return misses;
    }

    private void load() throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_FLOATS) {
                throw new IOException("not a vector cache");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                byte[] hash = new byte[32];
                in.readFully(hash);
                int dims = in.readInt();
                if (dims <= 0 || dims > 8192) {
                    throw new IOException("bad dimension " + dims);
                }
                vectors.put(HexFormat.of().formatHex(hash), magic == MAGIC ? Q15.read(in, dims) : Q15.of(Floats.read(in, dims)));
            }
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        }
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(vectors.size());
            for (Map.Entry<String, short[]> e : vectors.entrySet()) {
                out.write(HexFormat.of().parseHex(e.getKey()));
                out.writeInt(e.getValue().length);
                out.write(Q15.bytes(e.getValue()));
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String key(String model, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(model.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
