package org.policybot.retrieval.search;

import java.util.List;

/**
 * Finds passages for a question. The seam between retrieval and everything that uses it
 * (answers, channels, evaluation, baselines).
 */
public interface PassageSearcher {

    /**
     * @param question the question as typed
     * @param context  earlier questions of the same conversation, oldest first
     * @param k        how many passages to return (at least 1)
     */
    SearchResult search(String question, List<String> context, int k);

    default SearchResult search(String question, int k) {
        return search(question, List.of(), k);
    }

    /** A short name for reports ("hybrid", "bm25-standard", …). */
    String name();
}
