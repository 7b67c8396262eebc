package org.policybot.bot.channel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text that is too long for one chat message into pieces that each fit a limit in
 * UTF-8 bytes (WeChat and WeCom count bytes, not characters), cutting after a line or a
 * sentence rather than inside one. A citation marker ("[1]", "【1】") or closing quote right
 * after a full stop stays with its sentence. Pieces keep the original order and, joined
 * again, hold every character of the text except whitespace at the cuts.
 */
public final class TextSplitter {

    /** A sentence end, with the closing quotes, brackets and citation markers that belong to it. */
    private static final Pattern SENTENCE_END = Pattern.compile(
            "[。！？；!?;…]+(?:[”’」』）)\"']|【\\d+】|\\[\\d+\\])*");

    private TextSplitter() {
    }

    /** UTF-8 length of a text. */
    public static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The text in pieces of at most {@code maxBytes} UTF-8 bytes each (none empty). */
    public static List<String> split(String text, int maxBytes) {
        List<String> out = new ArrayList<>();
        String rest = text.strip();
        while (!rest.isEmpty()) {
            if (bytes(rest) <= maxBytes) {
                out.add(rest);
                break;
            }
            int cut = cutPoint(rest, maxBytes);
            out.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).strip();
        }
        return out;
    }

    /**
     * Where to cut a text that is longer than {@code maxBytes}: an index such that the text
     * before it fits, preferably just after a line break, else after a sentence, else at the
     * last whole character that fits. Always at least one character, so callers progress.
     */
    public static int cutPoint(String text, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("maxBytes must hold at least one character");
        }
        int fits = fittingChars(text, maxBytes);
        if (fits >= text.length()) {
            return text.length();
        }
        String window = text.substring(0, fits);
        int line = window.lastIndexOf('\n') + 1;
        int sentence = lastSentenceEnd(text, fits);
        // A break in the second half keeps pieces reasonably full; a sentence end is the next best.
        if (line > fits / 2) {
            return line;
        }
        if (sentence > fits / 2) {
            return sentence;
        }
        int best = Math.max(line, sentence);
        return best > 0 ? best : Math.max(1, fits);
    }

    /** Number of chars (never splitting a surrogate pair) whose UTF-8 form fits in maxBytes. */
    private static int fittingChars(String text, int maxBytes) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > maxBytes) {
                break;
            }
            used += size;
            i += Character.charCount(cp);
        }
        return i;
    }

    /** The end of the last whole sentence (with its markers) within the first {@code fits} chars. */
    private static int lastSentenceEnd(String text, int fits) {
        Matcher m = SENTENCE_END.matcher(text);
        int last = 0;
        while (m.find() && m.start() < fits) {
            if (m.end() <= fits) {
                last = m.end();
            }
        }
        return last;
    }
}
