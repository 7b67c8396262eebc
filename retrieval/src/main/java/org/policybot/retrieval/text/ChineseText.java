package org.policybot.retrieval.text;

import com.hankcs.hanlp.HanLP;
import java.util.ArrayList;
import java.util.List;

/**
 * Character-level helpers for Chinese text: sentence splitting that keeps the original
 * characters, and the folding used everywhere text is compared (index, queries, quote
 * checks): full-width to half-width, traditional to simplified, lower case, and no
 * whitespace between Chinese characters or digits ("维 权 电 话" matches "维权电话",
 * "2024 年" matches "2024年").
 */
public final class ChineseText {

    /** Characters that end a sentence. */
    public static final String TERMINATORS = "。！？!?；;";
    /** Characters that may trail a terminator and still belong to its sentence. */
    public static final String CLOSERS = "”’」』）)》】〉\"'";

    private ChineseText() {
    }

    public static boolean isCjk(int cp) {
        if (cp >= 0x4E00 && cp <= 0x9FFF) {
            return true;
        }
        if (cp < 0x2E80) {
            return false;
        }
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    /** True when a paragraph ending with this character is complete. */
    public static boolean endsClosed(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return true;
        }
        char last = t.charAt(t.length() - 1);
        if (TERMINATORS.indexOf(last) >= 0 || last == '…' || last == '：' || last == ':') {
            return true;
        }
        if (CLOSERS.indexOf(last) >= 0) {
            return true;
        }
        return false;
    }

    /**
     * Splits into sentences at 。！？；!?; (with any closing quotes or brackets that follow).
     * Concatenating the result gives the input back.
     */
    public static List<String> sentences(String text) {
        List<String> out = split(text, false, end -> end);
        out.removeIf(String::isBlank);
        return out;
    }

    /**
     * Splits into sentences at 。！？；!?; (with the closing quotes or brackets that follow),
     * and also after each line break when {@code atLineBreaks}; {@code extend} may move each
     * sentence's end further (past the citation markers that follow it, say). Concatenating
     * the result gives the input back.
     */
    public static List<String> split(String text, boolean atLineBreaks, java.util.function.IntUnaryOperator extend) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (atLineBreaks && c == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
                i++;
            } else if (TERMINATORS.indexOf(c) >= 0) {
                int end = extend.applyAsInt(sentenceEnd(text, i));
                out.add(text.substring(start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < n) {
            out.add(text.substring(start));
        }
        return out;
    }

    /**
     * Where a sentence whose terminator is at {@code terminator} ends: after any further
     * terminators and closing quotes or brackets ("……吗？！”").
     */
    public static int sentenceEnd(String text, int terminator) {
        int end = terminator + 1;
        while (end < text.length() && (TERMINATORS.indexOf(text.charAt(end)) >= 0 || CLOSERS.indexOf(text.charAt(end)) >= 0)) {
            end++;
        }
        return end;
    }

    /** Removes every whitespace character: the form in which quotes and expected strings are compared. */
    public static String compact(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && !isSpace(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder sb = new StringBuilder(n);
        sb.append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!isSpace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether a character is whitespace in the sense of {@link #compact} (which removes it). */
    public static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == 0x3000 || c == 0xA0;
    }

    /** Number of non-whitespace characters. */
    public static int visibleLength(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isSpace(c) && !Character.isLowSurrogate(c)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Folding for search: half-width, simplified, lower case, whitespace removed between
     * Chinese characters and digits, kept (as one space) between Latin words.
     */
    public static String fold(String text) {
        if (text.length() > FOLD_CACHE_MAX_LENGTH) {
            return foldUncached(text);
        }
        String cached = FOLD_CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        String folded = foldUncached(text);
        if (FOLD_CACHE_CHARS.addAndGet(text.length() + folded.length()) > FOLD_CACHE_MAX_CHARS) {
            FOLD_CACHE.clear();
            FOLD_CACHE_CHARS.set(text.length() + folded.length());
        }
        FOLD_CACHE.put(text, folded);
        return folded;
    }

    /**
     * Folded forms of the sentences and headings that reranking and answering fold again for
     * every question. NOTE: bounded by clearing when it holds 8 million characters (about
     * 20 MB); the corpus's sentences refill it, questions that are never repeated do not
     * pile up. At 10,000 documents the candidates of the 91 development questions hold about
     * 3 million: a 2 million bound cleared it every few questions, and the search median was
     * 15.7-16.2 ms where it is 14.3-14.5 ms now (ScaleRun query, same machine).
     */
    private static final java.util.Map<String, String> FOLD_CACHE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicLong FOLD_CACHE_CHARS = new java.util.concurrent.atomic.AtomicLong();
    private static final long FOLD_CACHE_MAX_CHARS = 8_000_000;
    private static final int FOLD_CACHE_MAX_LENGTH = 2_000;

    private static String foldUncached(String text) {
        String half = toHalfWidth(text);
        String simplified = HanLP.convertToSimplifiedChinese(half);
        return squeezeSpaces(simplified.toLowerCase(java.util.Locale.ROOT));
    }

    public static String toHalfWidth(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0x3000) {
                sb.append(' ');
            } else if (c >= 0xFF01 && c <= 0xFF5E) {
                sb.append((char) (c - 0xFEE0));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String squeezeSpaces(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                int j = i;
                while (j < n && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                char before = sb.isEmpty() ? ' ' : sb.charAt(sb.length() - 1);
                char after = j < n ? text.charAt(j) : ' ';
                if (isAsciiAlnum(before) && isAsciiAlnum(after) && (isLatinWordChar(before) || isLatinWordChar(after)
                        || Character.isDigit(before) && Character.isDigit(after))) {
                    sb.append(' ');
                }
                i = j;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean isAsciiAlnum(char c) {
        return isLatinWordChar(c) || (c >= '0' && c <= '9');
    }

    private static boolean isLatinWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
