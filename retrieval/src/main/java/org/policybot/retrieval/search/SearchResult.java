package org.policybot.retrieval.search;

import java.util.List;

/** The passages found for a question, best first, with the question as understood. */
public record SearchResult(UnderstoodQuery query, List<Hit> hits) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
