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

    /**
     * The sentences of the body, line by line, each stripped (blank ones dropped): the units an
     * answer quotes and sentence vectors are computed for, in reading order.
     */
    public java.util.List<java.util.List<String>> sentenceLines() {
        java.util.List<java.util.List<String>> lines = new java.util.ArrayList<>();
        for (String line : body().split("\n")) {
            java.util.List<String> sentences = new java.util.ArrayList<>();
            for (String s : org.policybot.retrieval.text.ChineseText.sentences(line)) {
                sentences.add(s.strip());
            }
            lines.add(sentences);
        }
        return lines;
    }

    /** {@link #sentenceLines()} in one list, in reading order. */
    public java.util.List<String> sentences() {
        java.util.List<String> out = new java.util.ArrayList<>();
        sentenceLines().forEach(out::addAll);
        return out;
    }

    /**
     * What the embedding model sees for one sentence: where it stands (title and section),
     * then the sentence, so "该政策自…起施行" still says which policy.
     */
    public String sentenceEmbeddingText(String sentence) {
        return section.isEmpty() ? title + "：" + sentence : title + " " + section + "：" + sentence;
    }

    /** ISO date or null, for JSON. */
    public String isoDate() {
        return date.map(LocalDate::toString).orElse(null);
    }
}
