package org.policybot.retrieval.search;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;

/**
 * Reads a question typed in toneless pinyin ("tuiyi junren yanglao baoxian zenme jiexu") as
 * the Chinese words it spells: the corpus's own words first (the most frequent word with
 * that reading), then the question words of the lexicon ("zenme" is 怎么). Only a question
 * whose every Latin word is pinyin is read so: "sb转移" and English questions stay as typed.
 */
final class PinyinReader {

    private static final Pattern LATIN = Pattern.compile("[a-z]+");
    /** Word lengths tried when joining syllables typed apart ("yang lao" is 养老). */
    private static final int MAX_TOKENS = 4;
    private static final Set<String> SYLLABLES = syllables();

    /** Reading (toneless pinyin, no spaces) to the word read so. */
    private final Map<String, String> words;

    /**
     * @param corpusWords words of the corpus with their document frequency (the most frequent wins)
     * @param questionWords words read only when the corpus has none with the same reading
     */
    PinyinReader(Map<String, Integer> corpusWords, Set<String> questionWords) {
        Map<String, String> byReading = new HashMap<>();
        Map<String, Integer> frequency = new HashMap<>();
        for (Map.Entry<String, Integer> e : corpusWords.entrySet()) {
            String w = e.getKey();
            if (!allCjk(w) || w.length() < 2 || w.length() > 4) {
                continue;
            }
            String reading = reading(w);
            if (reading != null && e.getValue() > frequency.getOrDefault(reading, 0)) {
                byReading.put(reading, w);
                frequency.put(reading, e.getValue());
            }
        }
        for (String w : questionWords) {
            if (allCjk(w) && w.length() >= 2) {
                String reading = reading(w);
                if (reading != null) {
                    byReading.putIfAbsent(reading, w);
                }
            }
        }
        this.words = byReading;
    }

    /** The text with its pinyin words written in Chinese, or the text itself when it is not pinyin. */
    String toHanzi(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = LATIN.matcher(text);
        while (m.find()) {
            if (!isPinyin(m.group())) {
                return text;
            }
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int i = 0;
        while (i < spans.size()) {
            int matched = 0;
            String word = null;
            for (int len = Math.min(MAX_TOKENS, spans.size() - i); len >= 1 && word == null; len--) {
                if (!onlySpacesBetween(text, spans, i, len)) {
                    continue;
                }
                StringBuilder key = new StringBuilder();
                for (int k = i; k < i + len; k++) {
                    key.append(text, spans.get(k)[0], spans.get(k)[1]);
                }
                word = words.get(key.toString());
                matched = len;
            }
            if (word == null) {
                i++;
                continue;
            }
            out.append(text, copied, spans.get(i)[0]).append(word);
            copied = spans.get(i + matched - 1)[1];
            i += matched;
        }
        out.append(text.substring(copied));
        return out.toString();
    }

    /** Whether the word splits into pinyin syllables ("yanglao", "jiexu"; not "the", "sb"). */
    static boolean isPinyin(String word) {
        boolean[] reachable = new boolean[word.length() + 1];
        reachable[0] = true;
        for (int end = 1; end <= word.length(); end++) {
            for (int start = Math.max(0, end - 6); start < end && !reachable[end]; start++) {
                reachable[end] = reachable[start] && SYLLABLES.contains(word.substring(start, end));
            }
        }
        return reachable[word.length()];
    }

    private static boolean onlySpacesBetween(String text, List<int[]> spans, int from, int len) {
        for (int k = from; k < from + len - 1; k++) {
            if (!text.substring(spans.get(k)[1], spans.get(k + 1)[0]).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String reading(String word) {
        List<Pinyin> pinyin = HanLP.convertToPinyinList(word);
        StringBuilder sb = new StringBuilder();
        for (Pinyin p : pinyin) {
            String s = p.getPinyinWithoutTone().toLowerCase(Locale.ROOT);
            if (s.equals("none")) {
                return null;
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private static boolean allCjk(String w) {
        return !w.isEmpty() && w.codePoints().allMatch(ChineseText::isCjk);
    }

    private static Set<String> syllables() {
        Set<String> out = new HashSet<>();
        for (Pinyin p : Pinyin.values()) {
            String s = p.getPinyinWithoutTone().toLowerCase(Locale.ROOT);
            if (!s.equals("none")) {
                out.add(s);
                out.add(s.replace("ü", "v"));
            }
        }
        return out;
    }
}
