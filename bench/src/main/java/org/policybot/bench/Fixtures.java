package org.policybot.bench;

import java.nio.file.Path;
import java.util.Optional;
import org.policybot.retrieval.embed.BgeSmallZhEmbedder;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;

/** Builds (or reuses, under .bench/) the index a benchmark searches. */
final class Fixtures {

    private Fixtures() {
    }

    static boolean vectors(String retrieval) {
        return switch (retrieval) {
            case "bm25" -> false;
            case "hybrid", "hybrid-always" -> true;
            default -> throw new IllegalArgumentException("retrieval is bm25, hybrid or hybrid-always, not " + retrieval);
        };
    }

    static IndexService index(int distractors, boolean vectors) {
        Path root = Corpora.projectRoot().resolve(".bench");
        Optional<Embedder> embedder = !vectors ? Optional.empty()
                : distractors == 0 ? Optional.of(new BgeSmallZhEmbedder())
                : Optional.of(new SyntheticPassageEmbedder(new BgeSmallZhEmbedder()));
        String name = "index-" + distractors + "-" + vectors;
        IndexService service = new IndexService(Corpora.articles(distractors), root.resolve(name),
                root.resolve("vectors-" + distractors + ".bin"), () -> embedder, new Chunker());
        service.ensureFresh();
        return service;
    }

    /**
     * The searcher for a retrieval setting: "bm25" (no vectors), "hybrid" (the shipped
     * default: the question is embedded when the words alone are not conclusive) or
     * "hybrid-always" (every question embedded).
     */
    static HybridSearcher searcher(IndexService service, String retrieval) {
        HybridSearcher.Options options = HybridSearcher.Options.defaults(service.embedder().isPresent());
        HybridSearcher searcher = new HybridSearcher(service.live(), Lexicon.bundled(), service.embedder(),
                retrieval.equals("hybrid-always") ? options.alwaysDense() : options);
        searcher.corpus();
        return searcher;
    }
}
