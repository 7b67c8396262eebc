package org.policybot.bot.answer;

import java.util.List;
import java.util.Map;
import org.policybot.retrieval.search.AnswerPatterns;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.search.SentenceScorer;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.policybot.retrieval.text.QuestionDates;

/**
 * What the answerability model knows about a question and the answer chosen for it: how
 * strongly the sentence model and the ranker believe in it and by what margin, how much of the
 * question the answer expresses (by words and by vectors), whether it holds the kind of answer
 * asked for, whether the thing the question closes on, the action it asks about and its
 * weightiest noun are in the answer or around it, whether the question is about something the
 * corpus never mentions, how its dates relate to the rules' periods, and whether it asks to
 * ignore the articles. The model turns them into the probability that the answer is right.
 */
public final class AnswerFeatures {

    public static final List<String> NAMES = List.of(
            "best_p", "second_p", "best_cov", "chosen_cov", "best_cos", "max_cos", "top_passage", "passage_margin",
            "specific", "type_missing", "type_chosen", "noun_missing", "action_missing", "key_missing", "around_missing",
            "absent_topic", "dates_asked", "date_inside", "date_outside", "instruction", "place_match", "place_conflict",
            "number_match", "money_missing", "unit_missing", "shown_missing", "missing_sim", "article_missing",
            "article_missing_count");

