package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a build start from the segments of the generation before it instead of writing every
 * document again: the previous generation's files are hard-linked into the new folder (copied
 * where links fail), and only the documents of articles and files that changed are deleted and
 * written. Lucene never writes a segment file twice, and a writer on the new folder only adds
 * files there (and unlinks its own names), so the previous generation is never touched and
 * deleting its folder later leaves the new one whole.
 *
 * <p>Which articles changed is told by {@link Fields#DIGEST}, a hash of everything an article's
 * documents are written from. A plan is refused (and the build writes everything) when the
 * previous generation was written by another {@link Corpora#FORMAT}, with vectors on the other
 * way, without digests, or when most of the articles changed.
 *
 * <p>NOTE: until segments are merged, the documents replaced still count in the BM25
 * statistics (document frequencies, average field length), so scores differ slightly from
 * those of a build from scratch.
 */
final class SegmentReuse {

    private static final Logger log = LoggerFactory.getLogger(SegmentReuse.class);

    /**
     * What an incremental build does on top of the previous generation's segments.
     *
     * @param files    the previous generation's files in its last commit, linked into the new folder
     * @param write    ids of the articles whose documents are (re)written
     * @param delete   ids of the articles whose documents are deleted (changed and removed ones)
     * @param sources  names of the files whose extracted text is (re)written
     * @param obsolete names of the files whose extracted text is deleted (changed and removed ones)
     * @param vectorFiles the previous generation's vector files, oldest first
     */
    record Plan(Path previous, Collection<String> files, Set<String> write, Set<String> delete,
                Set<String> sources, Set<String> obsolete, List<String> vectorFiles) {

        /** The passages of the articles written again, in their order. */
        List<Passage> written(List<Passage> passages) {
            return passages.stream().filter(p -> write.contains(p.articleId())).toList();
        }
    }

    private SegmentReuse() {
    }

    /**
     * The kind of digest documents carry ({@link Fields#META_KEYED}): a generation with another
     * kind cannot be compared with, and is written anew once. Kind 1 hashed the article's JSON
     * record and every text as UTF-8; encoding half a gigabyte of text to UTF-8 was most of the
     * digests' cost in a rebuild after one changed file at 10,000 documents.
     */
    static final String DIGEST_KIND = "2";

    /**
     * Each article's digest: its fields, its passages' stored and indexed content, and the
     * embedding model that gave their vectors (none when null), each text as its length and
     * UTF-16 code units, each number as 32 bits, in the order of the records' components.
     */
    static Map<String, String> digests(List<Article> articles, List<Passage> passages, String model) {
        Map<String, List<Passage>> byArticle = new HashMap<>();
        for (Passage p : passages) {
            byArticle.computeIfAbsent(p.articleId(), k -> new java.util.ArrayList<>()).add(p);
        }
        // On every core: at 10,000 documents this is 0.4 s of a rebuild after one changed file.
        return articles.parallelStream().collect(java.util.stream.Collectors.toMap(Article::id, a -> {
            Digest d = new Digest();
            d.text(model == null ? "" : model);
            d.text(a.id());
            d.text(a.file());
            d.number(a.line());
            d.text(a.title());
            d.text(a.subtitle());
            d.text(a.byline());
            d.text(a.date().map(Object::toString).orElse(""));
            d.text(a.source());
            java.util.Map<String, String> info = new java.util.TreeMap<>(a.info());
            d.number(info.size());
            info.forEach((k, v) -> {
                d.text(k);
                d.text(v);
            });
            d.number(a.sections().size());
            for (Article.Section s : a.sections()) {
                d.text(s.heading());
                d.number(s.paragraphs().size());
                for (Article.Paragraph p : s.paragraphs()) {
                    d.text(p.text());
                    d.number(p.line());
                }
            }
            List<Passage> own = byArticle.getOrDefault(a.id(), List.of());
            d.number(own.size());
            for (Passage p : own) {
                d.text(p.id());
                d.text(p.file());
                d.text(p.title());
                d.text(p.date().map(Object::toString).orElse(""));
                d.text(p.section());
                d.text(p.text());
                d.number(p.position());
                d.number(p.line());
            }
            return d.hex();
        }, (earlier, later) -> later, HashMap::new));
    }

    /**
     * How to build on the previous generation, or empty (with the reason logged) when it cannot
     * be reused and the build must write everything.
     */
    static Optional<Plan> plan(Path previous, Map<String, String> digests, Map<String, String> extracted, boolean vectors) {
        try (FSDirectory dir = FSDirectory.open(previous); DirectoryReader reader = DirectoryReader.open(dir)) {
            Map<String, String> meta = reader.getIndexCommit().getUserData();
            String refused = !Corpora.FORMAT.equals(meta.get(Fields.META_FORMAT)) ? "it was written in another format"
                    : !Boolean.toString(vectors).equals(meta.get(Fields.META_VECTORS)) ? "vectors were turned " + (vectors ? "on" : "off")
                    : !DIGEST_KIND.equals(meta.get(Fields.META_KEYED)) ? "its documents carry no digests, or digests of an earlier kind"
                    : null;
            if (refused != null) {
                log.info("Writing every document: the previous generation {} cannot be reused ({})", previous.getFileName(), refused);
                return Optional.empty();
            }
            IndexSearcher searcher = new IndexSearcher(reader);
            StoredFields stored = reader.storedFields();
            // The digests file beside the index spares decompressing every stored article and text.
            Optional<Known> known = readDigests(previous);
            Map<String, String> before = known.isPresent() ? known.get().articles()
                    : stored(searcher, stored, "article", Fields.ID, Fields.DIGEST);
            Changes articles = changes(digests, before);
            Set<String> write = articles.changed();
            Set<String> delete = articles.replacedOrGone();
            if (write.size() + delete.size() > digests.size() / 2) {
                log.info("Writing every document: most articles changed since {} ({} to write, {} to delete)",
                        previous.getFileName(), write.size(), delete.size());
                return Optional.empty();
            }
            Changes texts = known.isPresent() ? changes(textDigests(extracted), known.get().texts())
                    : changes(extracted, stored(searcher, stored, "source", Fields.FILE, Fields.TEXT));
            Set<String> sources = texts.changed();
            Set<String> obsolete = texts.replacedOrGone();
            return Optional.of(new Plan(previous, List.copyOf(reader.getIndexCommit().getFileNames()), write, delete,
                    sources, obsolete, VectorFile.files(meta)));
        } catch (IOException | RuntimeException e) {
            log.info("Writing every document: the previous generation {} cannot be read ({})", previous.getFileName(), e.toString());
            return Optional.empty();
        }
    }

    /** A generation's article digests and extracted-text digests, written beside its index. */
    static final String DIGESTS = "digests.bin";
    private static final int DIGESTS_MAGIC = 0x50524431; // "PRD1"

    /** What the digests file holds: article id to digest, file name to its extracted text's digest. */
    record Known(Map<String, String> articles, Map<String, String> texts) {
    }

    /**
     * Writes the digests of every article and extracted text of a generation into its folder,
     * ending with a CRC-32 of what comes before, and syncs it. Read by the next build's
     * {@link #plan}, which otherwise decompresses them from every stored document (0.7 s at
     * 10,000 documents).
     */
    static void writeDigests(Path generation, Map<String, String> articles, Map<String, String> extracted) throws IOException {
        Map<String, String> texts = textDigests(extracted);
        ChecksummedFile.write(generation.resolve(DIGESTS), out -> {
            out.writeInt(DIGESTS_MAGIC);
            for (Map<String, String> map : List.of(articles, texts)) {
                out.writeInt(map.size());
                for (Map.Entry<String, String> e : map.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
            }
        });
    }

    /** The digests file of a generation; empty when it has none (written before it) or it is damaged. */
    static Optional<Known> readDigests(Path generation) {
        Path file = generation.resolve(DIGESTS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (java.io.InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            java.util.zip.CheckedInputStream checked = new java.util.zip.CheckedInputStream(raw, new java.util.zip.CRC32());
            java.io.DataInputStream in = new java.io.DataInputStream(checked);
            if (in.readInt() != DIGESTS_MAGIC) {
                throw new IOException("not a digests file");
            }
            List<Map<String, String>> maps = new java.util.ArrayList<>();
            for (int m = 0; m < 2; m++) {
                int n = in.readInt();
                if (n < 0) {
                    throw new IOException("bad count " + n);
                }
                Map<String, String> map = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(in.readUTF(), in.readUTF());
                }
                maps.add(map);
            }
            if (!ChecksummedFile.endsWithItsChecksum(checked, in)) {
                throw new IOException("checksum mismatch");
            }
            return Optional.of(new Known(maps.get(0), maps.get(1)));
        } catch (IOException | RuntimeException e) {
            log.info("Reading the digests of {} from its documents: its {} cannot be used ({})", generation.getFileName(),
                    DIGESTS, e.toString());
            return Optional.empty();
        }
    }

    /** Each extracted text's digest (as {@link Digest} hashes a text), by file name, computed on every core. */
    static Map<String, String> textDigests(Map<String, String> extracted) {
        return extracted.entrySet().parallelStream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> {
            Digest d = new Digest();
            d.text(e.getValue());
            return d.hex();
        }, (earlier, later) -> later, HashMap::new));
    }

    /**
     * What changed between the previous generation and now, by key.
     *
     * @param changed        keys whose value is new or different now (to write)
     * @param replacedOrGone keys the previous generation holds that are changed or gone now (to delete)
     */
    private record Changes(Set<String> changed, Set<String> replacedOrGone) {
    }

    private static Changes changes(Map<String, String> now, Map<String, String> before) {
        Set<String> changed = new HashSet<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        Set<String> replacedOrGone = new HashSet<>(changed);
        replacedOrGone.retainAll(before.keySet());
        for (String key : before.keySet()) {
            if (!now.containsKey(key)) {
                replacedOrGone.add(key);
            }
        }
        return new Changes(changed, replacedOrGone);
    }

    /** Two stored fields of every document of a type, as key and value. */
    private static Map<String, String> stored(IndexSearcher searcher, StoredFields stored, String type, String keyField,
                                              String valueField) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> fields = Set.of(keyField, valueField);
        for (ScoreDoc sd : searcher.search(new TermQuery(new Term(Fields.TYPE, type)), Integer.MAX_VALUE).scoreDocs) {
            Document d = stored.document(sd.doc, fields);
            out.put(d.get(keyField), d.get(valueField));
        }
        return out;
    }

    /**
     * Hard-links the files into the new folder; copies them where the file system refuses links.
     * Links share the files' bytes: safe because neither generation writes them again.
     */
    static void link(Path from, Collection<String> files, Path to) throws IOException {
        boolean links = true;
        for (String name : files) {
            Path source = from.resolve(name);
            Path target = to.resolve(name);
            if (links) {
                try {
                    Files.createLink(target, source);
                    continue;
                } catch (UnsupportedOperationException | IOException e) {
                    log.info("Copying the files of {} instead of linking them ({})", from.getFileName(), e.toString());
                    links = false;
                }
            }
            Files.copy(source, target);
        }
    }

    /**
     * A SHA-256 fed texts as their length and UTF-16 code units, and numbers as 32 bits: no text
     * is encoded to UTF-8 (most of the cost at 10,000 documents), and the lengths keep parts apart.
     */
    private static final class Digest {
        private final MessageDigest sha = sha256();
        private final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8192);

        void number(int n) {
            buffer.clear().putInt(n).flip();
            sha.update(buffer);
        }

        void text(String s) {
            number(s.length());
            for (int from = 0; from < s.length(); from += buffer.capacity() / Character.BYTES) {
                int to = Math.min(s.length(), from + buffer.capacity() / Character.BYTES);
                buffer.clear();
                buffer.asCharBuffer().put(s, from, to);
                buffer.limit((to - from) * Character.BYTES);
                sha.update(buffer);
            }
        }

        String hex() {
            return java.util.HexFormat.of().formatHex(sha.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
