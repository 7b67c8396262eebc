package org.policybot.bot.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.PassageSearcher;
import org.policybot.retrieval.text.ChineseText;

/**
 * Retrieval metrics on the answerable questions: strict Recall@k (every expected string
 * in the union of the top-k passages, whitespace removed on both sides), partial recall
 * (the share of expected strings found) and MRR (first passage holding any of them).
 */
public final class RetrievalEval {

    /** Sums for one group of questions. */
    public static final class Stats {
        int questions;
        int hits;
        double partial;
        double reciprocalRank;

        public int questions() {
            return questions;
        }

        public double recall() {
            return questions == 0 ? 0 : (double) hits / questions;
        }

        public double partialRecall() {
            return questions == 0 ? 0 : partial / questions;
        }

        public double mrr() {
            return questions == 0 ? 0 : reciprocalRank / questions;
        }
    }

    /** Metrics of one system. */
    public record Report(String system, int k, Stats overall, Map<String, Stats> byCategory, List<String> misses,
                         double millisPerQuestion) {
    }

    private RetrievalEval() {
    }

    /** The reports of one system on parts of a question set (cross-validation folds) as one report. */
    public static Report merge(String system, int k, List<Report> parts) {
        Stats overall = new Stats();
        Map<String, Stats> byCategory = new LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        double millis = 0;
        int questions = 0;
        for (Report r : parts) {
            add(overall, r.overall());
            r.byCategory().forEach((c, s) -> add(byCategory.computeIfAbsent(c, x -> new Stats()), s));
            misses.addAll(r.misses());
            millis += r.millisPerQuestion() * r.overall().questions();
            questions += r.overall().questions();
        }
        return new Report(system, k, overall, byCategory, misses, questions == 0 ? 0 : millis / questions);
    }

    private static void add(Stats into, Stats s) {
        into.questions += s.questions;
        into.hits += s.hits;
        into.partial += s.partial;
        into.reciprocalRank += s.reciprocalRank;
    }

    public static Report run(PassageSearcher searcher, List<EvalItem> items, int k) {
        Stats overall = new Stats();
        Map<String, Stats> byCategory = new LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        long start = System.nanoTime();
        int asked = 0;
        for (EvalItem item : items) {
            if (!item.answerable()) {
                continue;
            }
            asked++;
            List<Hit> hits = searcher.search(item.question(), item.context(), k).hits();
            List<String> texts = hits.stream().map(h -> ChineseText.compact(h.passage().text())).toList();
            String union = String.join("\n", texts);
            int found = 0;
            for (String e : item.expect()) {
                if (union.contains(ChineseText.compact(e))) {
                    found++;
                }
            }
            double rr = 0;
            for (int r = 0; r < texts.size() && rr == 0; r++) {
                for (String e : item.expect()) {
                    if (texts.get(r).contains(ChineseText.compact(e))) {
                        rr = 1.0 / (r + 1);
                        break;
                    }
                }
            }
            boolean hit = found == item.expect().size();
            for (Stats s : List.of(overall, byCategory.computeIfAbsent(item.category(), c -> new Stats()))) {
                s.questions++;
                s.hits += hit ? 1 : 0;
                s.partial += (double) found / item.expect().size();
                s.reciprocalRank += rr;
            }
            if (!hit) {
                misses.add(item.id());
            }
        }
        double millis = asked == 0 ? 0 : (System.nanoTime() - start) / 1e6 / asked;
        return new Report(searcher.name(), k, overall, byCategory, misses, millis);
    }
}
