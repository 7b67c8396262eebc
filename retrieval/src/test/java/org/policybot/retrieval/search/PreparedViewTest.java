package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.index.LiveIndex;
import org.policybot.retrieval.ingest.Chunker;

/**
 * A searcher's view of a new generation (its vocabulary: tens of seconds at 10,000 documents)
 * is prepared before the generation serves, so the first question after a rebuild waits for nothing.
 */
class PreparedViewTest {

    @TempDir
    Path dir;

    @Test
    void should_prepare_the_view_of_a_rebuilt_generation_before_it_serves() throws Exception {
        Path articles = Files.createDirectories(dir.resolve("articles"));
        Files.writeString(articles.resolve("a.txt"), "# 甲川市取暖补贴通知\n\n甲川市低保家庭每户每月取暖补贴150元。\n");
        try (IndexService service = new IndexService(articles, dir.resolve("index"), dir.resolve("vectors.bin"), Optional::empty,
                new Chunker())) {
            LiveIndex live = service.ensureFresh();
            HybridSearcher searcher = new HybridSearcher(live, Lexicon.bundled(), Optional.empty(), HybridSearcher.Options.defaults(false));
            String first = live.generation().name();
            assertThat(searcher.search("甲川市取暖补贴多少", 3).corpus().generation()).isEqualTo(first);

            // when: a new article arrives and the index is rebuilt and swapped in
            Files.writeString(articles.resolve("b.txt"), "# 乙岭县取暖补贴发放办法\n\n乙岭县低保家庭每户每月取暖补贴90元。\n");
            service.ensureFresh();
            String second = live.generation().name();

            // then: the new generation's view was ready before any search, and it knows the new article's place
            assertThat(second).isNotEqualTo(first);
            assertThat(searcher.viewReady(second)).isTrue();
            CorpusView corpus = searcher.search("乙岭县取暖补贴多少", 3).corpus();
            assertThat(corpus.generation()).isEqualTo(second);
            assertThat(corpus.vocabulary().places().names()).contains("乙岭", "甲川");
        }
    }
}
