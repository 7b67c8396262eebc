package org.policybot.bot.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.Question;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.retrieval.text.ChineseText;

/**
 * Answer metrics: answered rate on answerable questions (not declined, at least one
 * citation), decline rate on questions the articles do not answer, key fact shown (an
 * expected string in the answer or its quotes), and quotes found verbatim in the article
 * files (whitespace aside).
 */
public final class AnswerEval {

    /** Counts for one group of questions. */
    public static final class Stats {
        int answerable;
        int answered;
        int keyFact;
        int negatives;
        int declinedNegatives;

        public double answeredRate() {
            return answerable == 0 ? 0 : (double) answered / answerable;
        }

        public double keyFactRate() {
            return answerable == 0 ? 0 : (double) keyFact / answerable;
        }

        public double declineRate() {
            return negatives == 0 ? 0 : (double) declinedNegatives / negatives;
        }

        public int answerable() {
            return answerable;
        }

        public int negatives() {
            return negatives;
        }
    }

    /** The metrics of one run. */
    public record Report(Stats overall, Map<String, Stats> byCategory, int quotes, int verbatimQuotes,
                         List<String> failures, double millisPerQuestion) {
        public double verbatimRate() {
            return quotes == 0 ? 1 : (double) verbatimQuotes / quotes;
        }
    }

    private AnswerEval() {
    }

    public static Report run(AnswerService service, List<EvalItem> items, SourceTexts sources) {
        Stats overall = new Stats();
        Map<String, Stats> byCategory = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int quotes = 0;
        int verbatim = 0;
        long start = System.nanoTime();
        for (EvalItem item : items) {
            Answer a = service.answer(new Question(item.question(), item.context(), "", ""));
            for (Citation c : a.citations()) {
                quotes++;
                if (sources.verbatim(c.file(), c.quote())) {
                    verbatim++;
                } else {
                    failures.add(item.id() + ": quote not verbatim");
                }
            }
            Stats cat = byCategory.computeIfAbsent(item.category(), c -> new Stats());
            for (Stats s : List.of(overall, cat)) {
                if (item.answerable()) {
                    s.answerable++;
                    boolean answered = !a.declined() && !a.citations().isEmpty();
                    s.answered += answered ? 1 : 0;
                    s.keyFact += answered && showsKeyFact(item, a) ? 1 : 0;
                } else {
                    s.negatives++;
                    s.declinedNegatives += a.declined() ? 1 : 0;
                }
            }
            if (item.answerable() && a.declined()) {
                failures.add(item.id() + ": declined");
            } else if (item.answerable() && !showsKeyFact(item, a)) {
                failures.add(item.id() + ": key fact not shown");
            } else if (!item.answerable() && !a.declined()) {
                failures.add(item.id() + ": answered a question the articles do not cover");
            }
        }
        double millis = items.isEmpty() ? 0 : (System.nanoTime() - start) / 1e6 / items.size();
        return new Report(overall, byCategory, quotes, verbatim, failures, millis);
    }

    static boolean showsKeyFact(EvalItem item, Answer a) {
        StringBuilder all = new StringBuilder(ChineseText.compact(a.text()));
        a.citations().forEach(c -> all.append('\n').append(ChineseText.compact(c.quote())));
        String text = all.toString();
        return item.expect().stream().anyMatch(e -> text.contains(ChineseText.compact(e)));
    }
}
