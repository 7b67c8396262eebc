package org.policybot.bot.answer;

import java.util.Objects;
import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.ingest.Passage;

/**
 * A numbered source of an answer: the passage and the verbatim sentence(s) quoted from it,
 * and where in its file they stand (the section heading; the page, for a PDF).
 *
 * @param n       the marker number used in the answer text ("[1]")
 * @param date    ISO date of the article, or null when the article has none
 * @param quote   sentence(s) copied from the passage (whitespace may differ, nothing else)
 * @param ocr     whether the article's text was read from scanned pages by OCR (it may hold misread characters)
 * @param section the heading of the passage's section ("" for an article's lead)
 * @param page    the PDF page the quote starts on (1-based); 0 for a file that has no pages (text, Word, web page)
 */
public record Citation(int n, String passageId, String title, String file, String date, String quote, boolean ocr,
                       String section, int page) {
    public Citation {
        if (n < 1) {
            throw new IllegalArgumentException("citation numbers start at 1");
        }
        if (page < 0) {
            throw new IllegalArgumentException("page numbers start at 1 (0: no page)");
        }
        Objects.requireNonNull(passageId, "passageId");
        Objects.requireNonNull(quote, "quote");
        title = title == null ? "" : title;
        file = file == null ? "" : file;
        section = section == null ? "" : section;
    }

    /** A citation of text that was not read by OCR, with no section or page. */
    public Citation(int n, String passageId, String title, String file, String date, String quote) {
        this(n, passageId, title, file, date, quote, false, "", 0);
    }

    /**
     * Citation {@code n} of a quote from a passage: its section, and the page the quote starts
     * on when the passage is from a PDF whose text {@code sources} holds (else no page).
     */
    public static Citation quoting(int n, Passage p, String quote, SourceTexts sources) {
        return new Citation(n, p.id(), p.title(), p.file(), p.isoDate(), quote, false, p.section(),
                sources == null ? 0 : sources.page(p, quote));
    }

    /** The same citation, marked as quoting text read by OCR. */
    public Citation withOcr() {
        return new Citation(n, passageId, title, file, date, quote, true, section, page);
    }

    /**
     * "标题（2025-12-02）" for source lines, worded by the texts {@code source.line} and {@code source.no-date},
     * then {@code source.page} ("（第3页）") for a quote from a PDF, and {@code source.ocr} ("（扫描件识别文本）")
     * when the text was read from a scan.
     */
    public String sourceLine(Messages texts) {
        String line = texts.text("source.line", title, date == null ? texts.text("source.no-date") : date);
        if (page > 0) {
            line += texts.text("source.page", page);
        }
        return ocr ? line + texts.text("source.ocr") : line;
    }
}
