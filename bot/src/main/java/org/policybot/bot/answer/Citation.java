package org.policybot.bot.answer;

import java.util.Objects;
import org.policybot.bot.messages.Messages;

/**
 * A numbered source of an answer: the passage and the verbatim sentence(s) quoted from it.
 *
 * @param n     the marker number used in the answer text ("[1]")
 * @param date  ISO date of the article, or null when the article has none
 * @param quote sentence(s) copied from the passage (whitespace may differ, nothing else)
 * @param ocr   whether the article's text was read from scanned pages by OCR (it may hold misread characters)
 */
public record Citation(int n, String passageId, String title, String file, String date, String quote, boolean ocr) {
    public Citation {
        if (n < 1) {
            throw new IllegalArgumentException("citation numbers start at 1");
        }
        Objects.requireNonNull(passageId, "passageId");
        Objects.requireNonNull(quote, "quote");
        title = title == null ? "" : title;
        file = file == null ? "" : file;
    }

    /** A citation of text that was not read by OCR. */
    public Citation(int n, String passageId, String title, String file, String date, String quote) {
        this(n, passageId, title, file, date, quote, false);
    }

    /** The same citation, marked as quoting text read by OCR. */
    public Citation withOcr() {
        return new Citation(n, passageId, title, file, date, quote, true);
    }

    /**
     * "标题（2025-12-02）" for source lines, worded by the texts {@code source.line} and {@code source.no-date},
     * with {@code source.ocr} ("（扫描件识别文本）") after it when the text was read from a scan.
     */
    public String sourceLine(Messages texts) {
        String line = texts.text("source.line", title, date == null ? texts.text("source.no-date") : date);
        return ocr ? line + texts.text("source.ocr") : line;
    }
}
