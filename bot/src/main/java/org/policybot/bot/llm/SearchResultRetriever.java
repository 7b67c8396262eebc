package org.policybot.bot.llm;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

/**
 * Our search plugged into LangChain4j: the passages the model may cite, as contents numbered
 * from 1. It serves the {@link SearchResult} the answer service already found for the
 * question (with the conversation's context and query understanding) instead of searching
 * again. Passages the extractive answer quotes come first, so the model always sees the
 * evidence the composer found (for a summary, passages beyond the hits); the best-ranked
 * other hits follow, up to a limit. Each segment carries the passage's id, number, title,
 * date, file and section as metadata.
 */
public final class SearchResultRetriever implements ContentRetriever {

    public static final String PASSAGE_ID = "passage_id";
    public static final String NUMBER = "n";
    public static final String TITLE = "title";
    public static final String DATE = "date";
    public static final String FILE = "file";
    public static final String SECTION = "section";

    private final List<Passage> passages;

    /**
     * @param first passage ids to put first (the extractive answer's citations), in order
     * @param max   how many passages at most
     */
    public SearchResultRetriever(SearchResult result, CorpusView corpus, List<String> first, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        Map<String, Passage> chosen = new LinkedHashMap<>();
        for (String id : first) {
            if (chosen.size() < max) {
                find(id, result, corpus).ifPresent(p -> chosen.putIfAbsent(p.id(), p));
            }
        }
        for (Hit hit : result.hits()) {
            if (chosen.size() < max) {
                chosen.putIfAbsent(hit.passage().id(), hit.passage());
            }
        }
        this.passages = List.copyOf(chosen.values());
    }

    private SearchResultRetriever(List<Passage> passages) {
        this.passages = List.copyOf(passages);
    }

    /**
     * The passages of one article for its summary: those in {@code first} (what the extractive
     * summary quotes), then the others in reading order, up to {@code max}; numbered in reading
     * order, so the model reads the article as written.
     */
    public static SearchResultRetriever ofArticle(List<Passage> articlePassages, List<String> first, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        Map<String, Passage> chosen = new LinkedHashMap<>();
        for (String id : first) {
            articlePassages.stream().filter(p -> p.id().equals(id)).findFirst()
                    .filter(p -> chosen.size() < max).ifPresent(p -> chosen.putIfAbsent(p.id(), p));
        }
        for (Passage p : articlePassages) {
            if (chosen.size() < max) {
                chosen.putIfAbsent(p.id(), p);
            }
        }
        List<Passage> ordered = new ArrayList<>(chosen.values());
        ordered.sort(java.util.Comparator.comparingInt(Passage::position));
        return new SearchResultRetriever(ordered);
    }

    /** The same passages, by number: element 0 is passage [1]. */
    public List<Passage> passages() {
        return passages;
    }

    /** The numbered passages; the query is the one they were searched for. */
    @Override
    public List<Content> retrieve(Query query) {
        List<Content> out = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            Passage p = passages.get(i);
            Metadata metadata = new Metadata()
                    .put(PASSAGE_ID, p.id())
                    .put(NUMBER, i + 1)
                    .put(TITLE, p.title())
                    .put(DATE, p.isoDate() == null ? "" : p.isoDate())
                    .put(FILE, p.file())
                    .put(SECTION, p.section());
            out.add(Content.from(TextSegment.from(p.text(), metadata)));
        }
        return out;
    }

    private static Optional<Passage> find(String id, SearchResult result, CorpusView corpus) {
        for (Hit hit : result.hits()) {
            if (hit.passage().id().equals(id)) {
                return Optional.of(hit.passage());
            }
        }
        return corpus.passage(id);
    }
}
