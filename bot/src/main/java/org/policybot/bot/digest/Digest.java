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

    /** One article of the digest. */
    public record Entry(String articleKey, String version, Change change, String title, String date, String source,
                        String summary, List<Citation> citations, String changeNote) {
        public Entry {
            citations = List.copyOf(citations);
            changeNote = changeNote == null ? "" : changeNote;
        }
    }

    /** Why an article is in the digest. */
    public enum Change { NEW, CHANGED }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
