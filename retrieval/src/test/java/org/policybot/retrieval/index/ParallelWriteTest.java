package org.policybot.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    static final String[] TOWNS = {"甲", "乙", "丙", "丁", "戊", "己"};
    static final String[] SERVICES = {"社保卡补办", "医保报销", "失业金申领", "养老金认证", "工伤认定", "生育津贴",
            "公积金提取", "居住证办理", "高龄津贴", "低保申请", "临时救助", "就业登记", "创业补贴", "技能培训", "异地就医",
            "退休审批", "档案转递", "劳动仲裁", "欠薪投诉", "残疾补贴", "取暖补贴", "住房补贴", "职称评审", "人才引进",
            "见习补贴", "灵活就业登记", "社保转移", "医保转移", "门诊慢病", "独生子女奖励"};

    static List<Article> articles() {
        List<Article> out = new ArrayList<>();
        for (int a = 0; a < TOWNS.length; a++) {
            StringBuilder text = new StringBuilder("# " + TOWNS[a] + "县便民服务指南\n\n");
            for (int s = 0; s < SERVICES.length; s++) {
                text.append("## ").append(SERVICES[s]).append("\n\n")
                        .append(TOWNS[a]).append("县").append(SERVICES[s]).append("由")
                        .append(s % 2 == 0 ? "社保中心" : "医保中心").append("办理，办理时限为")
                        .append(s + 3).append("个工作日，咨询电话为").append(1000 + a * 100 + s).append("。\n\n");
            }
            out.addAll(new ArticleReader().parse("t" + a + ".txt", text.toString()));
        }
        return out;
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

        // the segments the threads wrote are merged into one, with one vector graph to search
        assertThat(segments(dir.resolve("one"))).isEqualTo(1);
        assertThat(segments(dir.resolve("many"))).isEqualTo(1);

        try (LiveIndex one = LiveIndex.open(dir.resolve("one")).orElseThrow();
             LiveIndex many = LiveIndex.open(dir.resolve("many")).orElseThrow()) {
            assertThat(passages).hasSizeGreaterThan(100);
            assertThat(many.generation().passages()).isEqualTo(one.generation().passages());
            assertThat(many.generation().articles().keySet()).isEqualTo(one.generation().articles().keySet());
            for (Passage p : passages) {
                assertThat(many.generation().vectors().get(p.id()).passage())
                        .isEqualTo(one.generation().vectors().get(p.id()).passage());
            }
            // Questions with one best passage: documents written in another order may only move ties.
            for (int[] pick : new int[][] {{2, 6}, {4, 17}, {0, 29}}) {
                String q = TOWNS[pick[0]] + "县" + SERVICES[pick[1]] + "的咨询电话是多少";
                SearchResult a = new HybridSearcher(one, Lexicon.bundled(), Optional.of(embedder),
                        HybridSearcher.Options.defaults(true)).search(q, 5);
                SearchResult b = new HybridSearcher(many, Lexicon.bundled(), Optional.of(embedder),
                        HybridSearcher.Options.defaults(true)).search(q, 5);
                assertThat(a.hits().get(0).passage().text()).as(q)
                        .contains(TOWNS[pick[0]] + "县" + SERVICES[pick[1]], String.valueOf(1000 + pick[0] * 100 + pick[1]));
                assertThat(b.hits().get(0).passage().id()).as(q).isEqualTo(a.hits().get(0).passage().id());
            }
        }
    }

    @Test
    void should_keep_the_segments_of_a_build_on_the_previous_generation_and_add_one_for_the_changed_article() {
        List<Article> articles = articles();
        IndexServiceTest.CountingEmbedder embedder = new IndexServiceTest.CountingEmbedder();
        IndexLayout layout = new IndexLayout(dir.resolve("index"));
        new IndexBuilder(layout, 1, 1).build(articles, new Chunker().chunkAll(articles), embedder, null, "f", null);
        List<Article> changed = new ArrayList<>(articles);
        changed.set(0, new ArticleReader().parse("t0.txt", "# 甲县便民服务指南\n\n## 社保卡补办\n\n甲县社保卡补办当场办结。\n").get(0));

        new IndexBuilder(layout, 1, 1).build(changed, new Chunker().chunkAll(changed), embedder, null, "f2", null);

        // a rebuild writes the changed article's passages beside the merged segment, not merging them into it
        assertThat(segments(dir.resolve("index"))).isEqualTo(2);
    }

    /** How many segments the current generation of an index folder has. */
    static int segments(Path root) {
        try (org.apache.lucene.store.FSDirectory d = org.apache.lucene.store.FSDirectory.open(new IndexLayout(root).current().orElseThrow());
             org.apache.lucene.index.DirectoryReader reader = org.apache.lucene.index.DirectoryReader.open(d)) {
            return reader.leaves().size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
