package org.policybot.retrieval.search;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
                         Map<String, PassageVectors> vectors, Map<String, String> extracted,
                         Map<String, Passage> passagesById, Map<String, List<Passage>> passagesByArticle) {

    public CorpusView {
        vectors = vectors == null ? Map.of() : vectors;
        extracted = extracted == null ? Map.of() : extracted;
    }

    /**
     * The view, with its passages indexed by id and by article once: answers look passages up
     * by id and read whole articles, which must not cost a walk over a corpus of a hundred
     * thousand passages each time.
     */
    public CorpusView(String generation, Instant builtAt, Map<String, Article> articles, List<Passage> passages,
                      Vocabulary vocabulary, QueryUnderstanding understanding, Optional<Path> source,
                      Map<String, PassageVectors> vectors, Map<String, String> extracted) {
        this(generation, builtAt, articles, passages, vocabulary, understanding, source, vectors, extracted,
                byId(passages));
    }

    /** The same, with the index's own map of passages by id (a generation keeps one). */
    public CorpusView(String generation, Instant builtAt, Map<String, Article> articles, List<Passage> passages,
                      Vocabulary vocabulary, QueryUnderstanding understanding, Optional<Path> source,
                      Map<String, PassageVectors> vectors, Map<String, String> extracted, Map<String, Passage> passagesById) {
        this(generation, builtAt, articles, passages, vocabulary, understanding, source, vectors, extracted,
                passagesById, byArticle(passages));
    }

    private static Map<String, Passage> byId(List<Passage> passages) {
        Map<String, Passage> out = new HashMap<>();
        for (Passage p : passages) {
            out.putIfAbsent(p.id(), p);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, List<Passage>> byArticle(List<Passage> passages) {
        Map<String, List<Passage>> out = new HashMap<>();
        for (Passage p : passages) {
            out.computeIfAbsent(p.articleId(), id -> new ArrayList<>()).add(p);
        }
        out.replaceAll((id, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(out);
    }

    /** A passage by its id. */
    public Optional<Passage> passage(String id) {
        return Optional.ofNullable(passagesById.get(id));
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
        return passagesByArticle.getOrDefault(articleId, List.of());
    }
}
