package org.policybot.retrieval.ingest;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CoreBiGramTableDictionary;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.seg.common.Term;
import java.util.List;
import java.util.Set;
import org.policybot.retrieval.text.ChineseText;

/**
 * Judges whether one line of text continues another that was cut by a page or column
 * break. The evidence is linguistic, not positional: a dictionary word that spans the
 * cut ("领先地" + "位。"), a numeral followed by its unit ("2020" + "年…"), a closing
 * quote or bracket with no opening one ("怀川" + "新服”…"), a particle that cannot end a
 * sentence ("…的"), and a first word that rarely starts a sentence according to HanLP's
 * word-bigram statistics ("工种，…").
 */
final class Continuation {

    private static final String SENTENCE_START = "始##始";
    private static final String OPENERS = "“‘「『（(《【〈";
    private static final String CLOSERS = "”’」』）)》】〉";
    private static final String CLAUSE_END = "，。、；：！？,;:!?";
    private static final String NUMERALS = "0123456789０１２３４５６７８９〇一二三四五六七八九十百千万亿两几";
    private static final String UNITS = "年月日号时分秒万亿千百十个位项家名条座辆次件种倍成股期届批家%‰元";
    /** Words that cannot end a sentence: structural particles, prepositions, conjunctions. */
    private static final Set<String> DANGLING_ENDS = Set.of(
            "的", "地", "得", "之", "与", "和", "及", "或", "在", "对", "把", "被", "将", "从", "向", "为", "以", "由", "于",
            "是", "让", "使", "跟", "同", "并", "而", "且", "但", "等");
    /** Parts of speech of words that normally open a clause (conjunctions, adverbs, pronouns, prepositions). */
    private static final Set<String> STARTER_NATURES = Set.of("c", "cc", "d", "p", "r", "rr", "rz", "ry", "rzv", "rzs",
            "ryv", "rys", "rzt", "ryt", "e", "y", "o");

    private Continuation() {
    }

    /** What speaks for {@code next} continuing the cut text {@code prev}. */
    record Evidence(boolean startsAnew, boolean closer, boolean numeralUnit, String spanWord, boolean seenInFile,
                    boolean danglingEnd, boolean fragment) {

        /** Evidence about the pair itself: a word, a number or a phrase of this file runs across the cut. */
        boolean joint() {
            return numeralUnit || !spanWord.isEmpty() || seenInFile;
        }

        /**
         * Weighted evidence for joining. Evidence about the pair outweighs evidence about one
         * side ("…的" only says the first text is cut, not where it goes on), and an adjacent
         * candidate gets a small bonus. Negative: the next text clearly starts anew.
         */
        int score(boolean adjacent) {
            if (startsAnew) {
                return -3;
            }
            return (joint() ? 5 : 0) + (closer ? 4 : 0) + (fragment ? 2 : 0) + (danglingEnd ? 1 : 0) + (adjacent ? 2 : 0);
        }

        /** Enough to join across other paragraphs, i.e. to recognise an interleaved article. */
        boolean strongAtDistance() {
            return !startsAnew && (joint() || closer || (fragment && danglingEnd));
        }

        /**
         * Evidence that holds even after a heading-like line, where a dictionary word across
         * the cut is often an accident ("破局" + "面对" reads as "局面").
         */
        boolean strongAfterHeading() {
            return !startsAnew && (closer || numeralUnit || seenInFile || fragment || spanWord.length() >= 3);
        }
    }

    /**
     * Weighs the evidence that {@code next} continues {@code prev}.
     *
     * @param fileText the whole file with lines kept apart, used to see whether the text
     *                 around the cut occurs elsewhere in the same file ("发展新" + "质生产力")
     */
    static Evidence evidence(String prev, String next, String fileText) {
        String p = ChineseText.compact(prev);
        String n = ChineseText.compact(next);
        if (p.isEmpty() || n.isEmpty()) {
            return new Evidence(true, false, false, "", false, false, false);
        }
        char first = n.charAt(0);
        if (OPENERS.indexOf(first) >= 0 || LineClassifier.INLINE_DATELINE.matcher(n).find()) {
            return new Evidence(true, false, false, "", false, false, false);
        }
        return new Evidence(false,
                startsWithUnmatchedCloser(n),
                NUMERALS.indexOf(p.charAt(p.length() - 1)) >= 0 && UNITS.indexOf(first) >= 0,
                wordSpanningCut(p, n),
                seenAcrossCutElsewhere(p, n, fileText),
                endsWithDanglingWord(p),
                startsWithFragment(n));
    }

    /** The two characters before the cut and the two after it occur together elsewhere in the file. */
    static boolean seenAcrossCutElsewhere(String p, String n, String fileText) {
        if (p.length() < 2 || n.length() < 2 || fileText == null) {
            return false;
        }
        String window = p.substring(p.length() - 2) + n.substring(0, 2);
        if (!window.codePoints().allMatch(ChineseText::isCjk)) {
            return false;
        }
        int count = 0;
        int from = 0;
        while ((from = fileText.indexOf(window, from)) >= 0) {
            count++;
            from++;
        }
        return count >= 2;
    }

