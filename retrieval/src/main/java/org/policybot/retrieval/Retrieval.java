package org.policybot.retrieval;

import java.util.Optional;
import java.util.function.Supplier;
import org.policybot.config.Settings;
import org.policybot.retrieval.embed.BgeSmallZhEmbedder;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Chunker;
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

    public Retrieval(Settings settings) {
        this(settings, memoize(() -> loadEmbedder(settings.retrieval().vectors())));
    }

    public Retrieval(Settings settings, Supplier<Optional<Embedder>> embedder) {
        this.embedder = embedder;
        this.index = new IndexService(settings.articlesDir(), settings.indexRoot(),
                settings.dataDir().resolve("vectors").resolve("passages.bin"), embedder, new Chunker());
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

    static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;
            private boolean done;

            @Override
            public synchronized T get() {
                if (!done) {
                    value = supplier.get();
                    done = true;
                }
                return value;
            }
        };
    }

    @Override
    public void close() {
        index.close();
    }
}
