package org.policybot.bot.answer;

import java.util.List;
import java.util.Map;

/**
 * What the sentence scorer knows about a sentence that could answer: how its passage ranked,
 * how much of the question it expresses (with and without the heading and sentence before
 * it), how close its vector is to the question's, whether it holds the kind of answer asked
 * for, in the unit asked, whether it names the action asked about ("怎么计发": 计发), and how
 * it relates to the year and date asked about. The fitted
 * sentence model weighs them; its probability chooses the quoted sentences.
 */
public final class SentenceFeatures {

    /** The features of a sentence on its own. */
    static final List<String> BASE = List.of(
            "passage_score", "passage_rank", "cov", "cov_plain", "cos", "cos_rel", "type", "unit", "year",
            "date_inside", "date_partly", "date_outside", "bigram_recall", "length", "recent", "list_gain", "first",
            "place_match", "place_conflict", "number_match", "money", "action");

    /** Features also given standardised among the question's candidates ("z_…"): how a sentence stands out. */
    static final List<String> RELATIVE = List.of("passage_score", "cov", "cov_plain", "cos", "bigram_recall", "length");

    /** The sentence model's features: {@link #BASE}, then the standardised copies of {@link #RELATIVE}. */
    public static final List<String> NAMES;

    private static final Map<String, String> BASE_GROUPS = Map.ofEntries(
            Map.entry("passage_score", "retrieval"), Map.entry("passage_rank", "retrieval"),
            Map.entry("cov", "coverage"), Map.entry("cov_plain", "coverage"), Map.entry("bigram_recall", "coverage"),
            Map.entry("cos", "sentence-dense"), Map.entry("cos_rel", "sentence-dense"),
            Map.entry("type", "answer-type"), Map.entry("unit", "answer-type"),
            Map.entry("year", "dates"), Map.entry("date_inside", "dates"), Map.entry("date_partly", "dates"),
            Map.entry("date_outside", "dates"),
            Map.entry("length", "shape"), Map.entry("first", "shape"), Map.entry("list_gain", "shape"),
            Map.entry("recent", "shape"),
            Map.entry("place_match", "constraints"), Map.entry("place_conflict", "constraints"),
            Map.entry("number_match", "constraints"), Map.entry("money", "answer-type"),
            Map.entry("action", "asked-detail"));

    public static final Map<String, String> GROUPS;

    static {
        java.util.List<String> names = new java.util.ArrayList<>(BASE);
        java.util.Map<String, String> groups = new java.util.HashMap<>(BASE_GROUPS);
        for (String r : RELATIVE) {
            names.add("z_" + r);
            groups.put("z_" + r, BASE_GROUPS.get(r));
        }
        NAMES = List.copyOf(names);
        GROUPS = Map.copyOf(groups);
    }

    private SentenceFeatures() {
    }

    /** Fills the standardised copies of the relative features, among one question's candidates. */
    static void standardise(List<double[]> rows) {
        int[] from = RELATIVE.stream().mapToInt(BASE::indexOf).toArray();
        int[] to = java.util.stream.IntStream.range(0, RELATIVE.size()).map(r -> BASE.size() + r).toArray();
        org.policybot.retrieval.rank.WithinQuery.standardise(rows, from, to);
    }

    static final int COS = NAMES.indexOf("cos");
    static final int COS_REL = NAMES.indexOf("cos_rel");
    static final int LIST_GAIN = NAMES.indexOf("list_gain");
}
