package org.policybot.bot.answer;

import java.util.List;
import java.util.Map;

/**
 * What the sentence scorer knows about a sentence that could answer: how its passage ranked,
 * how much of the question it expresses (with and without the heading and sentence before
 * it), how close its vector is to the question's, whether it holds the kind of answer asked
 * for, in the unit asked, and how it relates to the year and date asked about. The fitted
 * sentence model weighs them; its probability chooses the quoted sentences.
 */
public final class SentenceFeatures {

    public static final List<String> NAMES = List.of(
            "passage_score", "passage_rank", "cov", "cov_plain", "cos", "cos_rel", "type", "unit", "year",
            "date_inside", "date_partly", "date_outside", "bigram_recall", "length", "recent", "list_gain", "first");

    public static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("passage_score", "retrieval"), Map.entry("passage_rank", "retrieval"),
            Map.entry("cov", "coverage"), Map.entry("cov_plain", "coverage"), Map.entry("bigram_recall", "coverage"),
            Map.entry("cos", "sentence-dense"), Map.entry("cos_rel", "sentence-dense"),
            Map.entry("type", "answer-type"), Map.entry("unit", "answer-type"),
            Map.entry("year", "dates"), Map.entry("date_inside", "dates"), Map.entry("date_partly", "dates"),
            Map.entry("date_outside", "dates"),
            Map.entry("length", "shape"), Map.entry("first", "shape"), Map.entry("list_gain", "shape"),
            Map.entry("recent", "shape"));

    private SentenceFeatures() {
    }

    static final int COS = NAMES.indexOf("cos");
    static final int COS_REL = NAMES.indexOf("cos_rel");
    static final int LIST_GAIN = NAMES.indexOf("list_gain");
}
