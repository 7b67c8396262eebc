package org.policybot.bot.answer;

import org.policybot.retrieval.search.AnswerPatterns;
import org.policybot.retrieval.search.UnderstoodQuery;

/**
 * Decides whether the best evidence found answers the question or merely shares its words.
 * The signal is calibrated on concept coverage (IDF-weighted share of the question's
 * concepts the chosen sentence and its passage express) and on the answer type: a
 * question asking for a duration, an amount, a date or a phone number is declined when
 * no well-covering sentence holds one.
 *
 * @param minEvidence        the best sentence's score (coverage plus answer-type, unit and date evidence)
 * @param minCoverage        the best sentence must cover this share of the concepts …
 * @param minPassageCoverage … or its passage this share
 */
public record DeclinePolicy(double minEvidence, double minCoverage, double minPassageCoverage) {

    /** Share of the question's weight in nouns the corpus never mentions that makes it off topic. */
    static final double ABSENT_TOPIC_SHARE = 0.2;

    /**
     * Thresholds measured on the development questions (README, "Declining"): answered
     * questions' best sentences score 0.65 and more, near misses 0.51 and less.
     */
    public static DeclinePolicy calibrated() {
        return new DeclinePolicy(0.58, 0.25, 0.5);
    }

    /** Why an answer is declined, or null when it is not. */
    String reasonToDecline(UnderstoodQuery q, Candidate best, double passageCoverage, boolean keyConceptFound,
                           double absentTopicShare) {
        if (best == null) {
            return "nothing found";
        }
        if (absentTopicShare >= ABSENT_TOPIC_SHARE && passageCoverage < 0.8) {
            return "the question is about something the articles never mention";
        }
        if (!keyConceptFound) {
            return "the most specific word of the question is not in the passage";
        }
        if (best.total() < minEvidence || best.score().coverage() < minCoverage && passageCoverage < minPassageCoverage) {
            return "low coverage";
        }
        if (AnswerPatterns.isSpecific(q.answerType()) && !best.score().answerType()) {
            return "no " + q.answerType().name().toLowerCase(java.util.Locale.ROOT) + " in the evidence";
        }
        if (best.dates() == DateRangeReasoner.Relation.OUTSIDE) {
            return "no rule covers the date asked about";
        }
        return null;
    }
}
