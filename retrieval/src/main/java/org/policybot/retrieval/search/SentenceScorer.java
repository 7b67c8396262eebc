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

    /**
     * The score of one sentence.
     *
     * @param unit whether it holds a figure in the very unit asked for ("多少幅" and "80幅")
     */
    public record Score(String sentence, double coverage, boolean answerType, int year, boolean unit, double total) {
    }

    private record Concept(String name, double weight, List<QueryTerm> forms, boolean absentNoun, String[] compactForms,
                           double[] credit) {

        /** Precomputes each form's compact text and its credit relative to the concept's strongest form. */
        static Concept of(String name, double weight, List<QueryTerm> forms, boolean absentNoun) {
            double max = 0;
            for (QueryTerm t : forms) {
                max = Math.max(max, t.weight());
            }
            String[] compact = new String[forms.size()];
            double[] credit = new double[forms.size()];
            for (int i = 0; i < forms.size(); i++) {
                QueryTerm t = forms.get(i);
                compact[i] = ChineseText.compact(t.text());
                credit[i] = (t.source() == QueryTerm.Source.SYNONYM ? 0.85 : 1.0) * t.weight() / Math.max(1e-9, max);
            }
            return new Concept(name, weight, forms, absentNoun, compact, credit);
        }
    }

    static final double TYPE_BONUS = 0.25;
    /** Weight left to the unit a duration question asks in ("多少个工作日"): the answer type checks it. */
    static final double MEASURE_WEIGHT = 0.3;
    static final double YEAR_BONUS = 0.15;
    /** A figure in the very unit asked for ("多少幅" and "80幅"). */
    static final double UNIT_BONUS = 0.3;

    private final UnderstoodQuery query;
    private final List<Concept> concepts;
    private final double totalWeight;
    private final List<Integer> years;
    /** A figure in the unit the question asks in, or null. */
    private final java.util.regex.Pattern unitFigure;
    /** Forms of the action an amount question asks about (交: 交, 缴, 缴纳 …); empty when none. */
    private final List<String> askedAction;
    private final Vocabulary vocabulary;

    public SentenceScorer(UnderstoodQuery query, Vocabulary vocabulary) {
        this.query = query;
        this.vocabulary = vocabulary;
        Map<String, List<QueryTerm>> byConcept = new LinkedHashMap<>();
        for (QueryTerm t : query.terms()) {
            byConcept.computeIfAbsent(t.concept(), c -> new ArrayList<>()).add(t);
        }
        List<Concept> list = new ArrayList<>();
        double total = 0;
        String measure = AnswerPatterns.askedMeasure(query.normalized());
        for (Map.Entry<String, List<QueryTerm>> e : byConcept.entrySet()) {
            double base = e.getValue().stream().mapToDouble(QueryTerm::weight).max().orElse(0);
            if (e.getValue().stream().allMatch(t -> t.source() == QueryTerm.Source.SYNONYM)) {
                continue;
            }
            // The unit a question asks in ("钱" in "多少钱") is part of its question word: never an absent topic.
            boolean absent = !e.getKey().equals(measure) && e.getValue().stream().noneMatch(t -> presentInCorpus(t.text(), vocabulary));
            double w = base * (absent ? ABSENT_RARITY : rarity(e.getKey(), vocabulary))
                    * (e.getKey().equals(measure) ? MEASURE_WEIGHT : 1.0);
            list.add(Concept.of(e.getKey(), w, e.getValue(), absent && isNoun(e.getKey())
                    && e.getValue().stream().allMatch(t -> t.source() != QueryTerm.Source.CONTEXT)));
            total += w;
        }
        this.concepts = list;
        this.totalWeight = total;
        this.unitFigure = AnswerPatterns.unitFigure(AnswerPatterns.askedUnit(query.normalized()));
        String action = AnswerPatterns.askedAction(query.normalized());
        this.askedAction = action.isEmpty() ? List.of() : formsOf(action, query);
        this.years = query.dates().stream().filter(m -> m.first().getYear() == m.last().getYear())
                .map(m -> m.first().getYear()).distinct().toList();
    }

    public UnderstoodQuery query() {
        return query;
    }

    /**
     * Weight of a concept no form of which occurs in the corpus: moderate, so colloquial
     * words and typos do not drown the rest ("那几年"); nouns among them are reported by
     * {@link #absentTopicShare()} instead.
     */
    static final double ABSENT_RARITY = 2.5;

    private static boolean presentInCorpus(String text, Vocabulary v) {
        String t = ChineseText.compact(text);
        return v.containsWord(t) || allBigramsPresent(t, v);
    }

    private static boolean allBigramsPresent(String t, Vocabulary v) {
        boolean any = false;
        for (int i = 0; i + 1 < t.length(); i++) {
            if (ChineseText.isCjk(t.charAt(i)) && ChineseText.isCjk(t.charAt(i + 1))) {
                any = true;
                if (v.bigramFrequency(t.substring(i, i + 2)) == 0) {
                    return false;
                }
            }
        }
        return any;
    }

    /** A noun (common, place, organisation or other proper noun) by HanLP's dictionary. */
    public static boolean isNoun(String word) {
        var terms = Segmenter.segment(word);
        if (terms.size() != 1 || terms.get(0).nature == null) {
            return false;
        }
        String nature = terms.get(0).nature.toString();
        return nature.startsWith("n") && !nature.equals("nx");
    }

    /**
     * Share of the question's weight held by nouns the corpus never mentions in any form
     * ("公积金", "郑州"): a sign that the articles are about something else.
     */
    public double absentTopicShare() {
        double absent = concepts.stream().filter(Concept::absentNoun).mapToDouble(Concept::weight).sum();
        return totalWeight == 0 ? 0 : absent / totalWeight;
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

    /**
     * Where a sentence stands: its article title and section heading, and the sentence
     * before it in the same paragraph (which "该活动", "这一改革" refer back to).
     */
    public record Context(String heading, String previous) {
        public static final Context NONE = new Context("", "");
    }

    /** Weight of a concept found only in the sentence before. */
    static final double PREVIOUS_SENTENCE = 0.6;
    /** Weight of a concept found only in the title or section heading. */
    static final double HEADING = 0.5;

    /** Weighted share (0 to 1) of the question's concepts that the text expresses. */
    public double coverage(String text) {
        return coverage(text, Context.NONE);
    }

    /** Coverage of a sentence, counting concepts its heading or the sentence before express at a discount. */
    public double coverage(String text, Context context) {
        if (totalWeight == 0) {
            return 0;
        }
        return coverageOfFolded(ChineseText.compact(ChineseText.fold(text)), context);
    }

    /** {@link #coverage(String, Context)} of a sentence already folded and compacted. */
    private double coverageOfFolded(String folded, Context context) {
        if (totalWeight == 0) {
            return 0;
        }
        String previous = context.previous().isEmpty() ? "" : ChineseText.compact(ChineseText.fold(context.previous()));
        String heading = context.heading().isEmpty() ? "" : ChineseText.compact(ChineseText.fold(context.heading()));
        double got = 0;
        for (Concept c : concepts) {
            double best = Math.max(match(c, folded), Math.max(PREVIOUS_SENTENCE * match(c, previous), HEADING * match(c, heading)));
            got += c.weight() * best;
        }
        return got / totalWeight;
    }

    /** Credit for a concept: 1 for the word itself, a little less for a synonym, part for a paraphrase sharing most of its bigrams. */
    private static double match(Concept c, String folded) {
        if (folded.isEmpty()) {
            return 0;
        }
        double best = 0;
        String[] forms = c.compactForms();
        double[] credit = c.credit();
        for (int i = 0; i < forms.length; i++) {
            if (credit[i] <= best) {
                continue;
            }
            String f = forms[i];
            if (folded.contains(f)) {
                best = credit[i];
            } else if (f.length() >= 3) {
                best = Math.max(best, PARAPHRASE * bigramShare(f, folded) * credit[i]);
            }
        }
        return best;
    }

    /** Weight of a long word half of whose bigrams occur ("超大型" and "超大规模" share "超大"). */
    static final double PARAPHRASE = 0.6;

    private static double bigramShare(String word, String text) {
        int total = 0;
        int found = 0;
        for (int i = 0; i + 1 < word.length(); i++) {
            total++;
            if (containsPair(text, word.charAt(i), word.charAt(i + 1))) {
                found++;
            }
        }
        return total == 0 || found * 2 < total ? 0 : (double) found / total;
    }

    /** Whether the text holds the two characters side by side: a bigram looked up without making a string of it. */
    private static boolean containsPair(String text, char first, char second) {
        for (int j = text.indexOf(first); j >= 0 && j + 1 < text.length(); j = text.indexOf(first, j + 1)) {
            if (text.charAt(j + 1) == second) {
                return true;
            }
        }
        return false;
    }

    /** Concepts of the question the text does not express, most important first. */
    public List<String> missing(String text) {
        String folded = ChineseText.compact(ChineseText.fold(text));
        List<Concept> missing = new ArrayList<>();
        for (Concept c : concepts) {
            boolean found = false;
            for (String f : c.compactForms()) {
                found |= folded.contains(f);
            }
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
        return score(sentence, Context.NONE);
    }

    /** For "who" questions: the sentence names someone the corpus introduces with a title ("院长刘晖"). */
    private boolean namesKnownPerson(String folded) {
        return query.answerType() == UnderstoodQuery.AnswerType.PERSON
                && vocabulary.introducedPeople().stream().anyMatch(folded::contains);
    }

    public Score score(String sentence, Context context) {
        String folded = ChineseText.compact(ChineseText.fold(sentence));
        double coverage = coverageOfFolded(folded, context);
        boolean type = (AnswerPatterns.holds(query.answerType(), folded) || namesKnownPerson(folded))
                && (askedAction.isEmpty() || query.answerType() != UnderstoodQuery.AnswerType.AMOUNT
                    || askedAction.stream().anyMatch(folded::contains));
        int year = 0;
        if (!years.isEmpty() && asksForFigureOrDate() && DateRangeReasonerLite.noPeriod(folded)) {
            boolean mentionsAsked = years.stream().anyMatch(y -> folded.contains(y + "年"));
            boolean mentionsOther = QuestionDates.find(folded).stream().anyMatch(m -> !years.contains(m.first().getYear()));
            year = mentionsAsked ? 1 : (mentionsOther ? -1 : 0);
        }
        boolean unit = unitFigure != null && unitFigure.matcher(folded).find();
        double total = coverage + (type && AnswerPatterns.isSpecific(query.answerType()) ? TYPE_BONUS : 0)
                - (!type && AnswerPatterns.isSpecific(query.answerType()) ? TYPE_BONUS / 2 : 0)
                + YEAR_BONUS * year
                + (unit ? UNIT_BONUS : 0);
        return new Score(sentence, coverage, type, year, unit, total);
    }

    /** The word and its synonyms among the query terms ("交" with "缴", "缴纳", …). */
    private static List<String> formsOf(String word, UnderstoodQuery query) {
        List<String> forms = new ArrayList<>();
        forms.add(word);
        for (QueryTerm t : query.terms()) {
            if (t.concept().equals(word) || t.concept().contains(word) && t.source() == QueryTerm.Source.SYNONYM) {
                forms.add(ChineseText.compact(t.text()));
            }
        }
        return forms;
    }

    private boolean asksForFigureOrDate() {
        return switch (query.answerType()) {
            case COUNT, AMOUNT, DATE, DURATION, OTHER, WHICH -> true;
            default -> false;
        };
    }

    /** The best sentence of a passage (headings excluded). */
    public Score best(Passage passage) {
        Score best = null;
        String heading = passage.title() + " " + passage.section();
        for (String line : passage.body().split("\n")) {
            String previous = "";
            for (String s : ChineseText.sentences(line)) {
                Score sc = score(s, new Context(heading, previous));
                if (best == null || sc.total() > best.total()) {
                    best = sc;
                }
                previous = s;
            }
        }
        return best == null ? new Score("", 0, false, 0, false, 0) : best;
    }
}
