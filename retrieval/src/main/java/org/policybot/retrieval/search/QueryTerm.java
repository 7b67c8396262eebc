package org.policybot.retrieval.search;

/**
 * A word of the retrieval query with its weight and where it came from.
 *
 * @param text   folded text of the word
 * @param weight relative importance (1.0 for the question's own words)
 */
public record QueryTerm(String text, double weight, Source source) {

    /** Where a query word comes from. */
    public enum Source { QUESTION, CORRECTION, TRANSLATION, SYNONYM, CONTEXT }

    public boolean isOwn() {
        return source == Source.QUESTION || source == Source.CORRECTION || source == Source.TRANSLATION;
    }
}
