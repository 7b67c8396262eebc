package org.policybot.retrieval.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.policybot.retrieval.ingest.Article;

/** Articles stored inside the index as JSON, so a generation is self-contained. */
final class ArticleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArticleJson() {
    }

    static String write(Article a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", a.id());
        n.put("file", a.file());
        n.put("line", a.line());
        n.put("title", a.title());
        n.put("subtitle", a.subtitle());
        n.put("byline", a.byline());
        n.put("date", a.date().map(LocalDate::toString).orElse(null));
        n.put("source", a.source());
        if (!a.info().isEmpty()) {
            ObjectNode info = n.putObject("info");
            new java.util.TreeMap<>(a.info()).forEach(info::put);
        }
        ArrayNode sections = n.putArray("sections");
        for (Article.Section s : a.sections()) {
            ObjectNode sn = sections.addObject();
            sn.put("heading", s.heading());
            ArrayNode ps = sn.putArray("paragraphs");
            for (Article.Paragraph p : s.paragraphs()) {
                ps.addObject().put("text", p.text()).put("line", p.line());
            }
        }
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Article read(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<Article.Section> sections = new ArrayList<>();
            for (JsonNode sn : n.get("sections")) {
                List<Article.Paragraph> ps = new ArrayList<>();
                for (JsonNode p : sn.get("paragraphs")) {
                    ps.add(new Article.Paragraph(p.get("text").asText(), p.get("line").asInt()));
                }
                sections.add(new Article.Section(sn.get("heading").asText(), ps));
            }
            JsonNode date = n.get("date");
            java.util.Map<String, String> info = new java.util.LinkedHashMap<>();
            JsonNode in = n.get("info");
            if (in != null) {
                in.fields().forEachRemaining(e -> info.put(e.getKey(), e.getValue().asText()));
            }
            return new Article(n.get("id").asText(), n.get("file").asText(), n.get("line").asInt(), n.get("title").asText(),
                    n.get("subtitle").asText(), n.get("byline").asText(),
                    date == null || date.isNull() ? Optional.empty() : Optional.of(LocalDate.parse(date.asText())),
                    n.get("source").asText(), sections, info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("damaged article record in the index", e);
        }
    }
}
