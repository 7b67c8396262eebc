package org.policybot.retrieval.embed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passage vectors keyed by a hash of the model name and the text, kept in one file under
 * the data directory, so a rebuild embeds only passages whose text changed. A damaged
 * cache file is ignored (and rewritten), never fatal. Vectors are kept, and handed out, in
 * 16 bits a value ({@link Q15}), so a fresh vector and a cached one are the same bits; a
 * cache of 32-bit floats ("VEC1") is read and rounded.
 *
 * <p>The vectors stay on disk: the heap holds where each vector asked for lies, in the cache
 * file or in a file of this process's newly computed ones (a rebuild after one changed file
 * asks for a few dozen of half a million), and {@link #vectorsFor} hands out a list that
 * reads each vector when it is asked for (with plain reads, so they do not stay counted in
 * the process's resident memory). A corpus of 100,000 passages has half a million vectors; held
 * on the heap they were most of what a build needed. Close the cache when done with it.
 */
public final class VectorCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VectorCache.class);
    private static final int MAGIC = 0x56454332; // "VEC2": 16 bits a value
    private static final int MAGIC_FLOATS = 0x56454331; // "VEC1": 32-bit floats
    private static final int MAX_DIMENSIONS = 8192;
    private static final int HASH_BYTES = 32;

    private final Path file;
    /**
     * Where each key's vector lies: at or after 0, the offset of its dimension count in the
     * cache file; below 0, {@code -(offset + 1)} in the file of vectors computed here.
     */
    private Map<String, Long> locations = new HashMap<>();
    private FileChannel stored;
    /** How many vectors the cache file holds (those of texts no longer asked for included), and where they end. */
    private int storedCount;
    private long storedEnd;
    /** The file system's identity of the cache file read, so another process's rewrite of it is noticed. */
    private Object storedKey;
    /**
     * Whether the cache file's records have been walked (its layout checked and {@link #storedEnd}
     * found), and whether every key of it is in {@link #locations}, or only those asked for.
     */
    private boolean walked;
    private boolean located;
    private FileChannel computed;
    private Path computedFile;
    private long computedEnd;
    /** Computed vectors held on the heap when no file can be written beside the cache (the build goes on; saving fails later). */
    private final Map<String, short[]> held = new HashMap<>();
    private boolean closed;
    private int hits;
    private int misses;
    /** The keys of the texts the last {@link #vectorsFor} call asked for, until {@link #retainAskedAndSave}. */
    private List<String> asked = List.of();

    private VectorCache(Path file) {
        this.file = file;
    }

    public static VectorCache open(Path file) {
        removeAbandoned(file);
        VectorCache cache = new VectorCache(file);
        if (Files.exists(file)) {
            try {
                cache.load();
            } catch (IOException | RuntimeException e) {
                log.warn("Ignoring unreadable vector cache {}: {}", file, e.toString());
                cache.forget();
            }
        }
        return cache;
    }

    /** A process writes its computed vectors beside the cache; one that was killed leaves them behind. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    /** Deletes files of computed vectors left by processes that stopped before saving, untouched for an hour. */
    private static void removeAbandoned(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        Instant before = Instant.now().minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, file.getFileName() + ".*.computing")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                    Files.deleteIfExists(f);
                    log.info("Removed {}, vectors computed by a process that stopped before saving them", f.getFileName());
                }
            }
        } catch (IOException e) {
            log.warn("Could not look for abandoned vector files in {}: {}", dir, e.toString());
        }
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

    /**
     * Vectors for the texts, computing only those not cached, telling how many are done. The
     * list reads each vector from disk when asked for it, until the cache is closed.
     */
    public synchronized List<short[]> vectorsFor(List<String> texts, Embedder embedder, Progress progress) {
        List<String> keys = new ArrayList<>(texts.size());
        List<String> missing = new ArrayList<>();
        List<String> missingKeys = new ArrayList<>();
        // A set beside the list: a corpus of a hundred thousand passages has half a million texts.
        Set<String> seen = new HashSet<>();
        for (String text : texts) {
            keys.add(key(embedder.name(), text));
        }
        locate(keys);
        for (int i = 0; i < texts.size(); i++) {
            String key = keys.get(i);
            if (!locations.containsKey(key) && seen.add(key)) {
                missing.add(texts.get(i));
                missingKeys.add(key);
            }
        }
        misses += missing.size();
        hits += texts.size() - missing.size();
        try {
            for (int from = 0; from < missing.size(); from += BATCH) {
                int to = Math.min(missing.size(), from + BATCH);
                List<float[]> vectors = embedder.embedPassages(missing.subList(from, to));
                for (int i = 0; i < vectors.size(); i++) {
                    keep(missingKeys.get(from + i), Q15.of(vectors.get(i)));
                }
                progress.computed(to, missing.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write computed vectors beside " + file, e);
        }
        asked = keys;
        return new AbstractList<>() {
            @Override
            public short[] get(int i) {
                return read(keys.get(i));
            }

            @Override
            public int size() {
                return keys.size();
            }
        };
    }

    /**
     * Keeps the given texts' vectors: appends those computed since the cache was opened, or,
     * once the vectors of texts no longer asked for would be more than a quarter of the file,
     * writes the file anew with the given texts' vectors only (atomically).
     */
    public synchronized void retainAndSave(List<String> texts, Embedder embedder) {
        List<String> keys = new ArrayList<>(texts.size());
        for (String text : texts) {
            keys.add(key(embedder.name(), text));
        }
        locate(keys);
        retainAndSave(keys);
    }

    /**
     * Keeps the vectors of the texts the last {@link #vectorsFor} asked for: the same as
     * {@link #retainAndSave(List, Embedder)} with those texts, without hashing half a million
     * texts again.
     */
    public synchronized void retainAskedAndSave() {
        List<String> keys = asked;
        asked = List.of();
        retainAndSave(keys);
    }

    /**
     * Saves the vectors the last {@link #vectorsFor} computed and keeps every other one: for a
     * build that asked only for the passages it writes again, the rest being kept elsewhere.
     */
    public synchronized void addAskedAndSave() {
        asked = List.of();
        try {
            // Nothing is dropped, so nothing goes stale: the computed vectors are appended, unless
            // the file changed since it was read.
            List<String> added = new ArrayList<>();
            locations.forEach((key, at) -> {
                if (at < 0) {
                    added.add(key);
                }
            });
            locate(List.of());
            if (stored == null || !append(added)) {
                // Written anew, the file must keep every vector, not only those asked for.
                locateAll();
                rewrite(new LinkedHashSet<>(locations.keySet()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write vector cache " + file, e);
        }
    }

    private void retainAndSave(List<String> keys) {
        Set<String> keep = new LinkedHashSet<>();
        for (String key : keys) {
            if (locations.containsKey(key)) {
                keep.add(key);
            }
        }
        try {
            save(keep);
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

    /** Closes the files; the lists handed out can no longer be read. */
    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(stored);
        stored = null;
        dropComputed();
    }

    /** The vector of a key this cache holds. */
    private synchronized short[] read(String key) {
        if (closed) {
            throw new IllegalStateException("the vector cache " + file + " is closed");
        }
        short[] kept = held.get(key);
        if (kept != null) {
            return kept;
        }
        Long at = locations.get(key);
        if (at == null) {
            throw new IllegalStateException("no vector cached for " + key);
        }
        FileChannel channel = at >= 0 ? stored : computed;
        if (channel == null) {
            throw new IllegalStateException("the vector cache " + file + " is closed");
        }
        try {
            return readAt(channel, at >= 0 ? at : -at - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a cached vector from " + file, e);
        }
    }

    private static short[] readAt(FileChannel channel, long at) throws IOException {
        ByteBuffer count = ByteBuffer.allocate(Integer.BYTES);
        readFully(channel, count, at);
        int dims = count.flip().getInt();
        ByteBuffer values = ByteBuffer.allocate(dims * Short.BYTES);
        readFully(channel, values, at + Integer.BYTES);
        short[] v = new short[dims];
        values.flip().asShortBuffer().get(v);
        return v;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new EOFException("vector cache truncated");
            }
        }
    }

    /** Appends a newly computed vector to this process's file of them. */
    private void keep(String key, short[] v) throws IOException {
        if (computed == null && held.isEmpty()) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                computedFile = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".computing");
                computed = FileChannel.open(computedFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                computedEnd = 0;
            } catch (IOException e) {
                log.warn("Cannot write computed vectors beside {} ({}): holding them in memory", file, e.toString());
                computedFile = null;
            }
        }
        if (computed == null) {
            held.put(key, v);
            locations.put(key, Long.MIN_VALUE);
            return;
        }
        ByteBuffer record = ByteBuffer.allocate(Integer.BYTES + v.length * Short.BYTES);
        record.putInt(v.length).asShortBuffer().put(v);
        record.position(0);
        long at = computedEnd;
        while (record.hasRemaining()) {
            computedEnd += computed.write(record, computedEnd);
        }
        locations.put(key, -at - 1);
    }

    /**
     * Finds where the given keys' vectors lie in the cache file, walking its records (and
     * checking their layout) the first time. A rebuild after one changed file asks for a few
     * dozen texts of half a million: looking at each record's hash, and keeping only those asked
     * for, takes a fraction of reading every key into the heap. A file that turns out damaged is
     * ignored (and written anew).
     */
    private void locate(java.util.Collection<String> keys) {
        if (located || stored == null) {
            return;
        }
        Set<String> wanted = new HashSet<>();
        Set<Long> prefixes = new HashSet<>();
        for (String key : keys) {
            if (!locations.containsKey(key) && wanted.add(key)) {
                prefixes.add(Long.parseUnsignedLong(key, 0, 16, 16));
            }
        }
        if (walked && wanted.isEmpty()) {
            return;
        }
        try {
            walk(wanted, prefixes);
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable vector cache {}: {}", file, e.toString());
            forget();
        }
    }

    /** Finds where every vector of the cache file lies. */
    private void locateAll() {
        if (located || stored == null) {
            return;
        }
        try {
            walk(null, null);
            located = true;
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable vector cache {}: {}", file, e.toString());
            forget();
        }
    }

    /** The records' hashes and counts are read through a buffer this large; their values are skipped in it. */
    private static final int WALK_BUFFER = 1 << 20;

    /**
     * Walks the cache file's records, noting where the wanted keys' vectors lie (every key's when
     * null). Read through a buffer rather than mapped: a mapping's pages walked over would count
     * in the build's resident memory, half a gigabyte at 10,000 documents.
     */
    private void walk(Set<String> wanted, Set<Long> prefixes) throws IOException {
        long size = stored.size();
        long offset = 2 * Integer.BYTES;
        ByteBuffer buffer = ByteBuffer.allocate(WALK_BUFFER);
        long bufferStart = offset;
        buffer.limit(0);
        byte[] hash = new byte[HASH_BYTES];
        int header = HASH_BYTES + Integer.BYTES;
        for (int i = 0; i < storedCount; i++) {
            if (offset + header > size) {
                throw new IOException("truncated");
            }
            if (offset + header > bufferStart + buffer.limit()) {
                bufferStart = offset;
                buffer.clear().limit((int) Math.min(WALK_BUFFER, size - offset));
                while (buffer.hasRemaining()) {
                    if (stored.read(buffer, bufferStart + buffer.position()) < 0) {
                        throw new IOException("truncated");
                    }
                }
                buffer.flip();
            }
            int at = (int) (offset - bufferStart);
            int dims = buffer.getInt(at + HASH_BYTES);
            if (dims <= 0 || dims > MAX_DIMENSIONS) {
                throw new IOException("bad dimension " + dims);
            }
            if (wanted == null || prefixes.contains(buffer.getLong(at))) {
                buffer.get(at, hash);
                String key = HexFormat.of().formatHex(hash);
                if (wanted == null || wanted.contains(key)) {
                    locations.putIfAbsent(key, offset + HASH_BYTES);
                }
            }
            offset += header + (long) dims * Short.BYTES;
        }
        if (offset > size) {
            throw new IOException("truncated");
        }
        storedEnd = offset;
        walked = true;
    }

    /**
     * Reads the cache file's header. A file of 16-bit values is walked when keys are first asked
     * for ({@link #locate}); one of floats written before is read whole and rounded.
     */
    private void load() throws IOException {
        int magic;
        int count;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            magic = in.readInt();
            count = in.readInt();
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        }
        if (magic != MAGIC && magic != MAGIC_FLOATS) {
            throw new IOException("not a vector cache");
        }
        if (count < 0) {
            throw new IOException("bad count " + count);
        }
        if (magic == MAGIC_FLOATS) {
            loadFloats();
            return;
        }
        stored = FileChannel.open(file, StandardOpenOption.READ);
        storedCount = count;
        storedKey = fileKey();
    }

    /** Reads a cache of 32-bit floats written before, rounding each vector once into this process's file of vectors. */
    private void loadFloats() throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            in.skipNBytes(Integer.BYTES);
            int count = in.readInt();
            byte[] hash = new byte[HASH_BYTES];
            for (int i = 0; i < count; i++) {
                in.readFully(hash);
                int dims = in.readInt();
                if (dims <= 0 || dims > MAX_DIMENSIONS) {
                    throw new IOException("bad dimension " + dims);
                }
                keep(HexFormat.of().formatHex(hash), Q15.of(Floats.read(in, dims)));
            }
        } catch (EOFException e) {
            throw new IOException("truncated", e);
        }
        located = true;
    }

    /**
     * Saves the kept vectors. While the vectors of texts no longer asked for are at most a
     * quarter of the cache file, the new ones are appended to it (a rebuild after one changed
     * file adds a few vectors to half a million) and the old ones stay; past that the file is
     * written anew with the kept ones only.
     */
    private void save(Set<String> keep) throws IOException {
        if (stored != null) {
            int inFile = 0;
            List<String> added = new ArrayList<>();
            for (String key : keep) {
                if (locations.get(key) >= 0) {
                    inFile++;
                } else {
                    added.add(key);
                }
            }
            if ((long) (storedCount - inFile) * STALE_SHARE <= storedCount && append(added)) {
                return;
            }
        }
        rewrite(keep);
    }

    /** The cache file's identity (its inode, where the file system has one); null when it has none or cannot be read. */
    private Object fileKey() {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** The cache file is written anew once more than one vector in this many is of a text no longer asked for. */
    static final int STALE_SHARE = 4;

    /**
     * Appends vectors to the cache file, then counts them in its header: a process stopped
     * between the two leaves records past the count, which reading ignores and the next append
     * writes over. Appends only to the file as this cache read it: when another process has
     * written it anew or appended to it since (its identity or its count differ), returns false
     * and the file is written anew instead.
     */
    private boolean append(List<String> added) throws IOException {
        Map<String, Long> written = new HashMap<>();
        long end = storedEnd;
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
            try {
                readFully(out, header, Integer.BYTES);
            } catch (EOFException e) {
                return false;
            }
            if (storedKey == null || !storedKey.equals(fileKey()) || header.flip().getInt() != storedCount || out.size() < storedEnd) {
                return false;
            }
            if (added.isEmpty()) {
                dropComputed();
                return true;
            }
            out.position(storedEnd);
            DataOutputStream records = new DataOutputStream(new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(out)));
            end = writeRecords(records, added, end, written);
            records.flush();
            out.force(false);
            ByteBuffer count = ByteBuffer.allocate(Integer.BYTES).putInt(0, storedCount + added.size());
            while (count.hasRemaining()) {
                out.write(count, Integer.BYTES + count.position());
            }
            out.force(false);
        }
        storedCount += added.size();
        storedEnd = end;
        locations.putAll(written);
        dropComputed();
        return true;
    }

    /**
     * Writes the keys' records (hash, dimension count, values) from {@code offset} on, noting
     * where each vector lies in {@code written}; returns the offset after the last.
     */
    private long writeRecords(DataOutputStream out, java.util.Collection<String> keys, long offset, Map<String, Long> written)
            throws IOException {
        long end = offset;
        for (String key : keys) {
            short[] v = read(key);
            out.write(HexFormat.of().parseHex(key));
            out.writeInt(v.length);
            out.write(Q15.bytes(v));
            written.put(key, end + HASH_BYTES);
            end += HASH_BYTES + Integer.BYTES + (long) v.length * Short.BYTES;
        }
        return end;
    }

    /** Writes the kept vectors to a new cache file, moves it in place and reads from it from then on. */
    private void rewrite(Set<String> keep) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Map<String, Long> written = new HashMap<>();
        long offset = 2 * Integer.BYTES;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(keep.size());
            offset = writeRecords(out, keep, offset, written);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        closeQuietly(stored);
        dropComputed();
        stored = FileChannel.open(file, StandardOpenOption.READ);
        locations.clear();
        locations.putAll(written);
        storedCount = keep.size();
        storedEnd = offset;
        storedKey = fileKey();
        walked = true;
        located = true;
    }

    /** Forgets a cache file that could not be read, and whatever was taken from it. */
    private void forget() {
        locations.clear();
        walked = false;
        located = false;
        closeQuietly(stored);
        stored = null;
        dropComputed();
    }

    private void dropComputed() {
        closeQuietly(computed);
        computed = null;
        if (computedFile != null) {
            try {
                Files.deleteIfExists(computedFile);
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", computedFile, e.toString());
            }
            computedFile = null;
        }
        held.clear();
        locations.values().removeIf(at -> at < 0);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only, or about to be deleted: nothing is lost
            }
        }
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
