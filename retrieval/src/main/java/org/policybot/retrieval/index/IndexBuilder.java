package org.policybot.retrieval.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.embed.Q15;
import org.policybot.retrieval.embed.PassageVectors;
import org.policybot.retrieval.embed.VectorCache;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.text.ChineseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new generation of the index beside the one in service and swaps it in with an
 * atomic move of the {@code CURRENT} pointer. A failure before the move leaves the old
 * generation serving and removes the half-built folder; after the move the build has
 * succeeded, and saving the vector cache or removing old generations can only warn. One
 * build at a time per index folder (a file lock).
 *
 * <p>NOTE: every build writes a complete generation instead of upserting into the live
 * index: a failed build must never leave a half-updated index. From {@link #REUSE_FROM}
 * passages on, the new generation starts from the previous one's segments
 * ({@link SegmentReuse}) and writes only the documents of what changed.
 */
final class IndexBuilder {

    private static final Logger log = LoggerFactory.getLogger(IndexBuilder.class);

    /** What a build did, for the command line and the admin API. */
    record Report(Path generation, int articles, int passages, int vectorsComputed, int vectorsCached, long millis) {
    }

    private final IndexLayout layout;

    /** From how many passages on they are written on every core. */
    private final int parallelFrom;
    /** From how many passages on a build starts from the previous generation's segments. */
    private final int reuseFrom;

    IndexBuilder(IndexLayout layout) {
        this(layout, PARALLEL_FROM, REUSE_FROM);
    }

    IndexBuilder(IndexLayout layout, int parallelFrom) {
        this(layout, parallelFrom, REUSE_FROM);
    }

    IndexBuilder(IndexLayout layout, int parallelFrom, int reuseFrom) {
        this.layout = layout;
        this.parallelFrom = parallelFrom;
        this.reuseFrom = reuseFrom;
    }

    /**
     * From this many passages on, a build reuses the previous generation's segments. Below it
     * every build writes every document, so a small corpus gets the same index (one segment,
     * documents in order) on every build; from here on the order of documents already varies
     * from build to build ({@link #PARALLEL_FROM}), which only moves ties between equal scores.
     */
    static final int REUSE_FROM = 20_000;

    Report build(List<Article> articles, List<Passage> passages, Embedder embedder, VectorCache cache, String fingerprint,
                 Path source) {
        return build(articles, passages, Map.of(), embedder, cache, fingerprint, source, BuildProgress.NONE, false);
    }

    /**
     * @param extracted   the text extracted from each document file, by file name (kept in the generation)
     * @param fromScratch write every document even where the previous generation could be reused
     */
    Report build(List<Article> articles, List<Passage> passages, Map<String, String> extracted, Embedder embedder,
                 VectorCache cache, String fingerprint, Path source, BuildProgress progress, boolean fromScratch) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(layout.root);
        } catch (IOException e) {
            throw new IndexException("cannot create the index folder " + layout.root + ": " + e.getMessage(), e);
        }
        try (IndexLayout.Lock lock = layout.tryLock()) {
            if (lock == null) {
                throw new IndexException("another index build is running in " + layout.root);
            }
            return buildLocked(articles, passages, extracted, embedder, cache, fingerprint, source, start, progress, fromScratch);
        } catch (IOException e) {
            throw new IndexException("cannot lock the index folder " + layout.root + ": " + e.getMessage(), e);
        }
    }

    private Report buildLocked(List<Article> articles, List<Passage> passages, Map<String, String> extracted,
                               Embedder embedder, VectorCache cache, String fingerprint, Path source, long start,
                               BuildProgress progress, boolean fromScratch) {
        Path generation = null;
        List<short[]> vectors = null;
        boolean keptVectors = false;
        int computed;
        try {
            // Builds killed before their swap left folders newer than CURRENT; one of them must
            // not stay behind as "the generation before" this one.
            for (Path unfinished : layout.removeUnfinished()) {
                log.info("Removed {}, newer than the generation CURRENT names: left by a build that stopped "
                        + "before its swap, or found damaged", unfinished.getFileName());
            }
            // Below the size that reuses, documents carry no digests: the index is what it always was.
            Map<String, String> digests = passages.size() < reuseFrom ? null
                    : SegmentReuse.digests(articles, passages, embedder == null ? null : embedder.name());
            Optional<Path> previous = fromScratch || passages.size() < reuseFrom ? Optional.empty() : layout.current();
            Optional<SegmentReuse.Plan> plan = previous.flatMap(p -> SegmentReuse.plan(p, digests, extracted, embedder != null));
            generation = layout.newGeneration();
            // On the previous generation, only the passages written again need vectors: they go
            // into a file of their own beside the previous generation's files, which are linked.
            List<Passage> embedded = passages;
            List<String> vectorFiles = List.of(VectorFile.NAME);
            if (embedder != null && plan.isPresent()) {
                List<Passage> written = plan.get().written(passages);
                if (VectorFile.extendable(plan.get().previous(), plan.get().vectorFiles(), passages.size(), written.size())) {
                    embedded = written;
                    vectorFiles = new ArrayList<>(plan.get().vectorFiles());
                    vectorFiles.add(VectorFile.partName(generation));
                }
            }
            keptVectors = embedded != passages;
            int before = cache == null ? 0 : cache.misses();
            if (embedder != null) {
                List<String> texts = embeddingTexts(embedded);
                vectors = cache != null ? cache.vectorsFor(texts, embedder, progress::vectors)
                        : embedder.embedPassages(texts).stream().map(Q15::of).toList();
            }
            progress.writing();
            computed = cache == null ? (vectors == null ? 0 : vectors.size()) : cache.misses() - before;
            write(generation, plan.orElse(null), articles, passages, digests, extracted,
                    vectors == null ? null : vectors.subList(0, embedded.size()), keptVectors, vectorFiles, fingerprint, source);
            if (digests != null) {
                SegmentReuse.writeDigests(generation, digests, extracted);
            }
            if (vectors != null) {
                if (keptVectors) {
                    SegmentReuse.link(plan.get().previous(), plan.get().vectorFiles(), generation);
                }
                VectorFile.write(generation, vectorFiles.get(vectorFiles.size() - 1), embedded.size(),
                        passageVectors(embedded, vectors));
            }
            layout.point(generation);
        } catch (IOException | RuntimeException e) {
            // CURRENT still names the previous generation, so the unfinished one can go.
            if (generation != null) {
                IndexLayout.deleteTree(generation);
            }
            if (e instanceof IndexException ie) {
                throw ie;
            }
            throw new IndexException("index build failed in " + layout.root + ": " + e.getMessage(), e);
        }
        // The new generation is in service now. What follows is housekeeping: a failure there
        // is a warning, never a reason to report the build failed or to delete what CURRENT names.
        if (embedder != null && cache != null) {
            try {
                // Only the passages written again were asked for: the cache keeps the others' vectors too.
                if (keptVectors) {
                    cache.addAskedAndSave();
                } else {
                    cache.retainAskedAndSave();
                }
            } catch (RuntimeException e) {
                log.warn("Index {} is in service, but the vector cache could not be saved ({}); "
                        + "the next build embeds those passages again", generation.getFileName(), e.getMessage());
            }
        }
        try {
            layout.removeOldGenerations(generation);
        } catch (IOException | RuntimeException e) {
            log.warn("Index {} is in service, but old generations in {} could not be removed ({}); "
                    + "the next build tries again", generation.getFileName(), layout.root, e.toString());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int cached = vectors == null ? 0 : vectors.size() - computed;
        log.info("Built index {}: {} articles, {} passages, {} vectors computed, {} from cache{}, {} ms",
                generation.getFileName(), articles.size(), passages.size(), computed, cached,
                keptVectors ? ", the other passages' kept in the previous generation's files" : "", millis);
        return new Report(generation, articles.size(), passages.size(), computed, cached, millis);
    }

    /** Sentences shorter than this (visible characters) get no vector: too little to compare. */
    static final int MIN_SENTENCE_CHARS = 4;

    /**
     * What is embedded, in order: every passage (with its title), then every sentence long
     * enough (with title and section), passage by passage.
     */
    static List<String> embeddingTexts(List<Passage> passages) {
        List<String> texts = new ArrayList<>(passages.size() * 6);
        for (Passage p : passages) {
            texts.add(p.embeddingText());
        }
        for (Passage p : passages) {
            for (String s : p.sentences()) {
                if (ChineseText.visibleLength(s) >= MIN_SENTENCE_CHARS) {
                    texts.add(p.sentenceEmbeddingText(s));
                }
            }
        }
        return texts;
    }

    /**
     * The vectors of {@link #embeddingTexts} regrouped by passage, in passage order, each read
     * from {@code vectors} as the iteration reaches it (the vector cache's lists read from disk).
     */
    static Iterator<Map.Entry<String, PassageVectors>> passageVectors(List<Passage> passages, List<short[]> vectors) {
        return new Iterator<>() {
            private int i;
            private int next = passages.size();

            @Override
            public boolean hasNext() {
                return i < passages.size();
            }

            @Override
            public Map.Entry<String, PassageVectors> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Passage p = passages.get(i);
                List<String> sentences = p.sentences();
                short[][] sv = new short[sentences.size()][];
                for (int s = 0; s < sentences.size(); s++) {
                    if (ChineseText.visibleLength(sentences.get(s)) >= MIN_SENTENCE_CHARS) {
                        sv[s] = vectors.get(next++);
                    }
                }
                return Map.entry(p.id(), new PassageVectors(vectors.get(i++), sv));
            }
        };
    }

    /**
     * Writes the generation's Lucene index: every document, or with a plan, the previous
     * generation's segments with the documents of what changed deleted and written again.
     *
     * @param digests     each article's digest, or null below the size that reuses (then documents carry no keys)
     * @param vectors     the passage vectors, of every passage, or (when {@code writtenOnly}) of
     *                    those of the plan's articles written again
     * @param vectorFiles the vector files the generation will have, oldest first
     */
    private void write(Path generation, SegmentReuse.Plan plan, List<Article> articles, List<Passage> passages,
                       Map<String, String> digests, Map<String, String> extracted, List<short[]> vectors,
                       boolean writtenOnly, List<String> vectorFiles, String fingerprint, Path source) throws IOException {
        int allArticles = articles.size();
        int allPassages = passages.size();
        IndexWriterConfig config = new IndexWriterConfig(Analyzers.perField());
        config.setOpenMode(plan == null ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND);
        config.setRAMBufferSizeMB(64);
        // Written on every core, the passages of a large corpus arrive as a segment per thread and
        // flush (about ten at 100,000 passages), each searched on its own, its own vector graph
        // included: a build from nothing merges them into one, the graph merged on every core.
        boolean merge = plan == null && passages.size() >= parallelFrom;
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        java.util.concurrent.ExecutorService mergeWorkers = merge ? workers("vector-graph-merge", cores) : null;
        if (merge) {
            config.setCodec(new Lucene912Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return new Lucene99HnswVectorsFormat(Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN,
                            Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH, cores, mergeWorkers);
                }
            });
        }
        if (plan != null) {
            SegmentReuse.link(plan.previous(), plan.files(), generation);
            List<Passage> changed = new ArrayList<>();
            List<short[]> changedVectors = vectors == null || writtenOnly ? vectors : new ArrayList<>();
            for (int i = 0; i < passages.size(); i++) {
                if (plan.write().contains(passages.get(i).articleId())) {
                    changed.add(passages.get(i));
                    if (vectors != null && !writtenOnly) {
                        changedVectors.add(vectors.get(i));
                    }
                }
            }
            log.info("Building on {}: {} articles written again ({} passages), {} deleted, {} kept; {} extracted texts written",
                    plan.previous().getFileName(), plan.write().size(), changed.size(), plan.delete().size(),
                    articles.size() - plan.write().size(), plan.sources().size());
            articles = articles.stream().filter(a -> plan.write().contains(a.id())).toList();
            passages = changed;
            vectors = changedVectors;
        }
        Map<String, Article> byId = new HashMap<>();
        for (Article a : articles) {
            byId.put(a.id(), a);
        }
        try (FSDirectory dir = FSDirectory.open(generation); IndexWriter writer = new IndexWriter(dir, config)) {
            if (plan != null) {
                for (String id : plan.delete()) {
                    writer.deleteDocuments(new Term(Fields.ID, id), new Term(Fields.ARTICLE_ID, id));
                }
                for (String file : plan.obsolete()) {
                    writer.deleteDocuments(new Term(Fields.SOURCE_FILE, file));
                }
            }
            for (Article a : articles) {
                Document doc = new Document();
                doc.add(new StringField(Fields.TYPE, "article", Field.Store.NO));
                doc.add(new StringField(Fields.ID, a.id(), Field.Store.YES));
                doc.add(new StoredField(Fields.ARTICLE_JSON, ArticleJson.write(a)));
                if (digests != null) {
                    doc.add(new StoredField(Fields.DIGEST, digests.get(a.id())));
                }
                String head = ChineseText.fold(headOf(a));
                doc.add(new TextField(Fields.HEAD_WORDS, head, Field.Store.NO));
                doc.add(new TextField(Fields.HEAD_BIGRAMS, head, Field.Store.NO));
                writer.updateDocument(new Term(Fields.ID, a.id()), doc);
            }
            int threads = passages.size() >= parallelFrom ? cores : 1;
            addPassages(writer, passages, byId, vectors, threads);
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(extracted).entrySet()) {
                if (plan != null && !plan.sources().contains(e.getKey())) {
                    continue;
                }
                Document doc = new Document();
                doc.add(new StringField(Fields.TYPE, "source", Field.Store.NO));
                if (digests != null) {
                    doc.add(new StringField(Fields.SOURCE_FILE, e.getKey(), Field.Store.NO));
                }
                doc.add(new StoredField(Fields.FILE, e.getKey()));
                doc.add(new StoredField(Fields.TEXT, e.getValue()));
                writer.addDocument(doc);
            }
            Map<String, String> meta = new HashMap<>();
            meta.put(Fields.META_FINGERPRINT, fingerprint);
            meta.put(Fields.META_BUILT, Instant.now().toString());
            meta.put(Fields.META_FORMAT, Corpora.FORMAT);
            meta.put(Fields.META_VECTORS, Boolean.toString(vectors != null));
            if (vectors != null) {
                meta.put(Fields.META_VECTOR_FILES, String.join(",", vectorFiles));
            }
            meta.put(Fields.META_ARTICLES, Integer.toString(allArticles));
            meta.put(Fields.META_PASSAGES, Integer.toString(allPassages));
            if (digests != null) {
                meta.put(Fields.META_KEYED, SegmentReuse.DIGEST_KIND);
            }
            if (source != null) {
                meta.put(Fields.META_SOURCE, source.toAbsolutePath().normalize().toString());
            }
            if (merge) {
                writer.forceMerge(1);
            }
            writer.setLiveCommitData(meta.entrySet());
            writer.commit();
        } finally {
            if (mergeWorkers != null) {
                mergeWorkers.shutdownNow();
            }
        }
    }

    /** A pool of daemon threads of that name. */
    private static java.util.concurrent.ExecutorService workers(String name, int threads) {
        return java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * From this many passages on, passages are written on every core: each thread fills its own
     * in-memory segment and builds that segment's vector graph, most of a large build's time.
     * Below it one thread writes them in order, so a small corpus gets the same index (one
     * segment, documents in passage order) on every build; a large one may order documents
     * differently from build to build, which only moves ties between equal scores.
     */
    static final int PARALLEL_FROM = 20_000;

    private static void addPassages(IndexWriter writer, List<Passage> passages, Map<String, Article> byId,
                                    List<short[]> vectors, int threads) throws IOException {
        if (threads <= 1) {
            addPassages(writer, passages, byId, vectors, 0, passages.size());
            return;
        }
        java.util.concurrent.ExecutorService pool = workers("index-writer", threads);
        try {
            List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
            int size = (passages.size() + threads - 1) / threads;
            for (int from = 0; from < passages.size(); from += size) {
                int start = from;
                int end = Math.min(passages.size(), from + size);
                parts.add(pool.submit(() -> {
                    addPassages(writer, passages, byId, vectors, start, end);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the index", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void addPassages(IndexWriter writer, List<Passage> passages, Map<String, Article> byId,
                                    List<short[]> vectors, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            Passage p = passages.get(i);
            writer.updateDocument(new Term(Fields.ID, p.id()), passageDocument(p, byId.get(p.articleId()),
                    vectors == null ? null : Q15.floats(vectors.get(i))));
        }
    }

    private static Document passageDocument(Passage p, Article article, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(Fields.TYPE, "passage", Field.Store.NO));
        doc.add(new StringField(Fields.ID, p.id(), Field.Store.YES));
        doc.add(new StringField(Fields.ARTICLE_ID, p.articleId(), Field.Store.YES));
        doc.add(new StoredField(Fields.FILE, p.file()));
        doc.add(new StoredField(Fields.TITLE, p.title()));
        doc.add(new StoredField(Fields.DATE, p.date().map(Object::toString).orElse("")));
        doc.add(new StoredField(Fields.SECTION, p.section()));
        doc.add(new StoredField(Fields.TEXT, p.text()));
        doc.add(new IntField(Fields.POSITION, p.position(), Field.Store.YES));
        doc.add(new StoredField(Fields.LINE, p.line()));
        String folded = ChineseText.fold(p.text());
        doc.add(new TextField(Fields.WORDS, folded, Field.Store.NO));
        doc.add(new TextField(Fields.BIGRAMS, folded, Field.Store.NO));
        String context = ChineseText.fold(contextOf(p, article));
        doc.add(new TextField(Fields.CONTEXT_WORDS, context, Field.Store.NO));
        doc.add(new TextField(Fields.CONTEXT_BIGRAMS, context, Field.Store.NO));
        if (vector != null) {
            doc.add(new KnnFloatVectorField(Fields.VECTOR, vector, VectorSimilarityFunction.COSINE));
        }
        return doc;
    }

    /** What an article is about at a glance: title, subtitle, byline, source, headings, lead paragraph. */
    static String headOf(Article a) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.title()).append(' ').append(a.subtitle()).append(' ').append(a.byline()).append(' ').append(a.source());
        for (Article.Section s : a.sections()) {
            sb.append(' ').append(s.heading());
        }
        a.sections().stream().flatMap(s -> s.paragraphs().stream()).findFirst().ifPresent(p -> sb.append(' ').append(p.text()));
        return sb.toString();
    }

    /** Title, subtitle, byline, source and section: searchable context for every passage. */
    static String contextOf(Passage p, Article article) {
        StringBuilder sb = new StringBuilder(p.title());
        if (article != null) {
            sb.append(' ').append(article.subtitle()).append(' ').append(article.byline()).append(' ').append(article.source());
        }
        sb.append(' ').append(p.section());
        return sb.toString();
    }
}
