package org.policybot.bot.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;

/**
 * The JSON of one article for the staff page: its text by section and paragraph (numbered
 * across the article), and its passages with the paragraphs each one covers, so a cited
 * passage can be found, highlighted and scrolled into view in the whole article.
 */
final class ArticleView {

    private ArticleView() {
    }

    static ObjectNode article(Article a, List<Passage> passages) {
        return article(a, passages, null);
    }

    /**
     * @param extracted the text extracted from the article's file when it is a PDF, Word or web
     *                  page file (what its quotes are checked against), else null
     */
    static ObjectNode article(Article a, List<Passage> passages, String extracted) {
        ObjectNode n = JsonResponses.object();
        n.put("id", a.id());
        n.put("title", a.title());
        n.put("subtitle", a.subtitle());
        n.put("date", a.date().map(LocalDate::toString).orElse(null));
        n.put("source", a.source());
        n.put("byline", a.byline());
        n.put("file", a.file());
        if (!a.info().isEmpty()) {
            ObjectNode info = n.putObject("info");
            new java.util.TreeMap<>(a.info()).forEach(info::put);
        }
        if (extracted != null) {
            n.put("extractedText", extracted);
        }
        List<String> paragraphs = new ArrayList<>();
        ArrayNode sections = n.putArray("sections");
        for (Article.Section s : a.sections()) {
            ObjectNode sn = sections.addObject();
            sn.put("heading", s.heading());
            ArrayNode ps = sn.putArray("paragraphs");
            for (Article.Paragraph p : s.paragraphs()) {
                ps.addObject().put("index", paragraphs.size()).put("text", p.text());
                paragraphs.add(squeeze(p.text()));
            }
        }
        ArrayNode ps = n.putArray("passages");
        int cursor = 0;
        for (Passage p : passages) {
            ObjectNode pn = passage(p);
            ArrayNode covered = pn.putArray("paragraphs");
            for (String line : p.body().split("\n")) {
                int at = locate(paragraphs, squeeze(line), cursor);
                if (at >= 0) {
                    if (covered.isEmpty() || covered.get(covered.size() - 1).asInt() != at) {
                        covered.add(at);
                    }
                    cursor = at;
                }
            }
            ps.add(pn);
        }
        return n;
    }

    static ObjectNode passage(Passage p) {
        ObjectNode n = JsonResponses.object();
        n.put("passageId", p.id());
        n.put("articleId", p.articleId());
        n.put("title", p.title());
        n.put("date", p.isoDate());
        n.put("file", p.file());
        n.put("section", p.section());
        n.put("position", p.position());
        n.put("text", p.text());
        return n;
    }

    /**
     * The paragraph holding a line of a passage, searching forward from the previous one
     * (passages follow the article in order and never overlap), then from the start.
     */
    private static int locate(List<String> paragraphs, String line, int from) {
        if (line.isEmpty()) {
            return -1;
        }
        for (int i = from; i < paragraphs.size(); i++) {
            if (paragraphs.get(i).contains(line)) {
                return i;
            }
        }
        for (int i = 0; i < from && i < paragraphs.size(); i++) {
            if (paragraphs.get(i).contains(line)) {
                return i;
            }
        }
        return -1;
    }

    /** Text without whitespace: passages and paragraphs may differ only in spacing. */
    private static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }
}
