package org.policybot.bot.answer;

import java.util.Objects;
import org.policybot.bot.messages.Messages;

/**
 * A numbered source of an answer: the passage and the verbatim sentence(s) quoted from it.
 *
 * @param n     the marker number used in the answer text ("[1]")
 * @param date  ISO date of the article, or null when the article has none
 * @param quote sentence(s) copied from the passage (whitespace may differ, nothing else)
 */
public record Citation(int n, String passageId, String title, String file, String date, String quote) {
    public Citation {
        if (n < 1) {
            throw new IllegalArgumentException("citation numbers start at 1");
        }
        Objects.requireNonNull(passageId, "passageId");
        Objects.requireNonNull(quote, "quote");
        title = title == null ? "" : title;
        file = file == null ? "" : file;
    }

    /** "标题（2025-12-02）" for source lines, worded by the texts {@code source.line} and {@code source.no-date}. */
    public String sourceLine(Messages texts) {
        return texts.text("source.line", title, date == null ? texts.text("source.no-date") : date);
    }
}
