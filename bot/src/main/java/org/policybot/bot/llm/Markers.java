package org.policybot.bot.llm;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;

/**
 * Citation markers as models write them: "[1]", "[1][2]", "[1, 2]", "[1-3]", full-width
 * "［1］" and "【1】". Splits a model's answer into sentences that keep their markers (also
 * a marker written after the full stop, "…办理。[1]"), reads the numbers a sentence cites,
 * and rewrites markers with new numbers or removes them.
 */
final class Markers {

    private static final String ITEM = "\\d{1,3}(?:\\s*[-–~]\\s*\\d{1,3})?";
    static final Pattern MARKER = Pattern.compile("[\\[［【]\\s*(" + ITEM + "(?:\\s*[,，、;；]\\s*" + ITEM + ")*)\\s*[\\]］】]");
    private static final Pattern TRAILING_MARKERS = Pattern.compile("(?:[ \\t]*" + MARKER.pattern() + ")+");
    private static final Pattern REPEATED = Pattern.compile("(\\[(\\d+)])(?:\\[\\2])+");
    private static final int MAX_RANGE = 10;

    private Markers() {
    }

    /**
     * The answer cut into sentences (and line ends), each with the markers that follow it.
     * Concatenating the result gives the text back.
     */
    static List<String> sentences(String text) {
        return ChineseText.split(text, true, end -> {
            Matcher trailing = TRAILING_MARKERS.matcher(text).region(end, text.length());
            return trailing.lookingAt() ? trailing.end() : end;
        });
    }

    /** The numbers a sentence cites, in order, each once. */
    static List<Integer> numbers(String sentence) {
        Set<Integer> out = new LinkedHashSet<>();
        Matcher m = MARKER.matcher(sentence);
        while (m.find()) {
            out.addAll(expand(m.group(1)));
        }
        return List.copyOf(out);
    }

    /** The sentence without its markers. */
    static String strip(String sentence) {
        return MARKER.matcher(sentence).replaceAll("");
    }

    /**
     * The sentence with every marker rewritten as "[k]" markers; {@code renumber} gives the
     * new number of an old one, or 0 to drop it. Repeats ("[1][1]") collapse to one.
     */
    static String rewrite(String sentence, IntUnaryOperator renumber) {
        Matcher m = MARKER.matcher(sentence);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            StringBuilder markers = new StringBuilder();
            for (int old : expand(m.group(1))) {
                int k = renumber.applyAsInt(old);
                if (k > 0) {
                    markers.append('[').append(k).append(']');
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(markers.toString()));
        }
        m.appendTail(sb);
        return REPEATED.matcher(sb).replaceAll("$1");
    }

    private static Set<Integer> expand(String group) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String item : group.split("\\s*[,，、;；]\\s*")) {
            String[] ends = item.strip().split("\\s*[-–~]\\s*");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
            if (to < from || to - from > MAX_RANGE) {
                to = from;
            }
            for (int k = from; k <= to; k++) {
                out.add(k);
            }
        }
        return out;
    }
}
