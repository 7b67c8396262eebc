package org.policybot.bot.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.policybot.bot.api.Contract;
import org.policybot.bot.api.Json;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.ingest.Validity;

/**
 * The JSON of one article for the staff page: its text by section and paragraph (numbered
 * across the article), and its passages with the paragraphs each one covers, so a cited
 * passage can be found, highlighted and scrolled into view in the whole article.
 */
final class ArticleView {

    private ArticleView() {
    }

    /**
     * @param extracted the text extracted from the article's file when it is a PDF, Word or web
     *                  page file (what its quotes are checked against), else null
     * @param today     the day its validity status is given for
     */
    static ObjectNode article(Article a, List<Passage> passages, String extracted, LocalDate today) {
        List<String> paragraphs = new ArrayList<>();
        List<Contract.SectionBody> sections = new ArrayList<>();
        for (Article.Section s : a.sections()) {
            List<Contract.ParagraphBody> ps = new ArrayList<>();
            for (Article.Paragraph p : s.paragraphs()) {
                ps.add(new Contract.ParagraphBody(paragraphs.size(), p.text()));
                paragraphs.add(squeeze(p.text()));
            }
            sections.add(new Contract.SectionBody(s.heading(), ps));
        }
        List<Contract.PassageBody> ps = new ArrayList<>();
        int cursor = 0;
        for (Passage p : passages) {
            List<Integer> covered = new ArrayList<>();
            for (String line : p.body().split("\n")) {
                int at = locate(paragraphs, squeeze(line), cursor);
                if (at >= 0) {
                    if (covered.isEmpty() || covered.get(covered.size() - 1) != at) {
                        covered.add(at);
                    }
                    cursor = at;
                }
            }
            ps.add(Contract.PassageBody.of(p, covered));
        }
        return Json.tree(new Contract.ArticleBody(a.id(), a.title(), a.subtitle(), a.date().map(LocalDate::toString).orElse(null),
                a.source(), a.byline(), a.file(), a.info().isEmpty() ? null : new TreeMap<>(a.info()), validity(a, today), extracted,
                sections, ps));
    }

    /** The article's validity status on a day, as {@code /api/articles/{id}} gives it; null when nothing is known. */
    static Contract.ValidityBody validity(Article a, LocalDate today) {
        Validity v = a.validity();
        if (v.isEmpty()) {
            return null;
        }
        Validity.Status s = v.statusAt(today);
        return new Contract.ValidityBody(s.json(), s.date().map(LocalDate::toString).orElse(null), s.by());
    }

    static ObjectNode passage(Passage p) {
        return Json.tree(Contract.PassageBody.of(p, null));
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
