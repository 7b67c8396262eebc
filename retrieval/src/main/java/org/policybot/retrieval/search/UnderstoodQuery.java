package org.policybot.retrieval.search;

import java.util.List;
import org.policybot.retrieval.text.QuestionDates;

/**
 * A question as retrieval and answering understand it: normalized text, weighted words
 * (own, corrected, translated, synonyms, from earlier turns), what kind of answer it wants,
 * and the dates it mentions.
 *
 * @param normalized the folded question with two-digit years expanded and typos corrected
 * @param followUp   whether the question leans on the earlier turns ({@link FollowUp}), and so
 *                   whether {@code terms} hold words of {@code context}
 */
public record UnderstoodQuery(
        String question,
        List<String> context,
        String normalized,
        List<QueryTerm> terms,
        Intent intent,
        AnswerType answerType,
        List<QuestionDates.Mention> dates,
        boolean english,
        boolean followUp) {

    /** What the question asks for. */
    public enum Intent { FACT, SUMMARY }

    /** The kind of answer expected, from the question word. */
    public enum AnswerType { COUNT, AMOUNT, DATE, DURATION, TIME, PHONE, PLACE, PERSON, WHICH, HOW, WHY, YES_NO, OTHER }

    public UnderstoodQuery {
        context = List.copyOf(context);
        terms = List.copyOf(terms);
        dates = List.copyOf(dates);
    }

    /**
     * A query built without deciding on follow-ups: it counts as one whenever there are earlier
     * turns, as every question did before {@link FollowUp}.
     */
    public UnderstoodQuery(String question, List<String> context, String normalized, List<QueryTerm> terms, Intent intent,
                           AnswerType answerType, List<QuestionDates.Mention> dates, boolean english) {
        this(question, context, normalized, terms, intent, answerType, dates, english,
                context.stream().anyMatch(c -> c != null && !c.isBlank()));
    }

    /** Words that name what the question is about, without the words that ask for a summary. */
    public List<QueryTerm> topicTerms() {
        java.util.Set<String> aspects = QueryUnderstanding.askedAspects(normalized);
        List<QueryTerm> topical = terms.stream().filter(t -> !QueryUnderstanding.isSummaryWord(t.text())
                && !aspects.contains(t.concept())).toList();
        return topical.isEmpty() ? terms : topical;
    }

    /** Words that ask about one aspect of the topic ("问题", "办法"), with their synonyms. */
    public List<QueryTerm> aspectTerms() {
        java.util.Set<String> aspects = QueryUnderstanding.askedAspects(normalized);
        return terms.stream().filter(t -> aspects.contains(t.concept())).toList();
    }

    /** A summary request that names no article or topic and follows no earlier question ("总结一下"). */
    public boolean isSummaryWithoutTopic() {
        return intent == Intent.SUMMARY && terms.stream().allMatch(t -> QueryUnderstanding.isSummaryWord(t.text()));
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }
}
