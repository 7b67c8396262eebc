package org.policybot.retrieval.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.SearchResult;

/** The BM25 baseline of the evaluation, on the passages of the bundled articles. */
class StandardBm25SearcherTest {

    static List<Passage> passages;

    @BeforeAll
    static void readBundledArticles() throws IOException {
        passages = new Chunker().chunkAll(new ArticleReader().readAll(BundledArticles.dir()).articles());
    }

    @Test
    void should_find_passages_for_a_question_after_a_long_conversation() {
        // given: earlier questions that together have more characters than a query may have clauses
        List<String> context = Collections.nCopies(30, "我想了解一下关于退役军人养老保险关系转移接续的具体办理流程和需要准备哪些材料");

        try (StandardBm25Searcher searcher = new StandardBm25Searcher(passages)) {
            // when
            SearchResult r = searcher.search("12333热线电话", context, 5);

            // then
            assertThat(r.hits()).isNotEmpty();
            assertThat(r.hits()).anySatisfy(h -> assertThat(h.passage().text()).contains("12333"));
        }
    }

    @Test
    void should_find_nothing_for_a_question_the_parser_rejects() {
        try (StandardBm25Searcher searcher = new StandardBm25Searcher(passages)) {
            assertThat(searcher.search("AND OR NOT", 5).hits()).isEmpty();
            assertThat(searcher.search("", 5).hits()).isEmpty();
        }
    }

    @Test
    void should_release_its_index_when_closed() {
        // given
        StandardBm25Searcher searcher = new StandardBm25Searcher(passages);
        assertThat(searcher.search("12333热线电话", 5).hits()).isNotEmpty();

        // when
        searcher.close();

        // then: the reader is closed, not left to the garbage collector
        assertThatThrownBy(() -> searcher.search("12333热线电话", 5)).isInstanceOf(IllegalStateException.class);
    }
}
