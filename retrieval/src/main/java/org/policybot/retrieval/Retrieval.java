package org.policybot.retrieval;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.policybot.config.Settings;
import org.policybot.retrieval.embed.BgeSmallZhEmbedder;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.ingest.Ocr;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrieval side wired from settings: the index lifecycle, the embedding model (loaded
 * once, on first use, only when vectors are on) and the hybrid searcher.
 */
public final class Retrieval implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retrieval.class);

    private final IndexService index;
    private final Supplier<Optional<Embedder>> embedder;
    private HybridSearcher searcher;

    /**
     * From settings; the embedding model (when vectors are on) starts loading at once on a
     * thread of its own, so it overlaps with opening the index instead of following it.
     */
    public Retrieval(Settings settings) {
        this(settings, inBackground(() -> loadEmbedder(settings.retrieval().vectors()), "embedding-model-load"));
    }

    public Retrieval(Settings settings, Supplier<Optional<Embedder>> embedder) {
        this.embedder = embedder;
        this.index = new IndexService(settings.articlesDir(), settings.indexRoot(),
                settings.dataDir().resolve("vectors").resolve("passages.bin"), embedder, new Chunker(),
                new ArticleReader.Limits(settings.retrieval().maxDocumentMb() * 1024L * 1024L,
                        java.time.Duration.ofSeconds(settings.retrieval().documentTimeoutSeconds())),
                new Ocr(settings.retrieval().tesseract()));
    }

    public IndexService index() {
        return index;
    }

    public Optional<Embedder> embedder() {
        return embedder.get();
    }

    /** The searcher over a fresh index (built first if missing or stale). */
    public synchronized HybridSearcher searcher() {
        if (searcher == null) {
            searcher = new HybridSearcher(index.ensureFresh(), Lexicon.bundled(), embedder.get(),
                    HybridSearcher.Options.defaults(embedder.get().isPresent()));
        }
        return searcher;
    }

    /**
     * A new searcher over the same index with other models, with or without vectors (training,
     * cross-validation); not kept.
     */
    public HybridSearcher searcher(org.policybot.retrieval.rank.Models models, boolean vectors) {
        return new HybridSearcher(index.ensureFresh(), Lexicon.bundled(), vectors ? embedder.get() : Optional.empty(),
                new HybridSearcher.Options(vectors && embedder.get().isPresent(), 50, models));
    }

    /** The embedding model when the settings turn vectors on (loaded now; empty when it cannot be). */
    public static Optional<Embedder> embedderFor(Settings settings) {
        return loadEmbedder(settings.retrieval().vectors());
    }

    static Optional<Embedder> loadEmbedder(boolean enabled) {
        if (!enabled) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BgeSmallZhEmbedder());
        } catch (RuntimeException | LinkageError e) {
            log.warn("The embedding model could not be loaded ({}); searching without vectors", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Starts {@code supplier} now on a daemon thread; {@code get()} waits for its value (the
     * same one every time) and rethrows what it threw.
     */
    static <T> Supplier<T> inBackground(Supplier<T> supplier, String threadName) {
        FutureTask<T> task = new FutureTask<>(supplier::get);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        return () -> {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return task.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Override
    public void close() {
        index.close();
    }
}
