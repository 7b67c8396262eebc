package org.policybot.retrieval.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SHA-256 of article files' bytes, remembered by path, size, modification time and file
 * key (the inode on Linux), so that a build reads each file once (the folder's fingerprint and
 * the parse cache's keys use the same hash), and a build in a later process reads only the
 * files whose size or time changed when the record is kept on disk ({@link #save()}). The
 * record also keeps the picture sources web pages name ({@link #pictureSources}), by the page's
 * content hash.
 *
 * <p>A hash taken less than {@link #SETTLED_NANOS} after the file's modification time is not
 * trusted later: a file written again within the same tick of a coarse file-system clock
 * would keep its time (and maybe its size), so such a file is read again next time.
 */
public final class FileHashes {

    private static final Logger log = LoggerFactory.getLogger(FileHashes.class);
    private static final int MAGIC = 0x46485331; // "FHS1": hashes only
    private static final int MAGIC_SOURCES = 0x46485332; // "FHS2": hashes, then web pages' picture sources
    /** How long after its modification a file's hash is trusted on its size and time alone. */
    static final long SETTLED_NANOS = 2_000_000_000L;

    private record Entry(long size, long modified, String fileKey, long hashedAt, byte[] sha) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Entry> used = new ConcurrentHashMap<>();
    /** The picture sources ({@code src} values) of web pages, by the page's content hash, and those asked for since the last save. */
    private final Map<String, List<String>> sources = new ConcurrentHashMap<>();
    private final Map<String, List<String>> usedSources = new ConcurrentHashMap<>();

    /** Reads what a page's content names; a page that cannot be read fails. */
    @FunctionalInterface
    public interface SourceReader {
        List<String> read() throws IOException;
    }

    private FileHashes(Path file) {
        this.file = file;
    }

    /** Remembers hashes for the life of this object only. */
    public static FileHashes inMemory() {
        return new FileHashes(null);
    }

    /** Remembers hashes in a file too; an unreadable file is ignored (every file is read again). */
    public static FileHashes kept(Path file) {
        FileHashes hashes = new FileHashes(file);
        if (Files.exists(file)) {
            try {
                hashes.load();
            } catch (IOException | RuntimeException e) {
                log.warn("Ignoring the unreadable file-hash record {} ({}): every article file is read again", file, e.toString());
                hashes.entries.clear();
                hashes.sources.clear();
            }
        }
        return hashes;
    }

    /** The SHA-256 of the file's bytes, read only when its size, time or identity changed since it was last hashed. */
    public byte[] sha256(Path path) throws IOException {
        String name = path.toAbsolutePath().normalize().toString();
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        String fileKey = String.valueOf(attributes.fileKey());
        Entry known = entries.get(name);
        if (known != null && known.size() == attributes.size() && known.modified() == modified
                && known.fileKey().equals(fileKey) && known.hashedAt() - modified >= SETTLED_NANOS) {
            used.put(name, known);
            return known.sha().clone();
        }
        long hashedAt = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        byte[] sha = hash(path);
        Entry fresh = new Entry(attributes.size(), modified, fileKey, hashedAt, sha);
        entries.put(name, fresh);
        used.put(name, fresh);
        return sha.clone();
    }

    /**
     * The picture sources of a web page whose bytes hash to {@code contentHash}: kept with the
     * hashes, so a later build does not read every page of the folder again for them (at 10,000
     * files, 2,000 of them pages, that was most of finding the parse cache's keys).
     */
    public List<String> pictureSources(String contentHash, SourceReader reader) throws IOException {
        List<String> known = sources.get(contentHash);
        if (known == null) {
            known = List.copyOf(reader.read());
            sources.put(contentHash, known);
        }
        usedSources.put(contentHash, known);
        return known;
    }

    private static byte[] hash(Path path) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }

    /**
     * Writes the hashes used since this object was made or last saved (those of files gone
     * are dropped), atomically. A failure only warns: the next build reads the files again.
     */
    public void save() {
        if (file == null) {
            return;
        }
        Map<String, Entry> keep = Map.copyOf(used);
        Map<String, List<String>> keepSources = Map.copyOf(usedSources);
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC_SOURCES);
                out.writeInt(keep.size());
                for (Map.Entry<String, Entry> e : keep.entrySet()) {
                    Entry v = e.getValue();
                    out.writeUTF(e.getKey());
                    out.writeLong(v.size());
                    out.writeLong(v.modified());
                    out.writeUTF(v.fileKey());
                    out.writeLong(v.hashedAt());
                    out.write(v.sha());
                }
                out.writeInt(keepSources.size());
                for (Map.Entry<String, List<String>> e : keepSources.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().size());
                    for (String src : e.getValue()) {
                        writeLong(out, src);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            used.clear();
            // Pages no longer in the folder, or changed since, are not kept in memory either.
            sources.keySet().retainAll(keepSources.keySet());
            usedSources.clear();
        } catch (IOException | RuntimeException e) {
            log.warn("The file-hash record {} cannot be written ({}): the next build reads every article file", file, e.toString());
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // A leftover temporary file is harmless.
            }
        }
    }

    /** A string of any length (a data: URI can pass writeUTF's 64 KB): its UTF-8 length, then its bytes. */
    private static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 64 * 1024 * 1024) {
            throw new IOException("bad length " + n);
        }
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void load() throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(Objects.requireNonNull(file))))) {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_SOURCES) {
                throw new IOException("not a file-hash record");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long size = in.readLong();
                long modified = in.readLong();
                String fileKey = in.readUTF();
                long hashedAt = in.readLong();
                byte[] sha = new byte[32];
                in.readFully(sha);
                entries.put(name, new Entry(size, modified, fileKey, hashedAt, sha));
            }
            if (magic == MAGIC_SOURCES) {
                int pages = in.readInt();
                for (int i = 0; i < pages; i++) {
                    String key = in.readUTF();
                    int n = in.readInt();
                    if (n < 0 || n > 1_000_000) {
                        throw new IOException("bad count " + n);
                    }
                    List<String> srcs = new java.util.ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        srcs.add(readLong(in));
                    }
                    sources.put(key, List.copyOf(srcs));
                }
            }
        }
    }
}
