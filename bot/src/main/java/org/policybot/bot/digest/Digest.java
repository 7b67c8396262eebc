package org.policybot.bot.digest;

import java.time.LocalDate;
import java.util.List;
import org.policybot.bot.answer.Citation;

/**
 * The content of one digest for one target: the new and changed articles, each with a
 * short cited summary; platform formatting happens in the sender.
 */
public record Digest(LocalDate day, List<Entry> entries) {

    public Digest {
        entries = List.copyOf(entries);
    }

    /**
     * One article of the digest.
     *
     * @param quotes what to show under the summary for each citation, in citation order
     */
    public record Entry(String articleKey, String version, Change change, String title, String date, String source,
                        String summary, List<Citation> citations, String changeNote, List<Quote> quotes) {
        public Entry {
            citations = List.copyOf(citations);
            changeNote = changeNote == null ? "" : changeNote;
            quotes = List.copyOf(quotes);
        }
    }

    /**
     * The source line of citation {@code n}: the article paragraphs it quotes (1-based; empty
     * when not found) and the quoted sentences the summary does not already show word for
     * word; {@code text} is empty when the summary shows all of them, and the line is then
     * only a reference. {@code page} is the PDF page the quote starts on (0: not a PDF).
     */
    public record Quote(int n, List<Integer> paragraphs, String text, int page) {
        public Quote {
            paragraphs = List.copyOf(paragraphs);
        }

        public Quote(int n, List<Integer> paragraphs, String text) {
            this(n, paragraphs, text, 0);
        }

        public boolean referenceOnly() {
            return text.isEmpty();
        }
    }

    /** Why an article is in the digest. */
    public enum Change { NEW, CHANGED }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
