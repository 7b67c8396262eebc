package org.policybot.retrieval.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.policybot.retrieval.ingest.ReadCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's per-file results on disk under the data folder, in a folder per index format
 * (a reader of another format never sees them): one pack file of records (the key, the
 * length, the result in {@link FileResultCodec}'s form, a CRC-32 of it), appended to after
 * each read and written anew once records no read uses would pass a quarter of it. A rebuild
 * at 10,000 files reads one file instead of 10,000 gzipped JSON files, which took most of its
 * reading. A damaged or torn record is a miss (that file is parsed again, and the pack written
 * anew); a failure to write only warns: the next build parses those files again. Entries of
 * the earlier form (one {@code KEY.json.gz} file each) are still read, and move into the pack.
 */
final class ParseCache implements ReadCache {

    private static final Logger log = LoggerFactory.getLogger(ParseCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final int MAGIC = 0x50525331; // "PRS1"
    private static final int KEY_BYTES = 32;
    /** A record's bytes besides its result: the key, the length, the checksum. */
    private static final int FRAME = KEY_BYTES + 2 * Integer.BYTES;
    static final String PACK = "pack.bin";
    private static final String LOCK = "pack.lock";
    private static final String LEGACY_SUFFIX = ".json.gz";
    /** The pack is written anew once more than one record in this many is of a result no read uses. */
    static final int STALE_SHARE = 4;
    /** One monitor per cache folder in this process, held while the file lock is. */
    private static final Map<Path, Object> SAVING = new ConcurrentHashMap<>();

    /** An entry of the earlier form: articles in the index's own article record. */
    record Stored(List<ArticleJson.Stored> articles, @JsonInclude(JsonInclude.Include.NON_NULL) String extracted,
                  List<String> problems, @JsonInclude(JsonInclude.Include.NON_NULL) String failure) {
    }

    /** Where a record's result lies in the pack, and how long it is. */
    private record Entry(long at, int length) {
    }

    /** The pack as last looked at: its records, its size and identity, where its last whole record ends. */
    private record Pack(FileChannel channel, Map<String, Entry> entries, long size, Object identity, long end) {
    }

    private final Path root;
    private final Path dir;
    private final Path pack;
    private Pack opened;
    private volatile boolean damaged;
    private final Map<String, FileResult> pending = new ConcurrentHashMap<>();
    private boolean warned;

    /** @param root the cache's folder; the pack goes in a subfolder named by the index format */
    ParseCache(Path root) {
        this.root = root;
        this.dir = root.resolve(Corpora.FORMAT);
        this.pack = dir.resolve(PACK);
    }

    @Override
    public Optional<FileResult> find(String key) {
        if (!KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        Pack p = opened();
        Entry entry = p == null ? null : p.entries().get(key);
        if (entry != null) {
            try {
                return Optional.of(FileResultCodec.decode(readChecked(p.channel(), entry)));
            } catch (IOException | RuntimeException e) {
                log.warn("Ignoring a damaged record of the parse cache ({}): the file is parsed again", e.toString());
                damaged = true;
                return Optional.empty();
            }
        }
        Optional<FileResult> legacy = findLegacy(key);
        legacy.ifPresent(r -> pending.put(key, r));
        return legacy;
    }

    @Override
    public void keep(String key, FileResult result) {
        if (KEY.matcher(key).matches()) {
            pending.put(key, result);
        }
    }

    /**
     * Saves the results read afresh that the read used, drops those of every other key once
     * they would be more than a quarter of the pack, and removes the folders of other index
     * formats and entries of the earlier form.
     */
    @Override
    public void retain(Set<String> keys) {
        tidy();
        try {
            Files.createDirectories(dir);
            // Another process (a server following the folder, `index` on the command line) may
            // save at the same time: one saves at a time, and each looks at the pack afresh. A file
            // lock is held by the whole process, so caches of one process on one folder take turns first.
            synchronized (SAVING.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new Object())) {
                try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = lockFile.lock()) {
                    Pack p = opened();
                    if (p != null && !unchanged(p)) {
                        close();
                        p = opened();
                    }
                    save(p, keys);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                log.warn("The parse cache in {} cannot be written ({}): changed files are parsed again on every build",
                        dir, e.toString());
                warned = true;
            }
        } finally {
            pending.clear();
            close();
        }
    }

    private void save(Pack p, Set<String> keys) throws IOException {
        Map<String, Entry> known = p == null ? Map.of() : p.entries();
        long used = keys.stream().filter(known::containsKey).count();
        boolean appendable = p != null && !damaged && (known.size() - used) * STALE_SHARE <= known.size();
        if (appendable) {
            List<String> added = keys.stream().filter(k -> pending.containsKey(k) && !known.containsKey(k)).sorted().toList();
            if (!added.isEmpty()) {
                append(p, added);
            }
        } else {
            rewrite(p, keys);
        }
    }

    /** Appends records after the pack's last whole one (a torn record left by a stopped process is written over). */
    private void append(Pack p, List<String> added) throws IOException {
        try (FileChannel out = FileChannel.open(pack, StandardOpenOption.WRITE)) {
            out.truncate(p.end());
            out.position(p.end());
            OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
            DataOutputStream records = new DataOutputStream(stream);
            for (String key : added) {
                writeRecord(records, key, FileResultCodec.encode(pending.get(key)));
            }
            records.flush();
        }
    }

    /** Writes the pack anew with the used keys' records only, and moves it in place. */
    private void rewrite(Pack p, Set<String> keys) throws IOException {
        Path tmp = Files.createTempFile(dir, "pack", ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(MAGIC);
                for (String key : new java.util.TreeSet<>(keys)) {
                    FileResult fresh = pending.get(key);
                    Entry entry = p == null || fresh != null ? null : p.entries().get(key);
                    if (fresh != null) {
                        writeRecord(out, key, FileResultCodec.encode(fresh));
                    } else if (entry != null) {
                        ByteBuffer kept;
                        try {
                            kept = readChecked(p.channel(), entry);
                        } catch (IOException e) {
                            continue; // damaged: that file is parsed again next time
                        }
                        writeRecord(out, key, java.util.Arrays.copyOfRange(kept.array(), 0, entry.length()));
                    }
                }
            }
            Files.move(tmp, pack, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        damaged = false;
    }

    private static void writeRecord(DataOutputStream out, String key, byte[] result) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(result);
        out.write(HexFormat.of().parseHex(key));
        out.writeInt(result.length);
        out.write(result);
        out.writeInt((int) crc.getValue());
    }

    /** A record's result, its checksum checked. */
    private static ByteBuffer readChecked(FileChannel channel, Entry entry) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(entry.length() + Integer.BYTES);
        readFully(channel, record, entry.at());
        CRC32 crc = new CRC32();
        crc.update(record.array(), 0, entry.length());
        if ((int) crc.getValue() != record.getInt(entry.length())) {
            throw new IOException("checksum mismatch in " + PACK);
        }
        return record.position(0).limit(entry.length());
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new EOFException("parse cache pack truncated");
            }
        }
        buffer.flip();
    }

    /** The pack, its records located (read once per read of the folder); null when there is none or it is unreadable. */
    private synchronized Pack opened() {
        if (opened != null || !Files.isRegularFile(pack)) {
            return opened;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(pack, StandardOpenOption.READ);
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate(Integer.BYTES);
            readFully(channel, head, 0);
            if (head.getInt() != MAGIC) {
                throw new IOException("not a parse cache pack");
            }
            Map<String, Entry> entries = new HashMap<>();
            ByteBuffer frame = ByteBuffer.allocate(KEY_BYTES + Integer.BYTES);
            byte[] hash = new byte[KEY_BYTES];
            long at = Integer.BYTES;
            // A record cut short by a stopped process ends the pack: what follows it is not read.
            while (at + FRAME <= size) {
                readFully(channel, frame.clear(), at);
                frame.get(hash);
                int length = frame.getInt();
                if (length < 0 || length > size - at - FRAME) {
                    break;
                }
                entries.put(HexFormat.of().formatHex(hash), new Entry(at + KEY_BYTES + Integer.BYTES, length));
                at += FRAME + length;
            }
            opened = new Pack(channel, entries, size, identity(), at);
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring the unreadable parse cache {} ({}): its files are parsed again", pack, e.toString());
            closeQuietly(channel);
            damaged = true;
        }
        return opened;
    }

    /** The keys the pack holds whole records of, as it is on disk now. */
    Set<String> storedKeys() {
        close();
        Pack p = opened();
        Set<String> keys = p == null ? Set.of() : Set.copyOf(p.entries().keySet());
        close();
        return keys;
    }

    /** Whether the pack is still the file, of the size, this cache read. */
    private boolean unchanged(Pack p) throws IOException {
        return Files.isRegularFile(pack) && Files.size(pack) == p.size() && java.util.Objects.equals(identity(), p.identity());
    }

    private Object identity() {
        try {
            return Files.readAttributes(pack, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void close() {
        if (opened != null) {
            closeQuietly(opened.channel());
            opened = null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }

    /** An entry of the earlier form, one gzipped JSON file per key. */
    private Optional<FileResult> findLegacy(String key) {
        Path file = dir.resolve(key + LEGACY_SUFFIX);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Stored s = JSON.readValue(in, Stored.class);
            return Optional.of(new FileResult(s.articles().stream().map(ArticleJson.Stored::article).toList(),
                    s.extracted(), s.problems(), s.failure()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.debug("Ignoring a damaged entry of the parse cache's earlier form: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Removes the folders of other index formats, entries of the earlier form, and temporary files left behind. */
    private void tidy() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> formats = Files.newDirectoryStream(root)) {
            for (Path format : formats) {
                if (!format.equals(dir) && Files.isDirectory(format)) {
                    IndexLayout.deleteTree(format);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not tidy {}: {}", root, e.toString());
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // A .tmp file may be another build's pack being written: it goes once it is old.
                if (name.endsWith(LEGACY_SUFFIX) || name.endsWith(".tmp") && olderThanAnHour(entry)) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Could not tidy {}: {}", dir, e.toString());
        }
    }

    private static boolean olderThanAnHour(Path file) throws IOException {
        return Files.getLastModifiedTime(file).toMillis() < System.currentTimeMillis() - 3_600_000L;
    }
}
