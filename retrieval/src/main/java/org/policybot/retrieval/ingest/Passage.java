package org.policybot.retrieval.ingest;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A retrievable piece of an article: one or a few paragraphs, or part of a long one. The
 * first passage of a section starts with the section heading on its own line.
 *
 * @param id        stable id: article id plus position ("000_…-a5-p3")
 * @param section   heading of the section it belongs to ("" for the lead)
 * @param text      the passage text with the article's original characters
 * @param position  0-based position of the passage within its article
 * @param line      file line where the passage starts
 */
public record Passage(
        String id,
        String articleId,
        String title,
        Optional<LocalDate> date,
        String file,
        String section,
        String text,
        int position,
        int line) {

    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(articleId, "articleId");
        Objects.requireNonNull(text, "text");
        title = title == null ? "" : title;
        section = section == null ? "" : section;
        file = file == null ? "" : file;
        date = date == null ? Optional.empty() : date;
    }

    /** The text without a leading section-heading line. */
    public String body() {
        if (!section.isEmpty() && text.startsWith(section + "\n")) {
            return text.substring(section.length() + 1);
        }
        return text;
    }

    /** What the embedding model sees: the article title, then the passage. */
    public String embeddingText() {
        return title + "\n" + text;
    }

    /** ISO date or null, for JSON. */
    public String isoDate() {
        return date.map(LocalDate::toString).orElse(null);
    }
}
