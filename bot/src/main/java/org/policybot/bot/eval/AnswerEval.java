package org.policybot.bot.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.Question;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.retrieval.text.ChineseText;

/**
 * Answer metrics by outcome: an answerable question is answered when its outcome is
 * {@code answered} and it cites something; its key fact is shown when an expected string is
 * in the text or quotes of an {@code answered} or {@code related} reply; a negative must not be
 * answered; confidently wrong counts negatives answered and answerable questions answered
 * without their key fact, over all questions; every quote must be verbatim in its file
 * (whitespace aside).
 */
public final class AnswerEval {

    /** What one question got. */
    public record ItemResult(EvalItem item, Answer answer, boolean answered, boolean keyFact, boolean confidentlyWrong,
                             int quotes, int verbatimQuotes) {
    }

    /** Counts over a group of questions. */
    public record Metrics(int questions, int answerable, int negatives, int answered, int keyFact, int confidentlyWrong,
                          int negativesNotAnswered, int negativesDeclined, int related, int clarify) {

        public double answeredRate() {
            return answerable == 0 ? 0 : (double) answered / answerable;
        }

        public double keyFactRate() {
            return answerable == 0 ? 0 : (double) keyFact / answerable;
        }

        /** Negatives answered plus answerable questions answered without their key fact, over all questions. */
        public double confidentlyWrongRate() {
            return questions == 0 ? 0 : (double) confidentlyWrong / questions;
        }

        /** Share of negatives not answered (declined, related or clarified). */
        public double notAnsweredRate() {
            return negatives == 0 ? 0 : (double) negativesNotAnswered / negatives;
        }

        /** Share of negatives declined outright. */
        public double declineRate() {
            return negatives == 0 ? 0 : (double) negativesDeclined / negatives;
        }

        public double relatedRate() {
            return questions == 0 ? 0 : (double) related / questions;
        }

        static Metrics of(List<ItemResult> results) {
            int answerable = 0;
            int negatives = 0;
            int answered = 0;
            int keyFact = 0;
            int wrong = 0;
            int notAnswered = 0;
            int declined = 0;
            int related = 0;
            int clarify = 0;
            for (ItemResult r : results) {
                Answer.Outcome o = r.answer().outcome();
                related += o == Answer.Outcome.RELATED ? 1 : 0;
                clarify += o == Answer.Outcome.CLARIFY ? 1 : 0;
                wrong += r.confidentlyWrong() ? 1 : 0;
                if (r.item().answerable()) {
                    answerable++;
                    answered += r.answered() ? 1 : 0;
                    keyFact += r.keyFact() ? 1 : 0;
                } else {
                    negatives++;
                    notAnswered += o != Answer.Outcome.ANSWERED ? 1 : 0;
                    declined += o == Answer.Outcome.DECLINED ? 1 : 0;
                }
            }
            return new Metrics(results.size(), answerable, negatives, answered, keyFact, wrong, notAnswered, declined, related,
                    clarify);
        }
    }

    /** The metrics of one run. */
    public record Report(Metrics overall, Map<String, Metrics> byCategory, Map<String, Metrics> byKind, int quotes,
                         int verbatimQuotes, List<String> failures, double millisPerQuestion, List<ItemResult> items) {
        public double verbatimRate() {
            return quotes == 0 ? 1 : (double) verbatimQuotes / quotes;
        }
    }

    private AnswerEval() {
    }

    public static Report run(AnswerService service, List<EvalItem> items, SourceTexts sources) {
        long start = System.nanoTime();
        List<ItemResult> results = answer(service, items, sources);
        double millis = items.isEmpty() ? 0 : (System.nanoTime() - start) / 1e6 / items.size();
        return report(results, millis);
    }

    /** Answers every item and judges the answer. */
    public static List<ItemResult> answer(AnswerService service, List<EvalItem> items, SourceTexts sources) {
        List<ItemResult> out = new ArrayList<>(items.size());
        for (EvalItem item : items) {
            Answer a = service.answer(new Question(item.question(), item.context(), "", ""));
            out.add(judge(item, a, sources));
        }
        return out;
    }

    static ItemResult judge(EvalItem item, Answer a, SourceTexts sources) {
        int quotes = 0;
        int verbatim = 0;
        for (Citation c : a.citations()) {
            quotes++;
            verbatim += sources.verbatim(c.file(), c.quote()) ? 1 : 0;
        }
        boolean answeredOutcome = a.outcome() == Answer.Outcome.ANSWERED;
        boolean shown = (answeredOutcome || a.outcome() == Answer.Outcome.RELATED) && showsKeyFact(item, a);
        boolean answered = item.answerable() && answeredOutcome && !a.citations().isEmpty();
        boolean wrong = answeredOutcome && (!item.answerable() || !shown);
        return new ItemResult(item, a, answered, item.answerable() && shown, wrong, quotes, verbatim);
    }

    /** The metrics of judged answers, overall, by category and by kind. */
    public static Report report(List<ItemResult> results, double millisPerQuestion) {
        Map<String, List<ItemResult>> byCategory = new LinkedHashMap<>();
        Map<String, List<ItemResult>> byKind = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int quotes = 0;
        int verbatim = 0;
        for (ItemResult r : results) {
            byCategory.computeIfAbsent(r.item().category(), c -> new ArrayList<>()).add(r);
            for (String kind : r.item().kind().split("\\+")) {
                byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(r);
            }
            quotes += r.quotes();
            verbatim += r.verbatimQuotes();
            if (r.verbatimQuotes() < r.quotes()) {
                failures.add(r.item().id() + ": quote not verbatim");
            }
            Answer.Outcome o = r.answer().outcome();
            if (r.item().answerable() && !r.keyFact()) {
                failures.add(r.item().id() + ": " + (o == Answer.Outcome.ANSWERED ? "key fact not shown"
                        : o.json() + (o == Answer.Outcome.RELATED ? " without the key fact" : "")));
            } else if (r.item().answerable() && !r.answered()) {
                failures.add(r.item().id() + ": " + o.json() + " (key fact shown)");
            } else if (!r.item().answerable() && o == Answer.Outcome.ANSWERED) {
                failures.add(r.item().id() + ": answered a question the articles do not cover");
            }
        }
        Map<String, Metrics> categories = new LinkedHashMap<>();
        byCategory.forEach((k, v) -> categories.put(k, Metrics.of(v)));
        Map<String, Metrics> kinds = new LinkedHashMap<>();
        byKind.forEach((k, v) -> kinds.put(k, Metrics.of(v)));
        return new Report(Metrics.of(results), categories, kinds, quotes, verbatim, failures, millisPerQuestion, List.copyOf(results));
    }

    static boolean showsKeyFact(EvalItem item, Answer a) {
        StringBuilder all = new StringBuilder(ChineseText.compact(a.text()));
        a.citations().forEach(c -> all.append('\n').append(ChineseText.compact(c.quote())));
        String text = all.toString();
        return item.expect().stream().anyMatch(e -> text.contains(ChineseText.compact(e)));
    }
}
