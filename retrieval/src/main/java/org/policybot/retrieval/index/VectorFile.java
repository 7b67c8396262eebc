package org.policybot.retrieval.index;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.apache.commons.io.input.BoundedInputStream;
import org.policybot.retrieval.embed.Floats;
import org.policybot.retrieval.embed.Q15;
import org.policybot.retrieval.embed.PassageVectors;

/**
 * Passage and sentence vectors of one generation, in a file beside its Lucene index. The file
 * ends with a CRC-32 of what comes before it, as Lucene's files end with theirs, so a damaged or
 * truncated file is refused when the generation is opened ("PVE1" files, written before the
 * checksum, are read without one). Values take 16 bits ({@link Q15}); files of 32-bit floats
 * ("PVE1", "PVE2") are read whole and rounded. A file of 16-bit values is checked with plain
 * reads, then mapped: a passage's vectors are decoded from the map when asked for, so the heap
 * holds where each passage's record lies, not the half-million vectors of a large corpus, and
 * only the records of passages searches reach stay resident.
 *
 * <p>A build on the previous generation links that generation's vector files into its folder
 * and adds one file of the vectors of the passages it writes again ({@link #partName}), as it
 * does with Lucene's segments: the commit names the files in order ({@link Fields#META_VECTOR_FILES}),
 * and a later file's record of a passage replaces an earlier one's. Records of passages no
 * longer in the generation stay in the older files, unread, until they would pass a quarter
 * of the passages and a build writes one file anew ({@link #extendable}).
 */
final class VectorFile {

    static final String NAME = "vectors.bin";
    private static final int MAGIC = 0x50564533; // "PVE3": 16 bits a value, with the checksum
    private static final int MAGIC_FLOATS = 0x50564532; // "PVE2": 32-bit floats, with the checksum
    private static final int MAGIC_UNCHECKED = 0x50564531; // "PVE1": 32-bit floats

    private VectorFile() {
    }

    static void write(Path generation, Map<String, PassageVectors> vectors) throws IOException {
        write(generation, NAME, vectors.size(), vectors.entrySet().iterator());
    }