    public static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("best_p", "sentence-model"), Map.entry("second_p", "sentence-model"),
            Map.entry("best_cov", "coverage"), Map.entry("chosen_cov", "coverage"),
            Map.entry("best_cos", "sentence-dense"), Map.entry("max_cos", "sentence-dense"),
            Map.entry("top_passage", "retrieval"), Map.entry("passage_margin", "retrieval"),
            Map.entry("specific", "answer-type"), Map.entry("type_missing", "answer-type"), Map.entry("type_chosen", "answer-type"),
            Map.entry("noun_missing", "asked-detail"), Map.entry("action_missing", "asked-detail"),
            Map.entry("key_missing", "asked-detail"), Map.entry("around_missing", "asked-detail"),
            Map.entry("absent_topic", "topic"),
            Map.entry("dates_asked", "dates"), Map.entry("date_inside", "dates"), Map.entry("date_outside", "dates"),
            Map.entry("instruction", "instruction"),
            Map.entry("place_match", "constraints"), Map.entry("place_conflict", "constraints"),
            Map.entry("number_match", "constraints"), Map.entry("money_missing", "answer-type"),
            Map.entry("unit_missing", "answer-type"), Map.entry("shown_missing", "asked-detail"),
            Map.entry("missing_sim", "sentence-dense"), Map.entry("article_missing", "asked-detail"),
            Map.entry("article_missing_count", "asked-detail"));

    private AnswerFeatures() {
    }

    static double[] of(UnderstoodQuery q, SearchResult result, SentenceScorer scorer, List<Candidate> candidates,
                       List<Candidate> chosen, List<QuestionDates.Mention> dates, java.util.function.Function<String, float[]> embed) {
        Candidate best = candidates.get(0);
        double[] f = new double[NAMES.size()];
        f[0] = best.total();
        f[1] = candidates.size() > 1 ? candidates.get(1).total() : 0;
        f[2] = best.score().coverage();
        StringBuilder chosenText = new StringBuilder();
        chosen.forEach(c -> chosenText.append(c.sentence()));
        f[3] = scorer.coverage(chosenText.toString());
        f[4] = best.features()[SentenceFeatures.COS];
        f[5] = candidates.stream().mapToDouble(c -> c.features()[SentenceFeatures.COS]).max().orElse(0);
        List<Hit> hits = result.hits();
        // The ranker's probabilities that the first passage, and not the second, is the one that answers.
        double top = hits.isEmpty() ? 0 : result.passageScores().getOrDefault(hits.get(0).passage().id(), 0.0);
        double second = hits.size() < 2 ? 0 : result.passageScores().getOrDefault(hits.get(1).passage().id(), 0.0);
        f[6] = top;
        f[7] = Math.log((top + 1e-6) / (second + 1e-6));
        boolean specific = AnswerPatterns.isSpecific(q.answerType());
        f[8] = specific ? 1 : 0;
        f[9] = specific && !best.score().answerType() ? 1 : 0;
        f[10] = specific && chosen.stream().anyMatch(c -> c.score().answerType()) ? 1 : 0;
        String around = best.context().previous() + best.sentence() + nextSentence(best, candidates);
        f[11] = QuestionChecks.askedNounFound(q, best.context().heading() + around) ? 0 : 1;
        f[12] = QuestionChecks.askedActionFound(q, around) ? 0 : 1;
        f[13] = heaviestMissingNoun(scorer, best.passage().title() + best.passage().text());
        f[14] = heaviestMissing(scorer, best.context().heading() + around);
        f[15] = scorer.absentTopicShare();
        f[16] = dates.isEmpty() ? 0 : 1;
        f[17] = best.dates() == DateRangeReasoner.Relation.INSIDE ? 1 : 0;
        f[18] = best.dates() == DateRangeReasoner.Relation.OUTSIDE ? 1 : 0;
        f[19] = Instructions.bundled().matches(q.question()) ? 1 : 0;
        double[] sf = best.features();
        f[20] = sf[SentenceFeatures.NAMES.indexOf("place_match")];
        f[21] = sf[SentenceFeatures.NAMES.indexOf("place_conflict")];
        f[22] = chosen.stream().mapToDouble(c -> c.features()[SentenceFeatures.NAMES.indexOf("number_match")]).max().orElse(0);
        f[23] = q.answerType() == UnderstoodQuery.AnswerType.AMOUNT
                && chosen.stream().noneMatch(c -> c.features()[SentenceFeatures.NAMES.indexOf("money")] > 0) ? 1 : 0;
        // "多少万人" asks in a unit: no sentence shown gives a figure in it.
        f[24] = !AnswerPatterns.askedUnit(q.normalized()).isEmpty() && chosen.stream().noneMatch(c -> c.score().unit()) ? 1 : 0;
        // The weightiest concept of the question that nothing shown expresses (sentences, their headings and lead-ins).
        StringBuilder shown = new StringBuilder();
        chosen.forEach(c -> shown.append(c.context().heading()).append(c.context().previous()).append(c.sentence()));
        f[25] = heaviestMissing(scorer, shown.toString());
        f[26] = missingSimilarity(scorer, shown.toString(), chosen, result, embed);
        // What the question asks that the whole article of the answer never says: a near miss shares the
        // article's topic, and what it lacks is the asked detail ("能量密度" of a battery the article praises).
        String article = articleText(result, best);
        f[27] = heaviestMissing(scorer, article);
        f[28] = scorer.missing(article).stream().filter(m -> !m.startsWith("context:")).count();
        return f;
    }

    /** The weight share of the weightiest noun of the question that the text does not express (0 when none is missing). */
    private static double heaviestMissingNoun(SentenceScorer scorer, String text) {
        for (String missing : scorer.missing(text)) {
            if (!missing.startsWith("context:") && SentenceScorer.isNoun(missing)) {
                return scorer.weightOf(missing);
            }
        }
        return 0;
    }

    /** The weight share of the weightiest concept of the question (its own words) that the text does not express. */
    private static double heaviestMissing(SentenceScorer scorer, String text) {
        for (String missing : scorer.missing(text)) {
            if (!missing.startsWith("context:")) {
                return scorer.weightOf(missing);
            }
        }
        return 0;
    }

    /**
     * Whether what the shown sentences do not say in the question's words they say in other
     * words: the closest cosine between the question's missing words, embedded together, and a
     * sentence shown ("养爸妈" and "赡养老人"; "能量密度" and nothing). 1 when nothing is missing,
     * 0 without vectors.
     */
    private static double missingSimilarity(SentenceScorer scorer, String shown, List<Candidate> chosen, SearchResult result,
                                            java.util.function.Function<String, float[]> embed) {
        if (result.queryVector() == null || result.corpus() == null) {
            return 0;
        }
        String missing = String.join(" ", scorer.missing(shown).stream().filter(m -> !m.startsWith("context:")).toList());
        if (missing.isBlank()) {
            return 1;
        }
        float[] v = embed.apply(missing);
        double best = 0;
        for (Candidate c : chosen) {
            var vectors = result.corpus().vectorsOf(c.passage().id());
            if (vectors != null) {
                best = Math.max(best, vectors.sentenceCosine(v, c.flat()));
            }
        }
        return best;
    }

    /** The title and every passage of the article a candidate is from. */
    private static String articleText(SearchResult result, Candidate c) {
        StringBuilder sb = new StringBuilder(c.passage().title());
        if (result.corpus() != null) {
            result.corpus().article(c.passage().articleId()).ifPresent(a -> sb.append(a.subtitle()));
            result.corpus().passagesOf(c.passage().articleId()).forEach(p -> sb.append('\n').append(p.text()));
        } else {
            sb.append(c.passage().text());
        }
        return sb.toString();
    }

    /** The sentence right after this one in its paragraph, or "". */
    private static String nextSentence(Candidate c, List<Candidate> candidates) {
        return candidates.stream().filter(x -> x.passage().id().equals(c.passage().id()) && x.index() == c.index() + 1)
                .map(Candidate::sentence).findFirst().orElse("");
    }
}
