package org.policybot.retrieval.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.policybot.retrieval.ingest.Article;

/**
 * Articles stored inside the index as JSON, so a generation is self-contained: one record,
 * mapped by Jackson (sections and paragraphs are the article's own records; the document
 * fields in {@code info}, sorted, only when there are any).
 */
final class ArticleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored form: the article with its date as ISO text ({@code null} when unknown). */
    record Stored(String id, String file, int line, String title, String subtitle, String byline, String date, String source,
                  @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> info, List<Article.Section> sections) {

        static Stored of(Article a) {
            return new Stored(a.id(), a.file(), a.line(), a.title(), a.subtitle(), a.byline(),
                    a.date().map(LocalDate::toString).orElse(null), a.source(), new TreeMap<>(a.info()), a.sections());
        }

        Article article() {
            return new Article(id, file, line, title, subtitle, byline,
                    date == null ? Optional.empty() : Optional.of(LocalDate.parse(date)), source, sections, info);
        }
    }

    private ArticleJson() {
    }

    static String write(Article a) {
        try {
            return JSON.writeValueAsString(Stored.of(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Article read(String json) {
        try {
            return JSON.readValue(json, Stored.class).article();
        } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("damaged article record in the index", e);
        }
    }
}
