package org.policybot.retrieval.baseline;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.PassageSearcher;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.search.UnderstoodQuery;

/**
 * Baseline for evaluation: dense retrieval only, the way LangChain4j's Easy RAG does it:
 * passage embeddings in an {@link InMemoryEmbeddingStore}, nearest neighbours of the
 * question embedding. Uses the same Chinese embedding model and passages as our index.
 */
public final class DenseOnlySearcher implements PassageSearcher {

    private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    private final Map<String, Passage> byId = new HashMap<>();
    private final Embedder embedder;

    public DenseOnlySearcher(List<Passage> passages, List<float[]> vectors, Embedder embedder) {
        this.embedder = embedder;
        for (int i = 0; i < passages.size(); i++) {
            Passage p = passages.get(i);
            byId.put(p.id(), p);
            store.add(p.id(), Embedding.from(vectors.get(i)), TextSegment.from(p.text()));
        }
    }

    @Override
    public String name() {
        return "dense-inmemory";
    }

    @Override
    public SearchResult search(String question, List<String> context, int k) {
        String text = context.isEmpty() ? question : String.join(" ", context) + " " + question;
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(embedder.embedQuery(text)))
                .maxResults(k)
                .build();
        List<Hit> hits = new ArrayList<>();
        for (EmbeddingMatch<TextSegment> m : store.search(request).matches()) {
            hits.add(new Hit(hits.size() + 1, m.score(), byId.get(m.embeddingId())));
        }
        UnderstoodQuery none = new UnderstoodQuery(question, context, text, List.of(), UnderstoodQuery.Intent.FACT,
                UnderstoodQuery.AnswerType.OTHER, List.of(), false);
        return new SearchResult(none, hits);
    }
}
