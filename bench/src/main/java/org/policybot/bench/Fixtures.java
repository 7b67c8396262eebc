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
            case "hybrid" -> true;
            default -> throw new IllegalArgumentException("retrieval is bm25 or hybrid, not " + retrieval);
        };
    }

    static IndexService index(int distractors, boolean vectors) {
        Path root = BenchCorpora.projectRoot().resolve(".bench");
        Optional<Embedder> embedder = !vectors ? Optional.empty()
                : distractors == 0 ? Optional.of(new BgeSmallZhEmbedder())
                : Optional.of(new SyntheticPassageEmbedder(new BgeSmallZhEmbedder()));
        String name = "index-" + distractors + "-" + vectors;
        IndexService service = new IndexService(BenchCorpora.articles(distractors), root.resolve(name),
                root.resolve("vectors-" + distractors + ".bin"), () -> embedder, new Chunker());
        service.ensureFresh();
        return service;
    }

    /**
     * The searcher for a retrieval setting: "bm25" (no vectors) or "hybrid" (the shipped
     * default: every question embedded).
     */
    static HybridSearcher searcher(IndexService service, String retrieval) {
        HybridSearcher.Options options = HybridSearcher.Options.defaults(service.embedder().isPresent());
        HybridSearcher searcher = new HybridSearcher(service.live(), Lexicon.bundled(), service.embedder(), options);
        searcher.corpus();
        return searcher;
    }
}
