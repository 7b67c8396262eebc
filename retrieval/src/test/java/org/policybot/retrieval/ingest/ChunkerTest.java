package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.text.ChineseText;

class ChunkerTest {

    static List<Article> articles;
    static List<Passage> passages;

    @BeforeAll
    static void chunk() throws IOException {
        articles = new ArticleReader().readAll(BundledArticles.dir()).articles();
        passages = new Chunker().chunkAll(articles);
    }

    @Test
    void should_keep_every_passage_within_its_article_text() {
        for (Passage p : passages) {
            Article a = articles.stream().filter(x -> x.id().equals(p.articleId())).findFirst().orElseThrow();
            String body = ChineseText.compact(a.bodyText());
            assertThat(body).as(p.id()).contains(ChineseText.compact(p.body()));
        }
    }

    @Test
    void should_split_long_paragraphs_at_sentence_ends_within_the_size_limit() {
        assertThat(passages).allSatisfy(p -> assertThat(ChineseText.visibleLength(p.body())).as(p.id()).isLessThanOrEqualTo(330));
        Passage split = passages.stream().filter(p -> p.text().contains("科技创新与产业创新深度融合在空间维度的表现形态")).findFirst().orElseThrow();
        assertThat(split.body().strip()).matches("(?s).*[。！？；”]$");
    }

    @Test
    void should_start_each_section_with_its_heading_and_never_cross_sections() {
        Passage first = passages.stream().filter(p -> p.section().equals("退役军人社保接续：不同时期，手续有别")).findFirst().orElseThrow();

        assertThat(first.text()).startsWith("退役军人社保接续：不同时期，手续有别\n");
        assertThat(passages).allSatisfy(p -> assertThat(p.body()).doesNotContain("养老保险重复与退保：两种情况，清晰处理\n")
                .as("a later heading inside a passage"));
    }

    @Test
    void should_give_the_passages_of_many_articles_in_the_articles_order() {
        // Chunked on several threads: the order must still be article by article, as given.
        List<Article> reversed = new java.util.ArrayList<>(articles);
        java.util.Collections.reverse(reversed);
        List<Article> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.addAll(i % 2 == 0 ? articles : reversed);
        }
        Chunker chunker = new Chunker();

        List<Passage> all = chunker.chunkAll(many);

        assertThat(all).containsExactlyElementsOf(many.stream().flatMap(a -> chunker.chunk(a).stream()).toList());
    }

    @Test
    void should_give_stable_unique_ids_and_positions() {
        assertThat(passages).extracting(Passage::id).doesNotHaveDuplicates();
        List<Passage> again = new Chunker().chunkAll(articles);
        assertThat(again).extracting(Passage::id).containsExactlyElementsOf(passages.stream().map(Passage::id).toList());
    }
}
