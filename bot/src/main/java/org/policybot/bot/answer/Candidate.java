package org.policybot.bot.answer;

import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.SentenceScorer;

/**
 * A sentence that could go into an answer: where it is (passage, hit rank, position in the
 * passage), how it scores, and its features for the sentence model.
 *
 * @param flat     its position among the passage's sentences ({@link Passage#sentences()}), for its vector
 * @param score    the scorer's view (coverage, answer type, year)
 * @param dates    how the question's dates relate to periods the sentence states
 * @param quote    the sentence, or its longest part found verbatim in the file
 * @param features the sentence model's features ({@link SentenceFeatures#NAMES})
 * @param total    the sentence model's probability that this sentence holds the answer
 */
public record Candidate(String sentence, String quote, Passage passage, int hitRank, int index, int flat,
                        SentenceScorer.Context context, SentenceScorer.Score score, DateRangeReasoner.Relation dates,
                        double[] features, double total) {

    Candidate withTotal(double t) {
        return new Candidate(sentence, quote, passage, hitRank, index, flat, context, score, dates, features, t);
    }
}
