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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
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
import org.apache.lucene.store.FSDirectory;
import org.policybot.retrieval.embed.PassageVectors;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;

/**
 * The generation of the index in service: one {@link SearcherManager} over it, plus the
 * articles and passages held in memory for lookups. {@link #refresh()} switches to a new
 * generation when {@code CURRENT} points elsewhere; searches in flight finish on the old one.
 */
public final class LiveIndex implements AutoCloseable {

    /** One opened generation. */
    public record Generation(String name, SearcherManager manager, FSDirectory directory,
                             Map<String, Article> articles, List<Passage> passages, Map<String, Passage> passagesById,
                             Map<String, String> meta, String[] idByDoc, Map<String, PassageVectors> vectors) {

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
    /** A generation that could not be opened; not tried again until {@code CURRENT} names another. */
    private String failed;

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
            throw e;
        }
        failed = null;
        current.set(fresh);
        if (old != null) {
            closeQuietly(old);
        }
        return true;
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
                return search.apply(new Snapshot(g, searcher));
            } finally {
                try {
                    g.manager().release(searcher);
                } catch (IOException ignored) {
                    // Releasing only decrements a reference count.
                }
            }
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
                passages.sort(Comparator.comparing(Passage::articleId).thenComparingInt(Passage::position));
                Map<String, Passage> byId = new LinkedHashMap<>();
                passages.forEach(p -> byId.put(p.id(), p));
                Map<String, PassageVectors> vectors = Boolean.parseBoolean(meta.getOrDefault(Fields.META_VECTORS, "false"))
                        ? VectorFile.read(dir) : Map.of();
                return new Generation(dir.getFileName().toString(), manager, directory, Collections.unmodifiableMap(articles),
                        List.copyOf(passages), Collections.unmodifiableMap(byId), Map.copyOf(meta), idByDoc,
                        Collections.unmodifiableMap(vectors));
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