    /** Writes {@code count} passages' vectors, taken from the iteration one at a time, to the file {@code name}. */
    static void write(Path generation, String name, int count, Iterator<Map.Entry<String, PassageVectors>> vectors)
            throws IOException {
        ChecksummedFile.write(generation.resolve(name), out -> {
            out.writeInt(MAGIC);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                Map.Entry<String, PassageVectors> e = vectors.next();
                out.writeUTF(e.getKey());
                writeVector(out, e.getValue().passage());
                short[][] sentences = e.getValue().sentences();
                out.writeInt(sentences.length);
                for (short[] s : sentences) {
                    writeVector(out, s);
                }
            }
        });
    }

    /** The file of the vectors a build on an earlier generation writes again: named after its generation. */
    static String partName(Path generation) {
        return "vectors-" + generation.getFileName() + ".bin";
    }

    /** A generation's vector files, oldest first, as its commit names them. */
    static List<String> files(Map<String, String> meta) {
        String names = meta.get(Fields.META_VECTOR_FILES);
        return names == null || names.isEmpty() ? List.of(NAME) : List.of(names.split(","));
    }

    /** At most this many vector files in a generation; the build after writes one file anew. */
    static final int MAX_FILES = 32;

    /**
     * Whether a build may keep the previous generation's vector files and add one of the
     * {@code written} passages it writes again: the files are all of 16-bit values, fewer than
     * {@link #MAX_FILES}, and the records of passages no longer in the generation (replaced or
     * gone) would stay within a quarter of its {@code passages}.
     */
    static boolean extendable(Path previous, List<String> files, int passages, int written) {
        if (files.size() >= MAX_FILES) {
            return false;
        }
        long records = written;
        for (String name : files) {
            int n = records(previous.resolve(name));
            if (n < 0) {
                return false;
            }
            records += n;
        }
        return (records - passages) * STALE_SHARE <= passages;
    }

    /** Files are written anew once more than one record in this many is of a passage no longer there. */
    static final int STALE_SHARE = 4;

    /** The number of records a file of 16-bit values holds, by its header; -1 when it is missing or of another kind. */
    private static int records(Path file) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            return in.readInt() == MAGIC ? in.readInt() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The vectors of a generation built with vectors; a missing, damaged or truncated file fails. */
    static Map<String, PassageVectors> read(Path generation) throws IOException {
        return read(generation, MAX_CHUNK);
    }

    /** The largest part of a file mapped at once (a mapping holds at most 2 GB). */
    static final long MAX_CHUNK = 1L << 30;

    static Map<String, PassageVectors> read(Path generation, long maxChunk) throws IOException {
        return read(generation, List.of(NAME), null, maxChunk);
    }

    /**
     * The vectors in a generation's files, a later file's record of a passage replacing an
     * earlier one's; only those of {@code ids} when not null. Files of 32-bit floats are read
     * only alone.
     */
    static Map<String, PassageVectors> read(Path generation, List<String> names, java.util.Set<String> ids)
            throws IOException {
        return read(generation, names, ids, MAX_CHUNK);
    }

    private static Map<String, PassageVectors> read(Path generation, List<String> names, java.util.Set<String> ids,
                                                    long maxChunk) throws IOException {
        Map<String, Mapped.Span> spans = new LinkedHashMap<>();
        List<ByteBuffer> maps = new ArrayList<>();
        for (String name : names) {
            Map<String, PassageVectors> whole = read(generation.resolve(name), maxChunk, spans, maps);
            if (whole != null) {
                if (names.size() > 1) {
                    throw new IOException("the vector file " + generation.resolve(name) + " holds 32-bit values, "
                            + "which are read only alone");
                }
                if (ids != null) {
                    whole.keySet().retainAll(ids);
                }
                return whole;
            }
        }
        if (ids != null) {
            spans.keySet().retainAll(ids);
        }
        return new Mapped(spans, maps.toArray(ByteBuffer[]::new));
    }

    /**
     * Reads one file: a file of 16-bit values adds its records' places to {@code spans} and its
     * mapped chunks to {@code maps} (returning null); a file of 32-bit floats is returned whole.
     */
    private static Map<String, PassageVectors> read(Path file, long maxChunk, Map<String, Mapped.Span> spans,
                                                    List<ByteBuffer> maps) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("the vector file " + file + " is missing");
        }
        int firstChunk = maps.size();
        // Counts the bytes read through it, so a record's place in the file is known as it is read.
        BoundedInputStream counting = BoundedInputStream.builder()
                .setInputStream(new BufferedInputStream(Files.newInputStream(file))).get();
        CheckedInputStream checked = new CheckedInputStream(counting, new CRC32());
        try (DataInputStream in = new DataInputStream(checked)) {
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_FLOATS && magic != MAGIC_UNCHECKED) {
                throw new IOException("not a vector file: " + file);
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("bad passage count " + count + " in " + file);
            }
            Map<String, PassageVectors> whole = new LinkedHashMap<>();
            Map<String, Mapped.Span> here = new LinkedHashMap<>();
            List<long[]> chunks = new ArrayList<>();
            long chunkStart = -1;
            byte[] scratch = new byte[MAX_DIMENSIONS * Short.BYTES];
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                if (magic != MAGIC) {
                    whole.put(id, readRecord(in, false, file));
                    continue;
                }
                long start = counting.getCount();
                skipRecord(in, file, scratch);
                long end = counting.getCount();
                if (end - start > maxChunk) {
                    throw new IOException("a record of " + (end - start) + " bytes in " + file);
                }
                if (chunkStart < 0 || end - chunkStart > maxChunk) {
                    chunks.add(new long[] {start, end});
                    chunkStart = start;
                }
                chunks.get(chunks.size() - 1)[1] = end;
                here.put(id, new Mapped.Span(firstChunk + chunks.size() - 1, (int) (start - chunkStart), (int) (end - start)));
            }
            if (magic != MAGIC_UNCHECKED) {
                if (!ChecksummedFile.endsWithItsChecksum(checked, in)) {
                    throw new IOException("the vector file " + file + " is damaged (checksum mismatch)");
                }
            }
            if (magic != MAGIC) {
                return whole;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                for (long[] chunk : chunks) {
                    maps.add(channel.map(FileChannel.MapMode.READ_ONLY, chunk[0], chunk[1] - chunk[0]));
                }
            }
            // A passage keeps one place: a later file's record replaces an earlier one's.
            spans.putAll(here);
            return null;
        } catch (EOFException e) {
            throw new IOException("truncated vector file " + file, e);
        }
    }

    /** A record: the passage vector, the sentence count, each sentence's vector. */
    private static PassageVectors readRecord(DataInputStream in, boolean fixed, Path file) throws IOException {
        short[] passage = readVector(in, fixed);
        int n = readSentenceCount(in, file);
        short[][] sentences = new short[n][];
        for (int s = 0; s < n; s++) {
            sentences[s] = readVector(in, fixed);
        }
        return new PassageVectors(passage, sentences);
    }

    /** Reads past a record of 16-bit values, checking its counts as {@link #readRecord} would. */
    private static void skipRecord(DataInputStream in, Path file, byte[] scratch) throws IOException {
        in.readFully(scratch, 0, readDimensions(in) * Short.BYTES);
        int n = readSentenceCount(in, file);
        for (int s = 0; s < n; s++) {
            in.readFully(scratch, 0, readDimensions(in) * Short.BYTES);
        }
    }

    private static int readSentenceCount(DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) {
            throw new IOException("bad sentence count " + n + " in " + file);
        }
        return n;
    }

    private static final int MAX_DIMENSIONS = 8192;

    private static int readDimensions(DataInputStream in) throws IOException {
        int dims = in.readInt();
        if (dims < 0 || dims > MAX_DIMENSIONS) {
            throw new IOException("bad dimension " + dims);
        }
        return dims;
    }

    /**
     * The vectors of a checked file of 16-bit values, decoded from its mapping on each lookup.
     * The mapping outlives the channel that made it and is released when this map is
     * collected, so searches that still hold a generation being closed keep reading it.
     */
    static final class Mapped extends AbstractMap<String, PassageVectors> {

        /** Where a passage's record lies: its chunk, its offset there, its length. */
        record Span(int chunk, int offset, int length) {
        }

        private final Map<String, Span> spans;
        private final ByteBuffer[] chunks;

        Mapped(Map<String, Span> spans, ByteBuffer[] chunks) {
            this.spans = spans;
            this.chunks = chunks;
        }

        @Override
        public PassageVectors get(Object id) {
            Span span = spans.get(id);
            if (span == null) {
                return null;
            }
            // An absolute slice per lookup: concurrent searches share the mapping, not a position.
            ByteBuffer record = chunks[span.chunk()].slice(span.offset(), span.length());
            short[] passage = decode(record);
            short[][] sentences = new short[record.getInt()][];
            for (int s = 0; s < sentences.length; s++) {
                sentences[s] = decode(record);
            }
            return new PassageVectors(passage, sentences);
        }

        private static short[] decode(ByteBuffer record) {
            int dims = record.getInt();
            if (dims == 0) {
                return null;
            }
            short[] v = new short[dims];
            record.asShortBuffer().get(v);
            record.position(record.position() + dims * Short.BYTES);
            return v;
        }

        @Override
        public boolean containsKey(Object id) {
            return spans.containsKey(id);
        }

        @Override
        public int size() {
            return spans.size();
        }

        @Override
        public Set<Entry<String, PassageVectors>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, PassageVectors>> iterator() {
                    Iterator<String> ids = spans.keySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return ids.hasNext();
                        }

                        @Override
                        public Entry<String, PassageVectors> next() {
                            String id = ids.next();
                            return new SimpleImmutableEntry<>(id, get(id));
                        }
                    };
                }

                @Override
                public int size() {
                    return spans.size();
                }
            };
        }
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
        int dims = readDimensions(in);
        if (dims == 0) {
            return null;
        }
        return fixed ? Q15.read(in, dims) : Q15.of(Floats.read(in, dims));
    }
}
