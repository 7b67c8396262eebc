package org.policybot.retrieval.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.QuestionDates;
import org.policybot.retrieval.text.Segmenter;

/**
 * Scores how well a sentence answers a question: the share of the question's concepts it
 * expresses (each weighted by its rarity in the corpus; a synonym counts for its concept),
 * whether it holds the kind of answer asked for, and whether it speaks of the year asked
 * about. Used to rerank passages and to pick answer sentences.
 */
public final class SentenceScorer {

    /** The score of one sentence. */
    public record Score(String sentence, double coverage, boolean answerType, int year, double total) {
    }

    private record Concept(String name, double weight, List<QueryTerm> forms) {
    }

    static final double TYPE_BONUS = 0.25;
    static final double YEAR_BONUS = 0.15;

    private final UnderstoodQuery query;
    private final List<Concept> concepts;
    private final double totalWeight;
    private final List<Integer> years;

    public SentenceScorer(UnderstoodQuery query, Vocabulary vocabulary) {
        this.query = query;
        Map<String, List<QueryTerm>> byConcept = new LinkedHashMap<>();
        for (QueryTerm t : query.terms()) {
            byConcept.computeIfAbsent(t.concept(), c -> new ArrayList<>()).add(t);
        }
        List<Concept> list = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, List<QueryTerm>> e : byConcept.entrySet()) {
            double base = e.getValue().stream().mapToDouble(QueryTerm::weight).max().orElse(0);
            if (e.getValue().stream().allMatch(t -> t.source() == QueryTerm.Source.SYNONYM)) {
                continue;
            }
            double w = base * rarity(e.getKey(), vocabulary);
            list.add(new Concept(e.getKey(), w, e.getValue()));
            total += w;
        }
        this.concepts = list;
        this.totalWeight = total;
        this.years = query.dates().stream().filter(m -> m.first().getYear() == m.last().getYear())
                .map(m -> m.first().getYear()).distinct().toList();
    }

    public UnderstoodQuery query() {
        return query;
    }

    /** Rarity of a concept: the idf of its rarest word (names and phrases are rare). */
    private static double rarity(String concept, Vocabulary v) {
        double best = 0;
        for (var t : Segmenter.segment(concept)) {
            String w = t.word.strip();
            if (!w.isEmpty()) {
                best = Math.max(best, v.idf(w));
            }
        }
        return Math.max(best, 0.2);
    }

    /** Weighted share (0 to 1) of the question's concepts that the text expresses. */
    public double coverage(String text) {
        if (totalWeight == 0) {
            return 0;
        }
        String folded = ChineseText.compact(ChineseText.fold(text));
        double got = 0;
        for (Concept c : concepts) {
            double best = 0;
            for (QueryTerm form : c.forms()) {
                if (folded.contains(ChineseText.compact(form.text()))) {
                    double factor = form.source() == QueryTerm.Source.SYNONYM ? 0.85 : 1.0;
                    best = Math.max(best, factor * form.weight() / Math.max(1e-9, maxWeight(c)));
                }
            }
            got += c.weight() * best;
        }
        return got / totalWeight;
    }

    private static double maxWeight(Concept c) {
        return c.forms().stream().mapToDouble(QueryTerm::weight).max().orElse(1);
    }

    /** Concepts of the question the text does not express, most important first. */
    public List<String> missing(String text) {
        String folded = ChineseText.compact(ChineseText.fold(text));
        List<Concept> missing = new ArrayList<>();
        for (Concept c : concepts) {
            boolean found = c.forms().stream().anyMatch(f -> folded.contains(ChineseText.compact(f.text())));
            if (!found) {
                missing.add(c);
            }
        }
        missing.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        return missing.stream().map(Concept::name).toList();
    }

    /** The weight share of the most important concept, for deciding what a miss costs. */
    public double weightOf(String concept) {
        return concepts.stream().filter(c -> c.name().equals(concept)).mapToDouble(Concept::weight).sum()
                / Math.max(1e-9, totalWeight);
    }

    public Score score(String sentence) {
        double coverage = coverage(sentence);
        String folded = ChineseText.compact(ChineseText.fold(sentence));
        boolean type = AnswerPatterns.holds(query.answerType(), folded);
        int year = 0;
        if (!years.isEmpty()) {
            boolean mentionsAsked = years.stream().anyMatch(y -> folded.contains(y + "年"));
            boolean mentionsOther = QuestionDates.find(folded).stream().anyMatch(m -> !years.contains(m.first().getYear()));
            year = mentionsAsked ? 1 : (mentionsOther ? -1 : 0);
        }
        double total = coverage + (type && AnswerPatterns.isSpecific(query.answerType()) ? TYPE_BONUS : 0)
                - (!type && AnswerPatterns.isSpecific(query.answerType()) ? TYPE_BONUS / 2 : 0)
                + YEAR_BONUS * year;
        return new Score(sentence, coverage, type, year, total);
    }

    /** The best sentence of a passage (headings excluded). */
    public Score best(Passage passage) {
        Score best = null;
        for (String line : passage.body().split("\n")) {
            for (String s : ChineseText.sentences(line)) {
                Score sc = score(s);
                if (best == null || sc.total() > best.total()) {
                    best = sc;
                }
            }
        }
        return best == null ? new Score("", 0, false, 0, 0) : best;
    }
}