    /** A closing quote or bracket appears before any opening one in the first clause. */
    static boolean startsWithUnmatchedCloser(String n) {
        int limit = Math.min(n.length(), 40);
        for (int i = 0; i < limit; i++) {
            char c = n.charAt(i);
            if (OPENERS.indexOf(c) >= 0) {
                return false;
            }
            if (CLOSERS.indexOf(c) >= 0) {
                return true;
            }
            if ("。！？".indexOf(c) >= 0) {
                return false;
            }
        }
        return false;
    }

    /**
     * A dictionary word of two or more characters that covers the last character before the
     * cut and the first after it; empty when there is none.
     */
    static String wordSpanningCut(String p, String n) {
        String tail = p.substring(Math.max(0, p.length() - 6));
        String head = n.substring(0, Math.min(n.length(), 6));
        if (!ChineseText.isCjk(tail.codePointAt(tail.length() - 1)) || !ChineseText.isCjk(head.codePointAt(0))) {
            return "";
        }
        String joined = tail + head;
        int cut = tail.length();
        int pos = 0;
        for (Term term : HanLP.segment(joined)) {
            int end = pos + term.word.length();
            if (pos < cut && end > cut && term.word.length() >= 2 && CoreDictionary.contains(term.word)) {
                return term.word;
            }
            pos = end;
        }
        String pair = tail.substring(tail.length() - 1) + head.charAt(0);
        return CoreDictionary.getTermFrequency(pair) >= 50 ? pair : "";
    }

    static boolean endsWithDanglingWord(String p) {
        List<Term> terms = HanLP.segment(p.substring(Math.max(0, p.length() - 8)));
        if (terms.isEmpty()) {
            return false;
        }
        return DANGLING_ENDS.contains(terms.get(terms.size() - 1).word);
    }

    /**
     * The text opens with a short clause ("位。", "服务，", "工种，") whose first word rarely
     * starts a sentence: the tail of a sentence rather than the head of one.
     */
    static boolean startsWithFragment(String n) {
        int clause = 0;
        while (clause < n.length() && CLAUSE_END.indexOf(n.charAt(clause)) < 0 && CLOSERS.indexOf(n.charAt(clause)) < 0) {
            clause++;
        }
        if (clause == 0 || clause > 4 || clause == n.length()) {
            return false;
        }
        List<Term> terms = HanLP.segment(n.substring(0, clause));
        if (terms.isEmpty()) {
            return false;
        }
        Term firstWord = terms.get(0);
        String nature = firstWord.nature == null ? "" : firstWord.nature.toString();
        if (STARTER_NATURES.contains(nature)) {
            return false;
        }
        int freq = CoreDictionary.getTermFrequency(firstWord.word);
        int asStart = CoreBiGramTableDictionary.getBiFrequency(SENTENCE_START, firstWord.word);
        if (freq >= 20) {
            return asStart * 50 < freq;
        }
        return clause <= 2 && asStart == 0;
    }

    /**
     * A line that looks like a heading rather than a sentence: short, not ending like a
     * sentence or a lead-in ("——", "："), no full stop inside, and not a "label: number" line
     * such as a phone number.
     */
    static boolean headingLike(String text) {
        String t = ChineseText.compact(text);
        if (t.isEmpty() || t.length() > 40 || t.contains("。") || t.contains("；") || t.contains(";")
                || t.endsWith("——") || LABEL_NUMBER.matcher(t).matches()) {
            return false;
        }
        int end = t.length();
        while (end > 0 && CLOSERS.indexOf(t.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == 0) {
            return false;
        }
        char last = t.charAt(end - 1);
        if ("：:，,、".indexOf(last) >= 0) {
            return false;
        }
        // A short exclamation or question can be a title; a quoted one is speech.
        return "！？!?".indexOf(last) < 0 || (end == t.length() && t.length() <= 25);
    }

    /**
     * A heading-like line that stays a heading when deciding about cuts: commas suggest a cut
     * sentence ("公路交通方面，张小玲提醒，清明"), unless the line is numbered or has a colon.
     */
    static boolean headingForCuts(String text) {
        if (!headingLike(text)) {
            return false;
        }
        String t = ChineseText.compact(text);
        return ENUMERATED.matcher(t).find() || !(t.contains("，") || t.contains(",")) || t.contains("：") || t.contains(":");
    }

    /** Whether a line starts with a section number: "一、", "（二）", "3.", "第四章". */
    static boolean enumerated(String text) {
        return ENUMERATED.matcher(ChineseText.compact(text)).find();
    }

    private static final java.util.regex.Pattern LABEL_NUMBER = java.util.regex.Pattern.compile(".*[：:][^，。]*\\d{5,}.*");
    private static final java.util.regex.Pattern ENUMERATED = java.util.regex.Pattern.compile(
            "^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\\d]+[）)]|\\d+[、.．]|[◆◇■□●○★☆▲△]|第[一二三四五六七八九十\\d]+[章节部分条])");
}
