package org.policybot.retrieval.search;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.policybot.retrieval.embed.PassageVectors;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Pages;
import org.policybot.retrieval.ingest.Passage;

/**
 * The corpus of the index generation in service, as answering needs it: articles,
 * passages in article order, the corpus vocabulary and query understanding built on it,
 * the articles folder it was built from (where quotes are checked), when recorded, and the
 * text extracted from each PDF, Word or web page file of it (what quotes from those are
 * checked against), by file name.
 */
public record CorpusView(String generation, Instant builtAt, Map<String, Article> articles, List<Passage> passages,
                         Vocabulary vocabulary, QueryUnderstanding understanding, Optional<Path> source,
                         Map<String, PassageVectors> vectors, Map<String, String> extracted) {

    public CorpusView {
        vectors = vectors == null ? Map.of() : vectors;
        extracted = extracted == null ? Map.of() : extracted;
    }

    public CorpusView(String generation, Instant builtAt, Map<String, Article> articles, List<Passage> passages,
                      Vocabulary vocabulary, QueryUnderstanding understanding, Optional<Path> source,
                      Map<String, PassageVectors> vectors) {
        this(generation, builtAt, articles, passages, vocabulary, understanding, source, vectors, Map.of());
    }

    /** The vectors of a passage and its sentences, or null when the index has none. */
    public PassageVectors vectorsOf(String passageId) {
        return vectors.get(passageId);
    }

    public Optional<Article> article(String id) {
        return Optional.ofNullable(articles.get(id));
    }

    /** The PDF page a passage starts on (1-based); 0 when its file is not a PDF or its text is not kept. */
    public int page(Passage p) {
        return Pages.pageOfLine(p.file(), extracted.get(p.file()), p.line());
    }

    /** Passages of one article in reading order. */
    public List<Passage> passagesOf(String articleId) {
        List<Passage> out = new ArrayList<>();
        for (Passage p : passages) {
            if (p.articleId().equals(articleId)) {
                out.add(p);
            }
        }
        return out;
    }
}
