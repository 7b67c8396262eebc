package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.NIOFSDirectory;
import org.policybot.retrieval.embed.PassageVectors;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generation of the index in service: one {@link SearcherManager} over it, plus the
 * articles and passages held in memory for lookups. {@link #refresh()} switches to a new
 * generation when {@code CURRENT} points elsewhere; searches in flight finish on the old one.
 *
 * <p>A generation is opened only when every file passes its checksum (Lucene's footers, the
 * vector file's CRC). When the files of the generation in service are damaged later (a disk
 * error, a stray write), searches start failing: after {@link #FAILURES_BEFORE_CHECK} in a
 * row its checksums are verified again, and if they fail, the newest earlier generation that
 * opens takes over (and {@code CURRENT} is pointed back at it), the search is run again on
 * it, one warning is logged and {@link #needsRebuild()} turns true, for {@link IndexService}
 * to build a fresh generation in the background. The same happens when the generation
 * {@code CURRENT} names cannot be opened and nothing serves yet.
 */
public final class LiveIndex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveIndex.class);

    /** Searches failing in a row on one generation before its files are verified. */
    static final int FAILURES_BEFORE_CHECK = 3;
    /**
     * At most one verification per this period: searches may also fail for reasons that are
     * not damage (a bug, a question that breaks a query), and verifying reads every file.
     */
    static final long CHECK_EVERY_NANOS = 10_000_000_000L;

    /** One opened generation. */
    public record Generation(String name, SearcherManager manager, FSDirectory directory,
                             Map<String, Article> articles, List<Passage> passages, Map<String, Passage> passagesById,
                             Map<String, String> meta, String[] idByDoc, Map<String, PassageVectors> vectors,
                             Map<String, String> extracted) {

        /** The vectors of a passage (passage and sentences), or null when the generation has none. */
        public PassageVectors vectorsOf(String passageId) {
            return vectors.get(passageId);
        }

        /** The id stored with a Lucene document, without reading stored fields at query time. */
        public String idOf(int doc) {
            return doc >= 0 && doc < idByDoc.length ? idByDoc[doc] : null;
        }

        public Instant builtAt() {
            String built = meta.get(Fields.META_BUILT);
            return built == null ? Instant.EPOCH : Instant.parse(built);
        }

        public boolean hasVectors() {
            return Boolean.parseBoolean(meta.getOrDefault(Fields.META_VECTORS, "false"));
        }

        public String fingerprint() {
            return meta.getOrDefault(Fields.META_FINGERPRINT, "");
        }

        /** The articles folder this generation was built from, when recorded. */
        public Optional<Path> source() {
            String s = meta.get(Fields.META_SOURCE);
            return s == null || s.isEmpty() ? Optional.empty() : Optional.of(Path.of(s));
        }
    }

    private final IndexLayout layout;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    /** A generation that could not be opened or was found damaged; not tried again until {@code CURRENT} names another. */
    private String failed;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private long checkedAt = System.nanoTime() - CHECK_EVERY_NANOS;
    private volatile boolean rebuildWanted;
    /**
     * What prepares a generation before it serves (a searcher's view of its corpus, which takes
     * tens of seconds at 10,000 documents): held weakly, so a searcher that is gone is not kept.
     */
    private final List<java.lang.ref.WeakReference<java.util.function.Consumer<Generation>>> warmers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private LiveIndex(IndexLayout layout) {
        this.layout = layout;
    }

    /** Opens the generation that {@code CURRENT} names; empty when there is none yet. */
    public static Optional<LiveIndex> open(Path root) {
        LiveIndex index = new LiveIndex(new IndexLayout(root));
        return index.refresh() ? Optional.of(index) : Optional.empty();
    }

    /**
     * Switches to the generation {@code CURRENT} names if it changed. True when a generation is open.
     *
     * @throws IndexException the first time a generation cannot be opened; later calls keep
     *                        serving the open generation (if any) without trying it again
     */
    public synchronized boolean refresh() {
        Optional<Path> dir;
        try {
            dir = layout.current();
        } catch (IOException e) {
            throw new IndexException("cannot read " + layout.root.resolve(IndexLayout.CURRENT) + ": " + e.getMessage(), e);
        }
        if (dir.isEmpty()) {
            return current.get() != null;
        }
        String name = dir.get().getFileName().toString();
        Generation old = current.get();
        if (old != null && old.name().equals(name)) {
            return true;
        }
        if (name.equals(failed)) {
            return old != null;
        }
        Generation fresh;
        try {
            fresh = load(dir.get());
        } catch (IndexException e) {
            failed = name;
            if (old == null) {
                // Nothing serves yet: an earlier generation can, while a new one is built.
                Optional<Generation> earlier = fallBack(name, e);
                if (earlier.isPresent()) {
                    switchTo(earlier.get());
                    return true;
                }
            }
            throw e;
        }
        failed = null;
        rebuildWanted = false;
        if (old != null) {
            // Questions go on being answered from the old generation while the new one is prepared.
            warm(fresh);
        }
        switchTo(fresh);
        return true;
    }

    /**
     * Runs {@code warmer} on each new generation before it replaces the one in service. The
     * index holds it weakly: the caller keeps it for as long as it should run. A warmer that
     * fails is logged; the generation serves all the same.
     */
    public void addWarmer(java.util.function.Consumer<Generation> warmer) {
        warmers.removeIf(w -> w.get() == null);
        warmers.add(new java.lang.ref.WeakReference<>(warmer));
    }

    private void warm(Generation fresh) {
        for (java.lang.ref.WeakReference<java.util.function.Consumer<Generation>> w : warmers) {
            java.util.function.Consumer<Generation> warmer = w.get();
            if (warmer == null) {
                continue;
            }
            try {
                warmer.accept(fresh);
            } catch (RuntimeException e) {
                log.warn("Preparing generation {} failed; it is prepared on its first question instead: {}", fresh.name(),
                        e.getMessage());
            }
        }
    }

    /**
     * True when the generation in service replaced one found damaged (or none could be opened):
     * a fresh generation should be built from the articles.
     */
    public boolean needsRebuild() {
        return rebuildWanted;
    }

    private void switchTo(Generation fresh) {
        Generation old = current.getAndSet(fresh);
        failuresInARow.set(0);
        if (old != null && old != fresh) {
            closeQuietly(old);
        }
    }

    /**
     * Opens the newest generation older than the damaged one that passes its checks, and
     * points {@code CURRENT} back at it (unless a build has moved it on meanwhile). Logs once.
     */
    private Optional<Generation> fallBack(String damaged, Exception why) {
        rebuildWanted = true;
        List<Path> generations;
        try {
            generations = layout.generations();
        } catch (IOException e) {
            generations = List.of();
        }
        for (Path earlier : generations) {
            if (earlier.getFileName().toString().compareTo(damaged) >= 0) {
                continue;
            }
            Generation g;
            try {
                g = load(earlier);
            } catch (IndexException e) {
                continue;
            }
            boolean pointed;
            try {
                pointed = layout.pointBack(damaged, earlier);
            } catch (IOException e) {
                pointed = false;
            }
            log.warn("Index generation {} is damaged ({}); serving the earlier generation {} (built {}) until it is rebuilt{}",
                    damaged, why.getMessage(), g.name(), g.builtAt(), pointed ? "" : " (CURRENT left as it is: a build is under way)");
            return Optional.of(g);
        }
        log.warn("Index generation {} is damaged ({}) and no earlier generation can be opened; it must be rebuilt",
                damaged, why.getMessage());
        return Optional.empty();
    }

    public Generation generation() {
        Generation g = current.get();
        if (g == null) {
            throw new IndexException("the index is not open");
        }
        return g;
    }

    /**
     * A generation and a searcher acquired on it: what one search reads, all of it from the
     * same generation, however many generations are swapped in meanwhile.
     */
    public record Snapshot(Generation generation, IndexSearcher searcher) {
    }

    /**
     * Runs a search on a snapshot of the generation in service and releases it. Retries if
     * a refresh closed the generation between reading it and acquiring its searcher.
     */
    public <T> T withSnapshot(Function<Snapshot, T> search) {
        for (int attempt = 0; ; attempt++) {
            Generation g = generation();
            IndexSearcher searcher;
            try {
                searcher = g.manager().acquire();
            } catch (AlreadyClosedException e) {
                if (attempt < 3) {
                    continue;
                }
                throw new IndexException("the index was closed", e);
            } catch (IOException e) {
                throw new IndexException("cannot open a searcher: " + e.getMessage(), e);
            }
            try {
                T result = search.apply(new Snapshot(g, searcher));
                failuresInARow.set(0);
                return result;
            } catch (RuntimeException e) {
                if (attempt < 3 && searchFailed(g)) {
                    continue; // an earlier generation took over from a damaged one: search it instead
                }
                throw e;
            } finally {
                try {
                    g.manager().release(searcher);
                } catch (IOException ignored) {
                    // Releasing only decrements a reference count.
                }
            }
        }
    }

    /**
     * Counts a failed search; after a few in a row, verifies the generation's checksums and
     * falls back to an earlier generation when they fail. True when another generation serves now.
     */
    private boolean searchFailed(Generation g) {
        if (failuresInARow.incrementAndGet() < FAILURES_BEFORE_CHECK) {
            return false;
        }
        synchronized (this) {
            if (current.get() != g) {
                return true;
            }
            long now = System.nanoTime();
            if (g.name().equals(failed) || now - checkedAt < CHECK_EVERY_NANOS) {
                return false;
            }
            checkedAt = now;
            try {
                verify(g);
                return false; // intact: whatever fails is not the files
            } catch (IOException | RuntimeException damage) {
                failed = g.name();
                Optional<Generation> earlier = fallBack(g.name(), damage);
                earlier.ifPresent(this::switchTo);
                return earlier.isPresent();
            }
        }
    }

    /**
     * Reads every file of the generation's commit (each segment's files and the segments file)
     * against the checksum at its end. The files are read with plain reads, not through the
     * memory map searches use: read through the map, all of them (hundreds of megabytes at
     * 10,000 documents) would stay counted in the process's resident memory.
     */
    private static void verify(Generation g) throws IOException {
        IndexSearcher searcher = g.manager().acquire();
        try {
            DirectoryReader reader = (DirectoryReader) searcher.getIndexReader();
            try (Directory plain = new NIOFSDirectory(g.directory().getDirectory())) {
                for (String name : reader.getIndexCommit().getFileNames()) {
                    try (IndexInput in = plain.openInput(name, IOContext.READONCE)) {
                        CodecUtil.checksumEntireFile(in);
                    }
                }
            }
        } finally {
            g.manager().release(searcher);
        }
    }

    private static Generation load(Path dir) {
        FSDirectory directory = null;
        SearcherManager manager = null;
        try {
            directory = FSDirectory.open(dir);
            manager = new SearcherManager(directory, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                    IndexSearcher s = new IndexSearcher(reader);
                    s.setSimilarity(new BM25Similarity());
                    return s;
                }
            });
            IndexSearcher searcher = manager.acquire();
            try {
                IndexReader reader = searcher.getIndexReader();
                Map<String, String> meta = ((DirectoryReader) reader).getIndexCommit().getUserData();
                Map<String, Article> articles = new LinkedHashMap<>();
                List<Passage> passages = new ArrayList<>();
                StoredFields stored = reader.storedFields();
                String[] idByDoc = new String[reader.maxDoc()];
                ScoreDoc[] articleDocs = searcher.search(new TermQuery(new Term(Fields.TYPE, "article")), Integer.MAX_VALUE).scoreDocs;
                for (ScoreDoc sd : articleDocs) {
                    Article a = ArticleJson.read(stored.document(sd.doc).get(Fields.ARTICLE_JSON));
                    articles.put(a.id(), a);
                    idByDoc[sd.doc] = a.id();
                }
                ScoreDoc[] passageDocs = searcher.search(new TermQuery(new Term(Fields.TYPE, "passage")), Integer.MAX_VALUE).scoreDocs;
                for (ScoreDoc sd : passageDocs) {
                    Passage p = passageOf(stored.document(sd.doc));
                    passages.add(p);
                    idByDoc[sd.doc] = p.id();
                }
                Map<String, String> extracted = new LinkedHashMap<>();
                for (ScoreDoc sd : searcher.search(new TermQuery(new Term(Fields.TYPE, "source")), Integer.MAX_VALUE).scoreDocs) {
                    Document d = stored.document(sd.doc);
                    extracted.put(d.get(Fields.FILE), d.get(Fields.TEXT));
                }
                passages.sort(Comparator.comparing(Passage::articleId).thenComparingInt(Passage::position));
                Map<String, Passage> byId = new LinkedHashMap<>();
                passages.forEach(p -> byId.put(p.id(), p));
                Map<String, PassageVectors> vectors = Boolean.parseBoolean(meta.getOrDefault(Fields.META_VECTORS, "false"))
                        ? VectorFile.read(dir, VectorFile.files(meta), byId.keySet()) : Map.of();
                Generation g = new Generation(dir.getFileName().toString(), manager, directory,
                        Collections.unmodifiableMap(articles), List.copyOf(passages), Collections.unmodifiableMap(byId),
                        Map.copyOf(meta), idByDoc, Collections.unmodifiableMap(vectors), Collections.unmodifiableMap(extracted));
                verify(g);
                return g;
            } finally {
                manager.release(searcher);
            }
        } catch (IOException | RuntimeException e) {
            // A generation that cannot be opened must not keep its reader and files open.
            closeQuietly(manager, directory);
            throw new IndexException("cannot open the index at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Rebuilds a passage from its stored fields. */
    static Passage passageOf(Document d) {
        String date = d.get(Fields.DATE);
        return new Passage(d.get(Fields.ID), d.get(Fields.ARTICLE_ID), d.get(Fields.TITLE),
                date == null || date.isEmpty() ? Optional.empty() : Optional.of(java.time.LocalDate.parse(date)),
                d.get(Fields.FILE), d.get(Fields.SECTION), d.get(Fields.TEXT),
                d.getField(Fields.POSITION).numericValue().intValue(), d.getField(Fields.LINE).numericValue().intValue());
    }

    /** Closes a generation; searchers still acquired keep working until they are released. */
    private static void closeQuietly(Generation g) {
        closeQuietly(g.manager(), g.directory());
    }

    private static void closeQuietly(SearcherManager manager, FSDirectory directory) {
        try {
            if (manager != null) {
                manager.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // Readers still in use close when released.
        }
        try {
            if (directory != null) {
                directory.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // Nothing is left to release.
        }
    }

    @Override
    public synchronized void close() {
        Generation g = current.getAndSet(null);
        if (g != null) {
            closeQuietly(g);
        }
    }
}
