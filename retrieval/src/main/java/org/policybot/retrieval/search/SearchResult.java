package org.policybot.retrieval.search;

import java.util.List;
import java.util.Map;

/**
 * The passages found for a question, best first, with the question as understood, the
 * corpus of the index generation that was searched (so an answer quotes the same generation
 * it searched, even when a rebuild is swapped in meanwhile), the question's vector (null
 * without vectors) and the ranker's score of every candidate passage scored.
 */
public record SearchResult(UnderstoodQuery query, List<Hit> hits, CorpusView corpus, float[] queryVector,
                           Map<String, Double> passageScores) {
    public SearchResult {
        hits = List.copyOf(hits);
        passageScores = passageScores == null ? Map.of() : Map.copyOf(passageScores);
    }

    /** A result without a corpus snapshot (baselines, which search no index generation). */
    public SearchResult(UnderstoodQuery query, List<Hit> hits) {
        this(query, hits, null, null, Map.of());
    }
}
