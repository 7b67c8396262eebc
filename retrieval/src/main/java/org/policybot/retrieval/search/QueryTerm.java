package org.policybot.retrieval.search;

/**
 * A word of the retrieval query with its weight, where it came from, and the concept it
 * stands for (a synonym or an alternative translation shares the concept of the word it
 * expands, so coverage counts each concept once).
 *
 * @param text    folded text of the word
 * @param weight  relative importance (1.0 for the question's own words)
 * @param concept the question word this term expresses
 */
public record QueryTerm(String text, double weight, Source source, String concept) {

    /** Where a query word comes from. */
    public enum Source { QUESTION, CORRECTION, TRANSLATION, SYNONYM, CONTEXT }

    public QueryTerm(String text, double weight, Source source) {
        this(text, weight, source, text);
    }

    public boolean isOwn() {
        return source == Source.QUESTION || source == Source.CORRECTION || source == Source.TRANSLATION;
    }
}
