package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.embed.BgeSmallZhEmbedder;
import org.policybot.retrieval.embed.Embedder;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.index.LiveIndex;
import org.policybot.retrieval.ingest.Chunker;

/**
 * Hybrid search with the real BGE model over the bundled articles: when the question is
 * embedded, and that both retrievers together still find the passage.
 */
class HybridSearcherVectorsTest {

    @TempDir
    static Path data;

    static IndexService service;
    static QueryCounter embedder;
    static HybridSearcher hybrid;
    static HybridSearcher bm25;

    @BeforeAll
    static void index() {
        embedder = new QueryCounter(new BgeSmallZhEmbedder());
        service = new IndexService(BundledArticles.dir(), data.resolve("index"), data.resolve("vectors.bin"),
                () -> Optional.of(embedder), new Chunker());
        LiveIndex live = service.ensureFresh();
        hybrid = new HybridSearcher(live, Lexicon.bundled(), Optional.of(embedder), HybridSearcher.Options.defaults(true));
        bm25 = new HybridSearcher(live, Lexicon.bundled(), Optional.empty(), HybridSearcher.Options.defaults(false));
    }

    @AfterAll
    static void close() {
        service.close();
    }

    @BeforeEach
    void resetCount() {
        embedder.queries.set(0);
    }

    @Test
    void should_embed_every_question_once_even_when_its_words_look_conclusive() {
        SearchResult result = hybrid.search("退役军人的养老保险关系怎么转移接续？", 5);

        assertThat(embedder.queries).hasValue(1);
        assertThat(result.queryVector()).hasSize(512);
    }

    @Test
    void should_embed_a_question_without_any_searchable_word() {
        SearchResult result = hybrid.search("？？？", 5);

        assertThat(embedder.queries).hasValue(1);
        assertThat(result.hits()).hasSize(5);
    }

    @Test
    void should_not_ask_the_model_to_embed_text_its_tokenizer_would_find_empty() {
        for (String invisible : new String[] {"\u200b", "\ufeff", "\u2060", "\ufffd\ufffd", "\ud800", "\u200b \u3000\u200d",
                "\u0301", "\ue000"}) {
            // when
            SearchResult result = hybrid.search(invisible, 5);

            // then: no exception from the model ("Cannot embed empty or whitespace-only text"), and no vector
            assertThat(result.queryVector()).as(invisible).isNull();
            assertThat(hybrid.embed(invisible)).as(invisible).isNull();
        }
        assertThat(embedder.queries).hasValue(0);
    }

    @Test
    void should_keep_a_vector_for_every_passage_and_every_sentence_long_enough() {
        CorpusView corpus = hybrid.corpus();

        for (var p : corpus.passages()) {
            var vectors = corpus.vectorsOf(p.id());
            assertThat(vectors).as(p.id()).isNotNull();
            assertThat(vectors.sentences().length).isEqualTo(p.sentences().size());
            for (int i = 0; i < p.sentences().size(); i++) {
                boolean longEnough = org.policybot.retrieval.text.ChineseText.visibleLength(p.sentences().get(i)) >= 4;
                assertThat(vectors.sentences()[i] != null).as(p.sentences().get(i)).isEqualTo(longEnough);
            }
        }
    }

    @Test
    void should_place_the_sentence_that_answers_closest_to_the_question() {
        SearchResult result = hybrid.search("退役军人养老保险关系转移接续要本人去办吗", 5);
        var top = result.hits().get(0).passage();
        var vectors = result.corpus().vectorsOf(top.id());

        int closest = 0;
        for (int i = 1; i < top.sentences().size(); i++) {
            if (vectors.sentenceCosine(result.queryVector(), i) > vectors.sentenceCosine(result.queryVector(), closest)) {
                closest = i;
            }
        }

        assertThat(top.sentences().get(closest)).contains("退役");
    }

    @Test
    void should_find_the_rule_with_both_retrievers_as_with_words_alone() {
        String question = "退役军人的养老保险关系怎么转移接续？";

        String top = hybrid.search(question, 5).hits().get(0).passage().text();

        assertThat(top).contains("退役");
        assertThat(ids(hybrid.search(question, 5))).contains(ids(bm25.search(question, 5)).get(0));
    }

    private static List<String> ids(SearchResult r) {
        return r.hits().stream().map(h -> h.passage().id()).toList();
    }

    /** The real model, counting the questions it embeds. */
    static final class QueryCounter implements Embedder {
        final AtomicInteger queries = new AtomicInteger();
        private final Embedder model;

        QueryCounter(Embedder model) {
            this.model = model;
        }

        @Override
        public String name() {
            return model.name();
        }

        @Override
        public int dimensions() {
            return model.dimensions();
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            return model.embedPassages(texts);
        }

        @Override
        public float[] embedQuery(String query) {
            queries.incrementAndGet();
            return model.embedQuery(query);
        }
    }
}
