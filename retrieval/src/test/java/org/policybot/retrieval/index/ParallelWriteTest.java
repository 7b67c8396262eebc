package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.Lexicon;
import org.policybot.retrieval.search.SearchResult;

/**
 * A large corpus's passages are written on several threads; the index they make holds the
 * same passages, vectors and answers to searches as one written on one thread.
 */
class ParallelWriteTest {

    @TempDir
    Path dir;

    static List<Article> articles() {
        List<Article> out = new ArrayList<>();
        String[] towns = {"甲", "乙", "丙", "丁", "戊", "己"};
        for (int a = 0; a < towns.length; a++) {
            StringBuilder text = new StringBuilder("# " + towns[a] + "县便民服务指南\n\n");
            for (int s = 0; s < 30; s++) {
                text.append("## 第").append(s + 1).append("项服务\n\n")
                        .append(towns[a]).append("县第").append(s + 1).append("项服务由")
                        .append(s % 2 == 0 ? "社保中心" : "医保中心").append("办理，办理时限为")
                        .append(s + 3).append("个工作日，咨询电话为").append(1000 + a * 100 + s).append("。\n\n");
            }
            out.addAll(new ArticleReader().parse("t" + a + ".txt", text.toString()));
        }
        return out;
    }

    static Set<String> ids(SearchResult r) {
        return r.hits().stream().map(h -> h.passage().id()).collect(Collectors.toSet());
    }

    @Test
    void should_write_the_same_index_on_several_threads_as_on_one() {
        List<Article> articles = articles();
        List<Passage> passages = new Chunker().chunkAll(articles);
        IndexServiceTest.CountingEmbedder embedder = new IndexServiceTest.CountingEmbedder();
        new IndexBuilder(new IndexLayout(dir.resolve("one")), Integer.MAX_VALUE)
                .build(articles, passages, embedder, null, "f", null);
        new IndexBuilder(new IndexLayout(dir.resolve("many")), 1)
                .build(articles, passages, embedder, null, "f", null);

        try (LiveIndex one = LiveIndex.open(dir.resolve("one")).orElseThrow();
             LiveIndex many = LiveIndex.open(dir.resolve("many")).orElseThrow()) {
            assertThat(passages).hasSizeGreaterThan(100);
            assertThat(many.generation().passages()).isEqualTo(one.generation().passages());
            assertThat(many.generation().articles().keySet()).isEqualTo(one.generation().articles().keySet());
            for (Passage p : passages) {
                assertThat(many.generation().vectors().get(p.id()).passage())
                        .isEqualTo(one.generation().vectors().get(p.id()).passage());
            }
            for (String q : List.of("丙县第7项服务找哪里办", "医保中心办理时限", "咨询电话1312")) {
                SearchResult a = new HybridSearcher(one, Lexicon.bundled(), Optional.of(embedder),
                        HybridSearcher.Options.defaults(true)).search(q, 5);
                SearchResult b = new HybridSearcher(many, Lexicon.bundled(), Optional.of(embedder),
                        HybridSearcher.Options.defaults(true)).search(q, 5);
                assertThat(ids(b)).as(q).isEqualTo(ids(a));
                assertThat(new HashSet<>(ids(a))).isNotEmpty();
            }
        }
    }
}
